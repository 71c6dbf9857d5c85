"""Sentences and text of the Outcomes page and the overview's success-measure tiles.

Each function takes what queries.outcomes returns: the status table (one row per indicator) or its RAG counts.
Indicator names, outcomes and actions are uploaded text, so they pass through escape_markdown.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from disparities.filters import format_date
from disparities.pages.outcomes.queries import RAG_STATUSES, STATUS_LABELS
from disparities.summaries import count_phrase, escape_markdown, join_words, percent

NOT_STATED = "not stated"


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _number(value: float, decimals: int) -> str:
    """Whole numbers without decimals ('1,250'); others with up to `decimals` places ('12.5')."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def format_value(value: float | None, unit: str) -> str:
    """A reading or target in its unit: '1,250' (count), '71%' (percent), '£12,500' or '£12.50' (GBP)."""
    if _missing(value):
        return "none"
    if unit == "percent":
        return f"{_number(value, 1)}%"
    if unit == "GBP":
        pounds = f"£{abs(value):,.0f}" if float(value).is_integer() else f"£{abs(value):,.2f}"
        return f"-{pounds}" if value < 0 else pounds
    return _number(value, 1)


def format_expected(value: float | None, unit: str) -> str:
    """An expected value: counts to the nearest whole one (half a person is not expected), others as readings."""
    return format_value(value if unit != "count" or _missing(value) else math.floor(value + 0.5), unit)


def format_day(day) -> str:
    """'31 Oct 2021', or 'no date'."""
    return "no date" if _missing(day) else format_date(pd.Timestamp(day).date())


def status_phrase(status: str) -> str:
    """'On track (green)': the status always written as words, never by colour alone."""
    return f"{STATUS_LABELS[status]} ({status})"


def target_phrase(row: Mapping) -> str:
    """'Target 30 by 31 Oct 2021', with '(lower is better)' where it is; 'No target set'."""
    if _missing(row["target"]):
        return "No target set"
    by = "" if _missing(row["target_date"]) else f" by {format_day(row['target_date'])}"
    lower = "" if row["higher_is_better"] else " (lower is better)"
    return f"Target {format_value(row['target'], row['unit'])}{by}{lower}"


def latest_phrase(row: Mapping) -> str:
    """'71% on 31 Dec 2022', or 'no readings yet'."""
    if not row["readings"]:
        return "no readings yet"
    source = " (counted from the recommendations register)" if row.get("source") == "recommendations register" else ""
    return f"{format_value(row['latest_value'], row['unit'])} on {format_day(row['latest_date'])}{source}"


def _verdict(row: Mapping) -> str:
    """Why the indicator has its status, e.g. '90% of the way to the 79% expected by 31 Dec 2022'."""
    status, unit = row["status"], row["unit"]
    if status == "grey":
        return "no readings yet" if not row["readings"] else "no target set"
    expected = f"{format_expected(row['expected'], unit)} expected by {format_day(row['latest_date'])}"
    if status == "green":
        latest, target = row["latest_value"], row["target"]
        met = latest >= target if row["higher_is_better"] else latest <= target
        return "the target is met" if met else f"at or ahead of the {expected}"
    if _missing(row["progress"]):
        return f"behind the {expected}"
    return f"{percent(row['progress'])} of the way to the {expected}"


def trajectory_summary(row: Mapping) -> str:
    """The sentence above an indicator's trajectory chart, e.g.
    '**Impact for participating groups** (DP-4): 60% on 31 Oct 2021; target 75% by 31 Oct 2021.
    Behind (amber): 80% of the way to the 75% expected by 31 Oct 2021.'"""
    name = f"**{escape_markdown(row['indicator'])}** ({escape_markdown(row['indicator_id'])})"
    return (f"{name}: {latest_phrase(row)}; {_lower_first(target_phrase(row))}. "
            f"{status_phrase(row['status'])}: {_verdict(row)}.")


def rag_summary(counts: pd.DataFrame) -> str:
    """'Of 11 indicators, 4 are on track (green), 3 amber, 3 red and 1 has no data.' from rag_counts."""
    return _rag_sentence({s: int(counts[s].sum()) if len(counts) else 0 for s in RAG_STATUSES})


def status_words_summary(table: pd.DataFrame) -> str:
    """rag_summary's sentence from a table's "Status" column of status words ('On track (green)')."""
    written = table["Status"].value_counts()
    return _rag_sentence({s: int(written.get(status_phrase(s), 0)) for s in RAG_STATUSES})


