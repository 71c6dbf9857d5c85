"""Figures as commissioners read them in OHID's Fingertips: a share with its 95% confidence interval, compared
with a benchmark (higher, similar, lower), and its change between two rounds.

Every function here takes counts and returns plain numbers or words, so it can be checked by hand.

- Intervals are Wilson score intervals: they stay within 0-100% and behave for small groups and for
  0 of n or n of n, where the usual "plus or minus 1.96 standard errors" gives nonsense.
- A share is compared with a benchmark as Fingertips does: "higher" when the whole interval is above the
  benchmark, "lower" when the whole interval is below it, otherwise "similar".
- A change between rounds uses Newcombe's hybrid score interval for a difference of two proportions (method 10
  of Newcombe, Statistics in Medicine 1998). It treats the rounds as independent samples; when the same
  organisations answer both rounds that is cautious (the interval is, if anything, too wide).
"""
from __future__ import annotations

import math

import pandas as pd

Z_95 = 1.959963984540054  # the normal quantile for a two-sided 95% interval

HIGHER, SIMILAR, LOWER, NOT_COMPARED = "higher", "similar", "lower", "not compared"
INCREASED, DECREASED, NO_CHANGE, NO_TREND = "increased", "decreased", "no significant change", "not compared"

READING_GUIDE = ("**Reading the intervals.** Each share comes with a 95% confidence interval (the whiskers on a "
                 "bar, or \"95% CI\" in a table): the range the share would likely fall in if other, similar "
                 "groups had answered. Wide intervals mean few groups; where two intervals overlap a lot, the "
                 "difference may be chance.")
SHORT_READING_GUIDE = "**Intervals.** The whiskers show where each share would likely fall (95%): wide means few groups."
METHODS = ("Shares of organisations or returns carry 95% Wilson score confidence intervals. \"Compared with "
           "residents\" is higher or lower when the whole interval lies above or below the residents' share, "
           "similar otherwise (as OHID Fingertips compares with a benchmark). A change between rounds is "
           "significant when the 95% interval of the difference (Newcombe's hybrid score method) excludes zero.")


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default), as fractions in [0, 1].

    With n = 0 nothing is known, so the interval is (nan, nan): plotting libraries then draw no error bar.
    """
    if n < 0 or not 0 <= successes <= max(n, 0):
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0 or n successes the bound is exactly 0 or 1 in theory; floating point would stray by 1e-16.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return (low, high)


def with_intervals(table: pd.DataFrame, count: str, denominator: str, share: str = "share",
                   low: str = "ci_low", high: str = "ci_high") -> pd.DataFrame:
    """`table` with the share `count / denominator` and its 95% interval as columns (a copy)."""
    counts, totals = table[count].astype(int), table[denominator].astype(int)
    bounds = [wilson_interval(k, n) for k, n in zip(counts, totals)]
    return table.assign(**{share: [k / n if n else math.nan for k, n in zip(counts, totals)],
                           low: [b[0] for b in bounds], high: [b[1] for b in bounds]})


def compare_with_benchmark(successes: int, n: int, benchmark: float | None) -> str:
    """'higher', 'similar' or 'lower' than `benchmark` (a fraction), decided by the share's 95% interval;
    'not compared' when there is no share or no benchmark."""
    if n <= 0 or benchmark is None or (isinstance(benchmark, float) and math.isnan(benchmark)):
        return NOT_COMPARED
    low, high = wilson_interval(successes, n)
    if low > benchmark:
        return HIGHER
    if high < benchmark:
        return LOWER
    return SIMILAR


def difference_interval(before: int, n_before: int, after: int, n_after: int) -> tuple[float, float, float]:
    """The change in share from `before`/`n_before` to `after`/`n_after` and its 95% interval (Newcombe's
    hybrid score method), as fractions: (difference, low, high); all nan when either round has no one."""
    if n_before <= 0 or n_after <= 0:
        return (math.nan, math.nan, math.nan)
    p1, p2 = before / n_before, after / n_after
    l1, u1 = wilson_interval(before, n_before)
    l2, u2 = wilson_interval(after, n_after)
    difference = p2 - p1
    return (difference,
            difference - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2),
            difference + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2))


def trend(before: int, n_before: int, after: int, n_after: int) -> str:
    """'increased' or 'decreased' when the 95% interval of the change excludes zero, otherwise
    'no significant change'; 'not compared' when a round has no one."""
    _, low, high = difference_interval(before, n_before, after, n_after)
    if math.isnan(low):
        return NO_TREND
    if low > 0:
        return INCREASED
    if high < 0:
        return DECREASED
    return NO_CHANGE


def with_round_changes(table: pd.DataFrame) -> pd.DataFrame:
    """A table of answers counted in two rounds (`previous`, `latest`, out of the same `organisations`) with each
    round's share and 95% interval, the change with its 95% interval, and the trend."""
    table = with_intervals(table, "previous", "organisations", "previous_share", "previous_low", "previous_high")
    table = with_intervals(table, "latest", "organisations", "latest_share", "latest_low", "latest_high")
    counts = list(zip(table["previous"].astype(int), table["latest"].astype(int), table["organisations"].astype(int)))
    changes = [difference_interval(p, n, k, n) for p, k, n in counts]
    return table.assign(change=[c[0] for c in changes], change_low=[c[1] for c in changes],
                        change_high=[c[2] for c in changes], trend=[trend(p, n, k, n) for p, k, n in counts])
