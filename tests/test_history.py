"""history.py: undo restores exactly the state before an upload; status and the upload list."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from disparities import history
from disparities.bootstrap import load_sample
from disparities.history import UndoRefused, undo
from disparities.ingest import UploadFile, ingest
from disparities.kinds import KINDS
from disparities.store import connect

REPLACING_ORGS = """\
org_id,name,ward,staff
ORG-001,Alpha renamed,Shadwell,9
ORG-004,Delta Carers,Poplar,2
"""


@pytest.fixture(scope="module")
def _sample_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "store.duckdb"
    assert load_sample(path).status == "applied"
    return path


@pytest.fixture
def sample_store(_sample_original: Path, db: Path) -> Path:
    shutil.copyfile(_sample_original, db)
    return db


def current(dumped: dict) -> dict:
    """Every kind's current rows, without the uploads table (undo marks uploads, so that changes)."""
    return {kind: rows for kind, rows in dumped.items() if kind != "uploads"}


def test_undo_restores_exactly_the_previous_state(store_with_orgs: Path, load, dump_all) -> None:
    load(("assessment.csv", "org_id,assessed_on,disparity,rank\nORG-001,2021-03-15,diabetes,1\n"))
    before = dump_all(store_with_orgs)
    result = load(("orgs-v2.csv", REPLACING_ORGS), ("assessment-v2.csv",
                  "org_id,assessed_on,disparity,rank\nORG-004,2021-03-15,cancer,1\nORG-001,2021-03-15,diabetes,2\n"))
    assert result.status == "applied"
    changed = dump_all(store_with_orgs)
    assert current(changed) != current(before)

    report = undo(store_with_orgs, result.files[0].upload_id, undone_by="tests")

    assert current(dump_all(store_with_orgs)) == current(before)
    assert [u["file_name"] for u in report["undone"]] == ["orgs-v2.csv", "assessment-v2.csv"]  # the whole batch
    assert report["rows_before"]["organisations"] == 4 and report["rows_after"]["organisations"] == 3


def test_undo_keeps_every_version(store_with_orgs: Path, load) -> None:
    with connect(store_with_orgs) as con:
        stored = con.execute("SELECT count(*) FROM organisations_versions").fetchone()[0]
    result = load(("orgs-v2.csv", REPLACING_ORGS))
    undo(store_with_orgs, result.files[0].upload_id, undone_by="tests")
    with connect(store_with_orgs) as con:
        assert con.execute("SELECT count(*) FROM organisations_versions").fetchone()[0] == stored + 2
        assert con.execute("SELECT undone_by, undone_at IS NOT NULL FROM uploads WHERE id = 3").fetchone() == (
            "tests", True)


def test_undo_an_older_upload_keeps_a_newer_one(store_with_orgs: Path, load) -> None:
    first = load(("v2.csv", "org_id,name\nORG-001,Alpha v2\n"))
    load(("v3.csv", "org_id,name\nORG-001,Alpha v3\nORG-002,Beta v3\n"))
    undo(store_with_orgs, first.files[0].upload_id, undone_by="tests")
    with connect(store_with_orgs) as con:
        assert con.execute("SELECT org_id, name FROM organisations WHERE org_id IN ('ORG-001', 'ORG-002') "
                           "ORDER BY org_id").fetchall() == [("ORG-001", "Alpha v3"), ("ORG-002", "Beta v3")]


@pytest.mark.parametrize("upload_id, message", [(99, "There is no upload #99."), (0, "There is no upload #0.")])
def test_undo_of_an_unknown_upload_is_refused(store_with_orgs: Path, dump_all, upload_id: int, message: str) -> None:
    before = dump_all(store_with_orgs)
    with pytest.raises(UndoRefused, match=message):
        undo(store_with_orgs, upload_id, undone_by="tests")
    assert dump_all(store_with_orgs) == before


