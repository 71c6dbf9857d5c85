"""Survey-tool exports as they come: read (CSV or workbook), recognise the tool, suggest a mapping onto a kind,
and apply it, giving a file in the data contract's own shape that the ordinary ingestion then checks.

A mapping is plain data (JSON on the command line): which export column fills which field, which columns are
ignored (personal data is never stored), answer wordings to vocabulary items, organisation names as typed to
register ids, and the order of day and month in dates. The same mapping applies to the next round of the same
survey: its `signature` is the export's header.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process, utils

from disparities import reading
from disparities.kinds import KINDS, Column, Kind
from disparities.report import Refused
from disparities.vocabularies import ALL as VOCABULARIES, normalise

LONDON = ZoneInfo("Europe/London")
MATCH_AT = 70  # a suggestion below this confidence (0-100) is not made


# ---- reading ----------------------------------------------------------------------------------------------

@dataclass
class Export:
    """An export as read: its header (one title per column, two-row headers merged), rows of text cells."""
    file_name: str
    header: list[str]
    rows: list[list[str]]
    tool: str | None = None
    sheet: str | None = None

    @property
    def signature(self) -> str:
        """The header's fingerprint: the next round of the same survey has the same one."""
        return hashlib.sha256("\x1f".join(normalise(h) for h in self.header).encode()).hexdigest()[:16]

    def column(self, index: int) -> list[str]:
        return [row[index] if index < len(row) else "" for row in self.rows]


_WORKBOOK = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def is_workbook(data: bytes) -> bool:
    return data.startswith(_WORKBOOK)


def read_export(file_name: str, data: bytes, sheet: str | None = None) -> Export:
    """An export from CSV bytes (any encoding and delimiter the ingestion reads) or an .xlsx/.xls workbook
    (the first sheet, or `sheet`)."""
    from .config import max_upload_bytes
    if len(data) > max_upload_bytes():  # the same limit as any upload, before any work
        raise Refused(f"The file is {len(data) / 2**20:.1f} MB; the limit is {max_upload_bytes() / 2**20:g} MB. "
                      "Split it into smaller files.")
    rows = _workbook_rows(data, sheet) if is_workbook(data) else _csv_rows(data)
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise Refused("The file is empty.")
    header, body = [c.strip() for c in rows[0]], rows[1:]
    if body and _is_option_row(header, body[0]):  # SurveyMonkey: a second header row of answer options
        header, body = _merge_option_row(header, body[0]), body[1:]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in body]
    return Export(file_name, header, body, recognise(header), sheet)


def _csv_rows(data: bytes) -> list[list[str]]:
    decoded = reading.decode(data)
    delimiter = reading.detect_delimiter(decoded.text)
    return list(csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter))


def _workbook_rows(data: bytes, sheet: str | None) -> list[list[str]]:
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as problem:  # noqa: BLE001 - a damaged or protected workbook
        raise Refused(f"The workbook could not be opened ({problem}). Save it again from Excel.") from problem
    names = book.sheet_names
    if sheet is not None and sheet not in names:
        raise Refused(f"The workbook has no sheet '{sheet}'; it has {', '.join(names)}.")
    return [[_cell_text(c) for c in row] for row in book.get_sheet_by_name(sheet or names[0]).to_python()]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _is_option_row(header: list[str], second: list[str]) -> bool:
    """SurveyMonkey's second header row: 'Response' / 'Open-Ended Response' / option texts under a question,
    with blank titles in the first row for the further options of a multiple-choice question."""
    return any(c.strip() in ("Response", "Open-Ended Response") for c in second) and "" in header


def _merge_option_row(header: list[str], options: list[str]) -> list[str]:
    merged, question = [], ""
    for title, option in zip(header, options + [""] * len(header)):
        question = title or question
        option = option.strip()
        merged.append(question if option in ("", "Response", "Open-Ended Response") else f"{question} / {option}")
    return merged


# ---- which tool made it --------------------------------------------------------------------------------

