"""models.py: the schema generated from kinds.py matches the contract, and stored rows fit the models."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from disparities.kinds import KINDS, SQL_TYPES
from disparities.models import VERSION_MODELS, Upload, create_statements, versions_table
from disparities.store import connect
from disparities.validate import q


@pytest.fixture(scope="module")
def schema() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for statement in create_statements():
        con.execute(statement)
    return con


def columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall()}


@pytest.mark.parametrize("name", list(KINDS))
def test_version_table_has_the_kinds_columns_plus_upload_source_row_and_supplied(schema, name: str) -> None:
    kind = KINDS[name]
    found = columns(schema, versions_table(kind))
    assert list(found) == ["upload_id", "source_row", "supplied", *kind.names]
    for column in kind.columns:
        assert found[column.name] == SQL_TYPES[column.type], column.name
    assert found["upload_id"] == "BIGINT" and found["source_row"] in ("INTEGER", "BIGINT")


@pytest.mark.parametrize("name", list(KINDS))
def test_required_columns_are_not_null(schema, name: str) -> None:
    nullable = {row[0]: row[2] for row in schema.execute(f"DESCRIBE {versions_table(KINDS[name])}").fetchall()}
    for column in KINDS[name].columns:
        assert nullable[column.name] == ("NO" if column.required else "YES"), column.name


def test_uploads_table_matches_the_model(schema) -> None:
    assert list(columns(schema, "uploads")) == list(Upload.model_fields)


def test_every_kind_has_a_model() -> None:
    assert set(VERSION_MODELS) == set(KINDS)
    for name, model in VERSION_MODELS.items():
        assert model.__tablename__ == f"{name}_versions"


def test_a_dumped_row_validates_with_its_model(db: Path, load) -> None:
    result = load(
        ("organisations.csv", "org_id,name,communities_served,staff,joined_network_on\n"
                              "ORG-1,Alpha,Somali; Sylheti,3,14/07/2021\n"),
        ("indicators.csv", "indicator_id,framework,theme,indicator,unit,baseline\nDP-1,project,Health,x,%,1.5\n"),
        ("toolkit.csv", "org_id,returned_on,offers_mental_health_support,services\nORG-1,2021-08-20,yes,counselling\n"),
    )
    assert result.status == "applied", result.as_dict()
    with connect(db) as con:
        for name in ("organisations", "indicators", "toolkit"):
            cursor = con.execute(f"SELECT * FROM {name}_versions")
            names = [d[0] for d in cursor.description]
            [row] = [dict(zip(names, r)) for r in cursor.fetchall()]
            model = VERSION_MODELS[name].model_validate(row)
            assert model.upload_id == row["upload_id"] and model.source_row == 2
            for column in KINDS[name].names:
                assert getattr(model, column) == row[column]
    organisation = VERSION_MODELS["organisations"].model_validate(
        {"upload_id": 1, "source_row": 2, "org_id": "ORG-1", "name": "Alpha", "communities_served": ["Somali"]})
    assert organisation.communities_served == ["Somali"] and organisation.staff is None


def test_version_tables_have_no_key_constraints(schema) -> None:
    """Bulk inserts stay fast; validation guarantees one version per key and upload."""
    schema.execute("INSERT INTO organisations_versions (upload_id, source_row, org_id, name) VALUES (1, 2, 'A', 'x')")
    schema.execute("INSERT INTO organisations_versions (upload_id, source_row, org_id, name) VALUES (1, 3, 'A', 'y')")
    assert schema.execute(f"SELECT count(*) FROM organisations_versions WHERE {q('org_id')} = 'A'").fetchone()[0] == 2
