"""The small-number policy, configured here once and applied to any table: on screen, CSV, Excel, PNG, pack.

Default, following NHS England's rule for published figures below national
level: counts of people from 1 to 7 are shown as `*`, other counts of people
are rounded to the nearest 5, and a suppressed cell must not be recoverable
from its row or column total (secondary suppression). Shares computed on a
suppressed count are suppressed too. Counts of organisations are not counts of
people and are published as they are.

Against differencing (a view of all organisations minus a view of all but one
recovers that one's figures, and rounding does not stop it), each *record*
behind a count (an organisation's figure, an event, a population row) carries a
fixed perturbation: a keyed hash (HMAC-SHA256, with a secret kept beside the
store) of what is counted, what the row counts and the record. A figure from 1
to 7 stands in every total as a keyed draw that does not depend on it. A total
is the sum of its records' perturbed figures, then rounded. So the difference
of two totals that differ by one organisation is that organisation's perturbed
figure, however many views are asked for: averaging differences converges on
the draw, not the hidden figure (per-cell noise, as in the cell-key method,
would let such averages converge on it; see tests/test_publication.py). Cells
whose records' figures are not at hand fall back to a cell-key perturbation.

The gate: drawing and export code calls `require_published` on every table it
shows, and it refuses a table with a people column (PEOPLE_COLUMNS) that did
not come out of `publish`.
"""
from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

SUPPRESSED = "*"


# Every column name that counts people, wherever it appears (queries, sections, per-organisation tables).
# The drawing and export code refuses a table holding one of these that did not pass through `publish`.
PEOPLE_COLUMNS = frozenset({
    "beneficiaries_per_year", "beneficiaries_affected", "beneficiaries_supported", "beneficiaries",
    "people_supported", "median_per_group", "smallest_figure", "largest_figure", "participants", "Participants",
    "residents", "staff", "volunteers",
})
PUBLISHED = "small_numbers"  # DataFrame.attrs key set by `publish`: "suppressed" or "exact"


@dataclass(frozen=True)
class Keyed:
    """How one people column's cells are keyed for the perturbation.

    `contributors`: the column holding each row's contributing records (an id, or a list of ids).
    `measure`: what is counted, named the same wherever the same quantity is published (a group's figure on
    its own page and the same figure in a total of one group must get the same perturbation).
    """
    column: str
    contributors: str
    measure: str
    shown: bool = False  # the contributors column is part of the table (an id column); otherwise it is dropped
    label: str | None = None  # the column naming what a row counts (a disparity): part of each record's key
    mean: bool = False  # the cell is the mean of its records' figures (a median of two), not their sum


@dataclass(frozen=True)
class Policy:
    name: str
    smallest_shown: int  # counts from 1 to smallest_shown - 1 are suppressed
    round_to: int
    perturbation: int = 5  # cells are moved by -perturbation..+perturbation before rounding
    secret: bytes = b""  # the cell-key secret of the store (see `store_secret`); empty only in tests

    @property
    def rule(self) -> str:
        return (f"{self.name}: counts of people (beneficiaries, participants, residents) from 1 to "
                f"{self.smallest_shown - 1} are shown as {SUPPRESSED}; each figure behind a count of people is moved "
                f"by a small fixed amount (at most {self.perturbation}; a figure below {self.smallest_shown} by a "
                f"draw that does not depend on it), so comparing views reveals nothing, and the count is rounded "
                f"to the nearest {self.round_to} and never shown below {self.floor}; further cells are suppressed "
                f"where a total would reveal a suppressed one; shares "
                "of people are computed from the published counts. Counts of organisations are shown as they "
                "are.")

    @property
    def short_rule(self) -> str:
        """The rule in one line, for a projected page (the exports and the desk page state it in full)."""
        return (f"Counts of 1 to {self.smallest_shown - 1} people are shown as {SUPPRESSED}; counts of people are "
                f"rounded to the nearest {self.round_to}.")

    @property
    def floor(self) -> int:
        """The smallest non-zero count published: the first multiple of round_to that is not suppressed."""
        return math.ceil(self.smallest_shown / self.round_to) * self.round_to

    def keyed(self, secret: bytes) -> Policy:
        return replace(self, secret=secret)


