"""validate.py: messy cells -> typed values, or an error/warning at the right row and column.

Most cases stage one literal file on an in-memory DuckDB connection (reading.load_raw, then
validate.stage), which is what ingest does before any check across files or the store.
"""
from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import duckdb
import pytest

from disparities import cli, reading, validate
from disparities.kinds import KINDS
from disparities.report import ERROR, WARNING, Issue


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


_DATABASE = duckdb.connect()  # each stage() gets its own connection to it: temp tables are per connection


def stage(kind: str, text: str) -> tuple[list[dict], list[Issue]]:
    """The staged rows (typed columns and _row) of a literal file, and every issue found."""
    with _DATABASE.cursor() as con:
        return _stage(con, kind, text)


def _stage(con: duckdb.DuckDBPyConnection, kind: str, text: str) -> tuple[list[dict], list[Issue]]:
    decoded = reading.Decoded(text, "utf-8")
    delimiter = reading.detect_delimiter(text)
    header = reading.header_row(text, delimiter)
    issues = reading.load_raw(con, decoded, delimiter, len(header), "raw")
    match = reading.match_headers(KINDS[kind], header)
    issues += match.issues
    issues += validate.stage(con, KINDS[kind], match.positions, "raw", "staged")
    cursor = con.execute(f"SELECT _row, {', '.join(validate.q(c) for c in KINDS[kind].names)} FROM staged ORDER BY _row")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()], issues


def one_cell(kind: str, column: str, cell: str) -> tuple[object, list[Issue]]:
    """Stage a one-row file: the kind's required columns (with their template examples) and `column`."""
    columns = [c for c in KINDS[kind].columns if c.required or c.name == column]
    row = [cell if c.name == column else c.example for c in columns]
    rows, issues = stage(kind, csv_text([[c.name for c in columns], row]))
    [staged] = rows
    return staged[column], issues


def only(issues: list[Issue], severity: str = ERROR) -> Issue:
    found = [i for i in issues if i.severity == severity]
    assert len(found) == 1, issues
    return found[0]


# ---- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("2021-07-14", date(2021, 7, 14)),
    ("14/07/2021", date(2021, 7, 14)),
    ("14/7/2021", date(2021, 7, 14)),
    ("14 Jul 2021", date(2021, 7, 14)),
    ("14 July 2021", date(2021, 7, 14)),
    ("14 jul 2021", date(2021, 7, 14)),
    ("14 JULY 2021", date(2021, 7, 14)),
    ("7/4/2021", date(2021, 4, 7)),  # day first, always
    ("01/02/2021", date(2021, 2, 1)),
    ("  2021-07-14 ", date(2021, 7, 14)),
    ("29/02/2020", date(2020, 2, 29)),
    ("", None),
])
def test_dates_accepted(cell: str, expected: date | None) -> None:
    value, issues = one_cell("organisations", "joined_network_on", cell)
    assert issues == []
    assert value == expected


@pytest.mark.parametrize("cell, message", [
    ("07/14/2021", "dates are read day first"),
    ("12/31/2021", "dates are read day first"),
    ("14/07/21", "write the year with four digits"),
    ("14/07/0021", "write the year with four digits"),
    ("tomorrow", "is not a date; use 2021-07-14, 14/07/2021 or 14 Jul 2021"),
    ("31/02/2021", "is not a date"),
    ("2021-02-30", "is not a date"),
    ("29/02/2021", "is not a date"),
    ("14.07.2021", "is not a date"),
    ("July 14 2021", "is not a date"),
    ("44391", "is not a date"),  # an Excel serial number
])
def test_dates_refused(cell: str, message: str) -> None:
    value, issues = one_cell("organisations", "joined_network_on", cell)
    issue = only(issues)
    assert (issue.row, issue.column) == (2, "joined_network_on")
    assert message in issue.message
    assert f"'{cell}'" in issue.message


# ---- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("1200", 1200),
    ("1,200", 1200),
    (" 1200 ", 1200),
    ("1,200,000", 1200000),
    ("0", 0),
    ("1200.0", 1200),
    ("", None),
])
def test_whole_numbers_accepted(cell: str, expected: int | None) -> None:
    value, issues = one_cell("organisations", "staff", cell)
    assert issues == []
    assert value == expected


