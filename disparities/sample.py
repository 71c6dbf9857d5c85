"""Deterministic sample data for the BAME Disparities Project dashboard.

`python -m disparities.sample [FOLDER]` (re)writes one CSV per upload kind,
by default into data/sample/. Every random choice comes from `random.Random`
seeded with a fixed string and nothing depends on the clock, so running it
again writes byte-identical files.

From the source documents (the THCVS project page and news items, the THCVS
programme document, and Appendix 1 "Key Deliverables"):
- timeline: the phases with their dates and workstreams, and three milestones:
  the networking event (27 January 2021), the first Community of Practice
  (14 July 2021) and the mapping toolkit, administered in August 2021.
- events: the networking event (date, title, about 50 participants) and the
  first Community of Practice (date). The documents also say the network meets
  quarterly, the advisory group bi-monthly, and which capacity-building topics
  are covered.
- indicators: the Appendix 1 themes, outcomes and actions, including the
  target of 800 children and young people at risk of NEET, and the six project
  success measures word for word.
- assessment: the finding that, of the 30 organisations assessed, the main
  disparity was mental health, closely followed by diabetes.

Illustrative (invented, and labelled as such): the 30 organisations (every
name begins with "Sample "), their assessments and toolkit returns (a first
round in August-September 2021 and a second in March-April 2022), all
indicator targets other than the 800, all readings, who attended which event,
the dates of the meetings the documents describe only as quarterly or
bi-monthly, and five recommendations for system change with their evidence. The event notes say which event facts come from the documents.
The project ships no population figures, so no population.csv is written.
"""
from __future__ import annotations

import csv
import random
import sys
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from disparities.kinds import KINDS

SEED = "BAME Disparities Project sample data"
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "data" / "sample"
SAMPLE_KINDS = [name for name in KINDS if name != "population"]

Row = dict[str, object]

NETWORKING_EVENT_DAY = date(2021, 1, 27)
FIRST_COMMUNITY_OF_PRACTICE_DAY = date(2021, 7, 14)
TOOLKIT_ADMINISTERED_FROM = date(2021, 8, 2)


# --- Writing -----------------------------------------------------------------

def write_sample(folder: Path) -> list[Path]:
    """Write `<kind>.csv` for every kind except population; return the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = build_sample()
    paths = []
    for kind in SAMPLE_KINDS:
        path = folder / f"{kind}.csv"
        write_csv(path, KINDS[kind].names, tables[kind])
        paths.append(path)
    return paths


def write_csv(path: Path, columns: list[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            unknown = set(row) - set(columns)
            assert not unknown, f"{path.name}: no such column {sorted(unknown)}"
            writer.writerow([cell(row.get(name)) for name in columns])


def cell(value: object) -> str:
    """A value as the contract writes it: ISO dates, yes/no, lists joined with '; ', blanks empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(item) for item in value)
    return str(value)


def build_sample() -> dict[str, list[Row]]:
    """Every sample table, by kind name. Each kind has its own seeded generator."""
    organisations = make_organisations(seeded("organisations"))
    return {
        "organisations": organisations,
        "indicators": make_indicators(),
        "assessment": make_assessment(seeded("assessment"), organisations),
        "toolkit": (first_round := make_toolkit(seeded("toolkit"), organisations))
        + make_second_round(seeded("toolkit round 2"), first_round),
        "readings": make_readings(organisations),
        "events": make_events(seeded("events"), organisations),
        "timeline": make_timeline(),
        "recommendations": make_recommendations(),
    }


# --- Recommendations for system change (illustrative) ------------------------

SAMPLE_RECOMMENDATIONS = (
    ("REC-01", "Talking Therapies referrals through community groups",
     "NHS Talking Therapies should accept referrals made by trusted community groups, with a named contact for "
     "the network.", "EV-011", date(2021, 7, 14), "Tower Hamlets Talking Therapies", "implemented",
     date(2022, 3, 1), "A named contact and a referral form for network groups; most groups now refer there.",
     ["Mental_health_mapping"]),
    ("REC-02", "Mental-health first aid in community languages",
     "Public Health should fund mental-health first aid training delivered in Bengali, Sylheti and Somali.",
     "EV-012", date(2021, 9, 8), "Tower Hamlets Public Health", "in progress", date(2021, 11, 10), "",
     ["Health_disparities?community=Bangladeshi&community=Somali", "Mental_health_mapping?community=Somali"]),
    ("REC-03", "Diabetes prevention with faith groups",
     "The diabetes prevention programme should run sessions with faith and community groups serving "
     "Bangladeshi residents.", "EV-014", date(2021, 10, 13), "North East London ICB", "accepted",
     date(2021, 11, 10), "", ["Health_disparities?community=Bangladeshi&level=census"]),
    ("REC-04", "Multi-year grants for small groups",
     "Council grants to small BAME groups should run for three years, so that mental-health work does not stop "
     "when a one-year grant ends.", "EV-014", date(2021, 10, 13), "Tower Hamlets Council grants board",
     "accepted", date(2021, 12, 8), "", ["Mental_health_mapping"]),
    ("REC-05", "Interpreters at GP surgeries",
     "GP surgeries should book interpreters for mental-health appointments without a separate request.",
     "EV-014", date(2021, 10, 13), "Tower Hamlets GP Care Group", "proposed", None, "",
     ["Mental_health_mapping?ward=Whitechapel"]),
)


