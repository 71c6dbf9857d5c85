"""Files -> checked batch -> one transaction. A dry run stops before committing.

A batch is applied in dependency order (organisations and indicators before
what refers to them) and is all or nothing: any error in any file refuses every
file, and the store is unchanged.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from disparities import census, identifiers, reading
from disparities.config import max_upload_bytes
from disparities.kinds import KINDS, Kind
from disparities.kinds import versions_table
from disparities.report import FileReport, Issue, Refused, error, warning
from disparities.store import connect, utc_now
from disparities.validate import q, raw, stage

Progress = Callable[[str], None]

APPLIED, UNCHANGED, REFUSED, CHECKED = "applied", "unchanged", "refused", "checked"


@dataclass(frozen=True)
class UploadFile:
    name: str
    data: bytes
    kind: str | None = None  # None: detected from the headers
    notes: tuple[str, ...] = ()  # warnings from reading it (a survey export's mapping step)
    mapping: str | None = None  # the survey mapping (signature) it was read through, for the history

    @classmethod
    def from_path(cls, path: Path, kind: str | None = None) -> "UploadFile":
        return cls(path.name, path.read_bytes(), kind)


@dataclass
class BatchResult:
    status: str
    files: list[FileReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != REFUSED

    def as_dict(self) -> dict:
        return {"status": self.status, "files": [f.as_dict() for f in self.files]}


@dataclass
class _Prepared:
    """A readable file, before it touches the store."""
    report: FileReport
    kind: Kind
    decoded: reading.Decoded
    header: list[str]
    table: str = ""
    positions: dict[str, int] = field(default_factory=dict)  # kind column -> position in the file
    mapping: str | None = None


def ingest(db: Path, files: list[UploadFile], *, dry_run: bool = False, uploaded_by: str = "command line",
           is_sample: bool = False, progress: Progress | None = None) -> BatchResult:
    """Check every file, then apply them all in one transaction (or nothing, or only check when dry_run)."""
    say = progress or (lambda message: None)
    reports, prepared = [], []
    for upload in files:
        report = FileReport(upload.name, sha256=hashlib.sha256(upload.data).hexdigest())
        reports.append(report)
        try:
            prepared.append(_prepare(upload, report, say))
        except Refused as refusal:
            report.issues.append(error(refusal.message))
        except Exception as surprise:  # noqa: BLE001 - any file, however malformed, gets a report
            report.issues.append(error(_unreadable(surprise)))
    prepared.sort(key=lambda p: list(KINDS).index(p.kind.name))
    if files and not is_sample:  # the bundled sample files uploaded by hand are sample data all the same
        from .bootstrap import sample_hashes
        is_sample = {r.sha256 for r in reports} <= sample_hashes()
    # A check (dry run) reads the store over a read-only connection and stages in temporary tables, so it
    # never holds the write lock: other people's pages keep reading while a large file is checked.
    with connect(db, read_only=dry_run and db.exists()) as con:
        _mark_already_loaded(con, prepared)
        pending = [p for p in prepared if not p.report.already_loaded]
        for number, item in enumerate(pending):
            say(f"checking {item.report.file_name} ({item.kind.name})")
            try:
                _stage(con, item, f"stage_{number}")
            except (duckdb.Error, ValueError, MemoryError, OverflowError) as surprise:
                item.table = ""
                item.report.issues.append(error(_unreadable(surprise)))
        for item in pending:
            item.report.issues += _batch_checks(con, item, pending)
        for report in reports:
            report.issues.sort(key=lambda i: i.row or 0)
        if any(r.errors for r in reports):
            return BatchResult(REFUSED, reports)
        if not pending:
            return BatchResult(UNCHANGED, reports)
        _apply(con, pending, dry_run, uploaded_by, is_sample, say)
    if dry_run:
        return BatchResult(CHECKED, reports)
    changed = any(r.added or r.replaced for r in reports)
    return BatchResult(APPLIED if changed else UNCHANGED, reports)


def _unreadable(surprise: BaseException) -> str:
    first_line = str(surprise).strip().splitlines()[0][:300] if str(surprise).strip() else type(surprise).__name__
    return (f"The file could not be read ({first_line}). Open it in a spreadsheet, save it again as 'CSV UTF-8', "
            "and upload that.")


def _prepare(upload: UploadFile, report: FileReport, say: Progress) -> _Prepared:
    limit = max_upload_bytes()
    if len(upload.data) > limit:
        mb = 1024 * 1024  # as config.max_upload_bytes counts them
        raise Refused(f"The file is {len(upload.data) / mb:.1f} MB; the limit is {limit / mb:g} MB. "
                      "Split it into smaller files.")
    say(f"reading {upload.name}")
    decoded = reading.decode(upload.data)
    delimiter = reading.detect_delimiter(decoded.text)
    header = reading.header_row(decoded.text, delimiter)
    census_notes: list[str] = []
    if upload.kind in (None, "population") and census.is_census_table(header):  # ONS's own CSV, as downloaded
        text, census_notes = census.as_population(decoded.text, delimiter)
        decoded = reading.Decoded(text, decoded.encoding, decoded.mixed_lines)
        delimiter, header = ",", reading.header_row(text, ",")
        upload = replace(upload, kind="population")
    if upload.kind:
        if upload.kind not in KINDS:
            raise Refused(f"Unknown kind '{upload.kind}'; choose one of {', '.join(KINDS)}.")
        kind = KINDS[upload.kind]
    else:
        kind = reading.detect_kind(header)
    report.kind, report.encoding, report.delimiter = kind.name, decoded.encoding, delimiter
    report.issues += [warning(note) for note in (*census_notes, *upload.notes)]
    if decoded.mixed_lines:
        lines = ", ".join(map(str, decoded.mixed_lines[:10])) + (" and more" if len(decoded.mixed_lines) > 10 else "")
        report.issues.append(warning(
            f"the file mixes two encodings: line(s) {lines} are in UTF-8, the rest in Windows-1252; each line was "
            "read in its own, so check accented letters, and save the whole file as 'CSV UTF-8' next time"))
    return _Prepared(report, kind, decoded, header, mapping=upload.mapping)


def _evidence_warnings(con: duckdb.DuckDBPyConnection, table: str) -> list:
    """Evidence that names no view of this dashboard: kept (the page shows it as plain text, never as a link),
    but the officer is told, as the form would refuse it."""
    from disparities.pages.recommendations import unknown_evidence
    found = []
    for row, links in con.execute(f"SELECT _row, evidence FROM {table} WHERE evidence IS NOT NULL ORDER BY _row"
                                  ).fetchall():
        for link in unknown_evidence(list(links or [])):
            found.append(warning("this evidence names no page of the dashboard: it will be shown as text, not as "
                                 "a link; copy the address of the view it rests on instead", row, "evidence",
                                 link[:200]))
    return found[:50]


def _mark_already_loaded(con: duckdb.DuckDBPyConnection, prepared: list[_Prepared]) -> None:
    for item in prepared:
        found = con.execute(
            "SELECT id, uploaded_at FROM uploads WHERE sha256 = ? AND undone_at IS NULL ORDER BY id LIMIT 1",
            [item.report.sha256]).fetchone()
        if found:
            item.report.already_loaded = f"upload #{found[0]} on {found[1]:%Y-%m-%d %H:%M} UTC"
            item.report.upload_id = found[0]


def _stage(con: duckdb.DuckDBPyConnection, item: _Prepared, table: str) -> None:
    report, kind = item.report, item.kind
    raw_table = f"{table}_raw"
    report.issues += reading.load_raw(con, item.decoded, report.delimiter, len(item.header), raw_table)
    match = reading.match_headers(kind, item.header, _untitled_with_data(con, raw_table, item.header))
    report.issues += match.issues
    if any(i.severity == "error" for i in match.issues):
        return
    item.positions = match.positions
    report.issues += stage(con, kind, match.positions, raw_table, table, continental=report.delimiter == ";")
    report.rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    if kind.name == "recommendations":
        report.issues += _evidence_warnings(con, table)
    if report.rows == 0:
        report.issues.append(error("The file has a header row but no data rows."))
    item.table = table
    _preview(con, item)


PREVIEW_ROWS = 10


def _preview(con: duckdb.DuckDBPyConnection, item: _Prepared) -> None:
    """The first rows as they will be stored, and which cells were mapped or parsed on the way."""
    columns = [c for c in item.kind.names if c in item.positions]
    if not columns:
        return
    rows = con.execute(f"SELECT _row, {', '.join(q(c) for c in columns)}, {', '.join(raw(c) for c in columns)} "
                       f"FROM {item.table} ORDER BY _row LIMIT {PREVIEW_ROWS}").fetchall()
    for row, *cells in rows:
        stored, written = cells[:len(columns)], cells[len(columns):]
        item.report.preview.append({"row": row, **dict(zip(columns, stored))})
        for column, value, text in zip(columns, stored, written):
            if text is not None and value is not None and _as_written(value) != text:
                item.report.preview_mapped.append(
                    {"row": row, "column": column, "written": text, "stored": _as_written(value)})


def _as_written(value: object) -> str:
    """A stored value the way the contract writes it, to compare with the file's text."""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _untitled_with_data(con, raw_table: str, header: list[str]) -> set[int]:
    """Positions of columns without a header that hold data (blank ones are what Excel leaves behind)."""
    untitled = [i for i, title in enumerate(header) if not title]
    if not untitled:
        return set()
    counts = con.execute("SELECT " + ", ".join(f"count(NULLIF(trim(c{i}), ''))" for i in untitled)
                         + f" FROM {raw_table}").fetchone()
    return {i for i, count in zip(untitled, counts) if count}