NHS_ENGLAND = Policy("Small numbers suppressed (NHS England's rule for published figures below national level)",
                     smallest_shown=8, round_to=5)
POLICY = NHS_ENGLAND
OFF_RULE = "No suppression: exact counts, for internal use only. Do not publish."


SECRET_SUFFIX = ".cellkey"


def store_secret(db_path: Path) -> bytes:
    """The store's cell-key secret, kept in a file beside it (readable by its owner only), made on first use.

    $DISPARITIES_CELL_KEY_SECRET overrides it (for a read-only data folder). Whoever knows the secret can
    undo the perturbation, so it is never shown or exported.
    """
    from_env = os.environ.get("DISPARITIES_CELL_KEY_SECRET", "")
    if from_env:
        return from_env.encode("utf-8")
    return _file_secret(str(db_path) + SECRET_SUFFIX)


@lru_cache(maxsize=64)  # read once per store file: pages ask for the policy several times on every rerun
def _file_secret(name: str) -> bytes:
    path = Path(name)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as out:
        secret = os.urandom(32).hex().encode("ascii")
        out.write(secret)
    return secret


def noise(policy: Policy, measure: str, contributors: Iterable[str]) -> int:
    """The cell's perturbation, -policy.perturbation..+policy.perturbation, fixed by its cell key."""
    records = "\x1e".join(sorted({str(c) for c in contributors}))
    digest = hmac.new(policy.secret, f"{measure}\x1f{records}".encode("utf-8"), hashlib.sha256).digest()
    span = 2 * policy.perturbation + 1
    return int.from_bytes(digest[:8], "big") % span - policy.perturbation


def _ids(cell: object) -> list[str]:
    if isinstance(cell, (list, tuple, np.ndarray)):
        return [str(c["id"]) if isinstance(c, dict) else str(c) for c in cell]
    return [] if cell is None or (not isinstance(cell, str) and pd.isna(cell)) else [str(cell)]


class UnsafeTable(ValueError):
    """A table with counts of people that did not pass through the small-number policy."""


def require_published(table: pd.DataFrame) -> pd.DataFrame:
    """`table`, if it may leave the server: refused when it holds a people column and did not come out of
    `publish` (or `mark_exact` for the signed-in officer)."""
    people = PEOPLE_COLUMNS.intersection(map(str, table.columns))
    if people and table.attrs.get(PUBLISHED) not in ("suppressed", "exact"):
        raise UnsafeTable(f"counts of people ({', '.join(sorted(people))}) not passed through the small-number "
                          "policy")
    return table


def mark_exact(table: pd.DataFrame) -> pd.DataFrame:
    """`table` as published without suppression: only for the signed-in officer (see ui.publication_policy)."""
    exact = table.copy()
    exact.attrs[PUBLISHED] = "exact"
    return exact


def round_half_up(value: float, step: int) -> float:
    return float(math.floor(value / step + 0.5) * step)


def _is_small(value: float, policy: Policy) -> bool:
    return not pd.isna(value) and 0 < value < policy.smallest_shown


