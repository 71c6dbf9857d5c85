"""Organisations page: the register of the organisations in view, and one organisation's records.

The register is one SQL query (joins and aggregates, no per-organisation
Python), so it stays fast with thousands of organisations. Latest assessment
and latest return honour the date range ("Assessments and returns between");
events attended are counted over all dates, because the date filter is about
assessments and returns only.
"""
from __future__ import annotations

import datetime as dt
import numbers

import duckdb
import numpy as np
import pandas as pd

from disparities.filters import Filters, date_clause, format_date, organisation_clause
from disparities.suppression import SUPPRESSED, require_published

_LIKE_SPECIAL = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})
# Compared after lower() and strip_accents() on both sides, so "cafe" finds "Café" and "ORG-001" finds "org-001".
_MATCHES = "strip_accents(lower({column})) LIKE strip_accents(lower(?)) ESCAPE '\\'"
SEARCHED_COLUMNS = ("o.org_id", "o.name", "o.ward", "array_to_string(o.communities_served, '; ')")

REGISTER_COLUMNS = ("org_id", "name", "ward", "communities_served", "income_band", "beneficiaries_per_year",
                    "staff", "volunteers", "joined_network_on", "latest_assessment", "main_disparity",
                    "latest_return", "events_attended")


def like_pattern(text: str) -> str:
    """'50%' -> '%50\\%%': the user's text matched anywhere, their own % and _ taken literally."""
    return f"%{text.strip().translate(_LIKE_SPECIAL)}%"


def _search_clause(search: str) -> tuple[str, list]:
    if not search.strip():
        return "TRUE", []
    pattern = like_pattern(search)
    any_column = " OR ".join(_MATCHES.format(column=c) for c in SEARCHED_COLUMNS)
    return f"({any_column})", [pattern] * len(SEARCHED_COLUMNS)


def search_shown(register: pd.DataFrame, search: str) -> pd.Series:
    """Which rows of the register as shown (pseudonyms for groups whose names are hidden) match `search` in the
    same columns as `organisation_register`'s search: what a visitor searches is what the visitor sees."""
    needle = search.strip().casefold()
    if not needle:
        return pd.Series(True, index=register.index)
    columns = [c for c in ("org_id", "name", "ward", "communities_served") if c in register.columns]
    return register[columns].apply(lambda row: any(needle in _searchable(v) for v in row), axis=1).astype(bool)


def _searchable(value: object) -> str:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        return " ".join(str(v) for v in list(value)).casefold()
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).casefold()


def organisation_register(con: duckdb.DuckDBPyConnection, filters: Filters, search: str = "") -> pd.DataFrame:
    """One row per organisation in view matching `search` (id, name, ward or community), with its latest
    assessment and main disparity (lowest rank of that assessment), latest toolkit return and events attended."""
    where_org, org_params = organisation_clause(filters, "o")
    where_search, search_params = _search_clause(search)
    where_assessed, assessed_params = date_clause(filters, "assessed_on")
    where_returned, returned_params = date_clause(filters, "returned_on")
    sql = f"""
        WITH chosen AS (SELECT o.* FROM organisations o WHERE {where_org} AND {where_search}),
        assessed AS (
            SELECT org_id, assessed_on, disparity, "rank" FROM assessment
            WHERE {where_assessed} AND org_id IN (SELECT org_id FROM chosen)
            QUALIFY assessed_on = max(assessed_on) OVER (PARTITION BY org_id)),
        latest_assessment AS (
            SELECT org_id, max(assessed_on) AS latest_assessment, arg_min(disparity, "rank") AS main_disparity
            FROM assessed GROUP BY org_id),
        latest_return AS (
            SELECT org_id, max(returned_on) AS latest_return FROM toolkit
            WHERE {where_returned} AND org_id IN (SELECT org_id FROM chosen) GROUP BY org_id),
        attended AS (
            SELECT org_id, count(DISTINCT event_id) AS events_attended
            FROM (SELECT event_id, unnest(organisations) AS org_id FROM events)
            WHERE org_id IN (SELECT org_id FROM chosen) GROUP BY org_id)
        SELECT c.org_id, c.name, c.ward, array_to_string(c.communities_served, '; ') AS communities_served,
               c.income_band, c.beneficiaries_per_year, c.staff, c.volunteers, c.joined_network_on,
               a.latest_assessment, a.main_disparity, r.latest_return,
               coalesce(e.events_attended, 0) AS events_attended
        FROM chosen c
        LEFT JOIN latest_assessment a USING (org_id)
        LEFT JOIN latest_return r USING (org_id)
        LEFT JOIN attended e USING (org_id)
        ORDER BY c.org_id"""
    # The CTE order fixes the parameter order: organisations, search, assessment dates, return dates.
    return con.execute(sql, org_params + search_params + assessed_params + returned_params).df()


