"""The dashboard's global filters: a hashable value, its URL form, a plain-English description and SQL.

The filters live in the URL (Streamlit's query parameters) so that a link
opens the same view for someone else. Reading them back is forgiving, because
people edit and paste links by hand: unknown keys, unknown values and bad
dates are dropped, never raised. Values are put in one canonical order so equal
views give equal (and equally hashed) `Filters`, usable as a cache key.

The SQL helpers return WHERE fragments with bound `?` parameters only: no value
from a URL is ever pasted into SQL text.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields

from disparities import vocabularies
from disparities.summaries import join_words

LEVELS = ("local", "census", "high")  # communities matched by local name, 2021 Census group, or high-level group
LEVEL_NAMES = {"census": "2021 Census group", "high": "high-level group"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")
_MAX_ORG_ID = 40  # longer is not an org id; keeps a pasted junk URL from making a huge IN list item


def level_options(level: str) -> list[str]:
    """The community values selectable at `level`, in vocabulary order."""
    if level == "high":
        return list(vocabularies.HIGH_LEVEL_GROUPS)
    rollup = vocabularies.community_rollup()
    if level == "census":
        return [label for label, (census, _) in rollup.items() if label == census]
    return list(rollup)


def _canonical(values: Iterable[str], order: list[str]) -> tuple[str, ...]:
    """De-duplicated, in `order` (vocabulary order reads naturally), unknown values last alphabetically."""
    position = {label: i for i, label in enumerate(order)}
    return tuple(sorted(set(values), key=lambda v: (position.get(v, len(order)), v)))


@dataclass(frozen=True)
class Filters:
    """What the current view shows. Construction puts every tuple in canonical order."""
    communities: tuple[str, ...] = ()
    community_level: str = "local"
    wards: tuple[str, ...] = ()
    income_bands: tuple[str, ...] = ()
    org_ids: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        if self.community_level not in LEVELS:
            raise ValueError(f"community_level must be one of {LEVELS}, not {self.community_level!r}")
        canonical = {
            "communities": _canonical(self.communities, level_options(self.community_level)),
            "wards": _canonical(self.wards, vocabularies.WARD.labels),
            "income_bands": _canonical(self.income_bands, vocabularies.INCOME.labels),
            "org_ids": _canonical(self.org_ids, []),
        }
        if self.date_from and self.date_to and self.date_from > self.date_to:
            canonical |= {"date_from": self.date_to, "date_to": self.date_from}
        for name, value in canonical.items():
            object.__setattr__(self, name, value)


DEFAULT = Filters()


def is_default(filters: Filters) -> bool:
    """True when nothing is chosen (the "reset filters" state)."""
    return filters == DEFAULT


# ---- the fields: each filter's URL key, widget, SQL and words on one row --------------------------

@dataclass(frozen=True)
class Field:
    """One filter of the organisations in view, as a row of a table (as Datasette keeps each filter's SQL and
    its English together): the URL, the sidebar, the SQL, `describe` and the export help all read FIELDS."""
    name: str  # the Filters attribute
    url_key: str  # in a shared link and in `export --filter KEY=VALUE`
    label: str  # the sidebar widget's label
    placeholder: str  # the widget's empty state
    help: str  # in `python -m disparities export --help`
    sql: Callable[[str, tuple[str, ...], "Filters"], tuple[str, list]]  # (column prefix, values, filters)
    phrase: Callable[[tuple[str, ...], "Filters"], str]  # the words in `describe`
    matcher: Callable[[str], Callable[[str], str | None]]  # community level -> URL text -> stored value
    options: Callable[[str], list[str]] | None = None  # community level -> the widget's choices (None: the store's)
    from_option: Callable[[str], str] = staticmethod(lambda option: option)  # widget choice -> stored value


def _communities_phrase(values: tuple[str, ...], filters: "Filters") -> str:
    words = f"serving {join_words(values, 'or')} communities"
    if filters.community_level in LEVEL_NAMES:
        words += f" ({LEVEL_NAMES[filters.community_level]}{'s' if len(values) > 1 else ''})"
    return words


FIELDS: tuple[Field, ...] = (
    Field("communities", "community", "Community", "All communities",
          "a community served (repeat the option for several)",
          lambda prefix, values, filters: (f"list_has_any({prefix}communities_served, ?)",
                                           [community_labels(filters)]),
          _communities_phrase, lambda level: _community(level), options=lambda level: level_options(level)),
    Field("wards", "ward", "Ward", "All wards", "a ward, e.g. Whitechapel (repeatable)",
          lambda prefix, values, filters: _in(f"{prefix}ward", values),
          lambda values, filters: f"in {join_words(values, 'or')}",
          lambda level: vocabularies.ALL["ward"].match, options=lambda level: vocabularies.WARD.labels),
    Field("income_bands", "income", "Income band", "All bands", "an income band, e.g. 'under £10k' (repeatable)",
          lambda prefix, values, filters: _in(f"{prefix}income_band", values),
          lambda values, filters: f"with an annual income of {join_words(values, 'or')}",
          lambda level: vocabularies.ALL["income"].match, options=lambda level: vocabularies.INCOME.labels),
    Field("org_ids", "org", "Organisation", "All organisations", "an organisation id, e.g. ORG-001 (repeatable)",
          lambda prefix, values, filters: _in(f"{prefix}org_id", values),
          lambda values, filters: join_words(values),
          lambda level: _org_id, from_option=lambda option: option.split(":")[0]),
)
SCOPE_KEYS = {"community_level": ("level", "how communities are grouped: " + ", ".join(LEVELS) + " (default local)"),
              "date_from": ("from", "assessments and returns from this date (YYYY-MM-DD)"),
              "date_to": ("to", "assessments and returns up to this date (YYYY-MM-DD)")}
# Every URL key with its help, in the sidebar's order: the fields, the community level and the dates.
URL_KEYS = {"community_level": SCOPE_KEYS["community_level"][0],
            **{field.name: field.url_key for field in FIELDS},
            "date_from": SCOPE_KEYS["date_from"][0], "date_to": SCOPE_KEYS["date_to"][0]}
HELP = {field.url_key: field.help for field in FIELDS} | {key: words for key, words in SCOPE_KEYS.values()}


# ---- the URL form ----------------------------------------------------------------------------

def to_query_params(filters: Filters) -> dict[str, list[str] | str]:
    """The non-default fields under short keys, for `st.query_params.from_dict`; dates in ISO form."""
    params: dict[str, list[str] | str] = {}
    for field in fields(Filters):
        value = getattr(filters, field.name)
        if value == field.default:
            continue
        if isinstance(value, tuple):
            params[URL_KEYS[field.name]] = list(value)
        else:
            params[URL_KEYS[field.name]] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return params


def _values(params: Mapping[str, str | list[str]], key: str) -> list[str]:
    value = params.get(key, [])
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []


def _last(params: Mapping[str, str | list[str]], key: str) -> str | None:
    """A single-valued key: the last value wins, as in Streamlit's `st.query_params[key]`."""
    values = _values(params, key)
    return values[-1].strip() if values else None


