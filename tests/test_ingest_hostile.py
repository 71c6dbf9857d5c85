"""Ingestion against hostile and unusual files: made the way the failures were found, each checked for a report
(never a traceback), a store left unchanged when refused, and what is stored when accepted."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from disparities import bootstrap, history, identifiers
from disparities.config import ROOT, SAMPLE_DIR
from disparities.ingest import UploadFile, ingest
from disparities.store import connect

DEEP = "org_id,returned_on,services\nORG-001,2021-08-16," + ";".join(f"item{i}" for i in range(40_000)) + "\n"
HOSTILE = {
    "cr-only.csv": b"org_id,name\rORG-101,Alpha\rORG-102,Beta\r",
    "long-cell.csv": ("org_id,name,notes\nORG-101,A," + "x" * 140_000 + "\n\nORG-102,B,\n").encode(),
    "wide.csv": (",".join(f"col{i}" for i in range(10_000)) + "\n" + ",".join("1" * 10_000) + "\n").encode(),
    "deep-list.csv": DEEP.encode(),
    "binary.csv": bytes(range(256)) * 20,
    "unclosed.csv": b'org_id,name\nORG-101,"never closed\nORG-102,B\n',
}


def _rows(db: Path, sql: str) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_hostile_file_gets_a_report_and_a_refusal_changes_nothing(name, store_with_orgs, dump_all):
    before = dump_all(store_with_orgs)
    result = ingest(store_with_orgs, [UploadFile(name, HOSTILE[name])], dry_run=False)
    report = result.files[0]
    assert result.status in ("applied", "refused", "unchanged"), result.as_dict()
    if result.status == "refused":
        assert report.errors and dump_all(store_with_orgs) == before


@pytest.mark.parametrize("name", ["cr-only.csv", "long-cell.csv", "wide.csv", "binary.csv"])
def test_the_command_line_never_shows_a_traceback(name, store_with_orgs, tmp_path):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    for dry_run in ([], ["--dry-run"]):
        done = subprocess.run([sys.executable, "-m", "disparities", "--db", str(store_with_orgs), "ingest",
                               *dry_run, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr + done.stdout, done.stderr


def test_old_mac_line_endings_are_read_like_any_other(store_with_orgs):
    result = ingest(store_with_orgs, [UploadFile("cr.csv", HOSTILE["cr-only.csv"])])
    assert result.status == "applied" and result.files[0].added == 2


def test_a_cell_longer_than_the_csv_modules_limit_is_read(store_with_orgs):
    result = ingest(store_with_orgs, [UploadFile("long.csv", HOSTILE["long-cell.csv"])], dry_run=True)
    assert result.status == "checked" and result.files[0].rows == 2


def test_a_file_wider_than_the_limit_is_refused_before_any_work(store_with_orgs):
    report = ingest(store_with_orgs, [UploadFile("wide.csv", HOSTILE["wide.csv"])]).files[0]
    assert "10,000 columns; at most 500" in report.errors[0].message


def test_the_whole_header_is_read_however_long(store_with_orgs):
    padding = [f"unused column number {i:03d} " + "with a very long title " * 6 for i in range(450)]
    header = ",".join(["org_id", *padding, "name"])
    assert len(header) > 65_536 and len(padding) + 2 <= 500  # beyond the old 64 KB cut, within the limit
    row = "ORG-101" + "," * (len(padding) + 1) + "Long-header Group"
    result = ingest(store_with_orgs, [UploadFile("long-header.csv", f"{header}\n{row}\n".encode(), "organisations")])
    assert result.status == "applied", result.as_dict()
    assert _rows(store_with_orgs, "SELECT name FROM organisations WHERE org_id = 'ORG-101'") == [("Long-header Group",)]


def test_a_deep_list_is_mapped_once_per_item_and_reported_briefly(store_with_orgs):
    ingest(store_with_orgs, [UploadFile("t.csv", b"org_id,returned_on\nORG-001,2021-08-01\n")])
    report = ingest(store_with_orgs, [UploadFile("deep.csv", DEEP.encode())], dry_run=True).files[0]
    [said] = [w.message for w in report.warnings if w.column == "services"]
    assert "and 39,990 more not a known service" in said and len(said) < 400


# ---- identifiers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["\ufeffORG-001", "ORG\u200b-001", "  org-001\u2060 ", "ORG-001\u00ad"])
def test_invisible_characters_do_not_make_a_new_organisation(written, store_with_orgs):
    report = ingest(store_with_orgs, [UploadFile("o.csv", f"org_id,name\n{written},Alpha again\n".encode())]).files[0]
    assert (report.added, report.replaced) == (0, 1)
    assert _rows(store_with_orgs, "SELECT count(*) FROM organisations") == [(3,)]


def test_composed_and_decomposed_accents_are_one_id(store_with_orgs):
    text = "org_id,name\nORG-CAFÉ,Composed\nORG-CAFE\u0301,Decomposed\n"
    report = ingest(store_with_orgs, [UploadFile("o.csv", text.encode())]).files[0]
    assert [e.message for e in report.errors] == ["the same org_id as row 2; each may appear once"]


def test_a_look_alike_of_a_stored_id_is_refused_naming_it(store_with_orgs, dump_all):
    ingest(store_with_orgs, [UploadFile("o.csv", b"org_id,name\nEPO-001,Latin letters\n")])
    before = dump_all(store_with_orgs)
    cyrillic = "\u0415\u0420\u041e-001"  # Е Р О: Cyrillic letters only, so no mixing within the id
    report = ingest(store_with_orgs, [UploadFile("o.csv", f"org_id,name\n{cyrillic},Fake\n".encode())]).files[0]
    assert any("looks exactly like 'EPO-001'" in e.message for e in report.errors), report.errors
    mixed = ingest(store_with_orgs, [UploadFile("o.csv", "org_id,name\n\u041eRG-001,Fake\n".encode())]).files[0]
    assert "mixes alphabets (Cyrillic, Latin)" in mixed.errors[0].message
    assert dump_all(store_with_orgs) == before


def test_an_enormous_id_is_refused():
    report = ingest_in_memory("org_id,name\n" + "A" * 1_000_000 + ",Huge\n")
    assert "1,000,000 characters long; codes are at most 40" in report.errors[0].message


def ingest_in_memory(text: str):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        return ingest(Path(folder) / "s.duckdb", [UploadFile("o.csv", text.encode())], dry_run=True).files[0]


def test_skeletons_match_look_alikes_only():
    assert identifiers.look_alikes(["\u0415\u0420\u041e-001", "ORG-002"], ["EPO-001", "ORG-002"]) == {
        "\u0415\u0420\u041e-001": "EPO-001"}
    assert identifiers.normalise_code(" org\u200b-00\ufeff1 ") == "ORG-001"


# ---- encodings and numbers ------------------------------------------------------------------------------------

def test_mixed_encodings_are_read_line_by_line_and_reported(store_with_orgs):
    data = "org_id,name\nORG-101,Café UTF8\n".encode() + "ORG-102,Café 1252\n".encode("cp1252")
    report = ingest(store_with_orgs, [UploadFile("mixed.csv", data)]).files[0]
    assert any("mixes two encodings: line(s) 2 are in UTF-8" in w.message for w in report.warnings)
    assert _rows(store_with_orgs, "SELECT name FROM organisations WHERE org_id IN ('ORG-101', 'ORG-102') "
                                  "ORDER BY org_id") == [("Café UTF8",), ("Café 1252",)]


def test_continental_numbers_in_a_semicolon_file_are_read_that_way_and_said(store_with_orgs):
    text = "org_id;name;beneficiaries_per_year\nORG-101;A;1.200\nORG-102;B;350\n"
    report = ingest(store_with_orgs, [UploadFile("c.csv", text.encode())]).files[0]
    assert [w.row for w in report.warnings if "continental" in w.message] == [2]
    assert _rows(store_with_orgs, "SELECT beneficiaries_per_year FROM organisations WHERE org_id LIKE 'ORG-10_' "
                                  "ORDER BY org_id") == [(1200,), (350,)]
    decimal = "indicator_id;period_end;value\nDP-1;2021-03-31;1,5\n"
    report = ingest(store_with_orgs, [UploadFile("r.csv", decimal.encode())], dry_run=True).files[0]
    assert report.preview[0]["value"] == 1.5 and any("continental" in w.message for w in report.warnings)


# ---- what a file is, and what it changes ----------------------------------------------------------------------

def test_a_survey_export_is_not_taken_for_the_register(store_with_orgs, dump_all):
    before = dump_all(store_with_orgs)
    survey = "Timestamp,Name,Org ID,Email\n2021-08-16,Jane Smith,ORG-001,j@x.org\n2021-08-17,Joe Bloggs,ORG-002,b@x.org\n"
    report = ingest(store_with_orgs, [UploadFile("export.csv", survey.encode())]).files[0]
    assert "Could not tell what kind of file this is" in report.errors[0].message
    assert dump_all(store_with_orgs) == before


def test_the_check_lists_each_change_and_warns_when_names_change(store_with_orgs):
    text = "org_id,name,ward\nORG-001,Jane Smith,Poplar\nORG-002,John Doe,Bow East\nORG-003,Ann Lee,Poplar\n"
    report = ingest(store_with_orgs, [UploadFile("names.csv", text.encode(), "organisations")], dry_run=True).files[0]
    assert {"row": 2, "key": "ORG-001", "column": "name", "old": "Alpha Wellbeing Group", "new": "Jane Smith"} \
        in report.changes
    assert {"row": 2, "key": "ORG-001", "column": "ward", "old": "Whitechapel", "new": "Poplar"} in report.changes
    assert any(w.message.startswith("CHECK THIS FILE: it renames 3 of the stored organisations")
               for w in report.warnings)


# ---- writers get in -------------------------------------------------------------------------------------------

READER = """
import sys, time
from pathlib import Path
from disparities.store import connect
db, until = Path(sys.argv[1]), time.time() + float(sys.argv[2])
while time.time() < until:
    try:
        with connect(db, read_only=True, timeout=30) as con:
            con.execute("SELECT count(*) FROM organisations").fetchone()
            time.sleep(0.02)
    except Exception:
        pass
