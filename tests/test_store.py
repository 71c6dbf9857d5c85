"""store.py: schema on first use, schema versions, a busy store, transactions, data_version."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from disparities import store
from disparities.kinds import KINDS
from disparities.models import SCHEMA_VERSION
from disparities.store import StoreBusy, StoreError, connect


def tables(con) -> set[str]:
    return {row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()}


def test_schema_is_created_on_first_use(db: Path) -> None:
    assert not db.exists()
    with connect(db) as con:
        found = tables(con)
        assert con.execute("SELECT version FROM schema_info").fetchall() == [(SCHEMA_VERSION,)]
    assert db.exists()
    assert {"uploads", "schema_info"} <= found
    assert {f"{name}_versions" for name in KINDS} <= found
    assert set(KINDS) <= found  # the current-state views


def test_opening_again_keeps_one_schema_record(db: Path) -> None:
    for _ in range(2):
        with connect(db):
            pass
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM schema_info").fetchone()[0] == 1


@pytest.mark.parametrize("read_only", [False, True])
def test_a_store_from_a_newer_release_is_refused(db: Path, read_only: bool) -> None:
    with connect(db) as con:
        con.execute("INSERT INTO schema_info VALUES (?, now())", [SCHEMA_VERSION + 1])
    with pytest.raises(StoreError, match=f"newer release \\(schema {SCHEMA_VERSION + 1}; this one knows {SCHEMA_VERSION}\\)"):
        with connect(db, read_only=read_only):
            pass


def test_read_only_needs_an_existing_store(db: Path) -> None:
    with pytest.raises(StoreError, match="no data store"):
        with connect(db, read_only=True):
            pass
    assert not db.exists()


def test_read_only_needs_a_schema(db: Path) -> None:
    duckdb.connect(str(db)).close()  # a DuckDB file, but not ours
    with pytest.raises(StoreError, match="no schema yet"):
        with connect(db, read_only=True):
            pass


@pytest.mark.parametrize("content", [b"", b"hello, this is not a database\n" * 200])
def test_a_file_that_is_not_a_store(db: Path, content: bytes) -> None:
    db.write_bytes(content)
    with pytest.raises(StoreError, match="Cannot open the data store"):
        with connect(db):
            pass


def test_store_busy_after_a_bounded_wait(db: Path) -> None:
    with connect(db):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(5)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        for read_only in (False, True):
            started = time.monotonic()
            with pytest.raises(StoreBusy, match="is busy: another program") as busy:
                with connect(db, read_only=read_only, timeout=0.5):
                    pass
            waited = time.monotonic() - started
            assert 0.5 <= waited < 3, waited
            assert "Waited 0.5 s" in str(busy.value)
    finally:
        holder.kill()
        holder.wait()
    with connect(db, timeout=5):  # free again
        pass


def test_transaction_rolls_back_on_error(db: Path) -> None:
    with connect(db) as con:
        with pytest.raises(ZeroDivisionError):
            with store.transaction(con):
                con.execute("INSERT INTO schema_info VALUES (42, now())")
                1 / 0
        assert con.execute("SELECT max(version) FROM schema_info").fetchone()[0] == SCHEMA_VERSION
        with store.transaction(con):
            con.execute("DELETE FROM schema_info WHERE version = 42")


def test_data_version_changes_after_an_ingest(db: Path, load) -> None:
    assert store.data_version(db) == (None, None)
    with connect(db):
        pass
    empty = store.data_version(db)
    assert empty[0] is not None
    time.sleep(0.01)
    load(("orgs.csv", "org_id,name\nORG-1,A\n"))
    loaded = store.data_version(db)
    assert loaded != empty
    with connect(db, read_only=True) as con:  # reading changes nothing
        con.execute("SELECT * FROM organisations").fetchall()
    assert store.data_version(db) == loaded


def test_current_view_shows_the_newest_version_of_each_key(db: Path, load) -> None:
    load(("v1.csv", "org_id,name\nORG-1,first\nORG-2,only\n"))
    load(("v2.csv", "org_id,name\nORG-1,second\n"))
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT org_id, name, upload_id FROM organisations ORDER BY org_id").fetchall() == [
            ("ORG-1", "second", 2), ("ORG-2", "only", 1)]


def test_reads_in_the_same_process_wait_for_a_write_then_succeed(tmp_path):
    """The app's server reads read-only while a tab's upload writes: the read waits instead of failing."""
    import threading
    import time as clock

    from disparities.store import connect
    db = tmp_path / "s.duckdb"
    with connect(db):
        pass
    results = []

    def read_later():
        with connect(db, read_only=True, timeout=5) as con:
            results.append(con.execute("SELECT count(*) FROM uploads").fetchone()[0])

    with connect(db) as con:
        reader = threading.Thread(target=read_later)
        reader.start()
        clock.sleep(0.3)
        assert results == []  # still waiting while the writer holds the file
        con.execute("SELECT 1")
    reader.join(timeout=10)
    assert results == [0]


def test_two_writers_in_one_process_take_turns_or_are_told_busy(tmp_path):
    import threading

    from disparities.store import StoreBusy, connect
    db = tmp_path / "s.duckdb"
    outcome = []

    def second_writer():
        try:
            with connect(db, timeout=0.2):
                outcome.append("wrote")
        except StoreBusy as busy:
            outcome.append(str(busy))

    with connect(db):
        other = threading.Thread(target=second_writer)
        other.start()
        other.join(timeout=10)
    assert len(outcome) == 1 and "another upload" in outcome[0]


def test_a_kind_added_after_the_store_was_made_needs_no_migration(sample_store, tmp_path, run_page):
    """A store built before a kind existed (here: population, its table and view removed) opens, and the
    kind's table and view are created on first use, with no schema version or migration for it."""
    import shutil
    from disparities.models import versions_table
    from disparities.kinds import KINDS
    store = tmp_path / "older.duckdb"
    shutil.copyfile(sample_store, store)
    with connect(store) as con:
        con.execute("DROP VIEW population")
        con.execute(f"DROP TABLE {versions_table(KINDS['population'])}")
        version = con.execute("SELECT max(version) FROM schema_info").fetchone()[0]
    app = run_page(store, "pages/1_Health_disparities.py")  # the page reads population figures
    assert not app.exception
    with connect(store, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM population").fetchone()[0] == 0
        assert con.execute("SELECT max(version) FROM schema_info").fetchone()[0] == version