def test_a_second_undo_is_refused(store_with_orgs: Path, dump_all) -> None:
    undo(store_with_orgs, 1, undone_by="tests")
    after_first = dump_all(store_with_orgs)
    with pytest.raises(UndoRefused, match=r"Upload #1 \(organisations.csv\) was already undone on \d{4}-\d\d-\d\d"):
        undo(store_with_orgs, 1, undone_by="tests")
    with pytest.raises(UndoRefused, match="already undone"):
        undo(store_with_orgs, 2, undone_by="tests")  # undone with #1: the same batch
    assert dump_all(store_with_orgs) == after_first


def test_sample_undo_removes_every_sample_row(sample_store: Path) -> None:
    with connect(sample_store) as con:
        status = history.status(con)
    assert status.sample_data and status.rows["organisations"] == 30
    undo(sample_store, 1, undone_by="tests")
    with connect(sample_store) as con:
        status = history.status(con)
        assert history.sample_rows(con) == 0
    assert status.rows == {name: 0 for name in KINDS}
    assert (status.sample_data, status.uploads, status.last_upload) == (False, 0, None)


def test_sample_undo_keeps_the_officers_own_rows(sample_store: Path) -> None:
    ingest(sample_store, [UploadFile("mine.csv", b"org_id,name\nORG-100,Our own group\n")])
    undo(sample_store, 1, undone_by="tests")
    with connect(sample_store) as con:
        assert con.execute("SELECT org_id, name FROM organisations ORDER BY org_id").fetchall() == [
            ("ORG-100", "Our own group")]
        assert history.status(con).sample_data is False


def test_sample_undo_after_renaming_a_sample_group_names_the_rename(tmp_path: Path, sample_store: Path) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_store, store)
    ingest(store, [UploadFile("mine.csv", b"org_id,name\nORG-001,Renamed\n")])
    with pytest.raises(history.UndoNeedsDependents, match="mine.csv"):  # else a half-empty ORG-001 would stay
        undo(store, 1, undone_by="tests")


def test_status_shape(store_with_orgs: Path) -> None:
    with connect(store_with_orgs) as con:
        status = history.status(con).as_dict()
    assert set(status) == {"rows", "uploads", "last_upload", "sample_data"}
    assert status["rows"] == {**{name: 0 for name in KINDS}, "organisations": 3, "indicators": 2}
    assert list(status["rows"]) == list(KINDS)
    assert status["uploads"] == 2
    assert isinstance(status["last_upload"], str)
    assert status["last_upload"].endswith(" UTC") and len(status["last_upload"]) == len("2021-07-14 10:00:00 UTC")
    assert status["sample_data"] is False


def test_status_of_an_empty_store(db: Path) -> None:
    with connect(db) as con:
        assert history.status(con).as_dict() == {
            "rows": {name: 0 for name in KINDS}, "uploads": 0, "last_upload": None, "sample_data": False}


def test_uploads_oldest_first(store_with_orgs: Path, load) -> None:
    load(("orgs-v2.csv", REPLACING_ORGS))
    undo(store_with_orgs, 3, undone_by="tests")
    with connect(store_with_orgs) as con:
        table = history.uploads(con)
        assert history.status(con).uploads == 2  # the undone upload no longer counts
    assert list(table["id"]) == [1, 2, 3]
    assert list(table["file_name"]) == ["organisations.csv", "indicators.csv", "orgs-v2.csv"]
    assert list(table["rows_added"]) == [3, 2, 1] and list(table["rows_replaced"]) == [0, 0, 1]
    assert table["undone_at"].isna().tolist() == [True, True, False]


# ---- exact undo, column by column; undo that later uploads depend on --------------------------------------

def _org(db, org_id):
    with connect(db, read_only=True) as con:
        return con.execute("SELECT name, ward, beneficiaries_per_year FROM organisations WHERE org_id = ?",
                           [org_id]).fetchone()


