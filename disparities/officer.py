"""The officer's check step and history as tables and sentences, for the sidebar upload and the Data page.

No streamlit here: ui.py draws these. A BatchResult from `ingest(..., dry_run=True)`
becomes what the officer reads before anything is written.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from disparities import formats, registry
from disparities.ingest import APPLIED, CHECKED, REFUSED, UNCHANGED, BatchResult
from disparities.kinds import KINDS
from disparities.report import FileReport
from disparities.summaries import count_phrase, join_words

# Where each kind's data shows, for the link after an upload.
DETECT = "detect from the headers"
KIND_CHOICES = (DETECT, *KINDS)


def kind_label(name: str) -> str:
    return name if name == DETECT else f"{KINDS[name].title} ({name})"


def summary_table(result: BatchResult) -> pd.DataFrame:
    """One row per file: what applying it would do (or did)."""
    return pd.DataFrame([{
        "file": f.file_name, "kind": f.kind or "?", "rows": f.rows, "add": f.added, "replace": f.replaced,
        "unchanged": f.unchanged, "errors": len(f.errors), "warnings": len(f.warnings),
        "note": f"identical to {f.already_loaded}: nothing to do" if f.already_loaded else "",
    } for f in result.files], columns=["file", "kind", "rows", "add", "replace", "unchanged", "errors", "warnings",
                                       "note"])


ISSUE_COLUMNS = ["file", "severity", "row", "column", "value", "message"]


def issues_table(result: BatchResult) -> pd.DataFrame:
    """Every error and warning, errors first, in row order within each file."""
    rows = [{"file": f.file_name, "severity": i.severity, "row": i.row, "column": i.column or "",
             "value": i.value if i.value is not None else "", "message": i.message}
            for f in result.files for i in sorted(f.issues, key=lambda i: (i.severity != "error", i.row or 0))]
    table = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    table["row"] = table["row"].astype("Int64")
    return table


def _display(value: object) -> object:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def preview_table(report: FileReport) -> pd.DataFrame:
    """The first rows as they will be stored; lists joined with '; ' and dates in ISO form."""
    return pd.DataFrame([{k: _display(v) for k, v in row.items()} for row in report.preview])


def mapped_table(report: FileReport) -> pd.DataFrame:
    return pd.DataFrame(report.preview_mapped, columns=["row", "column", "written", "stored"])


def check_sentence(result: BatchResult) -> str:
    """What the check found, in one or two sentences; nothing has been written."""
    errors = sum(len(f.errors) for f in result.files)
    if result.status == REFUSED:
        bad = [f.file_name for f in result.files if f.errors]
        return (f"Nothing can be applied yet: {count_phrase(errors, 'error')} in {join_words(bad)}. "
                "Fix them in the spreadsheet (download the list below), save as CSV and upload again.")
    if result.status == UNCHANGED:
        return "Nothing to do: every file is identical to one already loaded."
    added = sum(f.added for f in result.files)
    replaced = sum(f.replaced for f in result.files)
    unchanged = sum(f.unchanged for f in result.files)
    return (f"Nothing has been written yet. Applying would add {count_phrase(added, 'row')}, replace "
            f"{replaced:,} and leave {unchanged:,} unchanged.")


def applied_sentence(result: BatchResult) -> str:
    if result.status != APPLIED:
        return check_sentence(result)
    parts = [f"{f.file_name} ({f.kind}): {f.added:,} added, {f.replaced:,} replaced, {f.unchanged:,} unchanged"
             for f in result.files if not f.already_loaded]
    return f"Applied {count_phrase(len(parts), 'file')}. " + "; ".join(parts) + "."


def pages_showing(result: BatchResult) -> list[registry.Page]:
    """The pages that show what was just applied, each once, in menu order."""
    kinds = {f.kind for f in result.files if f.kind and (f.added or f.replaced)}
    return [page for page in registry.PAGES if set(page.kinds) & kinds]


def can_apply(result: BatchResult | None) -> bool:
    return result is not None and result.status == CHECKED


# ---- history and undo ------------------------------------------------------------------------------

def history_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Upload history, newest first, as the Data page shows it."""
    return con.execute(
        """SELECT id AS upload, batch_id AS batch, uploaded_at AS "when (UTC)", uploaded_by AS who, file_name AS file,
                  u.kind, rows_added AS added, rows_replaced AS replaced, rows_unchanged AS unchanged, warnings,
                  is_sample AS sample,
                  CASE WHEN undone_at IS NULL THEN 'in use'
                       ELSE 'undone ' || strftime(undone_at, '%-d %b %Y %H:%M') || ' by ' || undone_by END AS state,
                  m.name AS "read through", sha256 AS "SHA-256"
           FROM uploads u LEFT JOIN mappings m ON m.signature = u.mapping ORDER BY id DESC""").df()