def _batch_checks(con: duckdb.DuckDBPyConnection, item: _Prepared, batch: list[_Prepared]) -> list[Issue]:
    """Checks across rows: duplicate keys and unique columns within the file, references to other kinds."""
    if not item.table:
        return []
    kind = item.kind
    issues = _repeated(con, item.table, kind.key, f"the same {_names(kind.key)} as row {{first}}; each may appear once")
    for unique in kind.unique:
        issues += _repeated(con, item.table, unique.columns, unique.message + " (also row {first})")
    for column in kind.columns:
        if column.references:
            issues += _missing_references(con, item, column.name, batch)
    issues += _look_alike_keys(con, item)
    return sorted(issues, key=lambda i: i.row or 0)


def _look_alike_keys(con, item: _Prepared) -> list[Issue]:
    """An error on each new code key that only looks like a stored one (or an earlier one in the file)."""
    column = item.kind.key[0]
    if item.kind.column(column).type != "code":
        return []
    # An ASCII code is its own look, so only codes with other characters can look like another one: the
    # common file (all ASCII) costs one query.
    unusual = con.execute(f"SELECT _row, {q(column)} FROM {item.table} WHERE strlen({q(column)}) <> "
                          f"length({q(column)}) ORDER BY _row").fetchall()
    if not unusual:
        return []
    looks = {identifiers.skeleton(code): code for (code,) in con.execute(
        f"SELECT DISTINCT {q(column)} FROM {item.kind.name} UNION SELECT DISTINCT {q(column)} FROM {item.table} "
        f"WHERE strlen({q(column)}) = length({q(column)})").fetchall()}
    issues = []
    for row, code in unusual:
        twin = looks.setdefault(identifiers.skeleton(code), code)
        if twin != code:
            issues.append(error(f"'{code}' looks exactly like '{twin}' but is made of other characters; use "
                                f"'{twin}' if it is the same {column}", row, column, code))
    return issues