def _matched(values: list[str], match) -> list[str]:
    """Each value matched as a whole; failing that, as a comma- or semicolon-separated list typed by hand."""
    labels = []
    for value in values:
        whole = match(value)
        parts = [whole] if whole else [match(part) for part in re.split(r"[,;]", value)]
        labels += [label for label in parts if label]
    return labels


def _community(level: str):
    """A matcher for community values at `level`: a local name rolls up to its group at census/high level."""
    rollup = vocabularies.community_rollup()
    high = {vocabularies.normalise(g): g for g in vocabularies.HIGH_LEVEL_GROUPS}

    def match(text: str) -> str | None:
        if level == "high" and vocabularies.normalise(text) in high:
            return high[vocabularies.normalise(text)]
        label = vocabularies.COMMUNITY.match(text)
        if label is None or level == "local":
            return label
        census, high_level = rollup[label]
        return census if level == "census" else high_level
    return match


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _org_id(text: str) -> str | None:
    code = text.strip().upper()
    return code if 0 < len(code) <= _MAX_ORG_ID else None


def from_query_params(params: Mapping[str, str | list[str]]) -> Filters:
    """Filters from a URL's query parameters, dropping whatever cannot be understood; never raises.

    Pass every value of repeated keys, e.g. `{k: st.query_params.get_all(k) for k in st.query_params}`:
    `st.query_params[k]` alone gives only the last one.
    """
    level = (_last(params, URL_KEYS["community_level"]) or "local").lower()
    level = level if level in LEVELS else "local"
    chosen = {field.name: tuple(_matched(_values(params, field.url_key), field.matcher(level))) for field in FIELDS}
    return Filters(community_level=level, date_from=_date(_last(params, URL_KEYS["date_from"])),
                   date_to=_date(_last(params, URL_KEYS["date_to"])), **chosen)