TOOLS = {  # tool -> header titles that together say it made the file
    "Google Forms": ({"timestamp"},),
    "Microsoft Forms": ({"id", "start time", "completion time"},),
    "SurveyMonkey": ({"respondent id", "collector id"},),
    "KoboToolbox": ({"_uuid"}, {"_submission_time"}, {"start", "end", "_id"}),
    "Typeform": ({"submitted at", "network id"}, {"#", "submitted at"}),
}


def looks_like_export(data: bytes) -> bool:
    """A CSV whose header a survey tool wrote (a workbook is always read as an export first)."""
    try:
        decoded = reading.decode(data)
        return recognise(reading.header_row(decoded.text, reading.detect_delimiter(decoded.text))) is not None
    except Refused:
        return False


def recognise(header: list[str]) -> str | None:
    titles = {h.strip().lower() for h in header}
    for tool, signatures in TOOLS.items():
        if any(signature <= titles for signature in signatures):
            return tool
    return None


# ---- the mapping ---------------------------------------------------------------------------------------

PERSONAL = ("email", "e-mail", "email address", "ip address", "name", "your name", "full name", "first name",
            "last name", "respondent name", "phone", "telephone", "mobile", "_uuid", "_id", "respondent id",
            "collector id", "id", "network id", "#", "deviceid", "username")
SURVEY_WORDING = {  # extra wordings of each field as survey questions ask them
    "org_id": ("organisation", "organisation name", "name of your organisation", "group", "your organisation",
               "organization", "which organisation"),
    "returned_on": ("timestamp", "submitted at", "completion time", "end date", "_submission_time", "end"),
    "assessed_on": ("timestamp", "submitted at", "completion time", "end date", "_submission_time", "end",
                    "date of the assessment"),
    "offers_mental_health_support": ("does your organisation offer mental health support",),
    "services": ("which mental health services do you offer", "services"),
    "beneficiaries_supported": ("how many people did you support in the last 12 months", "beneficiaries"),
    "age_groups": ("which age groups do you work with", "age groups"),
    "languages": ("which languages do you work in", "languages"),
    "referral_routes": ("how do people reach you", "referral routes"),
    "barriers": ("what stops your beneficiaries getting help", "barriers"),
    "support_needs": ("what support does your organisation need", "support needs"),
    "funding_secured_until": ("until when is your funding secured", "funding secured until"),
}


@dataclass
class Mapping:
    kind: str
    tool: str | None
    signature: str
    # export title -> {field, confidence} | {ignore: why} | {field, rank: n} (a "second main ..." question) |
    # {field, option: label} (one row of a ranking grid: the cell holds the rank)
    columns: dict[str, dict] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> answer as written -> label
    organisations: dict[str, str | None] = field(default_factory=dict)  # name as typed -> org_id (None: unknown)
    date_order: str = "day-first"  # or "month-first"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "tool": self.tool, "signature": self.signature, "columns": self.columns,
                "answers": self.answers, "organisations": self.organisations, "date_order": self.date_order}

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        if data.get("kind") not in KINDS:
            raise Refused(f"The mapping names no known kind ({data.get('kind')!r}).")
        return cls(data["kind"], data.get("tool"), data.get("signature", ""), dict(data.get("columns", {})),
                   dict(data.get("answers", {})), dict(data.get("organisations", {})),
                   data.get("date_order", "day-first"))


def _field_texts(kind: Kind) -> dict[str, str]:
    """Every wording of every field, lower case -> field name."""
    texts = {}
    for column in kind.columns:
        for text in (column.name.replace("_", " "), column.description, *column.synonyms,
                     *SURVEY_WORDING.get(column.name, ())):
            texts.setdefault(text.lower().rstrip("."), column.name)
    return texts