def make_recommendations() -> list[Row]:
    keys = ("recommendation_id", "title", "recommendation", "raised_at", "raised_on", "addressed_to", "status",
            "status_on", "example", "evidence")
    return [dict(zip(keys, row)) for row in SAMPLE_RECOMMENDATIONS]


# --- Small helpers -----------------------------------------------------------

def seeded(kind: str) -> random.Random:
    return random.Random(f"{SEED}: {kind}")


def weekdays(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def round_to_five(number: float) -> int:
    return max(5, 5 * round(number / 5))


def draw(rng: random.Random, weights: dict[str, int], count: int, exclude: tuple[str, ...] = ()) -> list[str]:
    """`count` different keys of `weights`, drawn by weight, in the order drawn."""
    pool = {key: weight for key, weight in weights.items() if key not in exclude}
    drawn = []
    for _ in range(min(count, len(pool))):
        choice = rng.choices(list(pool), weights=list(pool.values()))[0]
        drawn.append(choice)
        del pool[choice]
    return drawn


def in_vocabulary_order(items: list[str], weights: dict[str, int]) -> list[str]:
    """`items` in the order of `weights` (written in the vocabulary's order)."""
    return [key for key in weights if key in items]


# --- Organisations (illustrative) --------------------------------------------

# Name, ward and communities served. Invented groups: every name starts with "Sample ".
ORGANISATION_PROFILES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Sample Bangla Wellbeing Group", "Whitechapel", ("Bangladeshi", "Sylheti")),
    ("Sample Somali Women's Wellbeing Group", "Poplar", ("Somali",)),
    ("Sample Sylheti Elders Association", "Spitalfields & Banglatown", ("Sylheti", "Bangladeshi")),
    ("Sample Bangladeshi Youth Forum", "Stepney Green", ("Bangladeshi",)),
    ("Sample Eritrean Community Support", "Bow East", ("Eritrean",)),
    ("Sample Vietnamese Family Centre", "Bethnal Green", ("Vietnamese", "Chinese")),
    ("Sample Turkish and Kurdish Advice Centre", "Mile End", ("Turkish", "Kurdish")),
    ("Sample Caribbean Elders Lunch Club", "Bow West", ("Caribbean",)),
    ("Sample African Families Network", "Lansbury", ("African", "Nigerian", "Ghanaian")),
    ("Sample Pakistani Women's Circle", "St Dunstan's", ("Pakistani",)),
    ("Sample Bengali Mothers' Group", "Shadwell", ("Bangladeshi",)),
    ("Sample Spitalfields Carers Forum", "Spitalfields & Banglatown", ("Bangladeshi", "Somali")),
    ("Sample Somali Youth Project", "Limehouse", ("Somali", "Sudanese")),
    ("Sample Bangladeshi Men's Health Forum", "Bromley North", ("Bangladeshi",)),
    ("Sample Chinese Community Wellbeing", "Canary Wharf", ("Chinese", "Vietnamese")),
    ("Sample Moroccan and Arab Women's Project", "Weavers", ("Moroccan", "Arab")),
    ("Sample Sudanese Community Association", "Bromley South", ("Sudanese",)),
    ("Sample Poplar Multicultural Befriending", "Poplar", ("Bangladeshi", "Somali", "Caribbean")),
    ("Sample Nigerian Fellowship Outreach", "Blackwall & Cubitt Town", ("Nigerian",)),
    ("Sample Bow Bangladeshi Elders Club", "Bow East", ("Bangladeshi", "Sylheti")),
    ("Sample Indian Seniors Association", "St Katharine's & Wapping", ("Indian",)),
    ("Sample Filipino Community Network", "Island Gardens", ("Filipino",)),
    ("Sample Latin American Women's Group", "St Peter's", ("Latin American",)),
    ("Sample Shadwell Bangladeshi Parents Forum", "Shadwell", ("Bangladeshi",)),
    ("Sample Caribbean Mental Health Circle", "Bethnal Green", ("Caribbean", "Other Black")),
    ("Sample Mixed Heritage Families Group", "Mile End", ("White and Black Caribbean", "White and Asian", "Other Mixed")),
    ("Sample Ghanaian Welfare Association", "Lansbury", ("Ghanaian",)),
    ("Sample Tamil Welfare Group", "Limehouse", ("Sri Lankan",)),
    ("Sample Whitechapel Bangladeshi Women's Forum", "Whitechapel", ("Bangladeshi", "Sylheti")),
    ("Sample Somali and Bangladeshi Elders Link", "St Peter's", ("Somali", "Bangladeshi")),
)

