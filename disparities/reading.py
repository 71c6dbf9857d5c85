"""Bytes -> text -> a raw table of strings: encoding, delimiter, header matching, kind detection.

The rows themselves are read by DuckDB's CSV reader (fast) into a temporary
table of VARCHAR columns with the spreadsheet row number; unusual files
(ragged rows, blank lines inside) fall back to Python's csv module so that row
numbers always match what a spreadsheet shows.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from disparities.kinds import KINDS, Kind
from disparities.report import Issue, Refused, error, warning
from disparities.vocabularies import normalise

DELIMITERS = (",", ";", "\t")
MAX_COLUMNS = 500  # a wider file is refused before any work: no kind has more than a few dozen columns
# A cell may be as long as the upload limit allows (the csv module's default stops at 128 KB).
csv.field_size_limit(1 << 30)
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a zip file (an Excel .xlsx workbook?)",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
_SAVE_AS_CSV = "In Excel, use File > Save As and choose 'CSV UTF-8' or 'CSV (Comma delimited)'."
_INNER_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n(?=.*\S)", re.S)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    mixed_lines: tuple[int, ...] = ()  # lines in UTF-8 within a Windows-1252 file (each decoded as its own)


def decode(data: bytes) -> Decoded:
    """The file's text, from UTF-8 (with or without BOM), UTF-16 or Windows-1252; Refused otherwise."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise Refused("The file is empty.")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise Refused(f"This is {what}, not a CSV file. {_SAVE_AS_CSV}")
    encoding = _guess_encoding(data)
    mixed: tuple[int, ...] = ()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise Refused("The file's text is not in UTF-8, UTF-16 or Windows-1252, so it cannot be read. " + _SAVE_AS_CSV)
    if encoding == "cp1252":
        text, mixed = _decode_line_by_line(data)
    if _looks_binary(text):
        raise Refused(f"This looks like a binary file, not CSV text. {_SAVE_AS_CSV}")
    # Every line ending becomes "\n": Windows (CRLF), Unix (LF) and old Mac (CR only) files read alike.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(_without_separator_hint(text.lstrip("\ufeff")), encoding, mixed)


def _decode_line_by_line(data: bytes) -> tuple[str, tuple[int, ...]]:
    """A file that is not UTF-8 as a whole: Windows-1252, except lines that are valid UTF-8 with accented
    letters (a file pasted together from two sources), which are read as UTF-8 and reported, so 'Café'
    never becomes 'CafÃ©' silently."""
    lines, mixed = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if max(line, default=0) >= 0x80:
            try:
                lines.append(line.decode("utf-8"))
                mixed.append(number)
                continue
            except UnicodeDecodeError:
                pass
        lines.append(line.decode("cp1252", errors="replace"))
    return "\n".join(lines), tuple(mixed)


def _without_separator_hint(text: str) -> str:
    """Drop Excel's 'sep=;' first line (Excel hides it, so the header is still row 1); detection finds the delimiter."""
    if text[:4].lower() == "sep=" and len(text.split("\n", 1)[0].strip()) == 5:
        return text.split("\n", 1)[1] if "\n" in text else ""
    return text


def _guess_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM: every other byte is zero
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 4:
            return "utf-16-be" if even > odd else "utf-16-le"
        raise Refused(f"This looks like a binary file, not CSV text. {_SAVE_AS_CSV}")
    if 0 in head:  # text files in the accepted 8-bit encodings never contain NUL bytes
        raise Refused(f"This looks like a binary file, not CSV text. {_SAVE_AS_CSV}")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the header into most fields consistently."""
    lines = text.split("\n", 20)[:20]

    def score(delimiter: str) -> tuple[int, int]:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in row)]
        if not counts:
            return (0, 0)
        return (counts[0] if counts[0] > 1 else 0, sum(c == counts[0] for c in counts))

    return max(DELIMITERS, key=score)


def _first_record(text: str) -> str:
    """The text of the first record, however long: up to the first line break outside quotes."""
    end = text.find("\n")
    while end != -1 and text.count('"', 0, end) % 2:
        end = text.find("\n", end + 1)
    return text if end == -1 else text[:end]


def header_row(text: str, delimiter: str) -> list[str]:
    """The whole first record (however long), cells trimmed; Refused beyond MAX_COLUMNS columns."""
    first = next(csv.reader(io.StringIO(_first_record(text), newline=""), delimiter=delimiter), [])
    if len(first) > MAX_COLUMNS:
        raise Refused(f"The file has {len(first):,} columns; at most {MAX_COLUMNS} are read. Check that it is the "
                      "right file, or remove the columns that are not in the template.")
    return [cell.strip() for cell in first]


# ---- headers -> columns of a kind -------------------------------------------------------------

@dataclass(frozen=True)
class HeaderMatch:
    positions: dict[str, int]  # column name -> index in the file
    issues: list[Issue]


def _spellings(kind: Kind) -> dict[str, str]:
    return {normalise(s): c.name for c in kind.columns for s in (c.name, *c.synonyms)}


def match_headers(kind: Kind, header: list[str], untitled_with_data: set[int] | None = None) -> HeaderMatch:
    """Map file headers to the kind's columns, ignoring case, spacing and punctuation."""
    spellings = _spellings(kind)
    positions: dict[str, int] = {}
    issues: list[Issue] = []
    for index, title in enumerate(header):
        letter = column_letter(index)
        if not title:
            if untitled_with_data is None or index in untitled_with_data:
                issues.append(warning(f"column {letter} has no header, so it was ignored", row=1, column=letter))
            continue
        name = spellings.get(normalise(title))
        if name is None:
            issues.append(warning(f"unknown column '{title}' was ignored", row=1, column=title))
        elif name in positions:
            first = header[positions[name]]
            issues.append(error(f"columns '{first}' and '{title}' both mean {name}; keep one", row=1, column=title))
        else:
            positions[name] = index
    for name in kind.required:
        if name not in positions:
            issues.append(error(f"required column '{name}' is missing", row=1, column=name))
    return HeaderMatch(positions, issues)