def suggest(export: Export, kind_name: str, register: dict[str, str]) -> Mapping:
    """A suggested mapping of `export` onto kind `kind_name`; `register` is org_id -> name of the stored
    organisations, to match the names respondents typed."""
    kind = KINDS[kind_name]
    texts = _field_texts(kind)
    mapping = Mapping(kind_name, export.tool, export.signature, date_order=_date_order(export))
    candidates = []  # (score, position, title, field)
    for index, title in enumerate(export.header):
        lowered = title.strip().lower()
        question = lowered.split(" / ")[0]
        if not lowered or lowered in PERSONAL or "email" in lowered:
            mapping.columns[title] = {"ignore": "personal data: never stored" if lowered else "no title"}
            continue
        if "/" in question and export.tool == "KoboToolbox" and _zero_one(export.column(index)):
            mapping.columns[title] = {"ignore": "one 0/1 column per option: the choices column is used"}
            continue
        ranked = _ranked_column(kind, title, export.column(index))
        if ranked is not None:
            mapping.columns[title] = ranked
            continue
        wording = question.split("/")[-1]  # Kobo: group/question
        for text, score, _ in process.extract(wording, list(texts), scorer=fuzz.token_set_ratio,
                                              processor=utils.default_process, limit=8):
            if score >= MATCH_AT:
                candidates.append((score, -index, title, texts[text]))
    # Best pairs first; a field takes one question, except a list field, which takes every option column of
    # its question (SurveyMonkey writes one column per option).
    taken: dict[str, str] = {}
    for score, _, title, name in sorted(candidates, reverse=True):
        question = title.lower().split(" / ")[0]
        if title in mapping.columns or (name in taken and taken[name] != question):
            continue
        taken[name] = question
        mapping.columns[title] = {"field": name, "confidence": round(score / 100, 2)}
    for title in export.header:
        mapping.columns.setdefault(title, {"ignore": "not matched to a field: choose one, or leave it out"})
    mapping.columns = {title: mapping.columns[title] for title in export.header}
    _suggest_answers(export, kind, mapping)
    _suggest_organisations(export, mapping, register)
    return mapping