def _one_organisation(filters: Filters, org_id: str) -> tuple[str, list]:
    """WHERE fragment: `org_id` (of an alias-less table joined to organisations o), if it is in view."""
    where_org, org_params = organisation_clause(filters, "o")
    return f"o.org_id = ? AND {where_org}", [org_id] + org_params


def assessment_ranks(con: duckdb.DuckDBPyConnection, filters: Filters, org_id: str) -> pd.DataFrame:
    """Every assessment of one organisation in the date range: newest first, disparities in rank order."""
    where_one, one_params = _one_organisation(filters, org_id)
    where_date, date_params = date_clause(filters, "a.assessed_on")
    return con.execute(
        f"""SELECT a.assessed_on, a."rank", a.disparity, a.beneficiaries_affected,
                   a.beneficiaries_affected IS NOT NULL AS affected_given, a.notes
            FROM assessment a JOIN organisations o ON o.org_id = a.org_id
            WHERE {where_one} AND {where_date}
            ORDER BY a.assessed_on DESC, a."rank" """, one_params + date_params).df()


def toolkit_returns(con: duckdb.DuckDBPyConnection, filters: Filters, org_id: str) -> pd.DataFrame:
    """Every toolkit return of one organisation in the date range, newest first; lists joined with '; '."""
    where_one, one_params = _one_organisation(filters, org_id)
    where_date, date_params = date_clause(filters, "t.returned_on")
    return con.execute(
        f"""SELECT t.returned_on, t.offers_mental_health_support,
                   array_to_string(t.services, '; ') AS services,
                   array_to_string(t.referral_routes, '; ') AS referral_routes,
                   array_to_string(t.barriers, '; ') AS barriers,
                   array_to_string(t.support_needs, '; ') AS support_needs,
                   t.beneficiaries_supported, t.beneficiaries_supported IS NOT NULL AS supported_given,
                   array_to_string(t.age_groups, '; ') AS age_groups,
                   array_to_string(t.languages, '; ') AS languages,
                   t.funding_secured_until
            FROM toolkit t JOIN organisations o ON o.org_id = t.org_id
            WHERE {where_one} AND {where_date}
            ORDER BY t.returned_on DESC""", one_params + date_params).df()


def events_attended(con: duckdb.DuckDBPyConnection, filters: Filters, org_id: str) -> pd.DataFrame:
    """Events listing one organisation among those attending, newest first (all dates: see the module note)."""
    where_one, one_params = _one_organisation(filters, org_id)
    return con.execute(
        f"""SELECT e.event_id, e.held_on, e.title, e.type, e.participants
            FROM events e JOIN organisations o ON list_contains(e.organisations, o.org_id)
            WHERE {where_one}
            ORDER BY e.held_on DESC, e.event_id""", one_params).df()


_RETURN_FIELDS = {
    "offers_mental_health_support": "Offers mental-health support",
    "services": "Services",
    "referral_routes": "Referral routes",
    "barriers": "Barriers",
    "support_needs": "Support needs",
    "beneficiaries_supported": "Beneficiaries supported (12 months)",
    "age_groups": "Age groups",
    "languages": "Languages",
    "funding_secured_until": "Funding secured until",
}


def _cell(value: object) -> str:
    """One answer as text: dates as '16 Aug 2021', counts with thousands separators, blanks as 'not given'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "not given"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return format_date(pd.Timestamp(value).date())
    if isinstance(value, str) and value == SUPPRESSED:
        return f"{SUPPRESSED} (too few to publish)"
    if isinstance(value, numbers.Number):
        return f"{int(value):,}"
    return str(value) or "none"


def returns_by_field(returns: pd.DataFrame) -> pd.DataFrame:
    """The returns turned on their side for reading: one row per question, one column per return.

    Turned, the people counts are a row no longer named by a column, so only a published table is accepted
    (`Section.display_table` of the returns section)."""
    require_published(returns)
    columns = {"Question": list(_RETURN_FIELDS.values())}
    for _, row in returns.iterrows():  # a handful of returns per organisation, not a per-organisation loop
        heading = f"Returned {_cell(row['returned_on'])}"
        columns[heading] = [_cell(row[field]) for field in _RETURN_FIELDS]
    return pd.DataFrame(columns)


def split_by_assessment(ranks: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Assessment rows grouped per date, newest first, as (ISO date, rows in rank order)."""
    return [(pd.Timestamp(day).date().isoformat(), rows.sort_values("rank"))
            for day, rows in ranks.groupby("assessed_on", sort=False)]
