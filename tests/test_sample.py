"""The shipped sample data: deterministic, consistent and within the contract."""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from disparities import vocabularies
from disparities.kinds import KINDS
from disparities.sample import DEFAULT_FOLDER, SAMPLE_KINDS, write_sample

Table = list[dict[str, str]]


def read(path: Path) -> Table:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    write_sample(folder)
    return folder


@pytest.fixture(scope="module")
def tables(folder: Path) -> dict[str, Table]:
    return {kind: read(folder / f"{kind}.csv") for kind in SAMPLE_KINDS}


def test_one_file_per_kind_without_population(tmp_path: Path) -> None:
    paths = write_sample(tmp_path)
    assert [p.name for p in paths] == [f"{kind}.csv" for kind in KINDS if kind != "population"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_headers_are_the_contract_columns_in_order(folder: Path) -> None:
    for kind in SAMPLE_KINDS:
        with (folder / f"{kind}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == KINDS[kind].names


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first, second = write_sample(tmp_path / "first"), write_sample(tmp_path / "second")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_files_equal_a_fresh_generation(folder: Path) -> None:
    committed = sorted(p.name for p in DEFAULT_FOLDER.glob("*.csv"))
    assert committed == sorted(f"{kind}.csv" for kind in SAMPLE_KINDS), "run python -m disparities.sample"
    for name in committed:
        assert (DEFAULT_FOLDER / name).read_bytes() == (folder / name).read_bytes(), f"{name}: run python -m disparities.sample"


def test_cells_are_typed_as_the_contract_writes_them(tables: dict[str, Table]) -> None:
    for kind, rows in tables.items():
        for row in rows:
            for column in KINDS[kind].columns:
                value = row[column.name]
                if column.required:
                    assert value, f"{kind}.{column.name} is required"
                if not value:
                    continue
                if column.type == "date":
                    assert date.fromisoformat(value).isoformat() == value
                elif column.type == "bool":
                    assert value in ("yes", "no")
                elif column.type == "int":
                    assert value.isdigit()
                    assert column.maximum is None or int(value) <= column.maximum
                    assert column.minimum is None or int(value) >= column.minimum
                elif column.type == "number":
                    float(value)


def test_thirty_organisations_all_named_sample(tables: dict[str, Table]) -> None:
    organisations = tables["organisations"]
    assert len(organisations) == 30
    assert len({row["org_id"] for row in organisations}) == 30
    assert all(row["name"].startswith("Sample ") for row in organisations)


def test_mental_health_then_diabetes_are_the_main_disparities(tables: dict[str, Table]) -> None:
    main = Counter(row["disparity"] for row in tables["assessment"] if row["rank"] == "1")
    (first, first_count), (second, second_count), (_, third_count) = main.most_common(3)
    assert (first, second) == ("mental health", "diabetes")
    assert first_count > second_count > third_count
    assert sum(main.values()) == 30


def test_assessment_ranks_are_one_to_n_per_organisation_and_date(tables: dict[str, Table]) -> None:
    ranks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in tables["assessment"]:
        ranks[row["org_id"], row["assessed_on"]].append(int(row["rank"]))
    for key, found in ranks.items():
        assert sorted(found) == list(range(1, len(found) + 1)), key
        assert 3 <= len(found) <= 5, key


def test_keys_are_unique(tables: dict[str, Table]) -> None:
    for kind, rows in tables.items():
        keys = [tuple(row[name] for name in KINDS[kind].key) for row in rows]
        assert len(keys) == len(set(keys)), kind


def test_every_referenced_organisation_exists(tables: dict[str, Table]) -> None:
    org_ids = {row["org_id"] for row in tables["organisations"]}
    assert {row["org_id"] for row in tables["assessment"]} <= org_ids
    assert {row["org_id"] for row in tables["toolkit"]} <= org_ids
    assert {org for row in tables["events"] for org in items(row["organisations"])} <= org_ids


def test_every_reading_has_an_indicator_and_one_indicator_has_none(tables: dict[str, Table]) -> None:
    indicator_ids = {row["indicator_id"] for row in tables["indicators"]}
    with_readings = {row["indicator_id"] for row in tables["readings"]}
    assert with_readings <= indicator_ids
    assert indicator_ids - with_readings


def test_count_readings_never_go_down(tables: dict[str, Table]) -> None:
    counts = {row["indicator_id"] for row in tables["indicators"] if row["unit"] == "count"}
    series: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for row in tables["readings"]:
        series[row["indicator_id"]].append((row["period_end"], float(row["value"])))
    for indicator_id in counts & set(series):
        values = [value for _, value in sorted(series[indicator_id])]
        assert values == sorted(values), indicator_id


def test_numbers_are_consistent_with_the_organisations(tables: dict[str, Table]) -> None:
    beneficiaries = {row["org_id"]: int(row["beneficiaries_per_year"]) for row in tables["organisations"]}
    for row in tables["assessment"]:
        assert not row["beneficiaries_affected"] or int(row["beneficiaries_affected"]) <= beneficiaries[row["org_id"]]
    for row in tables["toolkit"]:
        assert int(row["beneficiaries_supported"]) <= beneficiaries[row["org_id"]]
    for row in tables["events"]:
        assert int(row["participants"]) >= len(items(row["organisations"])), row["event_id"]


def test_every_vocabulary_cell_matches_its_vocabulary(tables: dict[str, Table]) -> None:
    for kind, rows in tables.items():
        for column in KINDS[kind].columns:
            if column.vocabulary is None:
                continue
            vocabulary = vocabularies.ALL[column.vocabulary]
            for row in rows:
                values = items(row[column.name]) if column.type == "list" else [row[column.name]]
                for value in filter(None, values):
                    assert vocabulary.match(value) == value, f"{kind}.{column.name}: {value!r}"


def test_the_six_success_measures_are_quoted_exactly(tables: dict[str, Table]) -> None:
    project = [row["indicator"] for row in tables["indicators"] if row["framework"] == "Disparities project"]
    assert project == [
        "Number of groups supported to network with others and be more sustainable",
        "Number of people gaining skills and knowledge",
        "Number of Tower Hamlets residents benefitting from this project",
        "Impact for participating groups",
        "Recommendations for system change",
        "Examples of successful system change implemented",
    ]
