"""One function per question a page asks: (connection, ...) -> DataFrame, with bound parameters only.

Questions every page asks live here; each page's own questions live in a submodule
named after the page (health, mapping, timeline, outcomes, organisations).
"""
from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from disparities.filters import FIELDS, Filters, date_clause, organisation_clause
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


def sample_in_view(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[int, int, bool]:
    """(sample organisations in the view, organisations in the view, whether any sample upload is in use): what
    the sample banner says, in one read."""
    where, params = organisation_clause(filters, "o")
    sample, total, in_use = con.execute(
        f"""SELECT count(*) FILTER (u.is_sample), count(*),
                   EXISTS (SELECT 1 FROM uploads WHERE is_sample AND undone_at IS NULL)
            FROM organisations o JOIN uploads u ON u.id = o.upload_id WHERE {where}""", params).fetchone()
    return int(sample), int(total), bool(in_use)


def without_each_filter(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[tuple[str, int]]:
    """For each organisation filter in use: its label, and how many organisations the view would cover without
    it. Says which filter emptied a view."""
    return [(field.label, organisations_in_view(con, replace(filters, **{field.name: ()})))
            for field in FIELDS if getattr(filters, field.name)]


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


def two_rounds(filters: Filters, kind: str, date_column: str, answers: str) -> tuple[str, list]:
    """SQL counting each answer in the previous and the latest record of every filtered organisation with two
    or more in the date range (the same organisations in both rounds), with the rounds' dates; and its
    parameters. `answers` selects (org_id, rn, question, item) FROM paired, rn 1 being the latest. Names are
    the programmer's, never a user's."""
    where_org, org_params = organisation_clause(filters, "o")
    where_date, date_params = date_clause(filters, f"x.{date_column}")
    sql = f"""WITH ranked AS (SELECT x.*, dense_rank() OVER (PARTITION BY x.org_id ORDER BY x.{date_column} DESC) AS rn
                              FROM {KINDS[kind].name} x JOIN organisations o ON o.org_id = x.org_id
                              WHERE {where_org} AND {where_date}),
                   paired AS (SELECT * FROM ranked WHERE rn <= 2 AND org_id IN (SELECT org_id FROM ranked WHERE rn = 2)),
                   rounds AS (SELECT count(DISTINCT org_id) AS organisations,
                                     min({date_column}) FILTER (rn = 2) AS previous_from,
                                     max({date_column}) FILTER (rn = 2) AS previous_to,
                                     min({date_column}) FILTER (rn = 1) AS latest_from,
                                     max({date_column}) FILTER (rn = 1) AS latest_to FROM paired),
                   answers AS (SELECT DISTINCT * FROM ({answers}))
              SELECT a.question, a.item, count(DISTINCT a.org_id) FILTER (a.rn = 2) AS previous,
                     count(DISTINCT a.org_id) FILTER (a.rn = 1) AS latest, r.*
              FROM answers a CROSS JOIN rounds r GROUP BY ALL"""
    return sql, org_params + date_params
