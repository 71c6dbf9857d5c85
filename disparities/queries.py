"""One function per question a page asks: (connection, ...) -> DataFrame, with bound parameters only."""
from __future__ import annotations

import duckdb
import pandas as pd

from .kinds import KINDS


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
