"""Outcomes page: indicators (Appendix 1 deliverables, the project's success measures), their readings and status.

Indicators are programme-wide figures, not figures of organisations, so the sidebar's organisation and date
filters do not apply to them and these queries take none.

The red/amber/green rule lives here, once: `RAG_RULE` is the text the page shows and `rag_status` is the code
that applies it; `expected_by` draws the "expected by now" line both use.
"""
from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd

SUCCESS_MEASURES = "Disparities project"  # the framework holding the project's own success measures
AMBER_FROM = 0.8  # at least this share of the way from the baseline to the expected value is amber, not red
_TOLERANCE = 1e-9  # readings are decimals typed by people: 60 of 75 is exactly 80%, whatever floating point says

RAG_STATUSES = ("green", "amber", "red", "grey")
STATUS_LABELS = {"green": "On track", "amber": "Behind", "red": "Well behind", "grey": "No data"}

RAG_RULE = (
    "**Green (on track):** the latest reading meets the target, or is at or ahead of the value expected by its "
    "date. **Amber (behind):** behind the expected value, but at least 80% of the way from the baseline to it. "
    "**Red (well behind):** less than 80% of the way. **Grey (no data):** no readings yet, or no target. "
    "The expected value runs in a straight line from the baseline at the start date to the target at the target "
    "date (before the start it is the baseline, after the target date the target); without a baseline, start "
    "date or target date it is the target itself. A missing baseline counts as 0. Where lower is better, every "
    "comparison is the other way round."
)

_STATUS_COLUMNS = ["indicator_id", "framework", "theme", "outcome", "action", "indicator", "unit", "baseline",
                   "target", "target_date", "start_date", "higher_is_better", "readings", "latest_value",
                   "latest_date", "expected", "progress", "status", "status_label", "source"]

# Success measures 5 and 6, by their wording: counted from the recommendations register once it has rows
# (recommendations not dropped; recommendations implemented), else from the readings uploaded for them.
REGISTER_MEASURES = {"Recommendations for system change": "made",
                     "Examples of successful system change implemented": "implemented"}
FROM_REGISTER, FROM_READINGS = "recommendations register", "readings"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def expected_by(day: dt.date, baseline: float | None, target: float | None, start_date: dt.date | None,
                target_date: dt.date | None) -> float | None:
    """The value expected on `day`: on the straight line from (start_date, baseline) to (target_date, target).

    None without a target. Without a baseline, start date or target date (or with the dates the wrong way
    round) there is no line, and the target itself is expected.
    """
    if _missing(target):
        return None
    if _missing(baseline) or _missing(start_date) or _missing(target_date) or target_date <= start_date:
        return float(target)
    fraction = min(1.0, max(0.0, (day - start_date) / (target_date - start_date)))
    return float(baseline + (target - baseline) * fraction)


def progress_to_expected(latest: float, expected: float, baseline: float | None,
                         higher_is_better: bool) -> float | None:
    """How far the latest reading has come from the baseline (0 if missing) towards the expected value, as a
    fraction (1 = there). None when the expected value asks for no improvement on the baseline."""
    start = 0.0 if _missing(baseline) else float(baseline)
    direction = 1 if higher_is_better else -1
    way = direction * (expected - start)
    if way <= 0:
        return None
    return direction * (latest - start) / way


def rag_status(latest: float | None, target: float | None, expected: float | None, baseline: float | None,
               higher_is_better: bool = True) -> str:
    """'green', 'amber', 'red' or 'grey' for one indicator, by RAG_RULE."""
    if _missing(latest) or _missing(target) or _missing(expected):
        return "grey"
    direction = 1 if higher_is_better else -1
    if direction * (latest - target) >= -_TOLERANCE or direction * (latest - expected) >= -_TOLERANCE:
        return "green"
    progress = progress_to_expected(latest, expected, baseline, higher_is_better)
    # Behind an expected value that asks for no improvement: there is no "way" to be 80% along, so red.
    if progress is None or progress < AMBER_FROM - _TOLERANCE:
        return "red"
    return "amber"