# ---- plain English ---------------------------------------------------------------------------

def format_date(day: dt.date) -> str:
    """'1 Jan 2021' (`formats.day`, the one date format people read)."""
    from disparities import formats
    return formats.day(day)


def _date_phrase(filters: Filters) -> str:
    start, end = filters.date_from, filters.date_to
    if start and end:
        return f"assessments and returns from {format_date(start)} to {format_date(end)}"
    if start:
        return f"assessments and returns from {format_date(start)}"
    if end:
        return f"assessments and returns up to {format_date(end)}"
    return "all dates"


_PHRASE_ORDER = ("org_ids", "communities", "wards", "income_bands")  # reads as "Organisations X serving ... in ..."


def _organisation_phrase(filters: Filters) -> str:
    chosen = [field for name in _PHRASE_ORDER for field in FIELDS if field.name == name and getattr(filters, name)]
    if not chosen:
        return "All organisations"
    words = ["Organisation" if len(filters.org_ids) == 1 else "Organisations"]
    return " ".join(words + [field.phrase(getattr(filters, field.name), filters) for field in chosen])


def describe(filters: Filters) -> str:
    """The view in plain English, e.g. 'Organisations serving Somali communities in Whitechapel, all dates'."""
    return f"{_organisation_phrase(filters)}, {_date_phrase(filters)}"


# ---- SQL -------------------------------------------------------------------------------------

def _identifier(name: str) -> str:
    """Column and alias names are the programmer's, not the user's; still, refuse anything but a plain name."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def community_labels(filters: Filters) -> list[str]:
    """Every stored community label matching the selection: a Census or high-level group expands to its members.

    Items kept as 'Other: ...' (names not in the vocabulary) match no group: where they belong is unknown.
    """
    if filters.community_level == "local":
        return list(filters.communities)
    position = 0 if filters.community_level == "census" else 1
    chosen = set(filters.communities)
    return [label for label, groups in vocabularies.community_rollup().items() if groups[position] in chosen]


def _in(column: str, values: Iterable[str]) -> tuple[str, list]:
    values = list(values)
    return f"{column} IN ({', '.join('?' * len(values))})", values


def organisation_clause(filters: Filters, alias: str = "o") -> tuple[str, list]:
    """A WHERE fragment over the `organisations` view (aliased `alias`) and its parameters; ("TRUE", []) for all."""
    prefix = f"{_identifier(alias)}." if alias else ""
    return _and([field.sql(prefix, getattr(filters, field.name), filters) for field in FIELDS
                 if getattr(filters, field.name)])


def date_clause(filters: Filters, column: str) -> tuple[str, list]:
    """A WHERE fragment keeping `column` (a DATE) within the date range, inclusive; ("TRUE", []) for all dates."""
    column = _identifier(column)
    parts: list[tuple[str, list]] = []
    if filters.date_from:
        parts.append((f"{column} >= ?", [filters.date_from]))
    if filters.date_to:
        parts.append((f"{column} <= ?", [filters.date_to]))
    return _and(parts)


def _and(parts: list[tuple[str, list]]) -> tuple[str, list]:
    if not parts:
        return "TRUE", []
    return " AND ".join(sql for sql, _ in parts), [value for _, values in parts for value in values]