"""


def test_a_writer_is_not_starved_by_programs_reading_in_a_loop(store_with_orgs, tmp_path, monkeypatch):
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(store_with_orgs), "12"], cwd=ROOT)
               for _ in range(3)]
    try:
        time.sleep(2)
        monkeypatch.setenv("DISPARITIES_BUSY_TIMEOUT", "8")
        result = ingest(store_with_orgs, [UploadFile("o.csv", b"org_id,name\nORG-101,While reading\n")])
        assert result.status == "applied"
    finally:
        for reader in readers:
            reader.wait(timeout=60)


# ---- the sample, again ----------------------------------------------------------------------------------------

def test_the_sample_can_come_back_after_it_was_removed(db, counts):
    bootstrap.init_store(db)
    history.remove_sample(db, undone_by="tests")
    assert sum(counts(db).values()) == 0
    assert bootstrap.init_store(db) is not None  # no current rows: init loads the sample again
    with connect(db, read_only=True) as con:
        sample = history.sample_rows(con)
    assert sample == sum(counts(db).values()) > 0


def test_sample_files_uploaded_by_hand_are_still_sample(db, store_with_orgs):
    files = [UploadFile.from_path(path) for path in sorted(SAMPLE_DIR.glob("*.csv"))]
    ingest(store_with_orgs, files)
    with connect(store_with_orgs, read_only=True) as con:
        assert con.execute("SELECT bool_and(is_sample) FROM uploads WHERE id > 2").fetchone()[0]
    assert bootstrap.init_store(store_with_orgs, again=True) is None  # already in use


HOLDER = """
import sys, time
from pathlib import Path
from disparities.store import connect
with connect(Path(sys.argv[1]), read_only=True) as con:
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_check_reads_beside_other_readers_and_never_takes_the_write_lock(store_with_orgs, monkeypatch):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_with_orgs), "6"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"  # another program is reading the store
        monkeypatch.setenv("DISPARITIES_BUSY_TIMEOUT", "1")
        checked = ingest(store_with_orgs, [UploadFile("o.csv", b"org_id,name\nORG-101,New\n")], dry_run=True)
        assert checked.status == "checked" and checked.files[0].added == 1
    finally:
        holder.wait(timeout=60)


@pytest.mark.parametrize("written", ["ORG\u2010001", "ORG\u2212001", "\uff2f\uff32\uff27\uff0d\uff10\uff10\uff11"])
def test_dashes_minus_signs_and_full_width_letters_are_the_same_id(written, store_with_orgs):
    report = ingest(store_with_orgs, [UploadFile("o.csv", f"org_id,name\n{written},Alpha again\n".encode())]).files[0]
    assert (report.added, report.replaced) == (0, 1)


def test_an_accent_on_a_stored_id_is_a_look_alike(store_with_orgs):
    report = ingest(store_with_orgs, [UploadFile("o.csv", "org_id,name\nORG-001\u0301,Fake\n".encode())]).files[0]
    assert any("looks exactly like 'ORG-001'" in e.message for e in report.errors), report.errors