_ORDINALS = {"main": 1, "first": 1, "1st": 1, "top": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
_GRID = re.compile(r"^(?P<question>.+?)\s*(?:\[(?P<a>[^\]]+)\]|/ (?P<b>.+))$")


def _ranked_column(kind: Kind, title: str, values: list[str]) -> dict | None:
    """For a kind with a `rank` column (the assessment): a question asking for the main / second / third item
    ({field, rank}), or one row of a ranking grid whose cells hold ranks ({field, option})."""
    if "rank" not in kind.names:
        return None
    ranked_field = next(c for c in kind.columns if c.type == "cat" and c.name in kind.key)
    vocabulary = VOCABULARIES[ranked_field.vocabulary]
    grid = _GRID.match(title.strip())
    if grid:
        option = (grid.group("a") or grid.group("b")).strip()
        label = vocabulary.match(option) or _closest(vocabulary, option)
        if label and all(v.strip() == "" or v.strip().isdigit() for v in values):
            return {"field": ranked_field.name, "option": label}
    words = set(re.findall(r"[a-z0-9]+", title.lower()))
    counting = {"how", "many", "number", "estimate", "estimated"}
    if words & {"disparity", "disparities", "issue", "issues", "condition", "conditions", "health"} \
            and not words & counting:
        for word, rank in _ORDINALS.items():
            if word in words:
                return {"field": ranked_field.name, "rank": rank}
    return None


def _closest(vocabulary, text: str) -> str | None:
    choices = {spelling: term.label for term in vocabulary.terms for spelling in (term.label, *term.synonyms)}
    best = process.extractOne(text, list(choices), scorer=fuzz.token_set_ratio, processor=utils.default_process)
    return choices[best[0]] if best and best[1] >= 85 else None


def _zero_one(values: list[str]) -> bool:
    return all(v.strip() in ("", "0", "1") for v in values)


def _columns_of(mapping: Mapping, export: Export, name: str) -> list[int]:
    """The columns filling field `name` (a ranking grid's columns hold ranks, not answers: left out)."""
    return [i for i, title in enumerate(export.header)
            if mapping.columns.get(title, {}).get("field") == name and "option" not in mapping.columns[title]]


def _suggest_answers(export: Export, kind: Kind, mapping: Mapping) -> None:
    for column in kind.columns:
        if column.type not in ("cat", "list") or not column.vocabulary:
            continue
        vocabulary = VOCABULARIES[column.vocabulary]
        choices = {spelling: term.label for term in vocabulary.terms for spelling in (term.label, *term.synonyms)}
        seen: dict[str, str] = {}
        for index in _columns_of(mapping, export, column.name):
            for cell in export.column(index):
                for item in _items(cell, export.tool, column):
                    if item in seen or vocabulary.match(item):
                        continue
                    best = process.extractOne(item, list(choices), scorer=fuzz.token_set_ratio,
                                              processor=utils.default_process)
                    seen[item] = choices[best[0]] if best and best[1] >= 80 else (vocabulary.other or item)
        if seen:
            mapping.answers[column.name] = seen


_ORG_NOISE = re.compile(r"\b(the|ltd|limited|cic|sample|charity|uk)\b|[^\w\s]", re.I)


def _org_key(name: str) -> str:
    return " ".join(_ORG_NOISE.sub(" ", name.lower()).split())


def _suggest_organisations(export: Export, mapping: Mapping, register: dict[str, str]) -> None:
    indexes = _columns_of(mapping, export, "org_id")
    if not indexes:
        return
    keys = {_org_key(name): org_id for org_id, name in register.items()}
    for cell in export.column(indexes[0]):
        typed = cell.strip()
        if not typed or typed in mapping.organisations:
            continue
        if typed.upper() in register:
            mapping.organisations[typed] = typed.upper()
            continue
        best = process.extractOne(_org_key(typed), list(keys), scorer=fuzz.token_sort_ratio,
                                  processor=utils.default_process)
        mapping.organisations[typed] = keys[best[0]] if best and best[1] >= 85 else None


# ---- dates, numbers, lists -----------------------------------------------------------------------------

_DATE = re.compile(r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
                   r"\s*([AaPp][Mm])?)?\s*(GMT|UTC|Z)?\s*([+-]\d{1,2}(?::?\d{2})?)?\s*$")


def _date_order(export: Export) -> str:
    """Day first unless a date in the export can only be month first (a second number above 12)."""
    firsts, seconds = set(), set()
    for row in export.rows:
        for cell in row:
            found = _DATE.match(cell or "")
            if found and len(found.group(1)) <= 2:
                firsts.add(int(found.group(1)))
                seconds.add(int(found.group(2)))
    return "month-first" if seconds and max(seconds) > 12 and max(firsts, default=0) <= 12 else "day-first"


def parse_date(text: str, date_order: str = "day-first") -> dt.date | None:
    """A date or date-time as survey tools write it, as the date in London (time zones converted)."""
    found = _DATE.match(text or "")
    if not found:
        return None
    a, b, c, hour, minute, second, half, zone, offset = found.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = (int(a), int(b)) if date_order == "day-first" else (int(b), int(a))
    clock = int(hour or 0)
    if half:  # 12-hour clock: 12 AM is midnight, 12 PM is noon
        clock = clock % 12 + (12 if half.lower() == "pm" else 0)
    try:
        moment = dt.datetime(year, month, day, clock, int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if offset or zone:
        sign, digits = (offset or "+0")[0], (offset or "+0")[1:].replace(":", "")
        hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        zone = dt.timezone((1 if sign == "+" else -1) * dt.timedelta(hours=hours, minutes=minutes))
        moment = moment.replace(tzinfo=zone).astimezone(LONDON)
    return moment.date()


_APPROX = re.compile(r"^\s*(?:approx\.?|approximately|about|around|roughly|circa|c\.|~|over|more than)?\s*"
                     r"(\d[\d,]*)\s*(?:\+|or more|people|approx\.?)?\s*$", re.I)


def parse_count(text: str) -> tuple[str, bool]:
    """'approx 200' -> ('200', True); '150' -> ('150', False); anything else as written (checked later)."""
    stripped = text.strip()
    if re.fullmatch(r"\d[\d,]*", stripped):
        return stripped, False
    found = _APPROX.match(stripped)
    return (found.group(1), True) if found else (stripped, False)


def _items(cell: str, tool: str | None, column: Column) -> list[str]:
    """A multi-select answer's items as the tool writes them."""
    cell = cell.strip()
    if not cell:
        return []
    if tool == "KoboToolbox" and ";" not in cell and "," not in cell:
        return [item.replace("_", " ") for item in cell.split()]
    if column.type == "cat":
        return [cell]
    separator = ";" if ";" in cell else ","
    return [item.strip() for item in cell.split(separator) if item.strip()]


# ---- applying a mapping ----------------------------------------------------------------------------------

@dataclass
class Applied:
    csv_text: str  # the export in the kind's own columns, one row per response
    notes: list[str]  # warnings for the check step (approximate numbers, unmatched organisations...)
    ignored: list[str]  # export columns left out (personal data among them)


def apply(mapping: Mapping, export: Export) -> Applied:
    kind = KINDS[mapping.kind]
    if mapping.signature and mapping.signature != export.signature:
        missing = [t for t in mapping.columns if t not in export.header]
        if missing:
            raise Refused(f"This export's questions differ from the mapping's: {', '.join(missing[:5])} "
                          "not found (a reworded question?). Map the file again.")
    ranked = {t: how for t, how in mapping.columns.items() if "rank" in how or "option" in how}
    ranked_fields = {how["field"] for how in ranked.values()} | ({"rank"} if ranked else set())
    fields = [c for c in kind.columns if _columns_of(mapping, export, c.name) or c.name in ranked_fields]
    notes, out = [], io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in fields])
    for number, row in enumerate(export.rows, start=2):
        values = [_value(mapping, export, row, c, number, notes) for c in fields]
        if not ranked:
            writer.writerow(values)
            continue
        for item, rank in _ranked_items(mapping, export, row, ranked):  # wide answers to our long form
            writer.writerow([item if c.name == next(iter(ranked.values()))["field"] else rank if c.name == "rank"
                             else v for c, v in zip(fields, values)])
    ignored = [t for t, how in mapping.columns.items() if "ignore" in how and t in export.header]
    return Applied(out.getvalue(), notes, ignored)