def test_undo_is_exact_after_a_later_file_that_supplied_only_some_columns(store_with_orgs, load):
    before = _org(store_with_orgs, "ORG-001")
    a = load(("a.csv", "org_id,name,ward,beneficiaries_per_year\nORG-001,Alpha Wellbeing Group,Poplar,999\n"))
    b = load(("b.csv", "org_id,name\nORG-001,Alpha Renamed\n"))
    assert _org(store_with_orgs, "ORG-001") == ("Alpha Renamed", "Poplar", 999)
    history.undo(store_with_orgs, a.files[0].upload_id, undone_by="tests")
    assert _org(store_with_orgs, "ORG-001") == ("Alpha Renamed", *before[1:])  # A's ward and figure are gone
    history.undo(store_with_orgs, b.files[0].upload_id, undone_by="tests")
    assert _org(store_with_orgs, "ORG-001") == before


def test_undo_that_later_uploads_depend_on_is_refused_naming_them_or_done_together(store_with_orgs, load, counts):
    added = load(("new.csv", "org_id,name\nORG-009,Nine\n"))
    later = load(("assess.csv", "org_id,assessed_on,disparity,rank\nORG-009,2021-03-15,diabetes,1\n"))
    with pytest.raises(history.UndoNeedsDependents) as refused:
        history.undo(store_with_orgs, added.files[0].upload_id, undone_by="tests")
    assert refused.value.dependents == [(later.files[0].upload_id, "assess.csv")]
    assert "assess.csv" in str(refused.value) and counts(store_with_orgs)["organisations"] == 4  # nothing undone
    done = history.undo(store_with_orgs, added.files[0].upload_id, undone_by="tests", with_dependents=True)
    assert [f["file_name"] for f in done["undone"]] == ["new.csv", "assess.csv"]
    assert counts(store_with_orgs)["organisations"] == 3 and counts(store_with_orgs)["assessment"] == 0


def test_a_schema_1_store_is_migrated_and_keeps_its_rows(tmp_path):
    """A store written before versions recorded their columns: its versions count as whole rows."""
    import duckdb
    from disparities import store as store_module
    from disparities.models import versions_table
    path = tmp_path / "old.duckdb"
    with connect(path) as con:
        con.execute("DELETE FROM schema_info")
        con.execute("INSERT INTO schema_info VALUES (1, now()::TIMESTAMP)")
        for kind in store_module.KINDS.values():
            con.execute(f"ALTER TABLE {versions_table(kind)} DROP COLUMN supplied")
        con.execute("ALTER TABLE uploads DROP COLUMN mapping")
        con.execute("DROP TABLE mappings")
        con.execute("INSERT INTO uploads VALUES (1, 1, 'organisations', 'old.csv', 'x', 1, 0, 0, 0, '[]', 'tests', "
                    "now()::TIMESTAMP, false, NULL, NULL)")
        con.execute("INSERT INTO organisations_versions (upload_id, source_row, org_id, name, ward) "
                    "VALUES (1, 2, 'ORG-001', 'Old', 'Poplar')")
    with duckdb.connect(str(path)) as raw_con:  # as schema 1 left it
        assert "supplied" not in [c[0] for c in raw_con.execute("DESCRIBE organisations_versions").fetchall()]
    with connect(path) as con:
        assert con.execute("SELECT max(version) FROM schema_info").fetchone()[0] == store_module.SCHEMA_VERSION
        assert con.execute("SELECT name, ward FROM organisations").fetchall() == [("Old", "Poplar")]


def test_undoing_the_upload_that_added_a_row_a_later_file_corrected_in_part_asks_to_undo_both(store_with_orgs,
                                                                                                load, counts):
    added = load(("a.csv", "org_id,name,ward,beneficiaries_per_year\nORG-951,Orig 951,Poplar,40\n"))
    renamed = load(("b.csv", "org_id,name\nORG-951,Renamed 951\n"))
    with pytest.raises(history.UndoNeedsDependents) as refused:
        history.undo(store_with_orgs, added.files[0].upload_id, undone_by="tests")
    assert refused.value.dependents == [(renamed.files[0].upload_id, "b.csv")]
    history.undo(store_with_orgs, added.files[0].upload_id, undone_by="tests", with_dependents=True)
    assert counts(store_with_orgs)["organisations"] == 3  # no half-empty ORG-951 left behind
