"""Raw strings -> typed rows, and every problem found, in set-based SQL.

Each column type has an SQL expression that parses the trimmed cell and a list
of checks (SQL conditions with message templates). Vocabulary columns are
matched in Python once per *distinct* cell value, then joined back, so the work
does not grow with the number of rows. Nothing here writes to the store.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from disparities.identifiers import MAX_CODE_LENGTH, code_problem, normalise_code
from disparities.kinds import Column, Kind
from disparities.report import ERROR, WARNING, Issue
from disparities.vocabularies import ALL as VOCABULARIES, Vocabulary

MAX_ISSUES = 5000  # per file; the report says how many more there were
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"]
_TRIM = "' \t\r\n\u00a0'"
TRUE_WORDS = ("yes", "y", "true", "1")
FALSE_WORDS = ("no", "n", "false", "0")


def trim(index: int) -> str:
    """SQL for cell c<index> trimmed, blank as NULL. Tabs, line breaks and no-break spaces are rare,
    so only cells containing one pay for the slower trim."""
    c = f"c{index}"
    unusual = " OR ".join(f"strpos({c}, chr({code})) > 0" for code in (9, 10, 13, 160))
    return f"NULLIF(CASE WHEN {unusual} THEN trim({c}, {_TRIM}) ELSE trim({c}) END, '')"


def q(name: str) -> str:
    """A quoted SQL identifier (columns such as `end` and `rank` are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def raw(name: str) -> str:
    return q("r_" + name)


@dataclass(frozen=True)
class Check:
    column: str
    condition: str  # SQL over the stage table; true where the problem is
    message: str  # may contain {value}
    severity: str = ERROR
    value: str | None = None  # SQL for the value shown; defaults to the raw cell


# In a file separated by semicolons (continental Excel), '.' separates thousands and ',' marks decimals:
# '1.200' is 1200 and '1,5' is 1.5. Such cells are read that way and reported, never silently.
_CONTINENTAL = "^[+-]?(\\d{1,3}(\\.\\d{3})+(,\\d+)?|\\d+,\\d+)$"


def _plain_code(cell: str) -> str:
    """SQL: true for a code that needs no Unicode work (ASCII, one byte a character; not too long)."""
    return f"(length({cell}) <= {MAX_CODE_LENGTH} AND strlen({cell}) = length({cell}))"


def _parse_expr(column: Column, continental: bool = False) -> str:
    """SQL turning the trimmed cell r_<name> into the stored value."""
    r = raw(column.name)
    if column.type == "code":  # plain ASCII codes in SQL; others (and over-long ones) as mapped in Python
        return f"CASE WHEN {_plain_code(r)} THEN upper({r}) ELSE {q('m_' + column.name)}.value END"
    if column.type in ("int", "number"):
        # plain numbers take the fast cast; '1,200', '£30' or '45%' are cleaned first. A comma must
        # separate thousands ('1,5' is not read as 15), and NaN or infinity are not numbers.
        cleaned = f"regexp_replace({r}, '[\\s£%]', '', 'g')"
        grouped = f"(strpos({cleaned}, ',') = 0 OR regexp_matches({cleaned}, '^[+-]?\\d{{1,3}}(,\\d{{3}})+(\\.\\d*)?$'))"
        number = (f"COALESCE(TRY_CAST({r} AS DOUBLE), "
                  f"CASE WHEN {grouped} THEN TRY_CAST(replace({cleaned}, ',', '') AS DOUBLE) END)")
        if continental:
            number = (f"CASE WHEN regexp_matches({cleaned}, '{_CONTINENTAL}') THEN "
                      f"TRY_CAST(replace(replace({cleaned}, '.', ''), ',', '.') AS DOUBLE) ELSE {number} END")
        if column.type == "int":
            return f"(SELECT CASE WHEN n = floor(n) AND abs(n) < 1e15 THEN n::BIGINT END FROM (SELECT {number} AS n))"
        return f"(SELECT CASE WHEN isfinite(n) THEN n END FROM (SELECT {number} AS n))"
    if column.type == "date":
        formats = "[" + ", ".join(f"'{f}'" for f in DATE_FORMATS) + "]"
        iso = f"CASE WHEN length({r}) = 10 THEN TRY_CAST({r} AS DATE) END"
        return f"COALESCE({iso}, try_strptime({r}, {formats})::DATE)"
    if column.type == "bool":
        words = lambda ws: ", ".join(f"'{w}'" for w in ws)  # noqa: E731
        return f"CASE WHEN lower({r}) IN ({words(TRUE_WORDS)}) THEN true WHEN lower({r}) IN ({words(FALSE_WORDS)}) THEN false END"
    if column.type in ("cat", "list"):
        return f"{q('m_' + column.name)}.value"
    return r


def _checks(column: Column, continental: bool = False) -> list[Check]:
    name, r, p = column.name, raw(column.name), q(column.name)
    checks: list[Check] = []
    if continental and column.type in ("int", "number"):
        cleaned = f"regexp_replace({r}, '[\\s£%]', '', 'g')"
        checks.append(Check(name, f"{p} IS NOT NULL AND regexp_matches({cleaned}, '{_CONTINENTAL}')",
                            "'{value}' was read the continental way ('.' between thousands, ',' before decimals), "
                            "as the file is separated by semicolons: check it", WARNING))
    if column.required:
        checks.append(Check(name, f"{r} IS NULL", "is required but empty"))
    unparsed = f"{r} IS NOT NULL AND {p} IS NULL"
    if column.type == "int":
        checks.append(Check(name, unparsed, "'{value}' is not a whole number"))
    elif column.type == "number":
        checks.append(Check(name, unparsed, "'{value}' is not a number"))
    elif column.type == "date":
        us_style = f"regexp_matches({r}, '^\\s*\\d{{1,2}}/(1[3-9]|2\\d|3[01])/\\d{{4}}\\s*$')"
        checks.append(Check(name, f"{unparsed} AND {us_style}",
                            "'{value}' is not a valid date: dates are read day first (14/07/2021), so this has no such month"))
        checks.append(Check(name, f"{unparsed} AND NOT {us_style}",
                            "'{value}' is not a date; use 2021-07-14, 14/07/2021 or 14 Jul 2021"))
        checks.append(Check(name, f"year({p}) NOT BETWEEN 1900 AND 2100",
                            "'{value}' has a year outside 1900-2100; write the year with four digits"))
    elif column.type == "bool":
        checks.append(Check(name, unparsed, "'{value}' is not yes or no"))
    elif column.type in ("cat", "list", "code"):
        severity, problem = q("s_" + name), q("p_" + name)
        checks.append(Check(name, f"{severity} = '{ERROR}'", "{value}", value=problem))
        checks.append(Check(name, f"{severity} = '{WARNING}'", "{value}", WARNING, value=problem))
    if column.type in ("int", "number"):
        if column.minimum == 0:
            checks.append(Check(name, f"{p} < 0", "'{value}' is negative; counts cannot be below 0"))
        elif column.minimum is not None:
            checks.append(Check(name, f"{p} < {column.minimum}", f"'{{value}}' is below the smallest allowed value, {column.minimum:g}"))
        if column.maximum is not None:
            checks.append(Check(name, f"{p} > {column.maximum}", f"'{{value}}' is above the largest allowed value, {column.maximum:g}"))
    if column.max_length:
        checks.append(Check(name, f"length({p}) > {column.max_length}",
                            f"is longer than {column.max_length} characters"))
    return checks


# ---- vocabularies, once per distinct value ------------------------------------------------------

@dataclass(frozen=True)
class Mapped:
    value: object
    problem: str | None = None
    severity: str | None = None


def _suggest(vocabulary: Vocabulary, text: str) -> str:
    close = difflib.get_close_matches(text.lower(), [l.lower() for l in vocabulary.labels], n=1, cutoff=0.6)
    if close:
        label = next(l for l in vocabulary.labels if l.lower() == close[0])
        return f" Did you mean '{label}'?"
    shown = vocabulary.labels if len(vocabulary.labels) <= 12 else vocabulary.labels[:12] + ["..."]
    return " Allowed: " + ", ".join(shown) + "."


def map_category(column: Column, text: str) -> Mapped:
    vocabulary = VOCABULARIES[column.vocabulary]
    label = vocabulary.match(text)
    if label is not None:
        return Mapped(label)
    if column.unknown_is_warning:
        return Mapped(text, f"'{text}' is not a known {vocabulary.name}; kept as written", WARNING)
    return Mapped(None, f"'{text}' is not a known {vocabulary.name}." + _suggest(vocabulary, text), ERROR)


def map_code(column: Column, text: str) -> Mapped:
    code = normalise_code(text)
    problem = code_problem(code)
    if problem:
        return Mapped(None, problem, ERROR)
    return Mapped(code or None, None if code else "is only invisible characters", None if code else ERROR)


def split_list(text: str, vocabulary: Vocabulary | None) -> list[str]:
    """Items separated by ';', else by '|' or ',' (unless the whole cell is one vocabulary item)."""
    if ";" in text:
        parts = text.split(";")
    elif vocabulary is not None and vocabulary.match(text) is not None:
        parts = [text]
    elif "|" in text:
        parts = text.split("|")
    else:
        parts = text.split(",")
    return [p.strip() for p in parts if p.strip()]


MAX_NAMED = 10  # unknown items named in one message; the rest are counted


def map_list(column: Column, text: str) -> Mapped:
    """Items mapped to the vocabulary, in order, each once: linear in the number of items (a dict keeps the
    order and answers 'seen already?' at once)."""
    vocabulary = VOCABULARIES.get(column.vocabulary) if column.vocabulary else None
    items: dict[str, None] = {}
    unknown: list[str] = []
    for item in split_list(text, vocabulary):
        if vocabulary is None:
            label = normalise_code(item) if column.item_type == "code" else item
        else:
            label = vocabulary.match(item)
            if label is None:
                unknown.append(item)
                label = f"{vocabulary.other}: {item}" if vocabulary.other else item
        items.setdefault(label)
    if not unknown:
        return Mapped(list(items))
    names = ", ".join(f"'{u}'" for u in unknown[:MAX_NAMED])
    if len(unknown) > MAX_NAMED:
        names += f" and {len(unknown) - MAX_NAMED:,} more"
    where = f"kept under '{vocabulary.other}'" if vocabulary.other else "kept as written"
    return Mapped(list(items), f"{names} not a known {vocabulary.name}; {where}", WARNING)


def _mapping_table(con: duckdb.DuckDBPyConnection, column: Column, source: str) -> pa.Table:
    plain = f" AND NOT {_plain_code(raw(column.name))}" if column.type == "code" else ""
    values = [row[0] for row in con.execute(
        f"SELECT DISTINCT {raw(column.name)} FROM {source} WHERE {raw(column.name)} IS NOT NULL{plain}").fetchall()]
    return _mapped_values(column, values)


def _mapped_values(column: Column, values: list[str]) -> pa.Table:
    mapper = {"cat": map_category, "code": map_code}.get(column.type, map_list)
    mapped = [mapper(column, v) for v in values]
    value_type = pa.list_(pa.string()) if column.type == "list" else pa.string()
    return pa.table({
        "raw": pa.array(values, pa.string()),
        "value": pa.array([m.value for m in mapped], value_type),
        "problem": pa.array([m.problem for m in mapped], pa.string()),
        "severity": pa.array([m.severity for m in mapped], pa.string()),
    })


# ---- the stage table and its issues -------------------------------------------------------------

def stage(con: duckdb.DuckDBPyConnection, kind: Kind, positions: dict[str, int], raw_table: str, out: str,
          continental: bool = False) -> list[Issue]:
    """Create temp table `out` (_row, r_<col> trimmed text, <col> typed) and return every problem found.

    Columns absent from the file are NULL; a missing required column is reported by header matching.
    Blank rows are dropped. One pass computes the typed values and a `_bad` flag; the issue report then
    looks only at flagged rows.
    """
    width = len(con.execute(f"SELECT * FROM {raw_table} LIMIT 0").description) - 1
    trimmed = [f"{trim(positions[c.name]) if c.name in positions else 'NULL::VARCHAR'} AS {raw(c.name)}"
               for c in kind.columns]
    unmatched = [i for i in range(width) if i not in positions.values()]
    other_data = " OR ".join(f"{trim(i)} IS NOT NULL" for i in unmatched) or "false"
    not_blank = " OR ".join([f"{raw(c)} IS NOT NULL" for c in positions] + ["_other_data"])
    joins, extras = [], []
    for column in kind.columns:
        if column.type in ("cat", "list", "code") and column.name in positions:
            table, alias = f"{out}_map_{column.name}", q("m_" + column.name)
            cell = f"c{positions[column.name]}"
            # Codes: only cells that are not plain ASCII (or are too long) need Python; the rest never leave SQL.
            unusual = (f" WHERE strlen({cell}) <> length({cell}) OR length({cell}) > {MAX_CODE_LENGTH}"
                       if column.type == "code" else "")
            mapping = _mapping_table(con, column, f"(SELECT {trim(positions[column.name])} AS {raw(column.name)} "
                                                  f"FROM {raw_table}{unusual})")
            con.register("_mapping", mapping)
            try:
                con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM _mapping")
            finally:
                con.unregister("_mapping")
            joins.append(f"LEFT JOIN {table} AS {alias} ON {alias}.raw = t.{raw(column.name)}")
            extras += [f"{alias}.problem AS {q('p_' + column.name)}", f"{alias}.severity AS {q('s_' + column.name)}"]
    typed = []
    for c in kind.columns:
        expr = _parse_expr(c, continental) if c.name in positions else "NULL"
        if c.default is not None:  # for a blank cell only: an invalid value stays NULL and is reported
            blank = f"{raw(c.name)} IS NULL" if c.name in positions else "true"
            expr = f"CASE WHEN {blank} THEN {c.default!r} ELSE {expr} END"
        typed.append(f"CAST({expr} AS {c.sql_type}) AS {q(c.name)}")
    checks = [check for c in kind.columns if c.name in positions for check in _checks(c, continental)]
    bad = " OR ".join(f"COALESCE({c.condition}, false)" for c in checks) or "false"
    con.execute(f"""CREATE TEMP TABLE {out} AS
        WITH t AS (SELECT * EXCLUDE (_other_data) FROM (
                      SELECT _row, {', '.join(trimmed)}, {other_data} AS _other_data FROM {raw_table})
                   WHERE {not_blank}),
             typed AS (SELECT t.*, {', '.join(typed + extras)} FROM t {' '.join(joins)})
        SELECT *, {bad} AS _bad FROM typed""")
    return collect_issues(con, f"(SELECT * FROM {out} WHERE _bad)", checks)


def collect_issues(con: duckdb.DuckDBPyConnection, table: str, checks: list[Check]) -> list[Issue]:
    """Run every check over `table` in one query; issues ordered by row."""
    if not checks:
        return []
    selects = [f"SELECT {i} AS check_id, _row, CAST({c.value or raw(c.column)} AS VARCHAR) AS value "
               f"FROM {table} WHERE {c.condition}" for i, c in enumerate(checks)]
    rows = con.execute(f"SELECT * FROM ({' UNION ALL '.join(selects)}) "
                       f"ORDER BY _row, check_id LIMIT {MAX_ISSUES + 1}").fetchall()
    issues = [Issue(checks[i].severity, checks[i].message.format(value=value), row, checks[i].column,
                    None if checks[i].value else value)
              for i, row, value in rows[:MAX_ISSUES]]
    if len(rows) > MAX_ISSUES:
        issues.append(Issue(ERROR, f"more problems were found; only the first {MAX_ISSUES} are listed"))
    return issues
