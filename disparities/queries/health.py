"""Health disparities page: the pilot assessment, filtered by the organisations in view."""
from __future__ import annotations

import duckdb
import pandas as pd

from ..filters import Filters, date_clause, organisation_clause
from ..summaries import wilson_interval


def _latest_assessments(filters: Filters) -> tuple[str, list]:
    """SQL for each filtered organisation's latest assessment in the date range (one row per disparity)."""
    where_org, org_params = organisation_clause(filters, "o")
    where_date, date_params = date_clause(filters, "a.assessed_on")
    sql = f"""SELECT a.* FROM assessment a JOIN organisations o ON o.org_id = a.org_id
              WHERE {where_org} AND {where_date}
              QUALIFY a.assessed_on = max(a.assessed_on) OVER (PARTITION BY a.org_id)"""
    return sql, org_params + date_params


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
