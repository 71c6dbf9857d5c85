"""The small-number policy, configured here once and applied to any table: on screen, CSV, Excel, PNG, pack.

Default, following NHS England's rule for published figures below national
level: counts of people from 1 to 7 are shown as `*`, other counts of people
are rounded to the nearest 5, and a suppressed cell must not be recoverable
from its row or column total (secondary suppression). Shares computed on a
suppressed count are suppressed too. Counts of organisations are not counts of
people and are published as they are.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

SUPPRESSED = "*"


@dataclass(frozen=True)
class Policy:
    name: str
    smallest_shown: int  # counts from 1 to smallest_shown - 1 are suppressed
    round_to: int

    @property
    def rule(self) -> str:
        return (f"{self.name}: counts of people (beneficiaries, participants, residents) from 1 to "
                f"{self.smallest_shown - 1} are shown as {SUPPRESSED}, other counts of people are rounded to the "
                f"nearest {self.round_to}, further cells are suppressed where a total would reveal a suppressed "
                "one, and shares computed on a suppressed count are suppressed. Counts of organisations are shown "
                "as they are.")


NHS_ENGLAND = Policy("Small numbers suppressed (NHS England's rule for published figures below national level)",
                     smallest_shown=8, round_to=5)
POLICY = NHS_ENGLAND
OFF_RULE = "No suppression: exact counts, for internal use only. Do not publish."


def round_half_up(value: float, step: int) -> float:
    return float(math.floor(value / step + 0.5) * step)


def _is_small(value: float, policy: Policy) -> bool:
    return not pd.isna(value) and 0 < value < policy.smallest_shown


def suppress(table: pd.DataFrame, people: tuple[str, ...] | list[str], shares: dict[str, str] | None = None,
             policy: Policy = POLICY) -> pd.DataFrame:
    """`table` with people counts made safe: suppressed cells become NaN, the others rounded.

    `people` are the columns counting people; `shares` maps a share column to the people column it was
    computed from. The people columns of one row are treated as a row of a table with a published total,
    and each people column as a column with a published total. Use `for_display` to show NaN as `*`.
    """
    people = [c for c in people if c in table.columns]
    if not people or table.empty:
        return table.copy()
    values = table[people].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    hidden = np.vectorize(lambda v: _is_small(v, policy), otypes=[bool])(values)
    hidden = _secondary(values, hidden)
    safe = table.copy()
    for j, column in enumerate(people):
        rounded = [np.nan if hidden[i, j] or pd.isna(v) else round_half_up(v, policy.round_to)
                   for i, v in enumerate(values[:, j])]
        safe[column] = pd.array(rounded, dtype="Float64")
        safe.loc[[bool(h) for h in hidden[:, j]], column] = pd.NA
    for share, base in (shares or {}).items():
        if share in safe.columns and base in people:
            safe[share] = safe[share].astype("Float64").mask(safe[base].isna())
    return safe


def _secondary(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Hide more cells until no row or column has exactly one hidden cell among several with values.

    A lone hidden cell is the total minus the others; hiding the smallest other non-zero cell of that row
    (or column) too means two unknowns, which the total cannot separate.
    """
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        for lines in (hidden, hidden.T):
            source = values if lines is hidden else values.T
            for i in range(lines.shape[0]):
                if lines[i].sum() != 1 or lines.shape[1] < 2:
                    continue
                candidates = [(source[i, j], j) for j in range(lines.shape[1])
                              if not lines[i, j] and not pd.isna(source[i, j]) and source[i, j] > 0]
                if candidates:
                    lines[i, min(candidates)[1]] = True
                    changed = True
    return hidden


def for_display(table: pd.DataFrame, columns: list[str] | tuple[str, ...],
                hidden: pd.DataFrame | None = None) -> pd.DataFrame:
    """Suppressed cells of `columns` written as `*`, for tables on screen and in CSV.

    `hidden` (same shape, booleans) says which missing cells were suppressed; without it every missing cell
    is taken as suppressed. A cell missing in the data itself (a figure never given) stays blank.
    """
    shown = table.copy()
    for column in columns:
        if column in shown.columns:
            mask = hidden[column] if hidden is not None and column in hidden else shown[column].isna()
            shown[column] = [SUPPRESSED if bool(h) else (None if pd.isna(v) else _plain_number(v))
                             for v, h in zip(shown[column], mask)]
    return shown


def hidden_cells(original: pd.DataFrame, safe: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Which cells of `columns` the policy hid: missing after suppression but present before."""
    present = [c for c in columns if c in original.columns]
    return pd.DataFrame({c: safe[c].isna().to_numpy() & original[c].notna().to_numpy() for c in present},
                        index=safe.index)


def _plain_number(value: object) -> object:
    """Whole numbers as int (50, not 50.0): rounded counts are whole; shares stay fractions."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    return value
