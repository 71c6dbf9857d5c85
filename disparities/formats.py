"""One voice for what people read: dates, moments, shares, missing values, categories and column headers.

The screen's tables, the CSV and Excel exports and the meeting pack all pass their tables through
`for_people`, so a figure reads the same wherever it is quoted: "14 Jul 2021", "40.0" under "Share (%)",
"Mental health", and a dash where nothing was given (never "None", "nan" or "2021-07-14").
"""
from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

MISSING = "–"  # an en dash: nothing given
SUPPRESSED = "*"  # suppression.SUPPRESSED (not imported: suppression's own tables use this module)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: dt.date) -> str:
    """'1 Jan 2021': month names written out here so the server's locale cannot change them."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def moment(value: dt.datetime) -> str:
    """'1 Jan 2021, 09:05' (a day alone when the time is midnight)."""
    return day(value) if value.time() == dt.time() else f"{day(value)}, {value:%H:%M}"


def last_upload(stamp: str | None) -> str:
    """history.Status's '2026-12-01 21:22:05.123 UTC' as people read it: '1 Dec 2026, 21:22'; 'never'."""
    if not stamp:
        return "never"
    return moment(dt.datetime.fromisoformat(stamp.removesuffix(" UTC")).replace(second=0, microsecond=0))


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def text(value: object) -> str:
    """Any stored value as a reader sees it."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return "; ".join(text(v) for v in value) or MISSING
    if is_missing(value):
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, dt.datetime):
        return moment(value)
    if isinstance(value, dt.date):
        return day(value)
    return str(value)


# ---- column headers in words -------------------------------------------------------------------------------

HEADERS = {  # code-style names whose words are not just the name with spaces
    "ci_low": "Lower 95% limit", "ci_high": "Upper 95% limit",
    "share_low": "Lower 95% limit", "share_high": "Upper 95% limit",
    "organisations_ranking_it": "Organisations ranking it",
    "organisation_id": "Organisation ID", "org_id": "Organisation ID", "indicator_id": "Indicator ID", "upload_id": "Upload ID",
    "id": "ID", "url": "Web address", "rag": "Status (RAG)",
}
_SHARE = re.compile(r"(^|_)share($|_)")


def is_share(column: str) -> bool:
    """Columns holding fractions of one (shown as percentages), and the limits of their intervals."""
    return bool(_SHARE.search(column)) or column in _SHARE_LIMITS


_SHARE_LIMITS = {"ci_low", "ci_high", "latest_low", "latest_high", "previous_low", "previous_high",
                 "change", "change_low", "change_high"}  # a change between two shares: in percentage points
HEADERS |= {"latest_low": "Latest: lower 95% limit", "latest_high": "Latest: upper 95% limit",
            "previous_low": "Previous: lower 95% limit", "previous_high": "Previous: upper 95% limit",
            "organisation_share": "Share of organisations", "organisation_share_low": "Lower 95% limit",
            "organisation_share_high": "Upper 95% limit", "resident_share": "Share of residents",
            "change": "Change (% points)", "change_low": "Change: lower 95% limit (% points)",
            "change_high": "Change: upper 95% limit (% points)"}


def header(column: str) -> str:
    """'organisations_ranking_it' -> 'Organisations ranking it'; 'share' -> 'Share (%)'; already-worded
    headers ('when (UTC)', 'Community') are left as they are."""
    column = str(column)
    words = HEADERS.get(column) or _worded(column)
    return f"{words} (%)" if is_share(column) and "(%" not in words else words


def _worded(column: str) -> str:
    if "_" not in column and column[:1].isupper():
        return column
    spaced = column.replace("_", " ").strip()
    spaced = re.sub(r"\bid\b", "ID", spaced)
    return spaced[:1].upper() + spaced[1:]


# ---- categories --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _vocabulary_labels() -> frozenset[str]:
    from disparities import vocabularies
    return frozenset(label for vocabulary in vocabularies.ALL.values() for label in vocabulary.labels)


def category(label: str) -> str:
    """A vocabulary's label as charts show it: first letter upper-cased ('mental health' -> 'Mental health')."""
    return label[:1].upper() + label[1:]


def _is_category_column(values: pd.Series) -> bool:
    given = [v for v in values if isinstance(v, str) and v != MISSING]
    labels = _vocabulary_labels()
    return bool(given) and all(v in labels for v in given)


# ---- tables ------------------------------------------------------------------------------------------------

def _as_percent(value: object) -> object:
    if _is_number(value):
        number = float(value)
        return None if math.isnan(number) else round(number * 100, 1)
    return value  # the suppression sign, or a missing value


def _is_date_column(values: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    given = [v for v in values if not is_missing(v)]
    return bool(given) and all(isinstance(v, (dt.date, pd.Timestamp, np.datetime64)) for v in given)


def _is_text_column(values: pd.Series) -> bool:
    """Not numbers, and not numbers with the suppression sign among them (a people count after the policy)."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    given = [v for v in values if not is_missing(v)]
    return not given or not all(v == SUPPRESSED or _is_number(v) for v in given)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating, decimal.Decimal)) and not isinstance(
        value, (bool, np.bool_))


def for_people(table: pd.DataFrame, shares: tuple[str, ...] = ()) -> pd.DataFrame:
    """`table` as people read it, on screen and in every export: shares as percentages to one decimal place
    (the suppression sign kept), dates as '14 Jul 2021', lists joined, categories capitalised, nothing given
    as a dash, and headers in words. Numbers stay numbers (sortable on screen, numeric in Excel)."""
    shown = {header(str(column)): _column_for_people(table[column], str(column) in shares or is_share(str(column)))
             for column in table.columns}
    return pd.DataFrame(shown, index=range(len(table)))


def _column_for_people(values: pd.Series, share: bool) -> pd.Series | list:
    values = values.reset_index(drop=True)
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if share:  # whole columns of numbers at once; a column with the suppression sign cell by cell
        return (values.astype(float) * 100).round(1) if numeric else [_as_percent(v) for v in values]
    if numeric:
        return values
    if pd.api.types.is_datetime64_any_dtype(values):  # cell by cell: a few microseconds each, any backing
        return [text(v) for v in values]
    if pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values):
        texts = values.fillna(MISSING).astype(object)
    elif _is_date_column(values):
        return [text(v) for v in values]
    elif _is_text_column(values):
        texts = pd.Series([text(v) for v in values], dtype=object)
    else:  # numbers with the suppression sign: kept as they are
        return [None if is_missing(v) else v for v in values]
    if _is_category_column(texts):
        texts = texts.map(lambda v: category(v) if v != MISSING else v)
    return texts.tolist()
