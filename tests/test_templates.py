"""templates.py: the templates are valid uploads, the data dictionary, rows written back as CSV."""
from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from disparities import templates
from disparities.bootstrap import load_sample
from disparities.ingest import UploadFile, ingest
from disparities.kinds import KINDS
from disparities.store import connect
from disparities.validate import q


def test_every_template_is_a_valid_upload(db: Path, load, counts) -> None:
    files = [(f"{name}-template.csv", templates.template_csv(kind)) for name, kind in reversed(KINDS.items())]
    result = load(*files)
    assert result.status == "applied", result.as_dict()
    for report in result.files:
        assert report.errors == [] and report.added == 1, report.file_name
        if report.kind == "events":  # the example lists EXAMPLE-2, which the organisations template lacks
            assert [(w.column, w.value) for w in report.warnings] == [("organisations", "EXAMPLE-2")]
        else:
            assert report.warnings == [], report.file_name
    assert counts(db) == {name: 1 for name in KINDS}


@pytest.mark.parametrize("name", list(KINDS))
def test_template_is_a_header_and_one_example_row(name: str) -> None:
    kind = KINDS[name]
    rows = list(csv.reader(io.StringIO(templates.template_csv(kind))))
    assert rows == [kind.names, [c.example for c in kind.columns]]
    assert all(rows[1][kind.names.index(c)] for c in kind.required), "every required column has an example"


@pytest.mark.parametrize("name", list(KINDS))
def test_data_dictionary_has_one_row_per_column(name: str) -> None:
    kind = KINDS[name]
    table = templates.data_dictionary(kind)
    assert list(table["column"]) == kind.names
    assert list(table["required"]) == [c.required for c in kind.columns]
    assert list(table["key"]) == [c.name in kind.key for c in kind.columns]
    assert list(table["example"]) == [c.example for c in kind.columns]


def test_data_dictionary_describes_types_synonyms_and_vocabularies() -> None:
    table = templates.data_dictionary(KINDS["organisations"]).set_index("column")
    assert table.loc["org_id", "type"] == "text (code)"
    assert table.loc["communities_served", "type"] == "list of community"
    assert table.loc["income_band", "type"] == "one income"
    assert table.loc["staff", "type"] == "int"
    assert "Organisation ID" in table.loc["org_id", "also accepted as header"]
    assert "Somali (also: Somalian)" in table.loc["communities_served", "vocabulary (synonyms)"]
    assert table.loc["name", "vocabulary (synonyms)"] == ""


@pytest.mark.parametrize("value, cell", [
    (None, ""),
    (["Somali", "Other: Martian"], "Somali; Other: Martian"),
    ([], ""),
    (True, "yes"),
    (False, "no"),
    (date(2021, 7, 14), "2021-07-14"),
    (30.0, "30"),
    (12.5, "12.5"),
    (0, "0"),
    ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),
])
def test_rows_csv_cells(value: object, cell: str) -> None:
    kind = KINDS["population"]
    text = templates.rows_csv(kind, [("Bangladeshi", 2021, 1, value)])
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == kind.names
    assert row == ["Bangladeshi", "2021", "1", cell]


def test_rows_csv_joins_lists_and_writes_iso_dates() -> None:
    kind = KINDS["organisations"]
    record = ("ORG-1", "Alpha, \"the first\"", "Poplar", ["Somali", "Sylheti"], None, 350, 3, None, date(2021, 1, 27))
    assert templates.rows_csv(kind, [record]) == (
        ",".join(kind.names) + "\n"
        'ORG-1,"Alpha, ""the first""",Poplar,Somali; Sylheti,,350,3,,2021-01-27\n')


def test_every_kind_written_back_reads_as_unchanged(tmp_path: Path) -> None:
    """Dump every kind of the sample store with rows_csv and upload the lot again: nothing changes."""
    path = tmp_path / "store.duckdb"
    assert load_sample(path).status == "applied"
    files = []
    with connect(path) as con:
        for name, kind in KINDS.items():
            records = con.execute(f"SELECT {', '.join(q(c) for c in kind.names)} FROM {name} "
                                  f"ORDER BY {', '.join(q(c) + ' DESC' for c in kind.key)}").fetchall()
            if records:
                files.append(UploadFile(f"{name}-dump.csv", templates.rows_csv(kind, records).encode()))
    result = ingest(path, files)
    assert result.status == "unchanged", result.as_dict()
    for report in result.files:
        assert report.errors == [] and report.warnings == [], report.file_name
        assert report.already_loaded is None, report.file_name  # rows compared, not bytes: written in another order
        assert (report.added, report.replaced) == (0, 0) and report.unchanged == report.rows > 0, report.file_name


def test_an_unedited_template_changes_no_sample_row(sample_store, tmp_path, counts) -> None:
    """Example ids cannot collide with sample or real ids: an unedited template only adds its example row."""
    import shutil
    from disparities.ingest import UploadFile, ingest
    store = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_store, store)
    result = ingest(store, [UploadFile("organisations-template.csv",
                                       templates.template_csv(KINDS["organisations"]).encode())])
    assert (result.files[0].added, result.files[0].replaced) == (1, 0)