def _names(columns: tuple[str, ...]) -> str:
    return columns[0] if len(columns) == 1 else ", ".join(columns[:-1]) + " and " + columns[-1]


def _repeated(con, table: str, columns: tuple[str, ...], message: str) -> list[Issue]:
    """An error on each row that repeats an earlier row's values in `columns`, naming the earlier row."""
    cols = ", ".join(q(c) for c in columns)
    all_set = " AND ".join(f"{q(c)} IS NOT NULL" for c in columns)
    rows = con.execute(
        f"""SELECT _row, first, {cols} FROM (
                SELECT _row, min(_row) OVER (PARTITION BY {cols}) AS first, {cols} FROM {table} WHERE {all_set})
            WHERE _row > first ORDER BY _row""").fetchall()
    return [error(message.format(first=first, **dict(zip(columns, map(str, values)))), row, columns[-1])
            for row, first, *values in rows]


def _missing_references(con, item: _Prepared, column_name: str, batch: list[_Prepared]) -> list[Issue]:
    column = item.kind.column(column_name)
    target = KINDS[column.references]
    key = q(target.key[0])
    known = [f"SELECT {key} AS k FROM {target.name}"]
    known += [f"SELECT {key} FROM {other.table}" for other in batch if other.kind is target and other.table]
    values = f"unnest({q(column.name)})" if column.type == "list" else q(column.name)
    rows = con.execute(
        f"""SELECT _row, v FROM (SELECT _row, {values} AS v FROM {item.table})
            WHERE v IS NOT NULL AND v NOT IN ({' UNION ALL '.join(known)}) ORDER BY _row""").fetchall()
    where = "not stored" if column.reference_is_warning else "neither stored nor in this upload"
    make = warning if column.reference_is_warning else error
    return [make(f"'{v}' is not in the {target.title.lower()} ({where})", row, column.name, v) for row, v in rows]


def _apply(con, pending: list[_Prepared], dry_run: bool, uploaded_by: str, is_sample: bool, say: Progress) -> None:
    """Write every file's new and changed rows as new versions in one transaction; when only checking, work out
    what would change (counts, changes, warnings) and write nothing."""
    if dry_run:
        for item in pending:
            _write(con, item, None, None, None, uploaded_by, is_sample)
        return
    con.execute("BEGIN TRANSACTION")
    try:
        first_id = con.execute("SELECT COALESCE(max(id), 0) + 1 FROM uploads").fetchone()[0]
        now = utc_now()
        for offset, item in enumerate(pending):
            say(f"writing {item.report.file_name}")
            _write(con, item, first_id + offset, first_id, now, uploaded_by, is_sample)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


