"""One declarative definition per upload kind: the data contract as code.

Parsing, validation, the store's schema (models.py), template CSVs and the data
dictionary are all generated from these definitions. Adding a column or a
header synonym is a one-line change here.
"""
from __future__ import annotations

from dataclasses import dataclass

# Column types of the contract. `code` is text matched case-insensitively (stored upper-case).
TYPES = ("text", "code", "int", "number", "date", "bool", "cat", "list")
SQL_TYPES = {
    "text": "VARCHAR", "code": "VARCHAR", "int": "BIGINT", "number": "DOUBLE",
    "date": "DATE", "bool": "BOOLEAN", "cat": "VARCHAR", "list": "VARCHAR[]",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    description: str = ""
    example: str = ""
    synonyms: tuple[str, ...] = ()  # other header spellings accepted for this column
    vocabulary: str | None = None  # for cat and list columns (see vocabularies.py)
    unknown_is_warning: bool = False  # cat: keep an unknown value as written, with a warning
    item_type: str = "text"  # list columns without a vocabulary: "text" or "code"
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    default: object = None  # used when the cell is blank
    references: str | None = None  # kind whose key this column (or its items) must exist in
    reference_is_warning: bool = False

    def __post_init__(self) -> None:
        assert self.type in TYPES, self.type

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class Unique:
    """Columns that must be unique together within one file (besides the key)."""
    columns: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    unique: tuple[Unique, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def depends_on(self) -> set[str]:
        return {c.references for c in self.columns if c.references and not c.reference_is_warning}


def _count(name: str, description: str, example: str, **kw) -> Column:
    return Column(name, "int", description=description, example=example, minimum=0, **kw)


ORG_ID = dict(synonyms=("Organisation ID", "Organization ID", "Org code", "Org"), example="EXAMPLE-1")  # never a real or sample id: an unedited template changes nothing real

ORGANISATIONS = Kind(
    "organisations", "Organisations",
    "The register of participating groups.",
    (
        Column("org_id", "code", True, "Short code such as ORG-001; matched case-insensitively.", **ORG_ID),
        Column("name", "text", True, "The group's name.", "Sample Bangla Wellbeing Group",
               ("Organisation name", "Organisation", "Organization name", "Group name", "Group"), max_length=200),
        Column("ward", "cat", False, "Tower Hamlets ward (the 20 wards in use since 2014); another name is kept with a warning.",
               "Whitechapel", ("Ward name",), "ward", unknown_is_warning=True),
        Column("communities_served", "list", False, "Communities the group serves: 2021 Census groups or local names.",
               "Bangladeshi; Somali", ("Communities", "Community", "Ethnic groups served"), "community"),
        Column("income_band", "cat", False, "Annual income band.", "£10k-£50k", ("Income", "Annual income"), "income"),
        _count("beneficiaries_per_year", "People the group supports in a year.", "350", synonyms=("Beneficiaries", "Beneficiaries per year")),
        _count("staff", "Paid staff headcount.", "3", synonyms=("Paid staff", "Staff headcount")),
        _count("volunteers", "Volunteers.", "12", synonyms=("Number of volunteers",)),
        Column("joined_network_on", "date", False, "When the group joined the network.", "2021-01-27", ("Joined", "Joined network", "Date joined")),
        Column("consent_to_name", "bool", False, "Whether the group agreed to be named in exports and meeting packs "
               "(yes/no). Blank is no: unnamed groups appear as 'Organisation A', 'Organisation B'...", "yes",
               ("Consent to be named", "Named", "Consent")),
    ),
    key=("org_id",),
)

ASSESSMENT = Kind(
    "assessment", "Pilot assessment",
    "Which health disparities each organisation sees among its beneficiaries, ranked (1 = the main one).",
    (
        Column("org_id", "code", True, "The organisation (must be in the register).", references="organisations", **ORG_ID),
        Column("assessed_on", "date", True, "Date of the assessment.", "2021-03-15", ("Assessment date", "Date assessed", "Date")),
        Column("disparity", "cat", True, "The health disparity.", "mental health", ("Health disparity", "Condition", "Health issue"), "disparity"),
        Column("rank", "int", True, "1 = the main disparity; 1 to 10, no two disparities of one assessment share a rank.", "1",
               ("Ranking", "Priority"), minimum=1, maximum=10),
        _count("beneficiaries_affected", "Estimated number of beneficiaries affected.", "120", synonyms=("Beneficiaries affected", "People affected")),
        Column("notes", "text", False, "Free text.", "", ("Note", "Comments")),
    ),
    key=("org_id", "assessed_on", "disparity"),
    unique=(Unique(("org_id", "assessed_on", "rank"), "two disparities of the same assessment share rank {rank}"),),
)

TOOLKIT = Kind(
    "toolkit", "Mapping-toolkit returns",
    "One return per organisation per round on its mental-health work.",
    (
        Column("org_id", "code", True, "The organisation (must be in the register).", references="organisations", **ORG_ID),
        Column("returned_on", "date", True, "Date the return was received.", "2021-08-20", ("Date returned", "Return date", "Submitted on", "Date")),
        Column("offers_mental_health_support", "bool", False, "Does the group offer mental-health support?", "yes",
               ("Offers mental health support", "Mental health support")),
        Column("services", "list", False, "Mental-health services offered.", "counselling; peer support", ("Services offered",), "service"),
        _count("beneficiaries_supported", "People supported in the last 12 months.", "85", synonyms=("Beneficiaries supported", "People supported")),
        Column("age_groups", "list", False, "Age groups served.", "adults (26-64); older people (65+)", ("Age groups", "Ages"), "age_group"),
        Column("languages", "list", False, "Languages the group works in (free list).", "Bengali; Sylheti", ("Languages spoken",)),
        Column("referral_routes", "list", False, "How people reach the group.", "self-referral; GP", ("Referral routes", "Referrals"), "referral_route"),
        Column("barriers", "list", False, "What stops beneficiaries getting help.", "stigma; language", ("Barriers to support",), "barrier"),
        Column("support_needs", "list", False, "What the group needs to do more.", "funding; training", ("Support needed",), "support_need"),
        Column("funding_secured_until", "date", False, "When the group's secured funding runs out.", "2022-03-31", ("Funding until", "Funded until")),
    ),
    key=("org_id", "returned_on"),
)

INDICATORS = Kind(
    "indicators", "Indicators",
    "Definitions of tracked outcome indicators: Appendix 1 key deliverables and the project's success measures.",
    (
        Column("indicator_id", "code", True, "Short code such as DP-1.", "EXAMPLE-IND-1", ("Indicator ID", "Indicator code", "ID")),
        Column("framework", "cat", True, "Appendix 1 or Disparities project.", "Disparities project", (), "framework"),
        Column("theme", "text", True, "e.g. Anti-Racist Borough, Community Leadership, Health, Education, Employment.", "Health"),
        Column("outcome", "text", False, "The outcome the indicator tracks.", "Improved access to health and care services"),
        Column("action", "text", False, "The action that delivers it.", "Address digital exclusion"),
        Column("indicator", "text", True, "What is counted.", "Number of groups supported to network", ("Indicator name", "Measure")),
        Column("unit", "cat", True, "count, percent or GBP.", "count", (), "unit"),
        Column("baseline", "number", False, "Value at the start.", "0"),
        Column("target", "number", False, "Value aimed for by the target date.", "30"),
        Column("target_date", "date", False, "When the target should be met.", "2021-10-31", ("Target by",)),
        Column("start_date", "date", False, "When counting starts (for 'expected by now').", "2020-11-01", ("Start",)),
        Column("higher_is_better", "bool", False, "Blank means yes.", "yes", ("Higher is better",), default=True),
    ),
    key=("indicator_id",),
)

READINGS = Kind(
    "readings", "Indicator readings",
    "Progress against indicators; counts are cumulative to period_end.",
    (
        Column("indicator_id", "code", True, "The indicator (must be defined in indicators).", "EXAMPLE-IND-1",
               ("Indicator ID", "Indicator code", "Indicator"), references="indicators"),
        Column("period_end", "date", True, "End of the period the value covers.", "2021-03-31", ("Period end", "Period ending", "Date", "As at")),
        Column("value", "number", True, "The value (cumulative to period_end for counts).", "18", ("Reading", "Actual")),
        Column("note", "text", False, "Free text.", "", ("Notes", "Comment")),
    ),
    key=("indicator_id", "period_end"),
)

EVENTS = Kind(
    "events", "Events",
    "Network meetings, Communities of Practice, trainings.",
    (
        Column("event_id", "code", True, "Short code such as EV-001.", "EXAMPLE-EV-1", ("Event ID", "Event code", "ID")),
        Column("held_on", "date", True, "Date of the event.", "2021-01-27", ("Date", "Event date")),
        Column("title", "text", True, "Name of the event.", "BAME networking event", ("Event", "Event title", "Name")),
        Column("type", "cat", True, "Kind of event.", "networking event", ("Event type",), "event_type"),
        _count("participants", "Number of people who took part.", "50", synonyms=("Attendees", "Attendance", "Number of participants")),
        Column("organisations", "list", False, "org_ids of the groups attending; unknown ids are a warning.", "EXAMPLE-1; EXAMPLE-2",
               ("Organisations attending", "Org IDs", "Groups attending"), item_type="code",
               references="organisations", reference_is_warning=True),
        Column("notes", "text", False, "Free text.", "", ("Note", "Comments")),
    ),
    key=("event_id",),
)

TIMELINE = Kind(
    "timeline", "Programme timeline",
    "Programme phases, workstreams and milestones.",
    (
        Column("item_id", "code", True, "Short code such as TL-01.", "EXAMPLE-TL-1", ("Item ID", "ID")),
        Column("phase", "text", True, "e.g. Phase 1.", "Phase 1"),
        Column("workstream", "text", False, "e.g. Evidence gathering, Capacity building.", "Evidence gathering"),
        Column("title", "text", True, "What happens.", "BAME Community of Practice", ("Item", "Activity", "Name")),
        Column("start", "date", True, "Start date (the date of a milestone).", "2020-11-01", ("Start date", "From")),
        Column("end", "date", False, "End date; empty for a milestone.", "2021-03-31", ("End date", "To", "Until")),
        Column("status", "cat", False, "planned, in progress, done, delayed or dropped.", "done", (), "status"),
        Column("owner", "text", False, "Who is responsible.", "Partnerships Officer", ("Lead", "Responsible")),
    ),
    key=("item_id",),
)

POPULATION = Kind(
    "population", "Population",
    "Optional reference denominators: borough residents by community, the benchmark the Health page compares the "
    "groups' reach with. Upload ONS's Census 2021 table TS021 (Ethnic group) for Tower Hamlets as ONS gives it: "
    "ons.gov.uk > Census 2021 > Create a custom dataset > Population type: usual residents; Area type: Local "
    "authorities, Tower Hamlets (E09000030); Variable: Ethnic group (20 categories, or 6 for high-level groups only)"
    "; download as CSV. Its geography, ethnic group and count columns are read as this table, year 2021.",
    (
        Column("community", "cat", True, "2021 Census group, local community name, or high-level group (Asian, "
               "Black, Mixed, White, Other).", "Bangladeshi", ("Ethnic group", "Ethnicity"), "population_group"),
        Column("year", "int", True, "Year of the figures.", "2021", minimum=1900, maximum=2100),
        _count("residents", "Number of residents.", "107333", required=True, synonyms=("Population", "Count", "Usual residents")),
        Column("source", "text", False, "The table's name and publisher.", "Census 2021 TS021, ONS"),
    ),
    key=("community", "year"),
)

RECOMMENDATIONS = Kind(
    "recommendations", "Recommendations for system change",
    "The recommendations the programme makes, where they were raised, to whom, how far they have got, and the "
    "dashboard views that are their evidence. Success measures 5 and 6 are counted from this register.",
    (
        Column("recommendation_id", "code", True, "Short code such as REC-01.", "EXAMPLE-REC-1",
               ("Recommendation ID", "ID", "Ref")),
        Column("title", "text", True, "A short title.", "Talking Therapies in community languages", ("Recommendation",)),
        Column("recommendation", "text", True, "The recommendation in a sentence.",
               "NHS Talking Therapies should offer sessions in Bengali and Somali through community groups.",
               ("Details", "Description")),
        Column("raised_at", "code", False, "The event where it was raised (its event_id).", "EXAMPLE-EV-1",
               ("Event", "Raised at"), references="events", reference_is_warning=True),
        Column("raised_on", "date", True, "When it was raised.", "2021-10-13", ("Date raised", "Date")),
        Column("addressed_to", "text", True, "The organisation or board it went to.",
               "Tower Hamlets Together board", ("To", "Addressed to", "Recipient")),
        Column("status", "cat", True, "proposed, accepted, in progress, implemented or dropped.", "accepted",
               ("Stage",), "recommendation_status"),
        Column("status_on", "date", False, "When it reached that status.", "2021-12-01", ("Status date",)),
        Column("example", "text", False, "Once implemented: what changed, as an example.", "",
               ("Example of change", "What changed")),
        Column("evidence", "list", False, "Dashboard views it rests on, as the address shows them after the "
               "dashboard's own address: the page and its filters, e.g. Mental_health_mapping?community=Somali.",
               "Mental_health_mapping?community=Somali", ("Evidence", "Views", "Links")),
    ),
    key=("recommendation_id",),
)

KINDS: dict[str, Kind] = {k.name: k for k in (
    ORGANISATIONS, INDICATORS, ASSESSMENT, TOOLKIT, READINGS, EVENTS, TIMELINE, POPULATION, RECOMMENDATIONS,
)}


def dependency_order(names: list[str]) -> list[str]:
    """Kind names sorted so that each comes after the kinds it refers to (KINDS order is already topological)."""
    return sorted(names, key=list(KINDS).index)


# The store's layout, here rather than in models.py so that reading the store never imports SQLModel (a quarter
# of a second at every server start): models.py builds the tables from these.
SCHEMA_VERSION = 4  # 2: versions record the columns their file supplied; 3: saved survey mappings; 4: consent


def versions_table(kind: Kind) -> str:
    """The table holding every version of every row of `kind`."""
    return f"{kind.name}_versions"