def _with_status(table: pd.DataFrame) -> pd.DataFrame:
    """The SQL's one row per indicator, with the expected value at the latest reading's date and the status."""
    expected, progress, status = [], [], []
    for row in table.itertuples(index=False):
        higher = True if _missing(row.higher_is_better) else bool(row.higher_is_better)
        value = None if _missing(row.latest_date) else expected_by(
            row.latest_date, row.baseline, row.target, row.start_date, row.target_date)
        expected.append(value)
        progress.append(None if value is None or _missing(row.latest_value)
                        else progress_to_expected(row.latest_value, value, row.baseline, higher))
        status.append(rag_status(row.latest_value, row.target, value, row.baseline, higher))
    table["expected"] = pd.Series(expected, index=table.index, dtype="float64")
    table["progress"] = pd.Series(progress, index=table.index, dtype="float64")
    table["status"] = status
    table["status_label"] = [STATUS_LABELS[s] for s in status]
    return table[_STATUS_COLUMNS]


def indicator_status(con: duckdb.DuckDBPyConnection, framework: str | None = None,
                     as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per indicator (of one framework, or all): its definition, latest reading, expected value, status;
    `as_of`: as it stood on that day (readings and recommendations up to it).

    Ordered by framework, then themes in the order of their first indicator (the order the plan lists them),
    then indicator. The latest reading comes from one aggregate over the readings, whatever their number.
    """
    table = con.execute(
        """WITH latest AS (
               SELECT indicator_id, count(value) AS readings, arg_max(value, period_end) AS latest_value,
                      max(period_end) AS latest_date
               FROM readings WHERE ?::DATE IS NULL OR period_end <= ? GROUP BY indicator_id)
           SELECT i.indicator_id, i.framework, i.theme, i.outcome, i.action, i.indicator, i.unit, i.baseline,
                  i.target, i.target_date, i.start_date, coalesce(i.higher_is_better, TRUE) AS higher_is_better,
                  coalesce(l.readings, 0) AS readings, l.latest_value, l.latest_date
           FROM indicators i LEFT JOIN latest l ON l.indicator_id = i.indicator_id
           WHERE ?::VARCHAR IS NULL OR i.framework = ?
           ORDER BY i.framework, min(i.indicator_id) OVER (PARTITION BY i.framework, i.theme), i.indicator_id""",
        [as_of, as_of, framework, framework]).df()
    return _with_status(_from_register(con, table, as_of))


def register_counts(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None) -> dict[str, tuple[int, object]]:
    """'made' and 'implemented': how many recommendations, and the date of the latest; {} with no register.
    `as_of`: those raised by then, implemented by then (a status dated later counts as not yet reached)."""
    made, made_on, done, done_on = con.execute(
        """WITH r AS (SELECT * FROM recommendations WHERE ?::DATE IS NULL OR raised_on <= ?)
           SELECT count(*) FILTER (status <> 'dropped'), max(raised_on) FILTER (status <> 'dropped'),
                  count(*) FILTER (status = 'implemented' AND (?::DATE IS NULL OR coalesce(status_on, raised_on) <= ?)),
                  max(coalesce(status_on, raised_on)) FILTER (status = 'implemented'
                                                              AND (?::DATE IS NULL OR coalesce(status_on, raised_on) <= ?))
           FROM r""", [as_of] * 6).fetchone()
    if not made and not done:
        return {}
    return {"made": (made, made_on), "implemented": (done, done_on or made_on)}


def _from_register(con: duckdb.DuckDBPyConnection, table: pd.DataFrame, as_of: dt.date | None = None) -> pd.DataFrame:
    counts = register_counts(con, as_of)
    table = table.assign(source=FROM_READINGS)
    for position, indicator in zip(table.index, table["indicator"]):
        which = REGISTER_MEASURES.get(indicator)
        if which and counts:
            value, day = counts[which]
            if day is None:  # nothing implemented (yet): no reading
                table.loc[position, "source"] = FROM_REGISTER
                continue
            table.loc[position, ["latest_value", "source"]] = [float(value), FROM_REGISTER]
            table.loc[position, "latest_date"] = pd.Timestamp(day)
            table.loc[position, "readings"] = max(int(table.loc[position, "readings"]), 1)
    return table


def default_framework(status: pd.DataFrame) -> str | None:
    """The framework the page opens on and the exports chart: the success measures, else the first there is."""
    frameworks = status["framework"].unique().tolist()
    if SUCCESS_MEASURES in frameworks:
        return SUCCESS_MEASURES
    return frameworks[0] if frameworks else None


def framework_choices(status: pd.DataFrame) -> list[str]:
    """The frameworks as the page offers them: the default (what the page opens on, and what the exports and
    the readings table describe) first, then the others in the status table's order."""
    frameworks = status["framework"].unique().tolist()
    default = default_framework(status)
    return [default, *(f for f in frameworks if f != default)] if default is not None else []


def framework_label(framework: str) -> str:
    """'Success measures (Disparities project)' for the project's own measures; other frameworks by name."""
    return f"Success measures ({framework})" if framework == SUCCESS_MEASURES else framework


def rag_counts(status: pd.DataFrame) -> pd.DataFrame:
    """Per framework and theme (in `status` order): how many indicators are green, amber, red and grey."""
    if status.empty:
        return pd.DataFrame(columns=["framework", "theme", *RAG_STATUSES, "indicators"])
    counts = (pd.crosstab([status["framework"], status["theme"]], status["status"])
              .reindex(columns=list(RAG_STATUSES), fill_value=0))
    order = status[["framework", "theme"]].drop_duplicates()
    counts = order.merge(counts.reset_index(), on=["framework", "theme"], how="left")
    counts.columns.name = None
    counts["indicators"] = counts[list(RAG_STATUSES)].sum(axis=1)
    return counts.astype({s: "int64" for s in RAG_STATUSES} | {"indicators": "int64"})


def indicator_readings(con: duckdb.DuckDBPyConnection, indicator_ids: tuple[str, ...]) -> pd.DataFrame:
    """The readings of the chosen indicators only, oldest first: the page never loads every reading."""
    if not indicator_ids:
        return pd.DataFrame(columns=["indicator_id", "period_end", "value", "note"])
    return con.execute(
        f"""SELECT indicator_id, period_end, value, note FROM readings
            WHERE indicator_id IN ({', '.join('?' * len(indicator_ids))})
            ORDER BY indicator_id, period_end""", list(indicator_ids)).df()


def readings_against_targets(con: duckdb.DuckDBPyConnection, framework: str) -> pd.DataFrame:
    """Every reading of one framework's indicators with the value expected by its date and the target.

    Indicators in the status table's order, readings oldest first; an indicator without readings has one row
    without a reading, so that its target is still listed.
    """
    # expected_by's rule in SQL: one pass over 100,000 readings instead of a Python call per reading
    return con.execute(
        """SELECT i.indicator_id, i.indicator, i.unit, r.period_end, r.value,
                  CASE WHEN i.target IS NULL OR r.period_end IS NULL THEN NULL
                       WHEN i.baseline IS NULL OR i.start_date IS NULL OR i.target_date IS NULL
                            OR i.target_date <= i.start_date THEN i.target
                       ELSE i.baseline + (i.target - i.baseline) * least(1.0, greatest(0.0,
                            date_diff('day', i.start_date, r.period_end)::DOUBLE
                            / date_diff('day', i.start_date, i.target_date)))
                  END::DOUBLE AS expected,
                  i.target, i.target_date, r.note
           FROM indicators i LEFT JOIN readings r ON r.indicator_id = i.indicator_id
           WHERE i.framework = ?
           ORDER BY min(i.indicator_id) OVER (PARTITION BY i.theme), i.indicator_id, r.period_end""",
        [framework]).df()


def _day_numbers(dates: pd.Series) -> list[float]:
    """Dates as days since 1 Jan 1970 (NaN where there is none)."""
    return ((pd.to_datetime(dates) - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).astype("float64").tolist()