INCOME_WEIGHTS = {"under £10k": 6, "£10k-£50k": 13, "£50k-£250k": 8, "over £250k": 3}
# Ranges of beneficiaries per year, paid staff and volunteers, by income band.
SIZE_BY_INCOME = {
    "under £10k": ((30, 150), (0, 0), (3, 12)),
    "£10k-£50k": ((80, 400), (0, 2), (5, 20)),
    "£50k-£250k": ((250, 1200), (2, 8), (8, 30)),
    "over £250k": ((800, 3000), (8, 25), (15, 40)),
}


def make_organisations(rng: random.Random) -> list[Row]:
    joined = joining_dates(rng, len(ORGANISATION_PROFILES))
    rows = []
    for number, (profile, joined_on) in enumerate(zip(ORGANISATION_PROFILES, joined), start=1):
        name, ward, communities = profile
        band = rng.choices(list(INCOME_WEIGHTS), weights=list(INCOME_WEIGHTS.values()))[0]
        beneficiaries, staff, volunteers = SIZE_BY_INCOME[band]
        rows.append({
            "org_id": f"ORG-{number:03d}", "name": name, "ward": ward,
            "communities_served": list(communities), "income_band": band,
            "beneficiaries_per_year": round_to_five(rng.randint(*beneficiaries)),
            "staff": rng.randint(*staff), "volunteers": rng.randint(*volunteers),
            "joined_network_on": joined_on,
            "consent_to_name": number % 3 == 0,  # a third agreed to be named in exports
        })
    return rows


# When groups joined the network: a few before the networking event, many at it,
# the rest by September 2021. (first day, last day, how many groups)
JOINING_WINDOWS = (
    (date(2020, 11, 2), date(2020, 12, 18), 4),
    (NETWORKING_EVENT_DAY, NETWORKING_EVENT_DAY, 13),
    (date(2021, 2, 1), date(2021, 3, 31), 9),
    (date(2021, 4, 1), date(2021, 6, 30), 2),
    (date(2021, 7, 1), date(2021, 9, 30), 2),
)


def joining_dates(rng: random.Random, count: int) -> list[date]:
    dates = [rng.choice(weekdays(first, last)) for first, last, groups in JOINING_WINDOWS for _ in range(groups)]
    assert len(dates) == count, "JOINING_WINDOWS must cover every organisation"
    rng.shuffle(dates)
    return dates


# --- Assessment (illustrative, shaped by the documented finding) -------------

# Rank-1 disparities of the 30 assessed groups: mental health first, closely followed by diabetes.
MAIN_DISPARITIES = (
    ["mental health"] * 15 + ["diabetes"] * 9
    + ["cardiovascular disease", "cardiovascular disease", "high blood pressure", "obesity", "COVID-19", "respiratory"]
)
# Weights of the disparities ranked 2 and below.
FURTHER_DISPARITY_WEIGHTS = {
    "mental health": 20, "diabetes": 18, "cardiovascular disease": 4, "high blood pressure": 5, "obesity": 4,
    "respiratory": 2, "COVID-19": 3, "cancer": 1, "maternity and perinatal health": 1, "oral health": 1,
    "musculoskeletal": 1, "substance misuse": 1, "dementia": 1,
}


def make_assessment(rng: random.Random, organisations: list[Row]) -> list[Row]:
    main_disparities = list(MAIN_DISPARITIES)
    rng.shuffle(main_disparities)
    rows = []
    for organisation, main in zip(organisations, main_disparities):
        assessed_on = rng.choice(weekdays(date(2021, 2, 1), date(2021, 3, 31)))
        further = draw(rng, FURTHER_DISPARITY_WEIGHTS, rng.randint(2, 4), exclude=(main,))
        for rank, disparity in enumerate([main, *further], start=1):
            rows.append(assessed_disparity(rng, organisation, assessed_on, disparity, rank))
    return rows


def assessed_disparity(rng: random.Random, organisation: Row, assessed_on: date, disparity: str, rank: int) -> Row:
    row: Row = {"org_id": organisation["org_id"], "assessed_on": assessed_on, "disparity": disparity, "rank": rank}
    if rng.random() < 0.12:
        row["notes"] = "Number affected not estimated"
    else:
        share = rng.uniform(0.25, 0.6) / rank
        row["beneficiaries_affected"] = round_to_five(organisation["beneficiaries_per_year"] * share)
    return row


# --- Mapping-toolkit returns (illustrative) ----------------------------------