def _ranked_items(mapping: Mapping, export: Export, row: list[str], ranked: dict[str, dict]) -> list[tuple[str, int]]:
    """(item, rank) of one response: from 'main / second / third' questions, or from a ranking grid."""
    name = next(iter(ranked.values()))["field"]
    answers = mapping.answers.get(name, {})
    found = []
    for title, how in ranked.items():
        cell = row[export.header.index(title)].strip()
        if not cell:
            continue
        if "rank" in how:
            found.append((answers.get(cell, cell), how["rank"]))
        elif cell.isdigit():
            found.append((how["option"], int(cell)))
    return sorted(found, key=lambda pair: pair[1])


def _value(mapping: Mapping, export: Export, row: list[str], column: Column, number: int, notes: list[str]) -> str:
    cells = [row[i] for i in _columns_of(mapping, export, column.name)]
    if column.type == "list":
        items = [item for cell in cells for item in _items(cell, export.tool, column)]
        answers = mapping.answers.get(column.name, {})
        return "; ".join(dict.fromkeys(answers.get(item, item) for item in items))
    cell = next((c for c in cells if c.strip()), "")
    if column.name == "org_id" and cell.strip():
        org_id = mapping.organisations.get(cell.strip(), cell.strip())
        if org_id is None:
            notes.append(f"row {number}: organisation '{cell.strip()}' is not matched to the register")
            return cell.strip()
        return org_id
    if column.type == "date" and cell.strip():
        day = parse_date(cell, mapping.date_order)
        return day.isoformat() if day else cell
    if column.type in ("int", "number") and cell.strip():
        value, approximate = parse_count(cell)
        if approximate:
            notes.append(f"row {number}, {column.name}: '{cell.strip()}' read as {value} (an approximate number)")
        return value
    if column.type == "cat" and column.vocabulary:
        return mapping.answers.get(column.name, {}).get(cell.strip(), cell.strip())
    return cell.strip()


# ---- remembered mappings ----------------------------------------------------------------------------------

def saved(con, signature: str) -> Mapping | None:
    """The mapping saved for exports with this header signature, if any."""
    import json
    found = con.execute("SELECT definition FROM mappings WHERE signature = ?", [signature]).fetchone()
    return Mapping.from_dict(json.loads(found[0])) if found else None


def save(con, mapping: Mapping, name: str, saved_by: str) -> None:
    """Remember `mapping` (replacing one saved for the same header signature)."""
    import json
    from .store import utc_now
    con.execute("INSERT OR REPLACE INTO mappings VALUES (?, ?, ?, ?, ?, ?, ?)",
                [mapping.signature, name, mapping.kind, mapping.tool, json.dumps(mapping.as_dict()), saved_by,
                 utc_now()])


