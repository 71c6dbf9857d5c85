"""reading.py: bytes -> text, delimiter, headers -> columns, kind detection, raw rows."""
from __future__ import annotations

import codecs
import random

import duckdb
import pytest

from disparities import reading
from disparities.kinds import KINDS
from disparities.report import ERROR, WARNING, Refused
from disparities.templates import template_csv

TEXT = "org_id,name\nORG-001,Caf\u00e9 \u00a310k \u2013 St Peter\u2019s\n"
TAB_TEXT = TEXT.replace(",", "\t")


# ---- decode -----------------------------------------------------------------------------------

@pytest.mark.parametrize("data, text, encoding", [
    pytest.param(TEXT.encode("utf-8"), TEXT, "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT, "utf-8-sig", id="utf-8 with BOM"),
    pytest.param(TEXT.encode("cp1252"), TEXT, "cp1252", id="windows-1252"),
    pytest.param(TAB_TEXT.encode("utf-16"), TAB_TEXT, "utf-16", id="utf-16 with BOM (Excel unicode text)"),
    pytest.param(codecs.BOM_UTF16_BE + TAB_TEXT.encode("utf-16-be"), TAB_TEXT, "utf-16", id="utf-16-be with BOM"),
    pytest.param(TAB_TEXT.encode("utf-16-le"), TAB_TEXT, "utf-16-le", id="utf-16-le without BOM"),
    pytest.param(TAB_TEXT.encode("utf-16-be"), TAB_TEXT, "utf-16-be", id="utf-16-be without BOM"),
    pytest.param(b"a,b\r\n1,2\r\n", "a,b\n1,2\n", "utf-8", id="CRLF read as LF"),
    pytest.param("a;b\n\u00e9;\u00a3\n".encode("latin-1"), "a;b\n\u00e9;\u00a3\n", "cp1252", id="latin-1 read as windows-1252"),
])
def test_decode(data: bytes, text: str, encoding: str) -> None:
    decoded = reading.decode(data)
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_excel_unicode_text_is_tab_separated() -> None:
    decoded = reading.decode(TAB_TEXT.encode("utf-16"))
    assert reading.detect_delimiter(decoded.text) == "\t"
    assert reading.header_row(decoded.text, "\t") == ["org_id", "name"]


@pytest.mark.parametrize("data, message", [
    pytest.param(b"", "The file is empty.", id="empty"),
    pytest.param(b"  \r\n\t\n\n", "The file is empty.", id="whitespace only"),
    pytest.param(codecs.BOM_UTF8 + b"\r\n", "The file is empty.", id="BOM and a newline"),
    pytest.param("\n \n".encode("utf-16"), "The file is empty.", id="utf-16 whitespace"),
    pytest.param(b"\x00\x01\x02\x03 binary \x04\x05\x06\x07" * 50, "looks like a binary file", id="NULs and controls"),
    pytest.param(b"a,b\n" + b"\x00" * 400, "looks like a binary file", id="text then NULs"),
    pytest.param(b"\x1b\x02\x03\x04\x05\x06data\n" * 40, "looks like a binary file", id="control characters"),
    pytest.param(random.Random(7).randbytes(4096), "looks like a binary file", id="random bytes"),
    pytest.param(bytes(b for b in random.Random(7).randbytes(4096) if b), "not in UTF-8, UTF-16 or Windows-1252",
                 id="random bytes without NULs"),
    pytest.param(bytes(range(1, 256)) * 4, "not in UTF-8, UTF-16 or Windows-1252", id="every byte but NUL"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64, "zip file (an Excel .xlsx workbook?)", id="xlsx"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel .xls", id="xls"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document", id="pdf"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image", id="png"),
])
def test_decode_refuses(data: bytes, message: str) -> None:
    with pytest.raises(Refused) as refused:
        reading.decode(data)
    assert message in refused.value.message


def test_binary_refusals_say_how_to_save_as_csv() -> None:
    for data in (b"PK\x03\x04", b"\x00\x01\x02\x03" * 100):
        with pytest.raises(Refused, match="Save As"):
            reading.decode(data)


# ---- delimiter and header ---------------------------------------------------------------------

@pytest.mark.parametrize("text, delimiter", [
    ("org_id,name,staff\nORG-1,A,3\n", ","),
    ("org_id;name;staff\nORG-1;A;3\n", ";"),
    ("org_id\tname\tstaff\nORG-1\tA\t3\n", "\t"),
    ("org_id;name;staff\nORG-1;Smith, Jones and Co;3\nORG-2;B, C;1,5\n", ";"),  # commas inside cells
    ("org_id\tname\tstaff\nORG-1\tSmith, Jones; Co\t3\n", "\t"),
    ('org_id,name,staff\nORG-1,"A; B; C",3\n', ","),  # semicolons inside a quoted cell
    ("org_id,name\r\nORG-1,A\r\n", ","),
])
def test_detect_delimiter(text: str, delimiter: str) -> None:
    assert reading.detect_delimiter(text) == delimiter


def test_header_row_is_trimmed() -> None:
    assert reading.header_row(" Org ID ;  Name\t;;\nx;y;;\n", ";") == ["Org ID", "Name", "", ""]


# ---- header matching --------------------------------------------------------------------------

ORGS = KINDS["organisations"]


@pytest.mark.parametrize("title", [
    "org_id", "Org ID", "ORG-ID", "org id", "  Org_ID  ", "Org.ID", "OrgID",
    "Organisation ID", "Organization ID", "organisation-id", "Org code", "Org",
])
def test_match_headers_org_id_spellings(title: str) -> None:
    match = reading.match_headers(ORGS, ["Name", title])
    assert match.positions == {"name": 0, "org_id": 1}
    assert match.issues == []


@pytest.mark.parametrize("header, positions", [
    (["org_id", "name", "Ward name", "Communities", "Annual income", "Paid staff", "Date joined"],
     {"org_id": 0, "name": 1, "ward": 2, "communities_served": 3, "income_band": 4, "staff": 5, "joined_network_on": 6}),
    (["NAME", "ORG_ID", "Beneficiaries per year"], {"name": 0, "org_id": 1, "beneficiaries_per_year": 2}),
])
def test_match_headers_synonyms(header: list[str], positions: dict[str, int]) -> None:
    assert reading.match_headers(ORGS, header).positions == positions


def test_unknown_column_is_a_warning_on_row_1() -> None:
    match = reading.match_headers(ORGS, ["org_id", "name", "Favourite colour"])
    assert match.positions == {"org_id": 0, "name": 1}
    [issue] = match.issues
    assert (issue.severity, issue.row, issue.column) == (WARNING, 1, "Favourite colour")
    assert "unknown column 'Favourite colour' was ignored" in issue.message


@pytest.mark.parametrize("header, missing", [
    (["name", "ward"], ["org_id"]),
    (["org_id", "ward"], ["name"]),
    (["ward"], ["org_id", "name"]),
])
def test_missing_required_column_is_an_error(header: list[str], missing: list[str]) -> None:
    errors = [i for i in reading.match_headers(ORGS, header).issues if i.severity == ERROR]
    assert [(i.row, i.column) for i in errors] == [(1, name) for name in missing]
    assert all("is missing" in i.message for i in errors)


@pytest.mark.parametrize("header, first, second", [
    (["Org ID", "name", "Organisation ID"], "Org ID", "Organisation ID"),
    (["org_id", "name", "ORG-ID"], "org_id", "ORG-ID"),
    (["org_id", "Group", "name"], "Group", "name"),
])
def test_two_headers_meaning_one_column_is_an_error(header: list[str], first: str, second: str) -> None:
    [issue] = reading.match_headers(ORGS, header).issues
    assert (issue.severity, issue.row, issue.column) == (ERROR, 1, second)
    assert f"columns '{first}' and '{second}' both mean" in issue.message
    assert "keep one" in issue.message


def test_untitled_columns_warn_only_when_they_hold_data() -> None:
    header = ["org_id", "name", "", ""]
    assert reading.match_headers(ORGS, header, untitled_with_data=set()).issues == []
    [issue] = reading.match_headers(ORGS, header, untitled_with_data={3}).issues
    assert (issue.severity, issue.row, issue.column) == (WARNING, 1, "D")
    assert "no header" in issue.message


# ---- kind detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(KINDS))
def test_detect_kind_from_each_template(name: str) -> None:
    text = template_csv(KINDS[name])
    assert reading.detect_kind(reading.header_row(text, ",")).name == name


@pytest.mark.parametrize("header, name", [
    (["Organisation ID", "Organisation name", "Ward"], "organisations"),
    (["org_id", "name"], "organisations"),
    (["Org ID", "Assessment date", "Health disparity", "Priority"], "assessment"),
    (["org_id", "Date returned", "Services offered"], "toolkit"),
    (["Indicator", "As at", "Reading"], "readings"),
    (["Event ID", "Event date", "Event title", "Event type", "Attendees"], "events"),
    (["Item ID", "phase", "Activity", "Start date"], "timeline"),
    (["Ethnic group", "year", "Usual residents"], "population"),
    (["", "org_id", "", "name", ""], "organisations"),
])
def test_detect_kind_from_synonyms(header: list[str], name: str) -> None:
    assert reading.detect_kind(header).name == name


@pytest.mark.parametrize("header", [
    ["foo", "bar"],
    [],
    ["", ""],
    ["org_id"],  # the start of several kinds, complete for none
    ["indicator_id", "period_end"],  # readings without its required value
])
def test_detect_kind_refuses_unrecognisable_headers(header: list[str]) -> None:
    with pytest.raises(Refused, match="Could not tell what kind of file this is"):
        reading.detect_kind(header)


# ---- column letters ---------------------------------------------------------------------------

@pytest.mark.parametrize("index, letter", [
    (0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"),
])
def test_column_letter(index: int, letter: str) -> None:
    assert reading.column_letter(index) == letter


# ---- raw rows ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, rows", [
    pytest.param("a,b\n1,x\n2,y\n", [(2, "1", "x"), (3, "2", "y")], id="plain"),
    pytest.param("a,b\r\n1,x\r\n2,y\r\n", [(2, "1", "x"), (3, "2", "y")], id="CRLF"),
    pytest.param("a,b\n1\n2,y\n", [(2, "1", None), (3, "2", "y")], id="short row padded"),
    pytest.param('a,b\n1,"x\ny"\n2,z\n', [(2, "1", "x\ny"), (3, "2", "z")], id="quoted newline: one spreadsheet row"),
    pytest.param("a,b\n1,x\n\n2,y\n", [(2, "1", "x"), (4, "2", "y")], id="blank line in the middle"),
    pytest.param("a,b\r\n1,x\r\n\r\n2,y\r\n", [(2, "1", "x"), (4, "2", "y")], id="blank CRLF line in the middle"),
    pytest.param('a,b\n1,"x, ""quoted"""\n', [(2, "1", 'x, "quoted"')], id="escaped quotes"),
])
def test_load_raw_keeps_spreadsheet_row_numbers(text: str, rows: list[tuple]) -> None:
    con = duckdb.connect()
    issues = reading.load_raw(con, reading.Decoded(text, "utf-8"), ",", 2, "raw")
    assert issues == []
    found = con.execute("SELECT _row, c0, c1 FROM raw WHERE c0 IS NOT NULL OR c1 IS NOT NULL ORDER BY _row").fetchall()
    assert found == rows


def test_load_raw_reports_ragged_rows() -> None:
    con = duckdb.connect()
    text = "a,b\n1,x\n2,y,extra\n3,z,,\n"
    [issue] = reading.load_raw(con, reading.Decoded(text, "utf-8"), ",", 2, "raw")
    assert (issue.severity, issue.row) == (ERROR, 3)
    assert "3 cells but the header has 2" in issue.message
    assert con.execute("SELECT _row FROM raw ORDER BY _row").fetchall() == [(2,), (3,), (4,)]


@pytest.mark.parametrize("first_line", ["sep=;\n", "sep=;\r\n", "SEP=;\r\n"])
def test_excel_separator_hint_line_is_dropped(first_line: str) -> None:
    decoded = reading.decode((first_line + "org_id;name\r\nORG-1;A\r\n").encode("cp1252"))
    assert decoded.text.startswith("org_id;name")
    assert reading.detect_delimiter(decoded.text) == ";"
