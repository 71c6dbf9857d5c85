"""The one way to reach the DuckDB store: open it, create or migrate the schema, run transactions.

Connections are short-lived on purpose. DuckDB lets one process hold a file
read-write, so the dashboard opens, reads and closes, and the command line can
write in between; whoever finds the file busy waits a bounded time and then
says so clearly (StoreBusy).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from disparities.kinds import KINDS, Kind
from disparities.kinds import SCHEMA_VERSION, versions_table
from disparities.validate import q


class StoreBusy(Exception):
    """Another process holds the store file for writing."""


class StoreError(Exception):
    """The store file cannot be used (missing, newer release, not a DuckDB file)."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return ("lock" in text or "conflicting" in text or "being used by another" in text
            # the same process (the app's server) holds the file with the other read-only setting
            or "different configuration" in text)


# One writer at a time within this process (two browser tabs uploading at once): the second waits.
# Between processes, DuckDB's own file lock does the same.
_WRITE_LOCK = threading.Lock()


def _open(path: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"Cannot open the data store {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"The data store {path.name} is busy: another program (perhaps an upload from the command "
                    f"line or another browser tab) is writing to it. Waited {timeout:g} s; try again in a moment."
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


# (store, data_version) pairs whose schema a read-only open found current: a page's reads open the file
# several times, and the two schema queries cost as much as a small page query.
_CURRENT_SCHEMA: set[tuple[str, tuple]] = set()


@contextlib.contextmanager
def connect(path: Path, *, read_only: bool = False, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; the schema is created or migrated when opened for writing."""
    from .config import busy_timeout_seconds

    if read_only and not path.exists():
        raise StoreError(f"There is no data store at {path} yet; run `python -m disparities init`.")
    path.parent.mkdir(parents=True, exist_ok=True)
    timeout = busy_timeout_seconds() if timeout is None else timeout
    with _writer_turn(read_only, timeout, path):
        if read_only:
            _yield_to_writers(path, timeout)
            version = data_version(path)
            con = _open(path, read_only, timeout)
            try:
                # also refuses a store with no schema, or a newer one; once per version of the file
                older = (str(path), version) not in _CURRENT_SCHEMA and _older_schema(con)
            except BaseException:
                con.close()
                raise
            if not older:
                _CURRENT_SCHEMA.add((str(path), version))
            if older:  # made by an earlier release: migrate it once, then read
                con.close()
                with connect(path, timeout=timeout):
                    pass
                con = _open(path, read_only, timeout)
        else:
            with _intent_to_write(path):
                con = _open(path, read_only, timeout)
        try:
            if not read_only:
                ensure_schema(con)
            yield con
        finally:
            con.close()


# ---- writers get in: a writer waiting for the file leaves a marker, and new readers wait while one is there.
# Without it, a few programs opening short read-only connections in a loop keep the file locked nearly all the
# time, and a writer that retries never finds the gap.

INTENT_SUFFIX = ".writing"
STALE_INTENT_SECONDS = 600.0


def _intent_markers(path: Path) -> list[Path]:
    return list(path.parent.glob(path.name + INTENT_SUFFIX + ".*"))


@contextlib.contextmanager
def _intent_to_write(path: Path) -> Iterator[None]:
    marker = Path(f"{path}{INTENT_SUFFIX}.{os.getpid()}.{threading.get_ident()}")
    try:
        marker.touch()
    except OSError:  # a read-only folder: no marker, the writer only retries
        yield
        return
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def _live(marker: Path) -> bool:
    """A marker of a writer still waiting: its process alive and the marker not abandoned long ago."""
    try:
        pid = int(marker.name.rsplit(INTENT_SUFFIX + ".", 1)[1].split(".")[0])
        if time.time() - marker.stat().st_mtime > STALE_INTENT_SECONDS:
            return False
        os.kill(pid, 0)
    except (ValueError, IndexError, OSError):
        return False
    return True


def _yield_to_writers(path: Path, timeout: float) -> None:
    """Wait (at most `timeout`) while a writer is waiting for the file, so that it gets its turn."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_live(m) for m in _intent_markers(path)):
        time.sleep(0.05)


@contextlib.contextmanager
def _writer_turn(read_only: bool, timeout: float, path: Path) -> Iterator[None]:
    if read_only:
        yield
        return
    if not _WRITE_LOCK.acquire(timeout=timeout):
        raise StoreBusy(f"The data store {path.name} is busy: another upload (perhaps from another browser tab) "
                        f"is being written. Waited {timeout:g} s; try again in a moment.")
    try:
        yield
    finally:
        _WRITE_LOCK.release()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends normally, roll back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _older_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Made by an earlier release: an older schema version, or a kind added since (its table is missing)."""
    return check_version(con) < SCHEMA_VERSION or _missing_kinds(con)


def _missing_kinds(con: duckdb.DuckDBPyConnection) -> bool:
    names = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_catalog = current_database()").fetchall()}
    return any(kind.name not in names or versions_table(kind) not in names for kind in KINDS.values())


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_info' "
                         "AND table_catalog = current_database()").fetchone()[0]
    if not exists:
        return None
    return con.execute("SELECT max(version) FROM schema_info").fetchone()[0]


def check_version(con: duckdb.DuckDBPyConnection) -> int:
    version = stored_version(con)
    if version is None:
        raise StoreError("The data store has no schema yet; run `python -m disparities init`.")
    if version > SCHEMA_VERSION:
        raise StoreError(f"The data store was made by a newer release (schema {version}; this one knows "
                         f"{SCHEMA_VERSION}). Upgrade the dashboard before using it.")
    return version


# Each entry migrates a store from version N-1 to N; version 1 is the first schema.
MIGRATIONS: dict[int, list[str]] = {
    # Versions written before 2 hold whole rows (absent columns were copied in), so NULL means "all columns".
    2: [f"ALTER TABLE {versions_table(kind)} ADD COLUMN IF NOT EXISTS supplied VARCHAR[]" for kind in KINDS.values()],
    3: ["ALTER TABLE uploads ADD COLUMN IF NOT EXISTS mapping VARCHAR",
        "CREATE TABLE IF NOT EXISTS mappings (signature VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
        "kind VARCHAR NOT NULL, tool VARCHAR, definition VARCHAR NOT NULL, saved_by VARCHAR NOT NULL, "
        "saved_at TIMESTAMP NOT NULL)"],
    4: ["ALTER TABLE organisations_versions ADD COLUMN IF NOT EXISTS consent_to_name BOOLEAN"],
}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables on first use; apply pending migrations; (re)create the current-state views."""
    version = stored_version(con)
    if version == SCHEMA_VERSION and not _missing_kinds(con):
        return
    check_version(con) if version is not None else None
    with transaction(con):
        if version is None or _missing_kinds(con):  # a new store, or kinds added since: no migration needed
            from disparities.models import create_statements  # SQLModel only when tables are made
            for statement in create_statements():  # CREATE ... IF NOT EXISTS: what exists is left alone
                con.execute(statement)
        if version is None:
            version = SCHEMA_VERSION
            con.execute("INSERT INTO schema_info VALUES (?, ?)", [version, utc_now()])
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS.get(target, []):
                con.execute(statement)
            con.execute("INSERT INTO schema_info VALUES (?, ?)", [target, utc_now()])
        for kind in KINDS.values():
            con.execute(current_view_sql(kind))


def current_view_sql(kind: Kind) -> str:
    """The current state of a kind, column by column: for each key and column, the value of the newest version
    (from an upload that is not undone) whose file supplied that column. So undoing an upload restores exactly
    what was there before it, even when a later file supplied only some of the columns. `upload_id` is the
    newest live upload that touched the row."""
    key = ", ".join(f"v.{q(k)}" for k in kind.key)
    columns = [f"v.{q(c)}" if c in kind.key else
               f"arg_max_null(v.{q(c)}, v.upload_id) FILTER (v.supplied IS NULL OR list_contains(v.supplied, "
               f"'{c}')) AS {q(c)}" for c in kind.names]
    return f"""CREATE OR REPLACE VIEW {kind.name} AS
        SELECT {', '.join(columns)}, max(v.upload_id) AS upload_id
        FROM {versions_table(kind)} v JOIN uploads u ON u.id = v.upload_id AND u.undone_at IS NULL
        GROUP BY {key}"""


def data_version(path: Path) -> tuple:
    """Changes whenever the store file changes: a cheap cache key that needs no connection."""
    stamps = []
    for candidate in (path, Path(str(path) + ".wal")):
        try:
            info = os.stat(candidate)
            stamps.append((info.st_mtime_ns, info.st_size))
        except FileNotFoundError:
            stamps.append(None)
    return tuple(stamps)
