"""Uploads, what the store holds, and undo. Undo never deletes: it marks the upload undone."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from disparities.kinds import KINDS
from disparities.kinds import SCHEMA_VERSION
from disparities.store import connect, utc_now


def uploads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every upload, oldest first."""
    return con.execute(
        "SELECT id, batch_id, uploaded_at, uploaded_by, file_name, kind, rows_added, rows_replaced, rows_unchanged, "
        "warnings, sha256, is_sample, undone_at, undone_by FROM uploads ORDER BY id").df()


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in KINDS}


def sample_rows(con: duckdb.DuckDBPyConnection) -> int:
    """How many current rows come from sample uploads."""
    total = 0
    for name in KINDS:
        total += con.execute(
            f"SELECT count(*) FROM {name} c JOIN uploads u ON u.id = c.upload_id WHERE u.is_sample").fetchone()[0]
    return total


@dataclass(frozen=True)
class Status:
    rows: dict[str, int]
    uploads: int
    last_upload: str | None
    sample_data: bool
    schema_version: int = SCHEMA_VERSION

    def as_dict(self) -> dict:
        return {"rows": self.rows, "uploads": self.uploads, "last_upload": self.last_upload,
                "sample_data": self.sample_data}


def status(con: duckdb.DuckDBPyConnection) -> Status:
    count, last = con.execute("SELECT count(*), max(uploaded_at) FROM uploads WHERE undone_at IS NULL").fetchone()
    return Status(row_counts(con), count, last.isoformat(sep=" ") + " UTC" if last else None, sample_rows(con) > 0)


class UndoRefused(Exception):
    pass


class UndoNeedsDependents(UndoRefused):
    """Later uploads refer to rows the undo would take away: undo them together, or not at all."""

    def __init__(self, upload_id: int, dependents: list[tuple[int, str]]):
        self.dependents = dependents
        named = ", ".join(f"#{i} {name}" for i, name in dependents)
        super().__init__(
            f"Later uploads depend on rows that undoing upload #{upload_id} takes away (they refer to them, or "
            f"changed some of their columns): {named}. Undo them together (`python -m disparities undo {upload_id} --with-dependents`, or "
            "confirm on the Data page), or undo those first.")


def undo(db: Path, upload_id: int, *, undone_by: str, with_dependents: bool = False) -> dict:
    """Mark an upload, and the files uploaded together with it, undone.

    The rows they wrote leave the current state and the values they replaced return, column by column. A
    batch was applied as one change, so it is taken back as one. When later uploads refer to rows that would
    leave (an assessment of an organisation the upload added), the undo is refused naming them
    (UndoNeedsDependents), or, `with_dependents`, they are taken back too.
    """
    with connect(db) as con:
        found = con.execute("SELECT batch_id, file_name, undone_at FROM uploads WHERE id = ?", [upload_id]).fetchone()
        if found is None:
            raise UndoRefused(f"There is no upload #{upload_id}. `python -m disparities uploads` lists them.")
        batch_id, file_name, undone_at = found
        if undone_at is not None:
            raise UndoRefused(f"Upload #{upload_id} ({file_name}) was already undone on {undone_at:%Y-%m-%d %H:%M} UTC.")
        before = row_counts(con)
        batches, undone = {batch_id}, []
        con.execute("BEGIN TRANSACTION")
        try:
            while True:
                undone += con.execute(
                    "SELECT id, file_name, kind FROM uploads WHERE list_contains(?, batch_id) AND undone_at IS NULL "
                    "ORDER BY id", [sorted(batches)]).fetchall()
                con.execute("UPDATE uploads SET undone_at = ?, undone_by = ? WHERE list_contains(?, batch_id) "
                            "AND undone_at IS NULL", [utc_now(), undone_by, sorted(batches)])
                dangling = dangling_references(con)
                if not dangling:
                    break
                if not with_dependents:
                    raise UndoNeedsDependents(upload_id, dangling)
                batches |= {b for (b,) in con.execute("SELECT DISTINCT batch_id FROM uploads WHERE list_contains(?, id)",
                                                      [[i for i, _ in dangling]]).fetchall()}
            after = row_counts(con)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    return {"undone": [{"id": i, "file_name": f, "kind": k} for i, f, k in sorted(undone)],
            "rows_before": before, "rows_after": after}


def dangling_references(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """(upload id, file name) of live uploads whose current rows refer to a row that does not exist (a
    required reference, such as an assessment's organisation: ingestion would have refused them)."""
    found: set[tuple[int, str]] = set()
    for kind in KINDS.values():
        for column in kind.columns:
            if not column.references or column.reference_is_warning or column.type == "list":
                continue
            target = KINDS[column.references]
            found |= set(con.execute(
                f"""SELECT DISTINCT u.id, u.file_name FROM {kind.name} c JOIN uploads u ON u.id = c.upload_id
                    WHERE c."{column.name}" IS NOT NULL
                      AND c."{column.name}" NOT IN (SELECT "{target.key[0]}" FROM {target.name})""").fetchall())
    return sorted(found | _partial_rows(con))


def _partial_rows(con: duckdb.DuckDBPyConnection) -> set[tuple[int, str]]:
    """(upload id, file name) of live uploads that changed some columns of a row whose whole-row version (the
    upload that added it) is undone: what is left would be a row nobody checked as a whole."""
    from disparities.kinds import versions_table
    found: set[tuple[int, str]] = set()
    for kind in KINDS.values():
        key = ", ".join(f'"{k}"' for k in kind.key)
        found |= set(con.execute(
            f"""WITH live AS (SELECT v.*, u.file_name FROM {versions_table(kind)} v
                              JOIN uploads u ON u.id = v.upload_id AND u.undone_at IS NULL),
                     partial AS (SELECT {key} FROM live GROUP BY {key} HAVING bool_and(supplied IS NOT NULL))
                SELECT DISTINCT l.upload_id, l.file_name FROM live l JOIN partial p USING ({key})""").fetchall())
    return found


def sample_upload_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    """One upload of each sample batch still in use (undoing it takes back the whole batch)."""
    return [row[0] for row in con.execute(
        "SELECT min(id) FROM uploads WHERE is_sample AND undone_at IS NULL GROUP BY batch_id ORDER BY 1").fetchall()]


def remove_sample(db: Path, *, undone_by: str) -> list[dict]:
    """Undo every sample batch still in use: the sample data leaves the store in one step."""
    with connect(db, read_only=True) as con:
        ids = sample_upload_ids(con)
    return [undo(db, upload_id, undone_by=undone_by) for upload_id in ids]