def _rag_sentence(totals: Mapping[str, int]) -> str:
    total = sum(totals.values())
    if total == 0:
        return "There are no indicators yet."
    green = totals["green"]
    parts = [f"{green:,} {'is' if green == 1 else 'are'} on track (green)" if green else "none is on track (green)"]
    parts += [f"{totals[s]:,} {s}" for s in ("amber", "red") if totals[s]]
    if totals["grey"]:
        parts.append(f"{totals['grey']:,} {'has' if totals['grey'] == 1 else 'have'} no data")
    noun = "indicator" if total == 1 else "indicators"
    return f"Of {total:,} {noun}, {join_words(parts)}."


def theme_outline(rows: pd.DataFrame) -> str:
    """One theme's indicators as markdown: each outcome, the actions under it and their indicators with status.

    Outcomes and actions keep the order of their first indicator; an indicator sharing an outcome with an
    earlier one is listed under it.
    """
    outline: dict[str, dict[str, list[str]]] = {}
    for row in rows.to_dict("records"):
        outcome = NOT_STATED if _missing(row["outcome"]) else row["outcome"]
        action = NOT_STATED if _missing(row["action"]) else row["action"]
        outline.setdefault(outcome, {}).setdefault(action, []).append(
            f"- {escape_markdown(row['indicator'])} ({escape_markdown(row['indicator_id'])}): "
            f"{latest_phrase(row)}; {_lower_first(target_phrase(row))}. "
            f"**{status_phrase(row['status'])}**.")
    text = []
    for outcome, actions in outline.items():
        text.append(f"**Outcome:** {escape_markdown(outcome)}")
        for action, indicators in actions.items():
            text.append(f"*Action:* {escape_markdown(action)}")
            text.append("\n".join(indicators))
    return "\n\n".join(text)


def indicator_table(status: pd.DataFrame) -> pd.DataFrame:
    """Every indicator on one line: values written in their units, dates in words, the status in words."""
    records = status.to_dict("records")
    return pd.DataFrame({
        "ID": status["indicator_id"], "Indicator": status["indicator"],
        "Status": [status_phrase(s) for s in status["status"]],
        "Latest": [latest_value(r) for r in records],
        "Expected by then": [format_expected(r["expected"], r["unit"]) if r["readings"] else "" for r in records],
        "Target": [format_value(r["target"], r["unit"]) for r in records],
        "Latest reading on": [format_day(r["latest_date"]) if r["readings"] else "" for r in records],
        "Target date": [format_day(r["target_date"]) for r in records],
        "Theme": status["theme"], "Framework": status["framework"],
    })


def measures_table(status: pd.DataFrame) -> pd.DataFrame:
    """The overview's success measures as a table: what each tile shows, one line each."""
    return indicator_table(status)[["ID", "Indicator", "Status", "Latest", "Latest reading on", "Target",
                                    "Target date"]]


NAMED_IN_A_SENTENCE = 8  # indicators a sentence names before counting the rest
SHORT_NAME_WORDS = 6  # an indicator's name in a sentence: its first words, enough to recognise it


def short_name(name: str, words: int = SHORT_NAME_WORDS) -> str:
    """'Number of people gaining skills and knowledge' -> 'Number of people gaining skills and…'."""
    parts = str(name).split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"


def _named(ids: list[str], names: Mapping[str, str] | None = None) -> str:
    """'A1-02 (Percentage of council staff who completed…), A1-04 (…) and DP-2 (…)': each code with its short
    name when `names` has it, or the first few and '12 more' (escaped for markdown)."""
    names = names or {}
    named = [escape_markdown(f"{i} ({short_name(names[i])})" if names.get(i) else i)
             for i in ids[:NAMED_IN_A_SENTENCE]]
    if len(ids) > NAMED_IN_A_SENTENCE:
        named.append(f"{len(ids) - NAMED_IN_A_SENTENCE:,} more")
    return join_words(named)


def _names(table: pd.DataFrame) -> dict[str, str]:
    """ID -> indicator name, from a table with "ID" and "Indicator" columns."""
    if "Indicator" not in table.columns:
        return {}
    return {i: n for i, n in zip(table["ID"], table["Indicator"]) if isinstance(n, str) and n.strip()}