TOOLKIT_RETURNS = 24
WITHOUT_MENTAL_HEALTH_SUPPORT = 3
# Weights, each written in its vocabulary's order.
SERVICE_WEIGHTS = {
    "counselling": 3, "peer support": 6, "befriending": 4, "signposting": 8, "social prescribing": 2,
    "wellbeing activities": 6, "crisis support": 1, "advocacy": 3, "carers' support": 2,
}
REFERRAL_WEIGHTS = {
    "self-referral": 10, "GP": 5, "social prescriber": 4, "NHS Talking Therapies": 2,
    "community mental health team": 1, "council services": 3, "faith or community group": 6, "school or college": 2,
}
BARRIER_WEIGHTS = {
    "stigma": 10, "language": 8, "cultural appropriateness": 7, "waiting times": 5, "awareness of services": 5,
    "digital exclusion": 4, "cost or transport": 2, "immigration status": 2,
}
SUPPORT_NEED_WEIGHTS = {
    "funding": 12, "training": 6, "clinical supervision": 3, "digital skills": 4, "impact reporting": 4,
    "partnerships": 3, "premises": 3,
}
# When the groups' secured funding runs out: most of it within a year of the toolkit.
FUNDING_END_WEIGHTS = {
    date(2021, 12, 31): 3, date(2022, 3, 31): 8, date(2022, 6, 30): 3,
    date(2022, 9, 30): 3, date(2022, 12, 31): 2, date(2023, 3, 31): 5,
}
LANGUAGES_BY_COMMUNITY = {
    "Bangladeshi": ("Bengali", "Sylheti"), "Sylheti": ("Sylheti",), "Somali": ("Somali", "Arabic"),
    "Eritrean": ("Tigrinya",), "Sudanese": ("Arabic",), "Nigerian": ("Yoruba",), "Ghanaian": ("Twi",),
    "Pakistani": ("Urdu", "Punjabi"), "Indian": ("Gujarati", "Hindi"), "Chinese": ("Cantonese", "Mandarin"),
    "Vietnamese": ("Vietnamese",), "Filipino": ("Tagalog",), "Sri Lankan": ("Tamil",), "Turkish": ("Turkish",),
    "Kurdish": ("Kurdish",), "Latin American": ("Spanish", "Portuguese"), "Moroccan": ("Arabic",), "Arab": ("Arabic",),
}
AGE_GROUPS = ("children (0-11)", "young people (12-25)", "adults (26-64)", "older people (65+)")


def make_toolkit(rng: random.Random, organisations: list[Row]) -> list[Row]:
    returning = sorted(rng.sample(range(len(organisations)), TOOLKIT_RETURNS))
    without_support = set(rng.sample(returning, WITHOUT_MENTAL_HEALTH_SUPPORT))
    return [toolkit_return(rng, organisations[i], offers_support=i not in without_support) for i in returning]


def toolkit_return(rng: random.Random, organisation: Row, offers_support: bool) -> Row:
    services, supported = [], 0
    if offers_support:
        services = in_vocabulary_order(draw(rng, SERVICE_WEIGHTS, rng.randint(1, 4)), SERVICE_WEIGHTS)
        supported = round_to_five(organisation["beneficiaries_per_year"] * rng.uniform(0.15, 0.6))
    return {
        "org_id": organisation["org_id"],
        "returned_on": rng.choice(weekdays(TOOLKIT_ADMINISTERED_FROM, date(2021, 9, 24))),
        "offers_mental_health_support": offers_support,
        "services": services,
        "beneficiaries_supported": supported,
        "age_groups": age_groups_for(rng, organisation["name"]),
        "languages": languages_for(organisation["communities_served"]),
        "referral_routes": in_vocabulary_order(draw(rng, REFERRAL_WEIGHTS, rng.randint(1, 4)), REFERRAL_WEIGHTS),
        "barriers": in_vocabulary_order(draw(rng, BARRIER_WEIGHTS, rng.randint(2, 4)), BARRIER_WEIGHTS),
        "support_needs": in_vocabulary_order(draw(rng, SUPPORT_NEED_WEIGHTS, rng.randint(1, 3)), SUPPORT_NEED_WEIGHTS),
        "funding_secured_until": rng.choices(list(FUNDING_END_WEIGHTS), weights=list(FUNDING_END_WEIGHTS.values()))[0],
    }


# A second (illustrative) toolkit round, six months on: most groups return again; after the programme's work
# with NHS Talking Therapies more of them refer there, fewer name awareness of services as a barrier, and more
# say they need funding. People supported are as in the first round. The first round is generated as before,
# so its figures do not move.
SECOND_ROUND_FROM, SECOND_ROUND_TO = date(2022, 3, 7), date(2022, 4, 8)
SECOND_ROUND_RETURNS = 18
SECOND_ROUND_TALKING_THERAPIES = 0.8  # of the groups returning again, those now referring to Talking Therapies