def suppress(table: pd.DataFrame, people: tuple[str, ...] | list[str], shares: dict[str, str] | None = None,
             policy: Policy = POLICY, keyed: Iterable[Keyed] = ()) -> pd.DataFrame:
    """`table` with people counts made safe: suppressed cells become NaN, the others perturbed and rounded.

    `people` are the columns counting people; `shares` maps a share column to the people column it was
    computed from; `keyed` says, per people column, which column lists each row's contributors (the cell key)
    and what is counted. A people column without a key is rounded only (used for crafted tables in tests;
    `publish` of a section insists on keys). The people columns of one row are treated as a row of a table
    with a published total, and each people column as a column with a published total. Contributor columns
    are dropped. Use `for_display` to show NaN as `*`.
    """
    keys = {k.column: k for k in keyed}
    drop = [k.contributors for k in keys.values() if k.contributors in table.columns and not k.shown]
    people = [c for c in people if c in table.columns]
    if not people or table.empty:
        return _marked(table.drop(columns=drop))
    values = table[people].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    hidden = np.vectorize(lambda v: _is_small(v, policy), otypes=[bool])(values)
    # A row's people columns add up to a published total only when they count the same thing (a register's
    # beneficiaries, staff and volunteers do not), so secondary suppression runs per measure.
    measures = [keys[c].measure if c in keys else None for c in people]
    for measure in dict.fromkeys(measures):
        group = [j for j, m in enumerate(measures) if m == measure]
        hidden[:, group] = _secondary(values[:, group], hidden[:, group])
    safe = table.copy()
    for j, column in enumerate(people):
        key = keys.get(column)
        contributors = list(table[key.contributors]) if key and key.contributors in table.columns else None
        labels = list(table[key.label]) if key and key.label in table.columns else None
        published = [np.nan if hidden[i, j] or pd.isna(v) else
                     _published(v, policy, key, contributors[i] if contributors is not None else None,
                                labels[i] if labels is not None else None, column)
                     for i, v in enumerate(values[:, j])]
        safe[column] = pd.array(published, dtype="Float64")
        safe.loc[[bool(h) for h in hidden[:, j]], column] = pd.NA
    for share, base in (shares or {}).items():
        if share in safe.columns and base in people:
            # Scaled to the published count: share x denominator gives the published count back, never the exact.
            exact = table[base].apply(pd.to_numeric, errors="coerce").astype("Float64")
            ratio = (safe[base] / exact.where(exact != 0)).fillna(1.0)
            safe[share] = (safe[share].astype("Float64") * ratio).mask(safe[base].isna())
    return _marked(safe.drop(columns=drop))


def _published(value: float, policy: Policy, key: Keyed | None, contributors: object, label: object,
               column: str) -> float:
    """A count that is not suppressed as published: perturbed, rounded, never below the floor. Zero stays
    zero: a zero is not moved and no group is behind it.

    With each record's figure at hand (records as {id, v}), the cell is the sum (or mean) of its records'
    perturbed figures: a figure from 1 to 7 stands in every total as a keyed draw that does not depend on it,
    any other figure carries its own fixed keyed noise. So the difference of two totals that differ by one
    organisation is that organisation's perturbed figure, the same however often it is asked for: averaging
    many such differences converges on the draw, not on the hidden figure. Without the records' figures, the
    cell-key noise of the whole cell is used."""
    if value == 0:
        return 0.0
    if contributors is None or key is None:
        return round_half_up(value, policy.round_to)
    records = _records(contributors, value)
    if records is None:
        moved = value + noise(policy, key.measure, _ids(contributors))
    else:
        perturbed = [_record_figure(policy, key.measure, label, record, figure) for record, figure in records]
        moved = sum(perturbed) / len(perturbed) if key.mean and perturbed else sum(perturbed)
    return max(round_half_up(moved, policy.round_to), float(policy.floor))


def _records(contributors: object, value: float) -> list[tuple[str, float]] | None:
    """(record id, its figure) for each record of a cell: {id, v} items, or one id whose figure is the cell's;
    None when a list of ids comes without figures."""
    if isinstance(contributors, (list, tuple, np.ndarray)):
        items = list(contributors)
        if items and all(isinstance(i, dict) for i in items):
            return [(str(i["id"]), float(i["v"])) for i in items if i.get("v") is not None and not pd.isna(i["v"])]
        return None if items else []
    return [(str(contributors), float(value))]


def _record_figure(policy: Policy, measure: str, label: object, record: str, figure: float) -> float:
    """One record's figure as it stands in every published total."""
    if figure == 0:
        return 0.0
    key = measure if label is None else f"{measure}\x1d{label}"
    if figure < policy.smallest_shown:  # a small figure: a keyed draw around 4, whatever the figure
        return float(4 + noise(policy, key + "\x1dsmall", [record]))
    return figure + noise(policy, key, [record])


def _marked(table: pd.DataFrame) -> pd.DataFrame:
    table.attrs[PUBLISHED] = "suppressed"
    return table


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
