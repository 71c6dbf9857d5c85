"""Controlled vocabularies of the data contract, with their documented synonyms.

Each vocabulary is a tuple of `Term`s. A term's `label` is what is stored and
shown; `synonyms` are other spellings an upload may use. Matching ignores case,
spacing and punctuation (see `normalise`). Extending a vocabulary is one line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z%]+")


@lru_cache(maxsize=65536)  # cells repeat the same few spellings; matching is per distinct value
def normalise(text: str) -> str:
    """The matching key of a label, header or cell: case, spacing, punctuation and '&'/'and' ignored."""
    lowered = text.strip().lower().replace("&", " and ")
    if lowered == "£":
        return "gbp"
    return _NON_ALNUM.sub("", lowered)


@dataclass(frozen=True)
class Term:
    label: str
    synonyms: tuple[str, ...] = ()
    group: str | None = None  # communities: the 2021 Census group a local name rolls up to
    parent: str | None = None  # communities: the Census high-level group


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]
    other: str | None = None  # label under which unknown list items are kept
    lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for term in self.terms:
            for spelling in (term.label, *term.synonyms):
                lookup.setdefault(normalise(spelling), term.label)
        object.__setattr__(self, "lookup", lookup)

    def match(self, text: str) -> str | None:
        """The stored label for `text`, or None when it is not in the vocabulary."""
        return self.lookup.get(normalise(text))

    @property
    def labels(self) -> list[str]:
        return [term.label for term in self.terms]

    def term(self, label: str) -> Term | None:
        return next((t for t in self.terms if t.label == label), None)


def _terms(*rows: str | tuple[str, ...]) -> tuple[Term, ...]:
    """Terms from literal rows: a label alone, or (label, synonym, ...)."""
    return tuple(Term(r) if isinstance(r, str) else Term(r[0], tuple(r[1:])) for r in rows)


# The 20 wards of Tower Hamlets since 2014.
WARD = Vocabulary("ward", _terms(
    "Bethnal Green", "Blackwall & Cubitt Town", "Bow East", "Bow West", "Bromley North",
    "Bromley South", "Canary Wharf", "Island Gardens", "Lansbury", "Limehouse", "Mile End",
    "Poplar", ("St Dunstan's", "Saint Dunstan's"), ("St Katharine's & Wapping", "Saint Katharine's and Wapping"),
    ("St Peter's", "Saint Peter's"), "Shadwell", ("Spitalfields & Banglatown", "Spitalfields"),
    "Stepney Green", "Weavers", "Whitechapel",
))

# 2021 Census ethnic groups (England and Wales), with their high-level group,
# then local community names and the Census group each rolls up to.
_CENSUS_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Bangladeshi", "Asian", ("Bangladeshi British",)),
    ("Chinese", "Asian", ()),
    ("Indian", "Asian", ()),
    ("Pakistani", "Asian", ()),
    ("Other Asian", "Asian", ("Any other Asian background", "Asian other")),
    ("African", "Black", ("Black African",)),
    ("Caribbean", "Black", ("Black Caribbean",)),
    ("Other Black", "Black", ("Any other Black background", "Black other")),
    ("White and Asian", "Mixed", ()),
    ("White and Black African", "Mixed", ()),
    ("White and Black Caribbean", "Mixed", ()),
    ("Other Mixed", "Mixed", ("Any other Mixed background", "Mixed other")),
    ("English, Welsh, Scottish, Northern Irish or British", "White", ("White British", "British")),
    ("Irish", "White", ("White Irish",)),
    ("Gypsy or Irish Traveller", "White", ("Gypsy", "Irish Traveller", "Traveller")),
    ("Roma", "White", ()),
    ("Other White", "White", ("Any other White background", "White other")),
    ("Arab", "Other", ()),
    ("Any other ethnic group", "Other", ("Other ethnic group",)),
)
_LOCAL_COMMUNITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Somali", "African", ("Somalian",)),
    ("Eritrean", "African", ()),
    ("Nigerian", "African", ()),
    ("Ghanaian", "African", ()),
    ("Sudanese", "African", ()),
    ("Sylheti", "Bangladeshi", ()),
    ("Vietnamese", "Other Asian", ()),
    ("Filipino", "Other Asian", ()),
    ("Sri Lankan", "Other Asian", ("Tamil",)),
    ("Turkish", "Any other ethnic group", ()),
    ("Kurdish", "Any other ethnic group", ()),
    ("Latin American", "Any other ethnic group", ()),
    ("Moroccan", "Arab", ()),
    ("Polish", "Other White", ()),
)
_HIGH_LEVEL = {label: high for label, high, _ in _CENSUS_GROUPS}

COMMUNITY = Vocabulary(
    "community",
    tuple(Term(label, syn, group=label, parent=high) for label, high, syn in _CENSUS_GROUPS)
    + tuple(Term(label, syn, group=census, parent=_HIGH_LEVEL[census]) for label, census, syn in _LOCAL_COMMUNITIES),
    other="Other",
)
HIGH_LEVEL_GROUPS = ("Asian", "Black", "Mixed", "White", "Other")
# The names the 2021 Census gives its five high-level groups (ONS's "Ethnic group (6 categories)").
HIGH_LEVEL_NAMES = {"Asian": "Asian, Asian British or Asian Welsh",
                    "Black": "Black, Black British, Black Welsh, Caribbean or African",
                    "Mixed": "Mixed or Multiple ethnic groups", "White": "White", "Other": "Other ethnic group"}
# Residents may be counted by community or only by high-level group (a Census table of 6 categories).
# A spelling the communities already use ("Other ethnic group" is Any other ethnic group) keeps that meaning.
POPULATION_GROUP = Vocabulary("population_group", COMMUNITY.terms + tuple(
    Term(group, tuple(s for s in (name,) if COMMUNITY.match(s) is None)) for group, name in HIGH_LEVEL_NAMES.items()))

DISPARITY = Vocabulary("disparity", _terms(
    ("mental health", "mental wellbeing", "mental illness"),
    ("diabetes", "type 2 diabetes", "type 1 diabetes"),
    ("cardiovascular disease", "heart disease", "stroke", "CVD"),
    ("high blood pressure", "hypertension"),
    "obesity",
    ("respiratory", "asthma", "COPD", "respiratory disease"),
    ("COVID-19", "covid", "coronavirus", "long covid"),
    "cancer",
    ("maternity and perinatal health", "maternity", "perinatal health", "maternal health"),
    ("oral health", "dental health"),
    ("musculoskeletal", "MSK", "back pain"),
    ("substance misuse", "drugs and alcohol", "alcohol", "drug misuse"),
    "sexual health",
    "dementia",
    "other",
), other="other")

SERVICE = Vocabulary("service", _terms(
    "counselling", ("peer support", "support groups"), "befriending", ("signposting", "information and advice"),
    "social prescribing", ("wellbeing activities", "wellbeing"), ("crisis support", "crisis"), "advocacy",
    ("carers' support", "carers support", "support for carers"), "other",
), other="other")

AGE_GROUP = Vocabulary("age_group", _terms(
    ("children (0-11)", "children", "0-11"), ("young people (12-25)", "young people", "youth", "12-25"),
    ("adults (26-64)", "adults", "26-64"), ("older people (65+)", "older people", "elders", "65+"),
), other="other")

REFERRAL_ROUTE = Vocabulary("referral_route", _terms(
    ("self-referral", "self", "walk-in"), ("GP", "general practice", "doctor"), ("social prescriber", "link worker"),
    ("NHS Talking Therapies", "IAPT", "talking therapies"), ("community mental health team", "CMHT"),
    ("council services", "council", "LBTH"), ("faith or community group", "faith group", "mosque", "church"),
    ("school or college", "school", "college"), "other",
), other="other")

BARRIER = Vocabulary("barrier", _terms(
    "stigma", ("language", "language barriers"), ("cultural appropriateness", "culturally appropriate services"),
    "waiting times", ("awareness of services", "awareness", "lack of awareness"),
    ("digital exclusion", "digital"), ("cost or transport", "cost", "transport"),
    ("immigration status", "no recourse to public funds", "NRPF"), "other",
), other="other")

SUPPORT_NEED = Vocabulary("support_need", _terms(
    "funding", "training", "clinical supervision", ("digital skills", "digital"), ("impact reporting", "impact"),
    ("partnerships", "partnership working"), ("premises", "space", "venue"), "other",
), other="other")

EVENT_TYPE = Vocabulary("event_type", _terms(
    ("network meeting", "network", "quarterly network meeting"), ("community of practice", "CoP"),
    ("networking event", "networking"), ("training", "workshop"), ("advisory group", "advisory group meeting"), "other",
))

INCOME = Vocabulary("income", _terms(
    ("under £10k", "under 10k", "<£10k", "less than £10,000", "0-10k"),
    ("£10k-£50k", "10k-50k", "£10,000-£50,000"),
    ("£50k-£250k", "50k-250k", "£50,000-£250,000"),
    ("over £250k", "over 250k", ">£250k", "more than £250,000"),
))

FRAMEWORK = Vocabulary("framework", _terms(("Appendix 1", "appendix one", "key deliverables"), ("Disparities project", "project", "success measures")))
UNIT = Vocabulary("unit", _terms(("count", "number", "n"), ("percent", "%", "percentage"), ("GBP", "£", "pounds")))
STATUS = Vocabulary("status", _terms(
    ("planned", "not started"), ("in progress", "ongoing", "started"), ("done", "complete", "completed"),
    ("delayed", "late"), ("dropped", "cancelled"),
))

RECOMMENDATION_STATUS = Vocabulary("recommendation_status", _terms(
    ("proposed", "raised", "new"), ("accepted", "agreed"), ("in progress", "underway", "started"),
    ("implemented", "done", "completed", "achieved"), ("dropped", "rejected", "withdrawn"),
))

ALL: dict[str, Vocabulary] = {v.name: v for v in (
    WARD, COMMUNITY, DISPARITY, SERVICE, AGE_GROUP, REFERRAL_ROUTE, BARRIER, SUPPORT_NEED,
    EVENT_TYPE, INCOME, FRAMEWORK, UNIT, STATUS, POPULATION_GROUP, RECOMMENDATION_STATUS,
)}


def community_rollup() -> dict[str, tuple[str, str]]:
    """Each community label -> (2021 Census group, high-level group)."""
    return {t.label: (t.group or t.label, t.parent or "Other") for t in COMMUNITY.terms}