def make_second_round(rng: random.Random, first_round: list[Row]) -> list[Row]:
    again = sorted(rng.sample(range(len(first_round)), SECOND_ROUND_RETURNS))
    return [second_return(rng, first_round[i]) for i in again]


def second_return(rng: random.Random, first: Row) -> Row:
    routes = list(first["referral_routes"])
    if rng.random() < SECOND_ROUND_TALKING_THERAPIES:
        routes = in_vocabulary_order([*routes, "NHS Talking Therapies"], REFERRAL_WEIGHTS)
    barriers = [b for b in first["barriers"] if b != "awareness of services" or rng.random() < 0.3]
    needs = in_vocabulary_order([*first["support_needs"], "funding"], SUPPORT_NEED_WEIGHTS)
    return {**first,
            "returned_on": rng.choice(weekdays(SECOND_ROUND_FROM, SECOND_ROUND_TO)),
            "referral_routes": routes, "barriers": barriers, "support_needs": needs,
            "funding_secured_until": first["funding_secured_until"] + timedelta(days=365)}


def age_groups_for(rng: random.Random, name: str) -> list[str]:
    """Age groups suggested by the group's name, else adults and perhaps others."""
    children, young, adults, older = AGE_GROUPS
    if any(word in name for word in ("Elders", "Seniors")):
        return [older]
    if "Youth" in name:
        return [young]
    if any(word in name for word in ("Parents", "Mothers", "Families")):
        return [children, adults]
    others = draw(rng, {children: 1, young: 2, older: 3}, rng.randint(0, 2))
    return [group for group in AGE_GROUPS if group == adults or group in others]


def languages_for(communities: list[str]) -> list[str]:
    """The community languages of the groups served, then English."""
    languages = [language for community in communities for language in LANGUAGES_BY_COMMUNITY.get(community, ())]
    return list(dict.fromkeys([*languages, "English"]))


# --- Indicators: Appendix 1 and the project's success measures ---------------

@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    framework: str
    theme: str
    outcome: str
    action: str
    indicator: str
    unit: str
    target: int
    start_date: date
    target_date: date

    def row(self) -> Row:
        return {**asdict(self), "baseline": 0, "higher_is_better": True}


APPENDIX_1_START, APPENDIX_1_END = date(2021, 4, 1), date(2023, 3, 31)
PROJECT_START, PROJECT_END = date(2020, 11, 1), date(2021, 10, 31)

# Themes, outcomes and actions are quoted from Appendix 1. Only the NEET target (800)
# is in the document; the other measures and targets are illustrative and say so.
APPENDIX_1_INDICATORS = (
    Indicator(
        "A1-01", "Appendix 1", "Anti-Racist Borough",
        "Race inequality is discussed and addressed at all levels of the organisation and with our partners",
        "The council will deliver a range of initiatives to transform and strengthen the organisational culture "
        "around race inequality including: an anti-racism education programme for all staff, a cultural leadership "
        "programme for managers, and a leadership development programme for Black, Asian and Minority Ethnic staff.",
        "Percentage of council staff who completed the anti-racism education programme (illustrative measure and target)",
        "percent", 90, APPENDIX_1_START, APPENDIX_1_END),
    Indicator(
        "A1-02", "Appendix 1", "Community Leadership",
        "More residents from Black Asian and Minority Ethnic backgrounds are in community leadership roles.",
        "Deliver a tailored leadership programme for Black, Asian and Minority Ethnic residents which will consist "
        "of training, mentoring and shadowing, and provide them with the skills to influence local policy and "
        "service delivery.",
        "Number of residents who completed the tailored leadership programme (illustrative measure and target)",
        "count", 60, APPENDIX_1_START, APPENDIX_1_END),
    Indicator(
        "A1-03", "Appendix 1", "Health",
        "Improved access to health and care services for Black, Asian and Minority Ethnic residents.",
        "Improve access to service provision through delivering initiatives to address digital exclusion, "
        "undertaking a lessons learned exercise on COVID-19 approaches, and developing antiracist practice to meet "
        "the nuanced cultural needs of patients.",
        "Number of residents supported by digital inclusion initiatives (illustrative measure and target)",
        "count", 500, APPENDIX_1_START, APPENDIX_1_END),
    Indicator(
        "A1-04", "Appendix 1", "Education",
        "Black, Asian and Minority Ethnic children and young people are more confident going into the job market "
        "and access jobs that meet their educational attainment",
        "Raise the aspirations of Black, Asian and Minority Ethnic young people and increase their employability "
        "skills and social capital through delivering a two-year mentoring programme, summer school programme, and "
        "targeted interventions to 800 children and young people at risk of being NEET",
        "Number of children and young people at risk of being NEET receiving targeted interventions",
        "count", 800, date(2021, 9, 1), date(2023, 8, 31)),
    Indicator(
        "A1-05", "Appendix 1", "Employment",
        "Increase in number of Black, Asian and Minority Ethnic staff in senior roles in organisations in Tower Hamlets",
        "Create a Leaders Forum which will harness the opportunities of Canary Wharf and City of London and work "
        "across to partnership to develop a leadership programme which supports Black, Asian and Minority Ethnic "
        "residents to move into senior positions across different sectors.",
        "Number of residents supported into senior roles through the Leaders Forum programme (illustrative measure and target)",
        "count", 50, APPENDIX_1_START, APPENDIX_1_END),
)