@pytest.mark.parametrize("cell, message", [
    ("-5", "'-5' is negative; counts cannot be below 0"),
    ("-1,200", "is negative"),
    ("1.5", "'1.5' is not a whole number"),
    ("abc", "'abc' is not a whole number"),
    ("1,5", "'1,5' is not a whole number"),  # not 15: the comma is not a thousands separator
    ("12,00", "is not a whole number"),
    ("1.234,5", "is not a whole number"),
    ("NaN", "is not a whole number"),
    ("3 or 4", "is not a whole number"),
])
def test_whole_numbers_refused(cell: str, message: str) -> None:
    _, issues = one_cell("organisations", "staff", cell)
    issue = only(issues)
    assert (issue.row, issue.column) == (2, "staff")
    assert message in issue.message


@pytest.mark.parametrize("cell, expected", [
    ("12.5", 12.5),
    ("-3.5", -3.5),  # a reading may go below zero; only counts may not
    ("1,234.5", 1234.5),
    ("£1,000", 1000.0),
    ("45%", 45.0),
    (" 7 ", 7.0),
])
def test_numbers_accepted(cell: str, expected: float) -> None:
    value, issues = one_cell("readings", "value", cell)
    assert issues == []
    assert value == expected


@pytest.mark.parametrize("cell", ["abc", "1,5", "1.234,5", "NaN", "inf", "-Infinity", "12 people"])
def test_numbers_refused(cell: str) -> None:
    _, issues = one_cell("readings", "value", cell)
    issue = only(issues)
    assert (issue.row, issue.column, issue.message) == (2, "value", f"'{cell}' is not a number")


@pytest.mark.parametrize("cell, message", [
    ("0", "'0' is below the smallest allowed value, 1"),
    ("11", "'11' is above the largest allowed value, 10"),
    ("", "is required but empty"),
])
def test_rank_range(cell: str, message: str) -> None:
    _, issues = one_cell("assessment", "rank", cell)
    issue = only(issues)
    assert (issue.column, issue.message) == ("rank", message)


def test_population_year_range() -> None:
    _, issues = one_cell("population", "year", "21")
    assert only(issues).message == "'21' is below the smallest allowed value, 1900"


# ---- yes/no -----------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("yes", True), ("no", False), ("YES", True), ("No", False),
    ("y", True), ("n", False), ("Y", True), ("N", False),
    ("true", True), ("false", False), ("TRUE", True), ("False", False),
    ("1", True), ("0", False),
    (" yes ", True),
    ("", None),
])
def test_yes_no_accepted(cell: str, expected: bool | None) -> None:
    value, issues = one_cell("toolkit", "offers_mental_health_support", cell)
    assert issues == []
    assert value is expected


@pytest.mark.parametrize("cell", ["maybe", "T", "2", "yes/no", "ja"])
def test_yes_no_refused(cell: str) -> None:
    _, issues = one_cell("toolkit", "offers_mental_health_support", cell)
    issue = only(issues)
    assert (issue.row, issue.column, issue.message) == (2, "offers_mental_health_support", f"'{cell}' is not yes or no")


@pytest.mark.parametrize("cell, expected, errors", [
    ("", True, 0),  # blank means yes
    ("no", False, 0),
    ("maybe", None, 1),  # an invalid value is an error, not the default
])
def test_default_applies_to_blank_cells_only(cell: str, expected: bool | None, errors: int) -> None:
    value, issues = one_cell("indicators", "higher_is_better", cell)
    assert value is expected
    assert len(issues) == errors


def test_default_applies_when_the_column_is_absent() -> None:
    rows, issues = stage("indicators", "indicator_id,framework,theme,indicator,unit\nDP-1,project,Health,x,count\n")
    assert issues == []
    assert rows[0]["higher_is_better"] is True


# ---- lists ------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("Somali; Sylheti", ["Somali", "Sylheti"]),
    ("Somali;Sylheti", ["Somali", "Sylheti"]),
    ("Somali, Sylheti", ["Somali", "Sylheti"]),
    ("Somali | Sylheti", ["Somali", "Sylheti"]),
    ("somali ; SYLHETI", ["Somali", "Sylheti"]),
    ("Somalian; Black African", ["Somali", "African"]),  # synonyms
    ("Somali; somali; SOMALIAN", ["Somali"]),  # duplicates removed, first kept
    (";Somali;; ;", ["Somali"]),
    # an item containing a comma is one item when the whole cell matches
    ("English, Welsh, Scottish, Northern Irish or British", ["English, Welsh, Scottish, Northern Irish or British"]),
    ("White British; Somali", ["English, Welsh, Scottish, Northern Irish or British", "Somali"]),
    ("", None),
])
def test_lists_accepted(cell: str, expected: list[str] | None) -> None:
    value, issues = one_cell("organisations", "communities_served", cell)
    assert issues == []
    assert value == expected


