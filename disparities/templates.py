"""Generated from kinds.py: template CSVs, the data dictionary, and current rows written back as CSV."""
from __future__ import annotations

import csv
import io

import pandas as pd

from disparities.kinds import Kind
from disparities.vocabularies import ALL as VOCABULARIES

LIST_SEPARATOR = "; "


def template_csv(kind: Kind) -> str:
    """A header row and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(kind.names)
    writer.writerow([c.example for c in kind.columns])
    return out.getvalue()


def _vocabulary_text(vocabulary_name: str | None) -> str:
    if not vocabulary_name:
        return ""
    vocabulary = VOCABULARIES[vocabulary_name]
    return "; ".join(t.label + (f" (also: {', '.join(t.synonyms)})" if t.synonyms else "") for t in vocabulary.terms)


def _type_text(column) -> str:
    if column.type == "list":
        return f"list of {column.vocabulary or column.item_type}"
    if column.type == "cat":
        return f"one {column.vocabulary}"
    return {"code": "text (code)"}.get(column.type, column.type)


def data_dictionary(kind: Kind) -> pd.DataFrame:
    """Every column of a kind: type, whether required, key, header synonyms, vocabulary, example."""
    return pd.DataFrame([{
        "column": c.name, "type": _type_text(c), "required": c.required, "key": c.name in kind.key,
        "description": c.description, "also accepted as header": ", ".join(c.synonyms),
        "vocabulary (synonyms)": _vocabulary_text(c.vocabulary), "example": c.example,
    } for c in kind.columns])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def rows_csv(kind: Kind, records: list[tuple]) -> str:
    """Rows (in template column order) as CSV: UTF-8, ISO dates, lists joined with '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(kind.names)
    for record in records:
        writer.writerow([_cell(v) for v in record])
    return out.getvalue()