def behind_summary(table: pd.DataFrame) -> str:
    """Which indicators are behind, from indicator_table, each by code and short name: 'Well behind (red):
    A1-02 (Percentage of council staff who completed…) and A1-04 (…). Behind (amber): DP-4 (…).' (escaped
    for markdown)."""
    names = _names(table)
    parts = []
    for status in ("red", "amber"):
        ids = table.loc[table["Status"] == status_phrase(status), "ID"].tolist()
        if ids:
            parts.append(f"{status_phrase(status)}: {_named(ids, names)}.")
    if not parts:
        with_status = (table["Status"] != status_phrase("grey")).sum()
        return ("No indicator is behind the value expected by its latest reading." if with_status
                else "No indicator has both readings and a target yet.")
    return " ".join(parts)


# The figures before the (long, repeated) indicator name, so that they are in view on a laptop's screen.
READINGS_COLUMNS = {"indicator_id": "ID", "period_end": "Reading on", "value": "Value",
                    "expected": "Expected by then", "target": "Target", "target_date": "Target date", "unit": "Unit",
                    "indicator": "Indicator", "note": "Note"}


def _expected_number(value: float, unit: str) -> float:
    """An expected value as the sentences write it: counts to the nearest whole one, others to 2 places."""
    if _missing(value):
        return value
    return float(math.floor(value + 0.5)) if unit == "count" else round(value, 2)


def _day(value):
    return None if _missing(value) else pd.Timestamp(value).date()


def _days(values: pd.Series) -> list:
    """Timestamps as dates, None where there is none (vectorised: tables can hold 100,000 readings)."""
    dates = pd.to_datetime(values)
    return [d if ok else None for d, ok in zip(dates.dt.date, dates.notna())]


def _numbers(values) -> pd.Series:
    """Whole numbers where every value is whole ('4', not '4.0', in a CSV file), decimals otherwise."""
    numbers = pd.Series(values, dtype="Float64")
    whole = numbers.dropna()
    return numbers.astype("Int64") if (whole == whole.round()).all() else numbers


def readings_table(readings: pd.DataFrame) -> pd.DataFrame:
    """queries.readings_against_targets with readable headings, dates as dates and expected values rounded."""
    expected = readings["expected"].astype(float)
    rounded = np.where(readings["unit"] == "count", np.floor(expected + 0.5), expected.round(2))
    table = readings.assign(
        period_end=_days(readings["period_end"]), target_date=_days(readings["target_date"]),
        expected=_numbers(rounded).values,
        value=_numbers(readings["value"]).values, target=_numbers(readings["target"]).values)
    return table[list(READINGS_COLUMNS)].rename(columns=READINGS_COLUMNS)


def readings_summary(table: pd.DataFrame, noun: str = "indicator") -> str:
    """'22 readings of 6 success measures, from 31 Dec 2020 to 31 Oct 2021; none yet for DP-6.' from
    readings_table."""
    indicators = table["ID"].unique().tolist()
    read = table[table["Reading on"].notna()]
    with_readings = set(read["ID"])
    without = [i for i in indicators if i not in with_readings]
    of = f"of {count_phrase(len(indicators), noun)}"
    if read.empty:
        return f"No readings yet {of}."
    first, last = min(read["Reading on"]), max(read["Reading on"])
    span = f"on {format_day(first)}" if first == last else f"from {format_day(first)} to {format_day(last)}"
    text = f"{count_phrase(len(read), 'reading')} {of}, {span}"
    if without:
        text += f"; none yet for {_named(without, _names(table))}"
    return f"{text}."


def theme_heading(theme: str, rows: pd.DataFrame) -> str:
    """'Success measures: 3 on track, 1 behind, 1 well behind, 1 no data' (for an expander's label)."""
    counts = rows["status"].value_counts()
    parts = [f"{int(counts[s])} {STATUS_LABELS[s].lower()}" for s in RAG_STATUSES if s in counts]
    return f"{escape_markdown(theme)}: {', '.join(parts)}"


def latest_label(row: Mapping) -> str:
    """The label over a success measure's latest value: 'Latest reading, 31 Oct 2021' or 'Latest reading'; for a
    measure counted from the recommendations register, 'Recommendations register, 13 Oct 2021'."""
    if row.get("source") == "recommendations register":
        return f"Recommendations register, {format_day(row['latest_date'])}"
    return f"Latest reading, {format_day(row['latest_date'])}" if row["readings"] else "Latest reading"


def latest_value(row: Mapping) -> str:
    """A success measure's latest value in its unit ('3,050', '60%'), or 'none yet'."""
    return format_value(row["latest_value"], row["unit"]) if row["readings"] else "none yet"