def _batch_files(con: duckdb.DuckDBPyConnection, upload_id: int) -> list[tuple] | None:
    """(id, file, kind, added, replaced) of every file in use uploaded with `upload_id`; None if it cannot be undone."""
    found = con.execute("SELECT batch_id FROM uploads WHERE id = ? AND undone_at IS NULL", [upload_id]).fetchone()
    if found is None:
        return None
    return con.execute("SELECT id, file_name, kind, rows_added, rows_replaced FROM uploads "
                       "WHERE batch_id = ? AND undone_at IS NULL ORDER BY id", [found[0]]).fetchall()


def undo_consequence(con: duckdb.DuckDBPyConnection, upload_id: int) -> str | None:
    """What undoing `upload_id` will change, in one short sentence (the files are listed by `undo_details`);
    None if it cannot be undone."""
    files = _batch_files(con, upload_id)
    if files is None:
        return None
    added = sum(f[3] for f in files)
    replaced = sum(f[4] for f in files)
    together = f" (uploaded together, so undone together)" if len(files) > 1 else ""
    back = f" and {count_phrase(replaced, 'replaced row')} get back their previous values" if replaced else ""
    return (f"Undoing upload #{upload_id} takes back {count_phrase(len(files), 'file')}{together}: "
            f"{count_phrase(added, 'row')} leave the store{back}.")


def undo_details(con: duckdb.DuckDBPyConnection, upload_id: int) -> pd.DataFrame | None:
    """Each file undoing `upload_id` takes back: what leaves the store and what gets its previous values back."""
    files = _batch_files(con, upload_id)
    if files is None:
        return None
    return pd.DataFrame([{"Upload": f"#{i}", "File": name, "What it holds": KINDS[kind].title if kind in KINDS else kind,
                          "Rows that leave": added, "Rows that get their previous values back": replaced}
                         for i, name, kind, added, replaced in files])


def undoable_uploads(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """(id, label) of uploads in use, newest first."""
    return [(i, f"#{i} {name} ({kind}, {formats.moment(when.replace(second=0, microsecond=0))})")
            for i, name, kind, when in con.execute(
        "SELECT id, file_name, kind, uploaded_at FROM uploads WHERE undone_at IS NULL ORDER BY id DESC").fetchall()]


def undone_sentence(done: dict) -> str:
    """After an undo: which files were taken back and how the row counts changed."""
    files = join_words([f"#{f['id']} {f['file_name']}" for f in done["undone"]])
    changes = [f"{kind} {before:,} → {done['rows_after'][kind]:,}" for kind, before in done["rows_before"].items()
               if before != done["rows_after"][kind]]
    return f"Undone: {files}." + (f" Rows: {'; '.join(changes)}." if changes else " No current rows changed.")


NEVER = "never"


def _day_or_never(value: object) -> str:
    return NEVER if value is None or pd.isna(value) else formats.day(pd.Timestamp(value).date())


def row_counts_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Current rows per kind, with how many come from sample uploads and when it last changed, for people:
    kinds by their titles, headers in words, dates as '14 Jul 2021' and 'never' for a kind nothing was
    uploaded to."""
    from .queries import store_overview
    store = store_overview(con)
    return pd.DataFrame({
        "What it holds": store["what it holds"],
        "Rows": store["rows"].astype("int64"),
        "Of them sample data": store["sample rows"].astype("int64"),
        "Last changed": [_day_or_never(v) for v in store["last changed (UTC)"]],
    })


def event_choices(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(event_id, 'date: title') of every event, newest first: where a recommendation may have been raised."""
    return [(event_id, f"{formats.day(held_on)}: {title}") for event_id, held_on, title in con.execute(
        "SELECT event_id, held_on, title FROM events ORDER BY held_on DESC, event_id").fetchall()]