# The six success measures are quoted from the programme document; outcomes paraphrase
# its aims, and the targets are illustrative (the actions say so).
PROJECT_INDICATORS = (
    Indicator(
        "DP-1", "Disparities project", "Success measures",
        "Participating community groups are sustainable in the longer term",
        "Quarterly network, Community of Practice and capacity building (illustrative target)",
        "Number of groups supported to network with others and be more sustainable",
        "count", 30, PROJECT_START, PROJECT_END),
    Indicator(
        "DP-2", "Disparities project", "Success measures",
        "Groups build skills in fundraising, digital capabilities and impact reporting",
        "Capacity-building trainings and the Community of Practice (illustrative target)",
        "Number of people gaining skills and knowledge",
        "count", 150, PROJECT_START, PROJECT_END),
    Indicator(
        "DP-3", "Disparities project", "Success measures",
        "The impact and influence achieved during the response to the pandemic is amplified and sustained",
        "Support reaching residents through participating groups (illustrative target)",
        "Number of Tower Hamlets residents benefitting from this project",
        "count", 3000, PROJECT_START, PROJECT_END),
    Indicator(
        "DP-4", "Disparities project", "Success measures",
        "Participating community groups are sustainable in the longer term",
        "Percentage of participating groups reporting a positive impact (illustrative measure and target)",
        "Impact for participating groups",
        "percent", 75, PROJECT_START, PROJECT_END),
    Indicator(
        "DP-5", "Disparities project", "Success measures",
        "Influencing change",
        "Develop options for change with BAME groups and partners using a co-production approach (illustrative target)",
        "Recommendations for system change",
        "count", 5, PROJECT_START, PROJECT_END),
    Indicator(
        "DP-6", "Disparities project", "Success measures",
        "Influencing change",
        "Promote and implement recommendations as appropriate (illustrative target)",
        "Examples of successful system change implemented",
        "count", 2, PROJECT_START, PROJECT_END),
)


def make_indicators() -> list[Row]:
    return [indicator.row() for indicator in (*APPENDIX_1_INDICATORS, *PROJECT_INDICATORS)]


# --- Readings (illustrative) -------------------------------------------------

PROJECT_PERIOD_ENDS = (date(2020, 12, 31), date(2021, 3, 31), date(2021, 6, 30), date(2021, 9, 30), date(2021, 10, 31))
APPENDIX_1_PERIOD_ENDS = tuple(date(year, month, day) for year, month, day in (
    (2021, 6, 30), (2021, 9, 30), (2021, 12, 31), (2022, 3, 31), (2022, 6, 30), (2022, 9, 30), (2022, 12, 31),
))
# Cumulative values per period end. DP-1 is counted from the organisations; DP-6 has
# no readings, so the dashboard has an indicator without data to show.
READING_SERIES: dict[str, tuple[tuple[date, int], ...]] = {
    "A1-01": tuple(zip(APPENDIX_1_PERIOD_ENDS, (10, 24, 38, 51, 60, 66, 71))),
    "A1-02": tuple(zip(APPENDIX_1_PERIOD_ENDS, (0, 6, 12, 12, 24, 31, 38))),
    "A1-03": tuple(zip(APPENDIX_1_PERIOD_ENDS, (45, 110, 170, 240, 305, 370, 440))),
    "A1-04": tuple(zip(APPENDIX_1_PERIOD_ENDS[2:], (70, 165, 260, 330, 420))),
    "A1-05": tuple(zip(APPENDIX_1_PERIOD_ENDS, (2, 6, 12, 18, 25, 33, 41))),
    "DP-2": tuple(zip(PROJECT_PERIOD_ENDS, (0, 38, 61, 87, 104))),
    "DP-3": tuple(zip(PROJECT_PERIOD_ENDS, (350, 1150, 1900, 2650, 3050))),
    "DP-4": tuple(zip(PROJECT_PERIOD_ENDS[2:], (40, 55, 60))),
    "DP-5": tuple(zip(PROJECT_PERIOD_ENDS[1:], (0, 2, 4, 5))),
}


GROUPS_IN_NETWORK_NOTE = "Illustrative: sample organisations that had joined the network by this date"