@pytest.mark.parametrize("cell, expected, named", [
    ("Somali; Martian", ["Somali", "Other: Martian"], "'Martian'"),
    ("Martian, Venusian", ["Other: Martian", "Other: Venusian"], "'Martian', 'Venusian'"),
    ("martian; Martian", ["Other: martian", "Other: Martian"], "'martian', 'Martian'"),
])
def test_unknown_list_items_kept_under_other_with_a_warning(cell: str, expected: list[str], named: str) -> None:
    value, issues = one_cell("organisations", "communities_served", cell)
    assert value == expected
    issue = only(issues, WARNING)
    assert not [i for i in issues if i.severity == ERROR]
    assert (issue.row, issue.column) == (2, "communities_served")
    assert issue.message == f"{named} not a known community; kept under 'Other'"


@pytest.mark.parametrize("kind, column, cell, expected", [
    ("toolkit", "services", "Counselling | peer support | Wellbeing", ["counselling", "peer support", "wellbeing activities"]),
    ("toolkit", "age_groups", "adults; 65+", ["adults (26-64)", "older people (65+)"]),
    ("toolkit", "languages", "Bengali; Sylheti; Somali", ["Bengali", "Sylheti", "Somali"]),  # free list, as written
    ("toolkit", "languages", "bengali, Bengali", ["bengali", "Bengali"]),
    ("events", "organisations", "org-001; ORG-002; Org-001", ["ORG-001", "ORG-002"]),  # codes: upper-case
])
def test_other_lists(kind: str, column: str, cell: str, expected: list[str]) -> None:
    value, issues = one_cell(kind, column, cell)
    assert issues == []
    assert value == expected


def test_split_list_prefers_semicolons() -> None:
    assert validate.split_list("a, b; c | d", None) == ["a, b", "c | d"]
    assert validate.split_list("a | b, c", None) == ["a", "b, c"]


# ---- one-of categories ------------------------------------------------------------------------

@pytest.mark.parametrize("kind, column, cell, expected", [
    ("organisations", "income_band", "under £10k", "under £10k"),
    ("organisations", "income_band", "UNDER £10K", "under £10k"),
    ("organisations", "income_band", "10k-50k", "£10k-£50k"),
    ("assessment", "disparity", "Hypertension", "high blood pressure"),
    ("events", "type", "CoP", "community of practice"),
    ("indicators", "unit", "%", "percent"),
    ("timeline", "status", "Completed", "done"),
    ("population", "community", "Black African", "African"),
])
def test_categories_accepted(kind: str, column: str, cell: str, expected: str) -> None:
    value, issues = one_cell(kind, column, cell)
    assert issues == []
    assert value == expected


@pytest.mark.parametrize("kind, column, cell, message", [
    ("organisations", "income_band", "under 10 grand", "'under 10 grand' is not a known income. Did you mean 'under £10k'?"),
    ("assessment", "disparity", "diabetis", "'diabetis' is not a known disparity. Did you mean 'diabetes'?"),
    ("events", "type", "party", "'party' is not a known event_type. Allowed: network meeting, community of practice, "),
    ("timeline", "status", "finished", "'finished' is not a known status."),
])
def test_unknown_category_is_an_error_with_a_suggestion(kind: str, column: str, cell: str, message: str) -> None:
    value, issues = one_cell(kind, column, cell)
    assert value is None
    issue = only(issues)
    assert (issue.row, issue.column) == (2, column)
    assert issue.message.startswith(message)


@pytest.mark.parametrize("cell, expected, warned", [
    ("Whitechapel", "Whitechapel", False),
    ("blackwall and cubitt town", "Blackwall & Cubitt Town", False),
    ("Hackney Wick", "Hackney Wick", True),
    ("  Isle of Dogs ", "Isle of Dogs", True),
])
def test_unknown_ward_is_kept_as_written_with_a_warning(cell: str, expected: str, warned: bool) -> None:
    value, issues = one_cell("organisations", "ward", cell)
    assert value == expected
    assert not [i for i in issues if i.severity == ERROR]
    if warned:
        issue = only(issues, WARNING)
        assert (issue.row, issue.column) == (2, "ward")
        assert issue.message == f"'{expected}' is not a known ward; kept as written"
    else:
        assert issues == []


# ---- text -------------------------------------------------------------------------------------

@pytest.mark.parametrize("column, cell, expected", [
    ("name", "  Alpha Group  ", "Alpha Group"),
    ("name", "\u00a0Alpha Group\t", "Alpha Group"),
    ("name", "Alpha\nGroup", "Alpha\nGroup"),  # inside is kept
    ("org_id", " org-001 ", "ORG-001"),
])
def test_text_is_trimmed(column: str, cell: str, expected: str) -> None:
    value, issues = one_cell("organisations", column, cell)
    assert issues == []
    assert value == expected