def saved_list(con):
    """Saved mappings, newest first: name, kind, tool, signature, saved by and when, and uploads read with it."""
    return con.execute(
        """SELECT m.name, m.kind, m.tool, m.signature, m.saved_by, m.saved_at,
                  (SELECT count(*) FROM uploads u WHERE u.mapping = m.signature) AS uploads
           FROM mappings m ORDER BY m.saved_at DESC, m.name""").df()


def find_saved(con, name_or_signature: str) -> str | None:
    """The signature of the saved mapping with this name or signature."""
    found = con.execute("SELECT signature FROM mappings WHERE signature = ? OR name = ? ORDER BY saved_at DESC "
                        "LIMIT 1", [name_or_signature, name_or_signature]).fetchone()
    return found[0] if found else None


def rename(con, signature: str, name: str) -> None:
    con.execute("UPDATE mappings SET name = ? WHERE signature = ?", [name.strip(), signature])


def delete(con, signature: str) -> None:
    con.execute("DELETE FROM mappings WHERE signature = ?", [signature])


def default_name(mapping: Mapping, file_name: str) -> str:
    return f"{mapping.tool or 'Survey'} export to {KINDS[mapping.kind].title.lower()} ({file_name})"


def as_csv(export: Export) -> bytes:
    """A workbook in the template's own columns, as the CSV the ordinary ingestion reads."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([export.header, *export.rows])
    return out.getvalue().encode("utf-8")


def register(con) -> dict[str, str]:
    return dict(con.execute("SELECT org_id, name FROM organisations").fetchall())


def closest_saved(con, export: Export) -> tuple[Mapping, list[str], list[str]] | None:
    """A saved mapping for a *reworded* round of this export: the one sharing most question titles (at least
    half), with the titles it has that the export lacks, and the export's new titles."""
    import json
    best = None
    for (definition,) in con.execute("SELECT definition FROM mappings").fetchall():
        mapping = Mapping.from_dict(json.loads(definition))
        shared = set(mapping.columns) & set(export.header)
        if len(shared) * 2 >= len(export.header) and (best is None or len(shared) > best[0]):
            best = (len(shared), mapping)
    if best is None:
        return None
    mapping = best[1]
    return (mapping, [t for t in mapping.columns if t not in export.header],
            [t for t in export.header if t not in mapping.columns])


def reworded(export: Export, closest: tuple[Mapping, list[str], list[str]], register: dict[str, str]) -> Mapping:
    """A new mapping for a reworded round: the saved choices for the questions that stayed, suggestions for the
    new ones (to confirm in the mapping step)."""
    saved, _, _ = closest
    mapping = suggest(export, saved.kind, register)
    for title in export.header:
        if title in saved.columns:
            mapping.columns[title] = saved.columns[title]
    for name, answers in saved.answers.items():
        mapping.answers.setdefault(name, {}).update(answers)
    mapping.organisations = {**mapping.organisations, **{k: v for k, v in saved.organisations.items()
                                                         if k in mapping.organisations}}
    mapping.date_order = saved.date_order
    return mapping


def as_upload(export: Export, mapping: Mapping, register: dict[str, str] | None = None):
    """The export read through `mapping`, as the file the ordinary ingestion checks (kind given, notes as
    warnings, the mapping recorded with the upload). Names respondents typed that the mapping has not seen (a
    new round's new respondents) are matched against `register` as in a suggestion."""
    from .ingest import UploadFile
    if register is not None:
        _suggest_organisations(export, mapping, register)
    applied = apply(mapping, export)
    notes = list(applied.notes)
    personal = [t for t in applied.ignored if "personal" in mapping.columns.get(t, {}).get("ignore", "")]
    if personal:
        notes.append(f"personal data left out, never stored: {', '.join(personal)}")
    via = f" ({export.tool})" if export.tool else ""
    return UploadFile(f"{export.file_name}{via}", applied.csv_text.encode("utf-8"), mapping.kind, tuple(notes),
                      mapping.signature)
