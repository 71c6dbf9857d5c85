"""The store's schema, defined once with SQLModel.

The per-kind version tables are generated from kinds.py so the contract and the
schema cannot drift apart; the bookkeeping tables are written out. The DDL that
store.py executes is compiled from this metadata.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import ARRAY, BigInteger, Boolean, Date, DateTime, Double, String
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable
from sqlmodel import Field, SQLModel

from disparities.kinds import KINDS, SCHEMA_VERSION, Kind, versions_table  # noqa: F401 - re-exported


# Explicit integer keys (no SERIAL, which DuckDB lacks) and naive UTC timestamps.
def _int_key(**kw: Any) -> Any:
    return Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}, **kw)


def _utc_time(**kw: Any) -> Any:
    return Field(sa_type=DateTime(timezone=False), **kw)

_SA_TYPES = {
    "text": (str, String), "code": (str, String), "cat": (str, String),
    "int": (int, BigInteger), "number": (float, Double), "date": (dt.date, Date),
    "bool": (bool, Boolean), "list": (list[str], ARRAY(String)),
}


class Upload(SQLModel, table=True):
    """One uploaded file. Undoing sets `undone_at`; nothing is deleted."""
    __tablename__ = "uploads"
    id: int = _int_key()
    batch_id: int
    kind: str
    file_name: str
    sha256: str
    rows_added: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    warnings: int = 0
    warning_report: str = ""  # JSON list of {row, column, value, message}
    uploaded_by: str
    uploaded_at: dt.datetime = _utc_time()
    is_sample: bool = False
    undone_at: Optional[dt.datetime] = _utc_time(default=None, nullable=True)
    undone_by: Optional[str] = None
    mapping: Optional[str] = None  # the saved survey mapping (its signature) the file was read through


class SurveyMapping(SQLModel, table=True):
    """A confirmed mapping of a survey export onto a kind, found again by the export's header signature."""
    __tablename__ = "mappings"
    signature: str = Field(primary_key=True)
    name: str
    kind: str
    tool: Optional[str] = None
    definition: str  # the mapping as JSON (surveys.Mapping.as_dict)
    saved_by: str
    saved_at: dt.datetime = _utc_time()


class SchemaInfo(SQLModel, table=True):
    __tablename__ = "schema_info"
    version: int = _int_key()
    applied_at: dt.datetime = _utc_time()


def _version_model(kind: Kind) -> type[SQLModel]:
    """A SQLModel table holding every version of every row of one kind, keyed by (upload, key)."""
    annotations: dict[str, Any] = {"upload_id": int, "source_row": int, "supplied": Optional[list[str]]}
    fields: dict[str, Any] = {
        "upload_id": _int_key(foreign_key="uploads.id"),
        "source_row": Field(description="row number in the uploaded file (header = 1)"),
        "supplied": Field(default=None, sa_type=ARRAY(String), nullable=True,
                          description="the columns this version's file supplied (NULL: all, as in schema 1)"),
    }
    for column in kind.columns:
        python_type, sa_type = _SA_TYPES[column.type]
        in_key = column.name in kind.key
        annotations[column.name] = python_type if column.required else Optional[python_type]
        fields[column.name] = Field(
            default=None, primary_key=in_key, sa_type=sa_type, nullable=not column.required,
            description=column.description,
        )
    class_name = "".join(part.title() for part in kind.name.split("_")) + "Version"
    namespace = {"__tablename__": versions_table(kind), "__annotations__": annotations, **fields}
    return type(class_name, (SQLModel,), namespace, table=True)


VERSION_MODELS: dict[str, type[SQLModel]] = {name: _version_model(kind) for name, kind in KINDS.items()}


def _without_constraints(table) -> str:
    """Version tables are created without key constraints: DuckDB's indexes make bulk inserts about twice
    as slow, and validation already guarantees one version per key and upload (duplicate keys are refused)."""
    dialect = postgresql.dialect()
    columns = ", ".join(f'"{c.name}" {c.type.compile(dialect=dialect)}{"" if c.nullable else " NOT NULL"}'
                        for c in table.columns)
    return f"CREATE TABLE IF NOT EXISTS {table.name} ({columns})"


def create_statements() -> list[str]:
    """DDL for every table, in dependency order, as DuckDB accepts it (compiled for PostgreSQL)."""
    version_tables = {model.__tablename__ for model in VERSION_MODELS.values()}
    return [_without_constraints(table) if table.name in version_tables
            else str(CreateTable(table, if_not_exists=True).compile(dialect=postgresql.dialect())).strip()
            for table in SQLModel.metadata.sorted_tables]