@pytest.mark.parametrize("cell, errors", [("x" * 200, []), ("x" * 201, ["is longer than 200 characters"])])
def test_name_length(cell: str, errors: list[str]) -> None:
    _, issues = one_cell("organisations", "name", cell)
    assert [i.message for i in issues] == errors
    assert all((i.row, i.column) == (2, "name") for i in issues)


@pytest.mark.parametrize("cell", ["", "   ", "\u00a0"])
def test_required_cell_empty(cell: str) -> None:
    _, issues = one_cell("organisations", "name", cell)
    issue = only(issues)
    assert (issue.row, issue.column, issue.message) == (2, "name", "is required but empty")


AS_TEXT = [
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "=1+2",
    "+44 20 7946 0000",
    "@SUM(A1:A2)",
    "'quoted'",
    "O'Brien; \"Bob\", & Co",
    "{value} {0} %s",
    "Caf\u00e9 \u00a310k \u2013 St Peter\u2019s",
]


def test_text_is_stored_exactly_as_text(db: Path, load, tmp_path: Path) -> None:
    """Formulas and markup are data: ingest, dump, and compare what comes back."""
    rows = [["org_id", "name", "ward"]] + [[f"ORG-{i}", text, text] for i, text in enumerate(AS_TEXT)]
    result = load(("texts.csv", csv_text(rows)))
    assert result.status == "applied", result.as_dict()
    out = tmp_path / "dump.csv"
    assert cli.main(["--db", str(db), "dump", "organisations", "-o", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        dumped = {r["org_id"]: (r["name"], r["ward"]) for r in csv.DictReader(handle)}
    assert dumped == {f"ORG-{i}": (text, text) for i, text in enumerate(AS_TEXT)}


# ---- where each problem is reported -----------------------------------------------------------

def test_issues_carry_the_spreadsheet_row_and_the_column() -> None:
    text = (
        "org_id,name,staff,joined_network_on,income_band\n"  # row 1
        "ORG-1,Alpha,3,2021-01-01,\n"  # row 2: fine
        "ORG-2,,3,2021-01-01,\n"  # row 3: name missing
        "ORG-3,Gamma,-1,2021-01-01,\n"  # row 4: negative count
        ",,,,\n"  # row 5: blank (dropped)
        "ORG-5,Epsilon,2,07/14/2021,lots\n"  # row 6: date and income
    )
    _, issues = stage("organisations", text)
    assert [(i.severity, i.row, i.column) for i in issues] == [
        (ERROR, 3, "name"), (ERROR, 4, "staff"), (ERROR, 6, "income_band"), (ERROR, 6, "joined_network_on"),
    ]
    assert str(issues[0]) == "row 3, column name: is required but empty"
    assert str(issues[1]).startswith("row 4, column staff: '-1' is negative")


def test_header_synonyms_report_the_contract_column_name() -> None:
    _, issues = stage("organisations", "Organisation ID;Organisation name;Paid staff\nORG-1;A;lots\n")
    assert [(i.row, i.column) for i in issues] == [(2, "staff")]


def test_a_row_with_data_only_in_an_ignored_column_is_not_blank() -> None:
    rows, issues = stage("organisations", "org_id,name,colour\nORG-1,A,red\n,,blue\n,,\n")
    assert [r["_row"] for r in rows] == [2, 3]
    errors = [(i.row, i.column, i.message) for i in issues if i.severity == ERROR]
    assert errors == [(3, "org_id", "is required but empty"), (3, "name", "is required but empty")]


def test_issue_list_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "MAX_ISSUES", 3)
    text = "org_id,name,staff\n" + "".join(f"ORG-{i},A,-{i + 1}\n" for i in range(10))
    _, issues = stage("organisations", text)
    assert [i.row for i in issues[:3]] == [2, 3, 4]
    assert issues[3].message == "more problems were found; only the first 3 are listed"
    assert len(issues) == 4


def test_many_rows_with_few_distinct_values_are_mapped_once() -> None:
    text = "org_id,name,communities_served,income_band\n" + "".join(
        f"ORG-{i},Group {i},Somali; Martian,10k-50k\n" for i in range(2000))
    rows, issues = stage("organisations", text)
    assert len(rows) == 2000
    assert {tuple(r["communities_served"]) for r in rows} == {("Somali", "Other: Martian")}
    assert {r["income_band"] for r in rows} == {"£10k-£50k"}
    assert len(issues) == 2000 and {i.severity for i in issues} == {WARNING}