def make_readings(organisations: list[Row]) -> list[Row]:
    """Readings in the order of the indicators, each indicator's by period end."""
    series = {**READING_SERIES, "DP-1": groups_in_network(organisations)}
    return [
        {"indicator_id": indicator_id, "period_end": period_end, "value": value,
         "note": GROUPS_IN_NETWORK_NOTE if indicator_id == "DP-1" else "Illustrative"}
        for indicator_id in (row["indicator_id"] for row in make_indicators())
        for period_end, value in series.get(indicator_id, ())
    ]


def groups_in_network(organisations: list[Row]) -> tuple[tuple[date, int], ...]:
    """DP-1: how many of the sample organisations had joined the network by each period end."""
    return tuple(
        (period_end, sum(org["joined_network_on"] <= period_end for org in organisations))
        for period_end in PROJECT_PERIOD_ENDS
    )


# --- Events ------------------------------------------------------------------

@dataclass(frozen=True)
class PlannedEvent:
    held_on: date
    title: str
    type: str
    notes: str
    organisations: int  # how many groups attend (at most those that had joined by then)
    participants: int | None = None  # None: the attending groups plus a few more people


NETWORK_NOTE = "Illustrative date and attendance. The network meets quarterly (THCVS project page)."
ADVISORY_NOTE = ("Illustrative date and attendance. The Project Advisory Group meets bi-monthly: THCVS x 2, "
                 "Public Health x 2, BAME VCS leadership reps x 2, QMUL (programme document).")
TRAINING_NOTE = "Illustrative date and attendance. Capacity-building topic from the programme document."
ADVISORY_REPRESENTATIVES = 2

PLANNED_EVENTS = (
    PlannedEvent(date(2021, 1, 13), "Project Advisory Group meeting", "advisory group", ADVISORY_NOTE, ADVISORY_REPRESENTATIVES, 7),
    PlannedEvent(NETWORKING_EVENT_DAY, "BAME Disparities Project Networking event", "networking event",
                 "From THCVS news item: date, title and about 50 participants from Tower Hamlets and East London. "
                 "Attending organisations illustrative.", 17, 50),
    PlannedEvent(date(2021, 2, 24), "Fundraising for community groups", "training", TRAINING_NOTE, 9),
    PlannedEvent(date(2021, 3, 10), "Project Advisory Group meeting", "advisory group", ADVISORY_NOTE, ADVISORY_REPRESENTATIVES, 8),
    PlannedEvent(date(2021, 3, 24), "BAME network quarterly meeting (March 2021)", "network meeting", NETWORK_NOTE, 14),
    PlannedEvent(date(2021, 4, 21), "Impact reporting for small groups", "training", TRAINING_NOTE, 8),
    PlannedEvent(date(2021, 5, 12), "Project Advisory Group meeting", "advisory group", ADVISORY_NOTE, ADVISORY_REPRESENTATIVES, 7),
    PlannedEvent(date(2021, 6, 9), "Digital capabilities for community groups", "training", TRAINING_NOTE, 10),
    PlannedEvent(date(2021, 6, 16), "BAME network quarterly meeting (June 2021)", "network meeting", NETWORK_NOTE, 16),
    PlannedEvent(date(2021, 7, 7), "Project Advisory Group meeting", "advisory group", ADVISORY_NOTE, ADVISORY_REPRESENTATIVES, 8),
    PlannedEvent(FIRST_COMMUNITY_OF_PRACTICE_DAY, "BAME Disparities Project Community of Practice (1st)", "community of practice",
                 "From THCVS news item: date, and Compact Well Being took part as a partner. "
                 "Participants and organisations illustrative.", 18),
    PlannedEvent(date(2021, 9, 8), "Project Advisory Group meeting", "advisory group", ADVISORY_NOTE, ADVISORY_REPRESENTATIVES, 7),
    PlannedEvent(date(2021, 9, 22), "BAME network quarterly meeting (September 2021)", "network meeting", NETWORK_NOTE, 19),
    PlannedEvent(date(2021, 10, 13), "Community of Practice: mapping toolkit findings", "community of practice",
                 "Illustrative. The Community of Practice is ongoing (programme document).", 15),
    PlannedEvent(date(2021, 11, 10), "Project Advisory Group meeting", "advisory group", ADVISORY_NOTE, ADVISORY_REPRESENTATIVES, 6),
    PlannedEvent(date(2021, 12, 8), "BAME network quarterly meeting (December 2021)", "network meeting", NETWORK_NOTE, 15),
    PlannedEvent(date(2022, 3, 16), "BAME network quarterly meeting (March 2022)", "network meeting", NETWORK_NOTE, 13),
    PlannedEvent(date(2022, 6, 15), "BAME network quarterly meeting (June 2022)", "network meeting", NETWORK_NOTE, 12),
)


