"""intervals: Wilson intervals, the comparison with a benchmark and the change between rounds, against figures
worked by hand or published (Newcombe 1998, Statistics in Medicine 17:857-872, tables I and II)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from disparities.intervals import (DECREASED, HIGHER, INCREASED, LOWER, NO_CHANGE, NOT_COMPARED, NO_TREND, SIMILAR,
                                   compare_with_benchmark, difference_interval, trend, wilson_interval,
                                   with_intervals)


@pytest.mark.parametrize("k, n, low, high", [
    (81, 263, 0.2553, 0.3662),  # Newcombe's table I
    (15, 148, 0.0624, 0.1605),  # Newcombe's table I
    (0, 20, 0.0, 0.1611),  # 0 of n: the lower bound is 0, the upper 1.96^2 / (n + 1.96^2)
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),  # n of n mirrors 0 of n
    (1, 2, 0.0945, 0.9055),  # n < 10: wide, and still inside 0-1
    (3, 7, 0.1582, 0.7495),
])
def test_wilson_interval_as_published_and_by_hand(k, n, low, high):
    assert wilson_interval(k, n) == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_wilson_interval_of_nobody_is_unknown_and_nonsense_is_refused():
    assert all(math.isnan(b) for b in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_with_intervals_adds_share_and_bounds_without_touching_the_table():
    table = pd.DataFrame({"item": ["a", "b", "c"], "returns": [0, 3, 20], "out_of": [20, 20, 20]})
    shown = with_intervals(table, "returns", "out_of")
    assert list(table.columns) == ["item", "returns", "out_of"]
    assert shown["share"].tolist() == [0.0, 0.15, 1.0]
    assert shown["ci_low"].iloc[0] == 0.0 and shown["ci_high"].iloc[2] == 1.0
    assert shown["ci_low"].iloc[1] == pytest.approx(0.0524, abs=5e-5)


@pytest.mark.parametrize("k, n, benchmark, verdict", [
    (15, 30, 0.20, HIGHER),  # 50%, interval 33-67%: all above 20%
    (15, 30, 0.40, SIMILAR),  # 40% inside the interval
    (2, 30, 0.30, LOWER),  # 7%, interval 2-21%: all below 30%
    (0, 5, 0.30, SIMILAR),  # 0 of 5: interval 0-43% still holds 30%; too few to say lower
    (0, 30, 0.30, LOWER),  # 0 of 30: interval 0-11%
    (30, 30, 0.80, HIGHER),  # n of n: interval 89-100%
    (3, 7, 0.43, SIMILAR),
    (0, 0, 0.30, NOT_COMPARED),
    (5, 10, None, NOT_COMPARED),
    (5, 10, math.nan, NOT_COMPARED),
])
def test_compared_with_benchmark_by_the_interval(k, n, benchmark, verdict):
    assert compare_with_benchmark(k, n, benchmark) == verdict


def test_difference_interval_as_published():
    # Newcombe's table II, example (a): 56/70 against 48/80, difference 0.2000, method 10: 0.0524 to 0.3339.
    difference, low, high = difference_interval(48, 80, 56, 70)
    assert (difference, low, high) == (pytest.approx(0.2), pytest.approx(0.0524, abs=5e-5),
                                       pytest.approx(0.3339, abs=5e-5))
    # Example (g): 10/10 against 0/20, method 10: 0.6791 to 1.0000 (a rise from 0 of 20 to 10 of 10).
    assert difference_interval(0, 20, 10, 10)[1:] == (pytest.approx(0.6791, abs=5e-5), pytest.approx(1.0))


@pytest.mark.parametrize("before, n_before, after, n_after, expected", [
    (48, 80, 56, 70, INCREASED),
    (56, 70, 48, 80, DECREASED),
    (5, 10, 6, 10, NO_CHANGE),  # n < 10 each side: a rise of 10 points is well within chance
    (0, 12, 12, 12, INCREASED),  # 0 of n to n of n
    (0, 0, 4, 10, NO_TREND),  # no previous round
])
def test_trend_is_decided_by_the_interval_of_the_change(before, n_before, after, n_after, expected):
    assert trend(before, n_before, after, n_after) == expected
