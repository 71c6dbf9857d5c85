"""Mental-health mapping page: each organisation's latest mapping-toolkit return, for the organisations in view.

"Latest" means the newest return within the date range, so a view of one round is not mixed with a later
one. Every count here is a count of returns, which is also a count of organisations (one return each).
"""
from __future__ import annotations

import duckdb
import pandas as pd

from disparities.filters import Filters, organisation_clause
from disparities.intervals import with_intervals, with_round_changes
from disparities.vocabularies import AGE_GROUP
from disparities.queries import latest_per_organisation, two_rounds

# The toolkit's list columns with a vocabulary, and the vocabulary each one's items come from.
LIST_VOCABULARIES = {"services": "service", "referral_routes": "referral_route", "barriers": "barrier",
                     "support_needs": "support_need"}

# Bands of people supported in a year, for the distribution chart: (label, lowest, highest or None).
BENEFICIARY_BANDS = (("0", 0, 0), ("1-24", 1, 24), ("25-49", 25, 49), ("50-99", 50, 99),
                     ("100-249", 100, 249), ("250-499", 250, 499), ("500-999", 500, 999), ("1,000 or more", 1000, None))


def _latest_returns(filters: Filters) -> tuple[str, list]:
    """SQL for each filtered organisation's latest toolkit return in the date range (one row per organisation)."""
    return latest_per_organisation(filters, "toolkit", "returned_on")