def make_events(rng: random.Random, organisations: list[Row]) -> list[Row]:
    representatives = advisory_representatives(organisations)
    rows = []
    for number, planned in enumerate(sorted(PLANNED_EVENTS, key=lambda event: event.held_on), start=1):
        if planned.type == "advisory group":
            attending = representatives
        else:
            attending = attending_groups(rng, organisations, planned)
        participants = planned.participants or len(attending) + rng.randint(3, 12)
        rows.append({
            "event_id": f"EV-{number:03d}", "held_on": planned.held_on, "title": planned.title, "type": planned.type,
            "participants": participants, "organisations": attending, "notes": planned.notes,
        })
    return rows


def advisory_representatives(organisations: list[Row]) -> list[str]:
    """The BAME VCS leadership reps on the advisory group: the two groups that joined the network first."""
    earliest = sorted(organisations, key=lambda org: (org["joined_network_on"], org["org_id"]))
    return sorted(org["org_id"] for org in earliest[:ADVISORY_REPRESENTATIVES])


def attending_groups(rng: random.Random, organisations: list[Row], planned: PlannedEvent) -> list[str]:
    members = [org["org_id"] for org in organisations if org["joined_network_on"] <= planned.held_on]
    return sorted(rng.sample(members, min(planned.organisations, len(members))))


# --- Timeline (from the programme document and THCVS news items) -------------

PHASE_DATES = {
    "Phase 1": (date(2020, 11, 1), date(2021, 3, 31)),
    "Phase 2": (date(2021, 4, 1), date(2021, 5, 31)),
    "Phase 3": (date(2021, 6, 1), date(2021, 9, 30)),
    "Ending": (date(2021, 10, 1), date(2021, 10, 31)),
}
OFFICER, ADVISORY_GROUP, CAPACITY_TEAM = "Partnerships Officer", "Project Advisory Group", "THCVS capacity building team"

# Phase, workstream, title, status, owner: workstreams run for their whole phase.
WORKSTREAMS = (
    ("Phase 1", "Set-up", "Recruitment and induction of the Partnerships Officer", "done", "THCVS Partnerships Manager"),
    ("Phase 1", "Set-up", "Establish Project Advisory Group", "done", OFFICER),
    ("Phase 1", "Evidence gathering", "BAME Community of Practice", "done", OFFICER),
    ("Phase 1", "Evidence gathering", "Survey/consultation with BAME VCS leadership", "done", OFFICER),
    ("Phase 1", "Evidence gathering", "LBTH Race Commission findings and recommendations", "done", OFFICER),
    ("Phase 1", "Evidence gathering", "Other insights: Public Health delivery programme, THT/NHS, RSLs and faith communities",
     "done", OFFICER),
    ("Phase 1", "Capacity building", "Sustainability planning", "done", CAPACITY_TEAM),
    ("Phase 1", "Capacity building", "Fundraising, digital capabilities and impact reporting", "done", CAPACITY_TEAM),
    ("Phase 2", "Leadership programme", "Develop options for change with BAME groups and partners using co-production",
     "done", OFFICER),
    ("Phase 2", "Capacity building", "Capacity building (ongoing)", "done", CAPACITY_TEAM),
    ("Phase 3", "Test and pilot", "Test and pilot approaches to influencing change", "done", OFFICER),
    ("Phase 3", "Capacity building", "Capacity building (ongoing)", "done", CAPACITY_TEAM),
    ("Ending", "Recommendations", "Promote and implement recommendations", "delayed", ADVISORY_GROUP),
)
# Phase, workstream, title, day, owner: milestones have no end date.
MILESTONES = (
    ("Phase 1", "Evidence gathering", "BAME Disparities Project Networking event", NETWORKING_EVENT_DAY, OFFICER),
    ("Phase 3", "Leadership programme", "First Community of Practice", FIRST_COMMUNITY_OF_PRACTICE_DAY, OFFICER),
    ("Phase 3", "Evidence gathering", "Mapping toolkit administered to BAME organisations", TOOLKIT_ADMINISTERED_FROM, OFFICER),
)


def make_timeline() -> list[Row]:
    items = [
        {"phase": phase, "workstream": workstream, "title": title, "start": PHASE_DATES[phase][0],
         "end": PHASE_DATES[phase][1], "status": status, "owner": owner}
        for phase, workstream, title, status, owner in WORKSTREAMS
    ] + [
        {"phase": phase, "workstream": workstream, "title": title, "start": day, "status": "done", "owner": owner}
        for phase, workstream, title, day, owner in MILESTONES
    ]
    items.sort(key=lambda item: (list(PHASE_DATES).index(item["phase"]), "end" not in item))
    return [{"item_id": f"TL-{number:02d}", **item} for number, item in enumerate(items, start=1)]


# --- Command line ------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    """`python -m disparities.sample [FOLDER]`: regenerate the sample CSVs (default data/sample)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else DEFAULT_FOLDER
    for path in write_sample(folder):
        print(path)


if __name__ == "__main__":
    main()