def detect_kind(header: list[str]) -> Kind:
    """The kind whose required columns the header has, preferring the one that matches most columns."""
    normalised = {normalise(h) for h in header if h}

    def matched(kind: Kind) -> tuple[bool, int]:
        spellings = _spellings(kind)
        names = {spellings[h] for h in normalised if h in spellings}
        # Strong evidence only: the key and every required column, and more than half the file's columns
        # (a survey export with 'Name' and 'Org ID' among its questions is not the register).
        strong = all(r in names for r in (*kind.key, *kind.required)) and len(names) * 2 > len(normalised)
        return (strong, len(names))

    scored = sorted(((matched(k), k.name) for k in KINDS.values()), reverse=True)
    (complete, count), best = scored[0]
    if not complete or (len(scored) > 1 and scored[1][0] == (True, count)):
        raise Refused(
            "Could not tell what kind of file this is from its headers "
            f"({_listed([h for h in header if h]) or 'none'}): it does not have the key and required columns of "
            "one kind as most of its columns. Choose the kind, or use the template's headers."
        )
    return KINDS[best]


def _listed(titles: list[str], most: int = 12) -> str:
    return ", ".join(titles[:most]) + (f" and {len(titles) - most:,} more" if len(titles) > most else "")


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---- rows -> DuckDB ---------------------------------------------------------------------------

def load_raw(con: duckdb.DuckDBPyConnection, decoded: Decoded, delimiter: str, width: int, table: str) -> list[Issue]:
    """Create temp `table` (_row, c0..c{width-1}, all VARCHAR) from the file's data rows; return row-shape issues."""
    # A quoted cell that is never closed would silently swallow (or, in DuckDB, drop) the rest of the file.
    opened = unclosed_quote_row(decoded.text, delimiter) if decoded.text.count('"') % 2 else None
    if opened is not None:
        issues = [error("a quoted cell starts in this row but its closing quote (\") is missing, so the rest of "
                        "the file cannot be read", row=opened)]
        return issues + _load_with_python(con, decoded.text, delimiter, width, table)
    with tempfile.TemporaryDirectory(prefix="disparities-") as folder:
        path = Path(folder) / "upload.csv"
        path.write_text(decoded.text, encoding="utf-8", newline="")
        if not _INNER_BLANK_LINE.search(decoded.text):
            try:
                _load_with_duckdb(con, path, delimiter, width, table)
                return []
            except duckdb.Error:
                con.execute(f"DROP TABLE IF EXISTS {table}")
        return _load_with_python(con, decoded.text, delimiter, width, table)


def unclosed_quote_row(text: str, delimiter: str) -> int | None:
    """The spreadsheet row in which a quoted cell opens and is never closed, or None.

    Follows the csv module's lenient rules: a quote opens a quoted cell only at the start of a cell,
    '""' inside one is a quote, and anything after the closing quote joins the cell."""
    row, state, opened = 1, "start", 0
    for ch in text.replace("\r\n", "\n"):
        if state == "quoted":
            if ch == '"':
                state = "closing"
        elif state == "closing" and ch == '"':
            state = "quoted"
        elif ch in "\r\n":
            row, state = row + 1, "start"
        elif ch == delimiter:
            state = "start"
        elif ch == '"' and state == "start":
            state, opened = "quoted", row
        else:
            state = "cell"
    return opened if state == "quoted" else None


def _load_with_duckdb(con: duckdb.DuckDBPyConnection, path: Path, delimiter: str, width: int, table: str) -> None:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    con.execute(
        f"""CREATE TEMP TABLE {table} AS
        SELECT * FROM (SELECT row_number() OVER () AS _row, * FROM read_csv(?, header=false, auto_detect=false,
            delim=?, quote='"', escape='"', columns={columns}, null_padding=true, parallel=false,
            max_line_size=10000000))
        WHERE _row > 1""",
        [str(path), delimiter],
    )


def _load_with_python(con: duckdb.DuckDBPyConnection, text: str, delimiter: str, width: int, table: str) -> list[Issue]:
    issues: list[Issue] = []
    cells: list[list[str | None]] = [[] for _ in range(width)]
    rows: list[int] = []
    for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if number == 1:
            continue
        extra = [c for c in record[width:] if c.strip()]
        if extra:
            issues.append(error(f"this row has {len(record)} cells but the header has {width}", row=number))
        rows.append(number)
        for i in range(width):
            cells[i].append(record[i] if i < len(record) and record[i] != "" else None)
    arrow = pa.table({"_row": pa.array(rows, pa.int64()), **{f"c{i}": pa.array(cells[i], pa.string()) for i in range(width)}})
    con.register("_python_rows", arrow)
    try:
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM _python_rows")
    finally:
        con.unregister("_python_rows")
    return issues