def return_coverage(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row: organisations in view, and how many of them sent a return within the date range."""
    where_org, org_params = organisation_clause(filters, "o")
    latest, latest_params = _latest_returns(filters)
    return con.execute(
        f"""SELECT (SELECT count(*) FROM organisations o WHERE {where_org}) AS organisations,
                   (SELECT count(*) FROM ({latest})) AS returned""", org_params + latest_params).df()


def not_returned(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Organisations in view with no return within the date range, oldest members of the network first."""
    where_org, org_params = organisation_clause(filters, "o")
    latest, latest_params = _latest_returns(filters)
    return con.execute(
        f"""SELECT o.org_id, o.name, o.ward, o.joined_network_on FROM organisations o
            WHERE {where_org} AND o.org_id NOT IN (SELECT org_id FROM ({latest}))
            ORDER BY o.joined_network_on NULLS LAST, o.org_id""", org_params + latest_params).df()


def items_named(con: duckdb.DuckDBPyConnection, filters: Filters, column: str) -> pd.DataFrame:
    """Per item of a list column (services, referral_routes, barriers or support_needs): returns naming it.

    Columns: item, returns, share (of all returns in view), out_of (returns in view) and answered (returns
    naming at least one item). Items kept as "other: ..." (not in the vocabulary) count once under "other",
    so a handful of one-off answers cannot crowd out the chart. Most named first, ties alphabetical.
    """
    if column not in LIST_VOCABULARIES:
        raise ValueError(f"not a toolkit list column with a vocabulary: {column!r}")
    latest, params = _latest_returns(filters)
    table = con.execute(
        f"""WITH latest AS ({latest}),
                 named AS (SELECT DISTINCT org_id,
                                  CASE WHEN lower(item) LIKE 'other:%' THEN 'other' ELSE item END AS item
                           FROM (SELECT org_id, unnest({column}) AS item FROM latest))
            SELECT item, count(*) AS returns FROM named GROUP BY item ORDER BY returns DESC, item""", params).df()
    out_of, answered = con.execute(
        f"SELECT count(*), count(*) FILTER (coalesce(len({column}), 0) > 0) FROM ({latest})", params).fetchone()
    table["out_of"] = out_of
    table["answered"] = answered
    return with_intervals(table, "returns", "out_of")


def mental_health_support(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Returns saying yes, no, or nothing to 'offers mental-health support', with shares of all returns."""
    latest, params = _latest_returns(filters)
    table = con.execute(
        f"""SELECT answer, returns FROM (
                SELECT CASE offers_mental_health_support WHEN TRUE THEN 'yes' WHEN FALSE THEN 'no'
                       ELSE 'not stated' END AS answer, count(*) AS returns FROM ({latest}) GROUP BY answer)
            ORDER BY CASE answer WHEN 'yes' THEN 1 WHEN 'no' THEN 2 ELSE 3 END""", params).df()
    table["out_of"] = int(table["returns"].sum())
    return with_intervals(table, "returns", "out_of")


def beneficiary_figures(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row: returns in view, how many gave a figure for people supported, and its total, median and range;
    `reporting_orgs` are the organisations giving a figure, smallest figure first (the cell keys)."""
    latest, params = _latest_returns(filters)
    return con.execute(
        f"""SELECT count(*) AS returns, count(beneficiaries_supported) AS reported,
                   coalesce(sum(beneficiaries_supported), 0)::BIGINT AS total,
                   median(beneficiaries_supported)::DOUBLE AS median,
                   min(beneficiaries_supported) AS smallest, max(beneficiaries_supported) AS largest,
                   coalesce(list(struct_pack(id := org_id, v := beneficiaries_supported) ORDER BY beneficiaries_supported, org_id)
                            FILTER (beneficiaries_supported IS NOT NULL), []) AS reporting_orgs
            FROM ({latest})""", params).df()


def beneficiary_bands(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Returns per band of people supported (every band, empty ones too, smallest first); blanks left out."""
    latest, params = _latest_returns(filters)
    bands = ", ".join("(?, ?, ?, ?)" for _ in BENEFICIARY_BANDS)
    band_params = [value for position, band in enumerate(BENEFICIARY_BANDS) for value in (position, *band)]
    return con.execute(
        f"""WITH bands(position, band, lowest, highest) AS (VALUES {bands})
            SELECT b.band, count(l.org_id) AS returns
            FROM bands b LEFT JOIN ({latest}) l
              ON l.beneficiaries_supported >= b.lowest
             AND (b.highest IS NULL OR l.beneficiaries_supported <= b.highest)
            GROUP BY b.position, b.band ORDER BY b.position""", band_params + params).df()


def beneficiaries_by_age_group(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per age group served: returns serving it and the people those returns supported (a group serving
    several age groups counts in each, so the rows do not add up to the total). Vocabulary order."""
    latest, params = _latest_returns(filters)
    order = ", ".join("?" for _ in AGE_GROUP.labels)
    return con.execute(
        f"""SELECT age_group, count(*) AS returns,
                   coalesce(sum(beneficiaries_supported), 0)::BIGINT AS beneficiaries,
                   count(beneficiaries_supported) AS reported,
                   coalesce(list(struct_pack(id := org_id, v := beneficiaries_supported))
                            FILTER (beneficiaries_supported IS NOT NULL), []) AS contributors
            FROM (SELECT DISTINCT org_id, beneficiaries_supported, unnest(age_groups) AS age_group FROM ({latest}))
            GROUP BY age_group
            ORDER BY coalesce(list_position([{order}], age_group), 999), age_group""",
        params + AGE_GROUP.labels).df()


def languages(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per language: returns naming it, share of returns in view. Languages are a free list, so spellings
    differing only in case or surrounding spaces are one language, shown as its most common spelling."""
    latest, params = _latest_returns(filters)
    table = con.execute(
        f"""WITH latest AS ({latest}),
                 named AS (SELECT DISTINCT org_id, trim(item) AS spelling
                           FROM (SELECT org_id, unnest(languages) AS item FROM latest) WHERE trim(item) <> ''),
                 spellings AS (SELECT lower(spelling) AS language_key, spelling, count(*) AS uses
                               FROM named GROUP BY spelling),
                 chosen AS (SELECT language_key, first(spelling ORDER BY uses DESC, spelling) AS language
                            FROM spellings GROUP BY language_key)
            SELECT c.language, count(DISTINCT n.org_id) AS returns
            FROM named n JOIN chosen c ON c.language_key = lower(n.spelling)
            GROUP BY c.language ORDER BY returns DESC, language""", params).df()
    table["out_of"] = con.execute(f"SELECT count(*) FROM ({latest})", params).fetchone()[0]
    return with_intervals(table, "returns", "out_of")


def funding_cliff(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per date on which some group's secured funding ends: the groups whose funding ends that day, the running
    total, and the calendar quarter the date falls in (for the chart's bars). Returns without a date are not
    here: they are the returns in view minus the sum of `groups`."""
    latest, params = _latest_returns(filters)
    return con.execute(
        f"""SELECT funding_secured_until AS ends_on, groups,
                   (sum(groups) OVER (ORDER BY funding_secured_until))::BIGINT AS cumulative,
                   date_trunc('quarter', funding_secured_until)::DATE AS quarter_start,
                   (date_trunc('quarter', funding_secured_until) + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE
                       AS quarter_end
            FROM (SELECT funding_secured_until, count(*) AS groups FROM ({latest})
                  WHERE funding_secured_until IS NOT NULL GROUP BY funding_secured_until)
            ORDER BY ends_on""", params).df()



# ---- the change between rounds -----------------------------------------------------------------------------

# The toolkit's questions compared between rounds: (question as read, list column or None for the yes/no).
ROUND_QUESTIONS = (("Offers mental-health support", None), ("Service", "services"),
                   ("Referral route", "referral_routes"), ("Barrier", "barriers"), ("Support need", "support_needs"))


def round_changes(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per question and answer: among the organisations in view with two or more returns in the date range, how
    many named it in their previous and in their latest return, each share with its 95% interval, the change
    with its 95% interval (Newcombe) and the trend. The same organisations in both rounds, so a change is not a
    change in who answered. Columns `previous_from` ... `latest_to` give the rounds' dates."""
    answers = " UNION ALL ".join(
        f"SELECT org_id, rn, '{question}' AS question, CASE WHEN lower(item) LIKE 'other:%' THEN 'other' "
        f"ELSE item END AS item FROM (SELECT org_id, rn, unnest({column}) AS item FROM paired)" if column else
        f"SELECT org_id, rn, '{question}' AS question, 'yes' AS item FROM paired "
        "WHERE offers_mental_health_support"
        for question, column in ROUND_QUESTIONS)  # questions and columns are the programmer's, never a user's
    counted, params = two_rounds(filters, "toolkit", "returned_on", answers)
    table = con.execute(f"SELECT * FROM ({counted}) ORDER BY list_position(?::VARCHAR[], question), item",
                        params + [[q for q, _ in ROUND_QUESTIONS]]).df()
    return with_round_changes(table)