MAX_CHANGES = 500  # per file, in the report (the counts cover every row)
RENAMES_TO_WARN = 3
RENAMES_WARNING = "CHECK THIS FILE"


def _changes(con, item: _Prepared, diff: str, columns: list[str]) -> list[dict]:
    """What each replaced row changes, column by column: {row, key, column, old, new} as text."""
    if not columns:
        return []
    key = " || ' / ' || ".join(f"CAST({q(k)} AS VARCHAR)" for k in item.kind.key)
    parts = [f"""SELECT _row, {key} AS key, '{c}' AS col, CAST({q('_stored_' + c)} AS VARCHAR) AS old,
                        CAST({q(c)} AS VARCHAR) AS new
                 FROM {diff} WHERE existed AND NOT same AND {q(c)} IS DISTINCT FROM {q('_stored_' + c)}"""
             for c in columns]
    rows = con.execute(f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY _row, col LIMIT {MAX_CHANGES}"
                       ).fetchall()
    return [{"row": r, "key": k, "column": c, "old": old, "new": new} for r, k, c, old, new in rows]


def _renaming_warning(kind: Kind, changes: list[dict]) -> list[Issue]:
    """A loud warning when a file renames several registered entries (a survey export taken for the register
    would replace organisations' names with respondents')."""
    renamed = [c for c in changes if c["column"] == "name"]
    if len(renamed) < RENAMES_TO_WARN:
        return []
    examples = "; ".join(f"{c['key']}: '{c['old']}' becomes '{c['new']}'" for c in renamed[:3])
    return [warning(f"{RENAMES_WARNING}: it renames {len(renamed)} of the stored {kind.title.lower()} ({examples}). Is it "
                    "really the register, and not a list of people or of something else?")]


def _write(con, item: _Prepared, upload_id: int, batch_id: int, now, uploaded_by: str, is_sample: bool) -> None:
    kind, report, table = item.kind, item.report, item.table
    cols = ", ".join(q(c) for c in kind.names)
    on = " AND ".join(f"s.{q(k)} = c.{q(k)}" for k in kind.key)
    # A column the file does not have keeps its stored value: a file of org_id and ward corrects wards only.
    # The version records which columns it supplies (all of them for a new row), so undo works column by column.
    merged = [f"s.{q(c)}" if c in item.positions else f"CASE WHEN c._present THEN c.{q(c)} ELSE s.{q(c)} END"
              for c in kind.names]
    same = " AND ".join(f"{q(c)} IS NOT DISTINCT FROM {q('_stored_' + c)}" for c in kind.names)
    supplied = [c for c in kind.names if c in item.positions or c in kind.key]
    file_columns = "[" + ", ".join(f"'{c}'" for c in supplied) + "]::VARCHAR[]"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {table}_diff AS
        WITH joined AS (
            SELECT s._row, {', '.join(f'{m} AS {q(c)}' for m, c in zip(merged, kind.names))},
                   c._present IS NOT NULL AS existed, {', '.join(f'c.{q(c)} AS {q("_stored_" + c)}' for c in kind.names)}
            FROM {table} s LEFT JOIN (SELECT *, true AS _present FROM {kind.name}) c ON {on})
        SELECT * EXCLUDE (existed), existed, COALESCE(existed AND {same}, false) AS same FROM joined""")
    report.added, report.replaced, report.unchanged = con.execute(
        f"SELECT count(*) FILTER (NOT existed), count(*) FILTER (existed AND NOT same), count(*) FILTER (same) "
        f"FROM {table}_diff").fetchone()
    report.changes = _changes(con, item, f"{table}_diff", [c for c in supplied if c not in kind.key])
    report.issues += _renaming_warning(kind, report.changes)
    if upload_id is None:  # only checking
        return
    warnings = [i.as_dict() for i in report.warnings]
    con.execute(
        "INSERT INTO uploads (id, batch_id, kind, file_name, sha256, rows_added, rows_replaced, rows_unchanged, "
        "warnings, warning_report, uploaded_by, uploaded_at, is_sample, mapping) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [upload_id, batch_id, kind.name, report.file_name, report.sha256, report.added, report.replaced,
         report.unchanged, len(warnings), json.dumps(warnings), uploaded_by, now, is_sample, item.mapping])
    own = ", ".join(q(c) if c in supplied else f"CASE WHEN existed THEN NULL ELSE {q(c)} END" for c in kind.names)
    con.execute(f"INSERT INTO {versions_table(kind)} (upload_id, source_row, supplied, {cols}) "
                f"SELECT ?, _row, CASE WHEN existed THEN {file_columns} END, {own} "  # NULL: a new row, every column
                f"FROM {table}_diff WHERE NOT same", [upload_id])
    report.upload_id = upload_id
