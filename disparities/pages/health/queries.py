"""Health disparities page: the pilot assessment, filtered by the organisations in view."""
from __future__ import annotations

import duckdb
import pandas as pd

from disparities import vocabularies
from disparities.filters import Filters, organisation_clause
from disparities.intervals import compare_with_benchmark, wilson_interval, with_intervals, with_round_changes
from disparities.queries import latest_per_organisation, two_rounds


def _latest_assessments(filters: Filters) -> tuple[str, list]:
    """SQL for each filtered organisation's latest assessment in the date range (one row per disparity)."""
    return latest_per_organisation(filters, "assessment", "assessed_on")


def main_disparity_shares(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per disparity: organisations naming it as their main one (rank 1), share of those assessed, 95% Wilson CI."""
    latest, params = _latest_assessments(filters)
    assessed = con.execute(f"SELECT count(DISTINCT org_id) FROM ({latest})", params).fetchone()[0]
    table = con.execute(
        f"""SELECT disparity, count(DISTINCT org_id) AS organisations FROM ({latest})
            WHERE "rank" = 1 GROUP BY disparity ORDER BY organisations DESC, disparity""", params).df()
    table["assessed"] = assessed
    table["share"] = table["organisations"] / assessed if assessed else 0.0
    bounds = [wilson_interval(int(k), assessed) for k in table["organisations"]]
    table["ci_low"] = [b[0] for b in bounds]
    table["ci_high"] = [b[1] for b in bounds]
    return table


RANK_POINTS_RULE = ("Each organisation's ranking gives 5 points to its rank 1 disparity, 4 to rank 2, 3 to rank 3, "
                    "2 to rank 4 and 1 to rank 5; lower ranks score nothing. The score is the total over organisations.")


def disparity_ranking(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per disparity: points from every rank (see RANK_POINTS_RULE) and how many organisations ranked it."""
    latest, params = _latest_assessments(filters)
    return con.execute(
        f"""SELECT disparity, sum(greatest(0, 6 - "rank"))::BIGINT AS points,
                   count(DISTINCT org_id) AS organisations_ranking_it
            FROM ({latest}) GROUP BY disparity ORDER BY points DESC, disparity""", params).df()


# ---- by community, ward and income band ------------------------------------------------------------

NOT_RECORDED = "not recorded"  # the row for organisations whose ward or income band is blank
UNLISTED = "Other: not in the community list"  # where 'Other: ...' items go once communities are rolled up


def _community_groups(level: str) -> tuple[list[str], list[str]]:
    """Every community label and the name it is shown under at `level` (local name, Census or high-level group)."""
    rollup = vocabularies.community_rollup()
    labels = list(rollup)
    if level == "local":
        return labels, labels
    position = 0 if level == "census" else 1
    return labels, [rollup[label][position] for label in labels]


def _communities_served(filters: Filters) -> tuple[str, list]:
    """SQL for (org_id, community): each organisation in view and each community it serves at the chosen level.

    An organisation serving Bangladeshi and Sylheti residents appears once under 'Bangladeshi' at Census level.
    Items kept as 'Other: ...' stay as written at local level; rolled up, where they belong is unknown, so
    they share one row (the `?` in coalesce is NULL at local level, which keeps the label).
    """
    where_org, org_params = organisation_clause(filters, "o")
    labels, groups = _community_groups(filters.community_level)
    unlisted = None if filters.community_level == "local" else UNLISTED
    sql = f"""SELECT DISTINCT s.org_id, coalesce(m.community, ?, s.label) AS community
              FROM (SELECT o.org_id, unnest(o.communities_served) AS label FROM organisations o
                    WHERE {where_org}) s
              LEFT JOIN (SELECT unnest(?::VARCHAR[]) AS label, unnest(?::VARCHAR[]) AS community) m
                ON m.label = s.label"""
    return sql, [unlisted, *org_params, labels, groups]


def community_disparity_matrix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Heat-map cells: per community (with at least one assessed organisation) and per disparity named as main
    by someone in view, the organisations serving that community naming it as their main one (rank 1), and
    the share of that community's assessed organisations. Rows by assessed organisations, columns by how
    many organisations name the disparity; an organisation serving two communities counts in both rows."""
    latest, latest_params = _latest_assessments(filters)
    served, served_params = _communities_served(filters)
    return con.execute(
        f"""WITH latest AS ({latest}),
                 main AS (SELECT DISTINCT org_id, disparity FROM latest WHERE "rank" = 1),
                 served AS ({served}),
                 assessed_served AS (SELECT * FROM served WHERE org_id IN (SELECT org_id FROM latest)),
                 communities AS (SELECT community, count(*) AS assessed FROM assessed_served GROUP BY community),
                 disparities AS (SELECT disparity, count(*) AS naming FROM main GROUP BY disparity),
                 cells AS (SELECT s.community, m.disparity, count(*) AS organisations
                           FROM assessed_served s JOIN main m ON m.org_id = s.org_id GROUP BY ALL)
            SELECT c.community, d.disparity, coalesce(cells.organisations, 0) AS organisations, c.assessed,
                   coalesce(cells.organisations, 0) / c.assessed AS share
            FROM communities c CROSS JOIN disparities d
            LEFT JOIN cells ON cells.community = c.community AND cells.disparity = d.disparity
            ORDER BY c.assessed DESC, c.community, d.naming DESC, d.disparity""",
        latest_params + served_params).df().pipe(with_intervals, "organisations", "assessed")


# The organisation columns a breakdown may group by, each with its vocabulary (for the order of its rows).
_BREAKDOWNS = {"ward": vocabularies.WARD, "income_band": vocabularies.INCOME}


def _main_disparity_by(con: duckdb.DuckDBPyConnection, filters: Filters, column: str) -> pd.DataFrame:
    """Per value of an organisation column and per disparity: assessed organisations there naming it as their
    main one (rank 1), and how many organisations there were assessed. A group where nobody gave a rank 1
    keeps one row with no disparity, so its size is still known."""
    vocabulary = _BREAKDOWNS[column]  # a column name is never the user's: only these two are allowed
    latest, params = _latest_assessments(filters)
    return con.execute(
        f"""WITH latest AS ({latest}),
                 grouped AS (SELECT DISTINCT l.org_id, coalesce(o.{column}, ?) AS {column}
                             FROM latest l JOIN organisations o ON o.org_id = l.org_id),
                 sizes AS (SELECT {column}, count(*) AS assessed FROM grouped GROUP BY {column}),
                 cells AS (SELECT g.{column}, m.disparity, count(m.org_id) AS organisations
                           FROM grouped g LEFT JOIN latest m ON m.org_id = g.org_id AND m."rank" = 1
                           GROUP BY ALL)
            SELECT c.{column}, c.disparity, c.organisations, s.assessed
            FROM cells c JOIN sizes s ON s.{column} = c.{column}
            QUALIFY c.disparity IS NOT NULL OR count(c.disparity) OVER (PARTITION BY c.{column}) = 0
            ORDER BY c.{column} = ?, coalesce(list_position(?::VARCHAR[], c.{column}), 1000), c.{column},
                     c.organisations DESC, c.disparity""",
        [*params, NOT_RECORDED, NOT_RECORDED, vocabulary.labels]).df().pipe(with_intervals, "organisations", "assessed")


def main_disparity_by_ward(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per ward (in the ward list's order, 'not recorded' last): see `_main_disparity_by`."""
    return _main_disparity_by(con, filters, "ward")


def main_disparity_by_income(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per income band (smallest first, 'not recorded' last): see `_main_disparity_by`."""
    return _main_disparity_by(con, filters, "income_band")


def beneficiaries_affected(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per disparity with at least one figure: the sum of `beneficiaries_affected` over the latest assessments in
    view and how many organisations gave a figure for it; `reporting` is the organisations giving any figure and
    `assessed` all organisations assessed; `contributors` the organisations behind each sum (its cell key).
    Empty when nobody in view reported a figure."""
    latest, params = _latest_assessments(filters)
    return con.execute(
        f"""WITH latest AS ({latest})
            SELECT disparity, sum(beneficiaries_affected)::BIGINT AS beneficiaries_affected,
                   count(DISTINCT org_id) FILTER (beneficiaries_affected IS NOT NULL) AS organisations_reporting,
                   (SELECT count(DISTINCT org_id) FROM latest WHERE beneficiaries_affected IS NOT NULL) AS reporting,
                   (SELECT count(DISTINCT org_id) FROM latest) AS assessed,
                   list(struct_pack(id := org_id, v := beneficiaries_affected)) FILTER (beneficiaries_affected IS NOT NULL)
                       AS contributors
            FROM latest GROUP BY disparity HAVING count(beneficiaries_affected) > 0
            ORDER BY disparity""", params).df()  # by name: an order by exact sums would place a hidden one


def population_shares(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per community at the chosen level: organisations in view serving it and their share of the organisations in
    view, beside the community's residents (latest year uploaded for each community) and their share of the
    borough's residents. Empty when no population figures are uploaded.

    Organisations are those matching the filters, whatever their assessment dates (organisations have no date).
    Rolled up to Census or high-level groups, residents come from Census-group rows only: a local name such as
    Somali is part of African, so adding both would count people twice. The borough total is the sum over
    Census groups (or over every row if only local names were uploaded).
    """
    if not con.execute("SELECT count(*) FROM population").fetchone()[0]:
        return pd.DataFrame(columns=["community", "organisations", "in_view", "organisation_share",
                                     "organisation_share_low", "organisation_share_high", "residents",
                                     "resident_share", "compared_with_residents", "year", "source"])
    where_org, org_params = organisation_clause(filters, "o")
    served, served_params = _communities_served(filters)
    labels, groups = _community_groups(filters.community_level)
    census_labels = [label for label, (census, _) in vocabularies.community_rollup().items() if label == census]
    stored = {row[0] for row in con.execute("SELECT DISTINCT community FROM population").fetchall()}
    if not stored & set(vocabularies.community_rollup()):
        # Residents by high-level group only (ONS's 6 categories): they compare at that level and no other.
        census_labels = labels = groups = list(vocabularies.HIGH_LEVEL_GROUPS) if filters.community_level == "high" \
            else []
    table = con.execute(
        f"""WITH latest AS (SELECT * FROM population QUALIFY year = max(year) OVER (PARTITION BY community)),
                 counted AS (SELECT * FROM latest
                             WHERE ? OR list_contains(?::VARCHAR[], community)),
                 borough AS (SELECT coalesce(sum(residents) FILTER (list_contains(?::VARCHAR[], community)),
                                             sum(residents)) AS total FROM latest),
                 mapping AS (SELECT unnest(?::VARCHAR[]) AS label, unnest(?::VARCHAR[]) AS community),
                 residents AS (SELECT m.community, sum(p.residents)::BIGINT AS residents, max(p.year) AS year,
                                      string_agg(DISTINCT p.source, '; ' ORDER BY p.source) AS source
                               FROM counted p JOIN mapping m ON m.label = p.community GROUP BY m.community),
                 in_view AS (SELECT count(*) AS n FROM organisations o WHERE {where_org}),
                 served AS ({served}),
                 serving AS (SELECT community, count(*) AS organisations FROM served GROUP BY community)
            SELECT community, coalesce(s.organisations, 0) AS organisations, v.n AS in_view,
                   coalesce(s.organisations, 0) / nullif(v.n, 0) AS organisation_share,
                   r.residents, r.residents / b.total AS resident_share, r.year, r.source
            FROM residents r FULL JOIN serving s USING (community) CROSS JOIN in_view v CROSS JOIN borough b
            ORDER BY organisation_share DESC, community""",  # not by residents: that order would place a hidden one
        [filters.community_level == "local", census_labels, census_labels, labels, groups,
         *org_params, *served_params]).df()
    return _beside_residents(table)


def _beside_residents(table: pd.DataFrame) -> pd.DataFrame:
    """The organisations' share with its 95% interval, and the verdict against the residents' share: higher,
    similar or lower when the whole interval is above it, holds it, or is below it (as Fingertips compares a
    value with its benchmark)."""
    bounds = [wilson_interval(int(k), int(n)) for k, n in zip(table["organisations"], table["in_view"])]
    verdicts = [compare_with_benchmark(int(k), int(n), None if pd.isna(r) else float(r))
                for k, n, r in zip(table["organisations"], table["in_view"], table["resident_share"])]
    table = table.assign(organisation_share_low=[b[0] for b in bounds],
                         organisation_share_high=[b[1] for b in bounds], compared_with_residents=verdicts)
    return table[["community", "organisations", "in_view", "organisation_share", "organisation_share_low",
                  "organisation_share_high", "residents", "resident_share", "compared_with_residents", "year",
                  "source"]]


def round_changes(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per disparity named as main (rank 1): among the organisations in view assessed on two or more dates in the
    date range, how many named it in their previous and in their latest assessment, with shares, intervals, the
    change and the trend (as the Mapping page's toolkit rounds)."""
    counted, params = two_rounds(filters, "assessment", "assessed_on",
                                 """SELECT org_id, rn, 'main disparity' AS question, disparity AS item
                                    FROM paired WHERE "rank" = 1""")
    table = con.execute(f"SELECT * FROM ({counted}) ORDER BY latest DESC, item", params).df()
    return with_round_changes(table)
