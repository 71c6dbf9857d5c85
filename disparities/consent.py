"""Naming consent: in exports and the meeting pack, an organisation that has not agreed to be named (the
register's `consent_to_name`, blank meaning no) appears as a stable pseudonym, "Organisation A".

Pseudonyms are given in the order of the organisations' ids among all those without consent, whatever the
filters, so the same data gives the same pseudonym in every file. A pseudonym replaces the name and the id
wherever they occur: table cells, list items, sentences, titles, notes and the description of the filters.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache, partial

import duckdb
import pandas as pd

from disparities.reading import column_letter as letters
from disparities.sections import PageView, Section
from disparities.summaries import escape_markdown

Names = tuple[tuple[str, str], ...]  # (as written, pseudonym), longest first


def pseudonyms(con: duckdb.DuckDBPyConnection) -> Names:
    """Each organisation without consent: its name (as written and as escaped in a sentence) and its id, each
    with its pseudonym."""
    rows = con.execute("SELECT org_id, name FROM organisations WHERE NOT coalesce(consent_to_name, FALSE) "
                       "ORDER BY org_id").fetchall()
    pairs = {}
    for n, (org_id, name) in enumerate(rows):
        pseudonym = f"Organisation {letters(n)}"
        for written in (name, escape_markdown(name or ""), org_id):
            if written:
                pairs[written] = pseudonym
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


_TOKEN = re.compile(r"[\w-]+")


@lru_cache(maxsize=8)
def _index(names: Names) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each name or id under its first word: a text is searched only for the names one of its words begins.
    (One pattern of thousands of alternatives, tried at every position of every cell, took minutes at 3,000
    organisations.)"""
    index: dict[str, list[tuple[str, str]]] = {}
    for real, pseudonym in names:
        first = _TOKEN.search(real)
        index.setdefault(first.group(0).casefold() if first else "", []).append((real, pseudonym))
    return {word: tuple(pairs) for word, pairs in index.items()}


def _written(real: str) -> str:
    """A name as a pattern that finds it however it is typed: any case, any run of spaces between its words,
    and followed by anything but a letter or digit ("Harbour Group-led" names the Harbour Group)."""
    words = r"\s+".join(re.escape(word) for word in real.split())
    return f"(?<![\\w-]){words}(?!\\w)" if _TOKEN.search(real) else re.escape(real)


def text(value: str, names: Names) -> str:
    """`value` with every name and id of an organisation without consent replaced by its pseudonym."""
    if not names or not isinstance(value, str) or not value:
        return value
    return _replaced(value, _index(names))


def _replaced(value: str, index: dict[str, tuple[tuple[str, str], ...]]) -> str:
    found = [pair for word in {w.casefold() for w in _TOKEN.findall(value)} for pair in index.get(word, ())]
    found += [pair for pair in index.get("", ()) if pair[0] in value]  # names with no word: "***"
    if not found:
        return value
    found.sort(key=lambda pair: -len(pair[0]))  # "Group Two" before "Group"
    pattern = re.compile("|".join(f"(?P<n{i}>{_written(real)})" for i, (real, _) in enumerate(found)),
                         re.IGNORECASE)
    return pattern.sub(lambda match: found[int(match.lastgroup[1:])][1], value)


def _cell(value: object, names: Names) -> object:  # list cells are rare: `text` looks up the index each time
    if isinstance(value, str):
        return text(value, names)
    if isinstance(value, (list, tuple)):
        return type(value)(_cell(v, names) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, (int, float)):  # numpy arrays from list columns
        return [_cell(v, names) for v in value.tolist()]
    return value


def table(frame: pd.DataFrame, names: Names) -> pd.DataFrame:
    """`frame` with pseudonyms in its text and list cells (a copy; its other columns as they were). Each distinct
    text is looked at once: a long table repeats its values."""
    texts = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    if not names or not texts:
        return frame
    changed = {}
    index = _index(names)  # once a table: hashing the names for the cache costs as much as a cell
    for column in texts:
        seen: dict[str, object] = {}
        cells = []
        for value in frame[column]:
            if isinstance(value, str):
                if value not in seen:
                    seen[value] = _replaced(value, index) if value else value
                cells.append(seen[value])
            else:
                cells.append(_cell(value, names))
        changed[column] = cells
    return frame.assign(**changed)


def section(found: Section, names: Names) -> Section:
    """`found` with pseudonyms for the organisations without consent (its chart is drawn from the new table)."""
    if not names:
        return found
    return replace(found, table=table(found.table, names), title=text(found.title, names), note=text(found.note, names),
                   empty=text(found.empty, names), caution=text(found.caution, names) if found.caution else None,
                   summarise=partial(_summarised, found.summarise, names) if found.summarise else None,
                   hidden=found.hidden)


def _summarised(summarise, names: Names, table: pd.DataFrame) -> str:
    return text(summarise(table), names)


def page(view: PageView, names: Names) -> PageView:
    return replace(view, caption=text(view.caption, names),
                   sections=tuple(section(s, names) for s in view.sections))
