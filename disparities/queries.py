"""One function per question a page asks: (connection, ...) -> DataFrame, with bound parameters only.

Questions every page asks live here; each page's own questions live in a submodule
named after the page (health, mapping, timeline, outcomes, organisations).
"""
from __future__ import annotations

import duckdb
import pandas as pd

from disparities.filters import Filters, date_clause, organisation_clause
from disparities.kinds import KINDS


def store_overview(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per kind: current rows, rows from sample uploads, and when it last changed."""
    parts = []
    for kind in KINDS.values():
        rows, sample, last = con.execute(
            f"""SELECT count(*), count(*) FILTER (u.is_sample), max(u.uploaded_at)
                FROM {kind.name} c JOIN uploads u ON u.id = c.upload_id""").fetchone()
        parts.append({"kind": kind.name, "what it holds": kind.title, "description": kind.description,
                      "rows": rows, "sample rows": sample, "last changed (UTC)": last})
    return pd.DataFrame(parts)


def organisations_in_view(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    where, params = organisation_clause(filters, "o")
    return con.execute(f"SELECT count(*) FROM organisations o WHERE {where}", params).fetchone()[0]


def filter_choices(con: duckdb.DuckDBPyConnection) -> dict:
    """Values the sidebar offers: organisations in the register (id and name), and the earliest assessment or
    return (where an "up to" date range starts, since the date widget cannot show an end without a start)."""
    rows = con.execute("SELECT org_id, name FROM organisations ORDER BY org_id").fetchall()
    earliest = con.execute("SELECT least((SELECT min(assessed_on) FROM assessment), "
                           "(SELECT min(returned_on) FROM toolkit))").fetchone()[0]
    return {"organisations": [f"{org_id}: {name}" for org_id, name in rows], "earliest": earliest}


def latest_per_organisation(filters: Filters, kind: str, date_column: str) -> tuple[str, list]:
    """SQL for the rows of each filtered organisation's latest `kind` record within the date range, and its
    parameters. `kind` and `date_column` are the programmer's names (checked as identifiers), never a user's."""
    where_org, org_params = organisation_clause(filters, "o")
    where_date, date_params = date_clause(filters, f"x.{date_column}")
    sql = f"""SELECT x.* FROM {KINDS[kind].name} x JOIN organisations o ON o.org_id = x.org_id
              WHERE {where_org} AND {where_date}
              QUALIFY x.{date_column} = max(x.{date_column}) OVER (PARTITION BY x.org_id)"""
    return sql, org_params + date_params
