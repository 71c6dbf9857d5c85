"""ingest.py: batches, all or nothing, keys and re-uploads, history, limits, row numbers."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from disparities.history import undo
from disparities.ingest import UploadFile, ingest
from disparities.report import Issue
from disparities.store import connect

ASSESSMENT = """\
org_id,assessed_on,disparity,rank,beneficiaries_affected
ORG-001,2021-03-15,mental health,1,120
ORG-001,2021-03-15,diabetes,2,80
ORG-002,2021-03-16,diabetes,1,40
"""

NEW_ORG = "org_id,name\nORG-999,Zeta Youth Project\n"
ASSESS_NEW_ORG = "org_id,assessed_on,disparity,rank\nORG-999,2021-04-01,obesity,1\n"


def where(issues: list[Issue]) -> list[tuple]:
    return [(i.row, i.column) for i in issues]


def versions(db: Path, kind: str) -> list[tuple]:
    with connect(db) as con:
        return con.execute(f"SELECT * FROM {kind}_versions ORDER BY upload_id, source_row").fetchall()


# ---- all or nothing ---------------------------------------------------------------------------

def test_one_bad_row_changes_nothing(store_with_orgs: Path, load, dump_all) -> None:
    before = dump_all(store_with_orgs)
    result = load(("orgs.csv", "org_id,name,staff\nORG-001,Alpha renamed,4\nORG-004,Delta,2\nORG-005,Epsilon,-1\n"))
    assert result.status == "refused"
    [report] = result.files
    assert where(report.errors) == [(4, "staff")]
    assert report.upload_id is None
    assert dump_all(store_with_orgs) == before


def test_a_batch_with_one_bad_file_refuses_every_file(store_with_orgs: Path, load, dump_all) -> None:
    before = dump_all(store_with_orgs)
    result = load(("orgs.csv", "org_id,name\nORG-004,Delta\n"),
                  ("assessment.csv", "org_id,assessed_on,disparity,rank\nORG-004,2021-03-15,gout,1\n"))
    assert result.status == "refused"
    orgs, assessment = result.files
    assert orgs.errors == [] and where(assessment.errors) == [(2, "disparity")]
    assert dump_all(store_with_orgs) == before


def test_an_unreadable_file_refuses_the_batch(store_with_orgs: Path, load, dump_all) -> None:
    before = dump_all(store_with_orgs)
    result = load(("orgs.csv", "org_id,name\nORG-004,Delta\n"), ("book.xlsx", b"PK\x03\x04" + bytes(100)))
    assert result.status == "refused"
    assert result.files[0].errors == []
    assert "not a CSV file" in result.files[1].errors[0].message
    assert dump_all(store_with_orgs) == before


# ---- keys -------------------------------------------------------------------------------------

def test_duplicate_key_in_one_file_names_both_rows(db: Path, load) -> None:
    result = load(("orgs.csv", "org_id,name\nORG-1,A\nORG-2,B\nORG-1,C\norg-2,D\n"))
    assert result.status == "refused"
    errors = result.files[0].errors
    assert where(errors) == [(4, "org_id"), (5, "org_id")]
    assert errors[0].message == "the same org_id as row 2; each may appear once"
    assert errors[1].message == "the same org_id as row 3; each may appear once"  # matched case-insensitively


def test_duplicate_composite_key(store_with_orgs: Path, load) -> None:
    text = ASSESSMENT + "ORG-001,15/03/2021,Mental Health,3,10\n"  # same key, other spellings
    [report] = load(("assessment.csv", text)).files
    assert where(report.errors) == [(5, "disparity")]
    assert report.errors[0].message == "the same org_id, assessed_on and disparity as row 2; each may appear once"


def test_rank_is_unique_within_one_assessment(store_with_orgs: Path, load) -> None:
    text = ("org_id,assessed_on,disparity,rank\n"
            "ORG-001,2021-03-15,mental health,1\n"
            "ORG-001,2021-03-15,diabetes,1\n"  # same organisation and date: clash
            "ORG-001,2021-09-15,diabetes,1\n"  # another date: fine
            "ORG-002,2021-03-15,diabetes,1\n")  # another organisation: fine
    result = load(("assessment.csv", text))
    assert result.status == "refused"
    [error] = result.files[0].errors
    assert (error.row, error.column) == (3, "rank")
    assert error.message == "two disparities of the same assessment share rank 1 (also row 2)"


def test_org_id_is_matched_case_insensitively(store_with_orgs: Path, load) -> None:
    result = load(("assessment.csv", "org_id,assessed_on,disparity,rank\norg-001,2021-03-15,mental health,1\n"))
    assert result.status == "applied", result.as_dict()
    result = load(("orgs.csv", "org_id,name\norg-002,Beta renamed\n"))
    assert (result.files[0].added, result.files[0].replaced) == (0, 1)
    with connect(store_with_orgs) as con:
        assert con.execute("SELECT org_id FROM assessment").fetchall() == [("ORG-001",)]
        assert con.execute("SELECT org_id, name FROM organisations WHERE name LIKE 'Beta%'").fetchall() == [
            ("ORG-002", "Beta renamed")]


# ---- references -------------------------------------------------------------------------------

def test_reference_to_an_unknown_org_is_an_error(store_with_orgs: Path, load, counts) -> None:
    before = counts(store_with_orgs)
    result = load(("assessment.csv", ASSESS_NEW_ORG))
    assert result.status == "refused"
    [error] = result.files[0].errors
    assert (error.row, error.column, error.value) == (2, "org_id", "ORG-999")
    assert error.message == "'ORG-999' is not in the organisations (neither stored nor in this upload)"
    assert counts(store_with_orgs) == before


@pytest.mark.parametrize("order", ["organisations first", "assessment first"])
def test_reference_to_an_org_in_the_same_batch(store_with_orgs: Path, load, counts, order: str) -> None:
    files = [("orgs.csv", NEW_ORG), ("assessment.csv", ASSESS_NEW_ORG)]
    if order == "assessment first":
        files.reverse()
    result = load(*files)
    assert result.status == "applied", result.as_dict()
    assert {f.kind: f.added for f in result.files} == {"organisations": 1, "assessment": 1}
    with connect(store_with_orgs) as con:
        recorded = con.execute("SELECT id, batch_id, kind FROM uploads WHERE id > 2 ORDER BY id").fetchall()
    assert recorded == [(3, 3, "organisations"), (4, 3, "assessment")]  # one batch, in dependency order
    assert counts(store_with_orgs)["assessment"] == 1


def test_readings_need_their_indicator(store_with_orgs: Path, load) -> None:
    text = "indicator_id,period_end,value\ndp-1,2021-03-31,5\nDP-9,2021-03-31,5\n"
    [report] = load(("readings.csv", text)).files
    assert where(report.errors) == [(3, "indicator_id")]


def test_unknown_org_in_an_event_is_only_a_warning(store_with_orgs: Path, load) -> None:
    text = "event_id,held_on,title,type,organisations\nEV-1,2021-01-27,Networking,networking event,ORG-001; ORG-404\n"
    result = load(("events.csv", text))
    assert result.status == "applied"
    [warning] = result.files[0].warnings
    assert (warning.row, warning.column, warning.value) == (2, "organisations", "ORG-404")
    assert "not stored" in warning.message


# ---- re-uploads -------------------------------------------------------------------------------

def test_byte_identical_file_is_unchanged_and_says_when_it_was_loaded(db: Path, load, dump_all) -> None:
    text = "org_id,name\nORG-1,A\nORG-2,B\n"
    first = load(("orgs.csv", text))
    assert (first.status, first.files[0].upload_id) == ("applied", 1)
    before = dump_all(db)
    again = load(("renamed.csv", text))
    assert again.status == "unchanged"
    [report] = again.files
    assert report.already_loaded is not None and report.already_loaded.startswith("upload #1 on ")
    assert report.already_loaded.endswith(" UTC")
    assert (report.upload_id, report.added, report.replaced) == (1, 0, 0)
    assert dump_all(db) == before  # not even an upload record


def test_a_byte_identical_file_in_a_batch_does_not_stop_the_others(db: Path, load) -> None:
    orgs = ("orgs.csv", "org_id,name\nORG-1,A\n")
    load(orgs)
    result = load(orgs, ("assessment.csv", "org_id,assessed_on,disparity,rank\nORG-1,2021-01-01,cancer,1\n"))
    assert result.status == "applied"
    assert [(f.already_loaded is not None, f.added) for f in result.files] == [(True, 0), (False, 1)]


def test_an_undone_file_can_be_loaded_again(db: Path, load, counts) -> None:
    orgs = ("orgs.csv", "org_id,name\nORG-1,A\n")
    load(orgs)
    undo(db, 1, undone_by="tests")
    assert counts(db)["organisations"] == 0
    result = load(orgs)
    assert (result.status, result.files[0].already_loaded, result.files[0].added) == ("applied", None, 1)


def test_reupload_of_a_changed_file_replaces_rows_and_keeps_the_old_version(store_with_orgs: Path, load) -> None:
    text = ("org_id,name,ward,staff\n"
            "ORG-001,Alpha Wellbeing Group,Whitechapel,5\n"  # staff changed
            "ORG-004,Delta,Shadwell,1\n")  # new
    result = load(("orgs-v2.csv", text))
    assert result.status == "applied"
    [report] = result.files
    assert (report.added, report.replaced, report.unchanged) == (1, 1, 0)
    with connect(store_with_orgs) as con:
        assert con.execute("SELECT staff, upload_id FROM organisations WHERE org_id = 'ORG-001'").fetchone() == (5, 3)
        old_and_new = con.execute("SELECT upload_id, source_row, staff FROM organisations_versions "
                                  "WHERE org_id = 'ORG-001' ORDER BY upload_id").fetchall()
        assert old_and_new == [(1, 2, 3), (3, 2, 5)]  # the old version is kept
        recorded = con.execute("SELECT rows_added, rows_replaced, rows_unchanged, file_name FROM uploads "
                               "WHERE id = 3").fetchone()
        assert recorded == (1, 1, 0, "orgs-v2.csv")


def test_a_key_missing_from_the_file_is_left_alone(store_with_orgs: Path, load) -> None:
    load(("orgs.csv", "org_id,name\nORG-001,Alpha\n"))
    with connect(store_with_orgs) as con:
        rows = con.execute("SELECT org_id, name FROM organisations ORDER BY org_id").fetchall()
    assert rows == [("ORG-001", "Alpha"), ("ORG-002", "Beta Women's Network"), ("ORG-003", "Gamma Elders Club")]


def test_unchanged_rows_are_counted_but_not_written_again(db: Path, load) -> None:
    text = "org_id,name,ward\nORG-1,Alpha,Bow East\nORG-2,Beta,Poplar\n"
    assert load(("orgs.csv", text)).files[0].added == 2
    result = load(("orgs-again.csv", text.replace("\n", "\r\n")))  # other bytes, same rows
    assert result.status == "unchanged"
    [report] = result.files
    assert (report.added, report.replaced, report.unchanged, report.already_loaded) == (0, 0, 2, None)
    assert len(versions(db, "organisations")) == 2


def test_columns_missing_from_the_file_keep_their_stored_values(store_with_orgs: Path, load) -> None:
    """A file of org_id and name corrects names only: the new version keeps the stored ward and staff."""
    with connect(store_with_orgs) as con:
        before = con.execute("SELECT ward, staff FROM organisations WHERE org_id = 'ORG-002'").fetchone()
    result = load(("orgs.csv", "org_id,name\nORG-002,Beta Women's Network (renamed)\n"))
    assert result.files[0].replaced == 1
    with connect(store_with_orgs) as con:
        after = con.execute("SELECT name, ward, staff FROM organisations WHERE org_id = 'ORG-002'").fetchone()
    assert after == ("Beta Women's Network (renamed)", *before)
    assert before != (None, None)


def test_blank_cells_in_present_columns_do_clear_stored_values(store_with_orgs: Path, load) -> None:
    result = load(("orgs.csv", "org_id,name,ward\nORG-002,Beta,\n"))
    assert result.files[0].replaced == 1
    with connect(store_with_orgs) as con:
        assert con.execute("SELECT ward FROM organisations WHERE org_id = 'ORG-002'").fetchone() == (None,)


def test_dry_run_reports_counts_and_changes_nothing(store_with_orgs: Path, load, dump_all) -> None:
    before = dump_all(store_with_orgs)
    result = load(("orgs.csv", "org_id,name,ward\nORG-001,Alpha,Nowhere\nORG-004,Delta,Poplar\n"), dry_run=True)
    assert result.status == "checked"
    [report] = result.files
    assert (report.rows, report.added, report.replaced, report.upload_id) == (2, 1, 1, None)
    assert where(report.warnings) == [(2, "ward")]
    assert dump_all(store_with_orgs) == before


def test_dry_run_of_a_bad_file_is_refused(store_with_orgs: Path, load) -> None:
    assert load(("orgs.csv", "org_id,name\nORG-1,\n"), dry_run=True).status == "refused"


# ---- what is recorded -------------------------------------------------------------------------

def test_upload_record_and_source_rows(db: Path, csv_bytes) -> None:
    data = csv_bytes("org_id,name,ward\nORG-1,A,Atlantis\n,,\nORG-2,B,Poplar\n")
    result = ingest(db, [UploadFile("orgs.csv", data)], uploaded_by="officer")
    assert result.status == "applied"
    with connect(db) as con:
        upload = con.execute("SELECT id, batch_id, kind, file_name, sha256, rows_added, warnings, warning_report, "
                             "uploaded_by, is_sample, undone_at FROM uploads").fetchone()
        rows = con.execute("SELECT org_id, source_row, upload_id FROM organisations_versions ORDER BY org_id").fetchall()
    assert upload[:7] == (1, 1, "organisations", "orgs.csv", hashlib.sha256(data).hexdigest(), 2, 1)
    assert json.loads(upload[7]) == [{"message": "'Atlantis' is not a known ward; kept as written", "row": 2,
                                      "column": "ward", "value": None}]
    assert upload[8:] == ("officer", False, None)
    assert rows == [("ORG-1", 2, 1), ("ORG-2", 4, 1)]


# ---- what Excel leaves behind -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    pytest.param("org_id,name,,,\nORG-1,A,,,\nORG-2,B,,,\n,,,,\n,,,,\n", id="trailing empty columns and ,,,, rows"),
    pytest.param("org_id,name,,,\r\nORG-1,A,,,\r\nORG-2,B,,,\r\n,,,,\r\n", id="CRLF"),
    pytest.param("org_id,name\nORG-1,A\nORG-2,B\n\n\n\n", id="blank lines at the end"),
    pytest.param("org_id;name;;\nORG-1;A;;\n;;;\nORG-2;B;;\n;;;\n", id="semicolons, blank row in the middle"),
    pytest.param("org_id,name\nORG-1,A\n  ,  \nORG-2,B\n", id="row of spaces"),
    pytest.param("org_id,name\nORG-1,A\nORG-2,B", id="no final newline"),
])
def test_blank_rows_and_columns_are_ignored(db: Path, load, text: str) -> None:
    result = load(("orgs.csv", text))
    assert result.status == "applied", result.as_dict()
    [report] = result.files
    assert (report.rows, report.added, report.issues) == (2, 2, [])


def test_an_untitled_column_with_data_is_a_warning(db: Path, load) -> None:
    result = load(("orgs.csv", "org_id,name,,\nORG-1,A,,stray\nORG-2,B,,\n"))
    assert result.status == "applied"
    [warning] = result.files[0].warnings
    assert (warning.row, warning.column) == (1, "D")


# ---- files that are refused with their own message --------------------------------------------

@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b" \r\n \r\n", "The file is empty."),
    (b"org_id,name\n", "The file has a header row but no data rows."),
    (b"org_id,name\r\n,\r\n,\r\n", "The file has a header row but no data rows."),
    (b"\x00\x01\x02\x03\x04\x05" * 100, "This looks like a binary file, not CSV text."),
    (b"%PDF-1.4\n", "This is a PDF document, not a CSV file."),
    (b"colour,size\nred,big\n", "Could not tell what kind of file this is from its headers (colour, size): it does not have the key"),
])
def test_refused_with_their_own_message(db: Path, load, data: bytes, message: str) -> None:
    result = load(("upload.csv", data))
    assert result.status == "refused"
    [error] = result.files[0].errors
    assert error.message.startswith(message)
    assert error.row is None


def test_unknown_kind_given_explicitly(db: Path, load) -> None:
    [report] = load(("x.csv", "org_id,name\nORG-1,A\n", "organisation")).files
    assert report.errors[0].message.startswith("Unknown kind 'organisation'")


def test_explicit_kind_overrides_detection(db: Path, load) -> None:
    [report] = load(("x.csv", "org_id,name\nORG-1,A\n", "toolkit")).files
    assert report.kind == "toolkit"
    assert where(report.errors) == [(1, "returned_on")]


def test_size_limit_is_checked_before_parsing(db: Path, load, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPARITIES_MAX_UPLOAD_MB", "0.001")  # 1,048 bytes
    small = "org_id,name\nORG-1,A\n"
    assert load(("small.csv", small)).status == "applied"
    big = b"\x00" * 2000  # binary, but the size is what is reported
    [report] = load(("big.csv", big)).files
    [error] = report.errors
    assert error.message.startswith("The file is 0.0 MB; the limit is 0.000999")
    assert error.message.endswith("MB. Split it into smaller files.")


def test_size_limit_message_uses_the_configured_megabytes(db: Path, load, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPARITIES_MAX_UPLOAD_MB", "0.5")
    [report] = load(("big.csv", b"x" * (1024 * 1024))).files
    assert report.errors[0].message.startswith("The file is 1.0 MB; the limit is 0.5 MB.")


# ---- row numbers ------------------------------------------------------------------------------

def test_ragged_row_is_an_error_on_its_row(db: Path, load) -> None:
    result = load(("orgs.csv", "org_id,name\nORG-1,A\nORG-2,B,oops,again\nORG-3,C,,\n"))
    assert result.status == "refused"
    [error] = result.files[0].errors
    assert error.row == 3
    assert error.message == "this row has 4 cells but the header has 2"


@pytest.mark.parametrize("text, row", [
    pytest.param('org_id,name,staff\nORG-1,"Alpha\nGroup",1\nORG-2,"B\n\nC",2\nORG-3,Gamma,-1\n', 4,
                 id="quoted newlines"),
    pytest.param("org_id,name,staff\nORG-1,Alpha,1\n\nORG-3,Gamma,-1\n", 4, id="blank line in the middle"),
    pytest.param("org_id,name,staff\r\nORG-1,Alpha,1\r\n\r\n\r\nORG-3,Gamma,-1\r\n", 5, id="two blank CRLF lines"),
    pytest.param('org_id,name,staff\nORG-1,"A\n",1\n\nORG-3,Gamma,-1\n', 4, id="both"),
])
def test_row_numbers_match_the_spreadsheet(db: Path, load, text: str, row: int) -> None:
    [report] = load(("orgs.csv", text)).files
    assert where(report.errors) == [(row, "staff")]


def test_an_unclosed_quote_is_an_error_not_lost_rows(db: Path, load, counts) -> None:
    text = 'org_id,name,ward\nORG-1,A,"Bow\nORG-2,B,Poplar\nORG-3,C,Poplar\n'
    result = load(("orgs.csv", text))
    assert result.status == "refused"
    assert [(e.row, "closing quote" in e.message) for e in result.files[0].errors] == [(2, True)]
    assert counts(db)["organisations"] == 0


def test_a_bare_quote_inside_a_cell_is_text(db: Path, load) -> None:
    result = load(("orgs.csv", 'org_id,name\nORG-1,The 5" Club\nORG-2,B\n'))
    assert result.status == "applied"
    with connect(db) as con:
        assert con.execute("SELECT name FROM organisations ORDER BY org_id").fetchall() == [('The 5" Club',), ("B",)]


# ---- encodings end to end ---------------------------------------------------------------------

@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ","), ("cp1252", ";"), ("utf-16", "\t"),
])
def test_encodings_store_the_same_text(db: Path, load, encoding: str, delimiter: str) -> None:
    text = "org_id,name,income_band\r\nORG-1,Caf\u00e9 \u2013 St Peter\u2019s,under \u00a310k\r\n".replace(",", delimiter)
    result = load(("orgs.csv", text.encode(encoding)))
    assert result.status == "applied", result.as_dict()
    with connect(db) as con:
        assert con.execute("SELECT name, income_band FROM organisations").fetchone() == (
            "Caf\u00e9 \u2013 St Peter\u2019s", "under \u00a310k")


# ---- speed ------------------------------------------------------------------------------------

def test_five_thousand_readings_with_day_first_dates_and_separators_ingest(store_with_orgs: Path, load, counts) -> None:
    lines = ["indicator_id,period_end,value,note"]
    for number in range(5000):  # two indicators, 2,500 distinct days each, day first, thousands separators
        day = number // 2
        lines.append(f"DP-{number % 2 + 1},{day % 28 + 1:02d}/{day // 28 % 12 + 1:02d}/{2000 + day // 336},"
                     f"\"{number:,}\",reading {number}")
    result = load(("readings.csv", "\n".join(lines) + "\n"))  # its speed is the benchmark's (bench ingest)
    assert result.status == "applied", result.as_dict()["files"][0]["errors"][:3]
    assert result.files[0].added == 5000
    assert counts(store_with_orgs)["readings"] == 5000


def test_check_previews_rows_as_stored_and_marks_mapped_cells(load):
    result = load(("orgs.csv", "Organisation ID,Group name,Ward,Income,Joined\n"
                               "org-1,A,whitechapel,10k-50k,21/03/2021\nORG-2,B,Bow East,,2021-01-01\n"), dry_run=True)
    report = result.files[0]
    assert result.status == "checked"
    assert report.preview[0] == {"row": 2, "org_id": "ORG-1", "name": "A", "ward": "Whitechapel",
                                 "income_band": "£10k-£50k", "joined_network_on": dt.date(2021, 3, 21)}
    mapped = {(m["row"], m["column"]): (m["written"], m["stored"]) for m in report.preview_mapped}
    assert mapped == {(2, "org_id"): ("org-1", "ORG-1"), (2, "ward"): ("whitechapel", "Whitechapel"),
                      (2, "income_band"): ("10k-50k", "£10k-£50k"),
                      (2, "joined_network_on"): ("21/03/2021", "2021-03-21")}


def test_two_uploads_at_once_take_turns_and_both_land_whole(db, load):
    """Two browser tabs applying at the same moment: one waits for the other; nothing interleaves."""
    import threading
    files = [("a.csv", "org_id,name\n" + "".join(f"ORG-A{n},Group A{n}\n" for n in range(2000))),
             ("b.csv", "org_id,name\n" + "".join(f"ORG-B{n},Group B{n}\n" for n in range(2000)))]
    results = []
    threads = [threading.Thread(target=lambda f=f: results.append(load(f))) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.status for r in results) == ["applied", "applied"]
    with connect(db, read_only=True) as con:
        per_upload = con.execute("SELECT upload_id, count(*), min(org_id)[5] FROM organisations "
                                 "GROUP BY upload_id ORDER BY 1").fetchall()
    assert [(n, letter) for _, n, letter in per_upload] in ([(2000, "A"), (2000, "B")], [(2000, "B"), (2000, "A")])
