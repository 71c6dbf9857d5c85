"""Organisations page: register and per-organisation queries on a literal store, its chart and its sentences,
and the register's speed at 100 times the sample's size."""
from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import random

import pandas as pd
import pytest

from disparities import palette
from disparities.pages.organisations import charts
from disparities.filters import Filters
from disparities.ingest import UploadFile, ingest
from disparities.pages.organisations import queries
from disparities.store import connect
from disparities.suppression import UnsafeTable
from disparities.pages.organisations import returns_section
from disparities.pages.organisations import sentences as summaries
from disparities.vocabularies import COMMUNITY, DISPARITY, WARD

ORGANISATIONS = """\
org_id,name,ward,communities_served,income_band,beneficiaries_per_year,staff,volunteers,joined_network_on
ORG-001,Alpha Wellbeing Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k,350,3,12,2021-01-27
ORG-002,Café Somali 50%_Club,Bow East,Somali,under £10k,120,1,8,2021-03-15
ORG-003,Gamma Elders Club,Poplar,Caribbean,,60,0,5,
"""
# ORG-001 was assessed twice (diabetes leads the later one); ORG-002's only assessment has no rank 1.
ASSESSMENT = """\
org_id,assessed_on,disparity,rank,beneficiaries_affected,notes
ORG-001,2021-03-12,mental health,1,165,
ORG-001,2021-03-12,diabetes,2,50,
ORG-001,2021-09-01,diabetes,1,70,
ORG-001,2021-09-01,mental health,2,60,
ORG-002,2021-02-05,obesity,2,10,
ORG-002,2021-02-05,cancer,3,,
"""
TOOLKIT = """\
org_id,returned_on,offers_mental_health_support,services,beneficiaries_supported,age_groups,languages,referral_routes,barriers,support_needs,funding_secured_until
ORG-001,2021-08-16,yes,counselling; peer support,160,adults (26-64),Bengali; Sylheti,self-referral; GP,stigma; language,funding; training,2022-06-30
ORG-001,2022-02-01,yes,counselling,1200,,,,,,
ORG-003,2021-08-20,no,,0,older people (65+),English,GP,stigma,,
"""
EVENTS = """\
event_id,held_on,title,type,participants,organisations,notes
EV-001,2021-01-27,Networking event,networking event,50,ORG-001; ORG-002; ORG-003,
EV-002,2021-07-14,Community of Practice,community of practice,27,ORG-001,
EV-003,2021-10-13,Impact reporting,training,15,ORG-001; ORG-003; ORG-099,
"""


@pytest.fixture(scope="module")
def literal_store(tmp_path_factory):
    """Built once for the module with `ingest`, the function behind conftest's `load` (which is per test):
    every test here only reads."""
    path = tmp_path_factory.mktemp("organisations") / "store.duckdb"
    result = ingest(path, [UploadFile(f"{kind}.csv", text.encode()) for kind, text in (
        ("organisations", ORGANISATIONS), ("assessment", ASSESSMENT), ("toolkit", TOOLKIT), ("events", EVENTS))],
        uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    return path


@pytest.fixture
def con(literal_store):
    with connect(literal_store, read_only=True) as connection:
        yield connection


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


FIRST_HALF_2021 = {"date_from": dt.date(2021, 1, 1), "date_to": dt.date(2021, 6, 30)}


# ---- the register ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("filters, expected", [
    (Filters(), ["ORG-001", "ORG-002", "ORG-003"]),
    (Filters(communities=("Somali",)), ["ORG-002"]),
    (Filters(communities=("Black",), community_level="high"), ["ORG-002", "ORG-003"]),
    (Filters(wards=("Poplar",)), ["ORG-003"]),
    (Filters(income_bands=("£10k-£50k",)), ["ORG-001"]),
    (Filters(org_ids=("ORG-001",)), ["ORG-001"]),
    (Filters(**FIRST_HALF_2021), ["ORG-001", "ORG-002", "ORG-003"]),  # dates never hide an organisation
    (Filters(communities=("Roma",)), []),
])
def test_register_lists_the_organisations_in_view(con, filters, expected):
    assert queries.organisation_register(con, filters)["org_id"].tolist() == expected


def test_register_columns_and_computed_values(con):
    table = queries.organisation_register(con, Filters()).set_index("org_id")
    assert list(table.reset_index().columns) == list(queries.REGISTER_COLUMNS)
    alpha, cafe, gamma = (table.loc[k] for k in ("ORG-001", "ORG-002", "ORG-003"))
    assert (alpha["communities_served"], alpha["staff"], alpha["joined_network_on"]) == (
        "Bangladeshi; Sylheti", 3, day("2021-01-27"))
    assert (alpha["latest_assessment"], alpha["main_disparity"]) == (day("2021-09-01"), "diabetes")
    assert (alpha["latest_return"], alpha["events_attended"]) == (day("2022-02-01"), 3)
    assert (cafe["main_disparity"], cafe["events_attended"]) == ("obesity", 1)  # the lowest rank given leads
    assert pd.isna(cafe["latest_return"]) and pd.isna(gamma["latest_assessment"]) and pd.isna(gamma["main_disparity"])
    assert (gamma["latest_return"], gamma["events_attended"]) == (day("2021-08-20"), 2)
    assert pd.isna(gamma["income_band"]) and pd.isna(gamma["joined_network_on"])


def test_date_range_picks_the_latest_assessment_and_return_within_it(con):
    table = queries.organisation_register(con, Filters(**FIRST_HALF_2021)).set_index("org_id")
    assert (table.loc["ORG-001", "latest_assessment"], table.loc["ORG-001", "main_disparity"]) == (
        day("2021-03-12"), "mental health")
    assert table["latest_return"].isna().all()
    assert table["events_attended"].tolist() == [3, 1, 2]  # events are not assessments or returns


@pytest.mark.parametrize("search, expected", [
    ("", ["ORG-001", "ORG-002", "ORG-003"]),
    ("   ", ["ORG-001", "ORG-002", "ORG-003"]),
    ("alpha", ["ORG-001"]),
    ("GAMMA elders", ["ORG-003"]),
    ("org-002", ["ORG-002"]),  # the id, any case
    ("cafe", ["ORG-002"]),  # accents ignored in the name...
    ("CAFÉ", ["ORG-002"]),  # ...and in the search text
    ("sylheti", ["ORG-001"]),  # a community
    ("poplar", ["ORG-003"]),  # a ward
    ("50%", ["ORG-002"]),
    ("%", ["ORG-002"]),  # the user's % is a character, not "anything"
    ("_", ["ORG-002"]),
    ("a_p", []),  # would match "Alpha" if _ were a wildcard
    ("e%c", []),  # would match "Gamma Elders Club" if % were a wildcard
    ("\\", []),
    ("zzz", []),
])
def test_search_matches_id_name_ward_and_community(con, search, expected):
    assert queries.organisation_register(con, Filters(), search)["org_id"].tolist() == expected


def test_search_is_within_the_filters(con):
    assert queries.organisation_register(con, Filters(wards=("Poplar",)), "alpha").empty


def test_like_pattern_escapes_wildcards_and_the_escape_character():
    assert queries.like_pattern(" 50%_\\ ") == "%50\\%\\_\\\\%"


# ---- one organisation --------------------------------------------------------------------------------------

@pytest.mark.parametrize("filters, org_id, expected", [
    (Filters(), "ORG-001", [("2021-09-01", 1, "diabetes"), ("2021-09-01", 2, "mental health"),
                            ("2021-03-12", 1, "mental health"), ("2021-03-12", 2, "diabetes")]),
    (Filters(**FIRST_HALF_2021), "ORG-001", [("2021-03-12", 1, "mental health"), ("2021-03-12", 2, "diabetes")]),
    (Filters(), "ORG-002", [("2021-02-05", 2, "obesity"), ("2021-02-05", 3, "cancer")]),
    (Filters(), "ORG-003", []),
    (Filters(communities=("Somali",)), "ORG-001", []),  # not in view
    (Filters(), "ORG-999", []),
])
def test_assessment_ranks(con, filters, org_id, expected):
    ranks = queries.assessment_ranks(con, filters, org_id)
    assert [(d.date().isoformat(), r, x) for d, r, x in zip(ranks["assessed_on"], ranks["rank"], ranks["disparity"])
            ] == expected


def test_split_by_assessment_gives_each_date_newest_first_in_rank_order(con):
    ranks = queries.assessment_ranks(con, Filters(), "ORG-001")
    split = queries.split_by_assessment(ranks)
    assert [d for d, _ in split] == ["2021-09-01", "2021-03-12"]
    assert [rows["disparity"].tolist() for _, rows in split] == [["diabetes", "mental health"],
                                                                 ["mental health", "diabetes"]]


@pytest.mark.parametrize("filters, org_id, expected", [
    (Filters(), "ORG-001", ["2022-02-01", "2021-08-16"]),
    (Filters(date_to=dt.date(2021, 12, 31)), "ORG-001", ["2021-08-16"]),
    (Filters(), "ORG-003", ["2021-08-20"]),
    (Filters(), "ORG-002", []),
    (Filters(wards=("Poplar",)), "ORG-001", []),
])
def test_toolkit_returns(con, filters, org_id, expected):
    returns = queries.toolkit_returns(con, filters, org_id)
    assert [d.date().isoformat() for d in returns["returned_on"]] == expected


def _published(returns, org_id):
    """The returns as the page shows them: exact here (mark_exact), as for the signed-in officer."""
    return returns_section(returns, org_id).publishable(None).display_table()


def test_toolkit_return_lists_are_joined_and_read_by_field(con):
    returns = queries.toolkit_returns(con, Filters(), "ORG-001")
    older = returns.iloc[1]
    assert (older["services"], older["referral_routes"], older["barriers"], older["support_needs"],
            older["languages"]) == ("counselling; peer support", "self-referral; GP", "stigma; language",
                                    "funding; training", "Bengali; Sylheti")
    with pytest.raises(UnsafeTable):  # turned on its side, a people count would no longer be named by a column
        queries.returns_by_field(returns)
    by_field = queries.returns_by_field(_published(returns, "ORG-001")).set_index("Question")
    assert list(by_field.columns) == ["Returned 1 Feb 2022", "Returned 16 Aug 2021"]
    assert by_field.loc["Offers mental-health support"].tolist() == ["yes", "yes"]
    assert by_field.loc["Beneficiaries supported (12 months)"].tolist() == ["1,200", "160"]
    assert by_field.loc["Languages"].tolist() == ["not given", "Bengali; Sylheti"]
    assert by_field.loc["Funding secured until"].tolist() == ["not given", "30 Jun 2022"]
    gamma = queries.returns_by_field(_published(queries.toolkit_returns(con, Filters(), "ORG-003"), "ORG-003")
                                     ).set_index("Question")
    assert gamma.loc["Offers mental-health support", "Returned 20 Aug 2021"] == "no"


@pytest.mark.parametrize("filters, org_id, expected", [
    (Filters(), "ORG-001", ["Impact reporting", "Community of Practice", "Networking event"]),
    (Filters(**FIRST_HALF_2021), "ORG-001", ["Impact reporting", "Community of Practice", "Networking event"]),
    (Filters(), "ORG-002", ["Networking event"]),
    (Filters(communities=("Roma",)), "ORG-001", []),
])
def test_events_attended(con, filters, org_id, expected):
    assert queries.events_attended(con, filters, org_id)["title"].tolist() == expected


# ---- the chart ---------------------------------------------------------------------------------------------

def test_assessment_bars_put_rank_one_on_top_in_the_disparity_colours(con):
    _, latest = queries.split_by_assessment(queries.assessment_ranks(con, Filters(), "ORG-001"))[0]
    bar = charts.assessment_bars(latest).data[0]
    assert list(bar.y) == ["2. Mental health", "1. Diabetes"]  # plotly draws the last category on top
    assert list(bar.x) == [60, 70]
    assert list(bar.marker.color) == [palette.color_for("disparity", "mental health"),
                                      palette.color_for("disparity", "diabetes")]


def test_assessment_bars_label_a_missing_estimate(con):
    ranks = queries.assessment_ranks(con, Filters(), "ORG-002")
    figure = charts.assessment_bars(ranks)
    assert list(figure.data[0].text) == ["not given", "10"]
    assert figure.layout.height == 220


# ---- sentences ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("shown, in_view, search, expected", [
    (30, 30, "", "Showing all 30 organisations in view."),
    (1, 1, "", "Showing 1 organisation in view."),
    (12, 30, "bangla", 'Showing 12 of 30 organisations in view, matching "bangla".'),
    (0, 3, "**x**", 'Showing 0 of 3 organisations in view, matching "\\*\\*x\\*\\*".'),
    (3, 3, "org", 'Showing 3 of 3 organisations in view, matching "org".'),
])
def test_showing_sentence(shown, in_view, search, expected):
    assert summaries.showing_sentence(shown, in_view, search) == expected


@pytest.mark.parametrize("org_id, index, expected", [
    ("ORG-001", 0, ("On 1 Sep 2021 diabetes was ranked first, affecting an estimated 70 beneficiaries, followed by "
                   "mental health (60); 2 disparities ranked in all.")),
    ("ORG-001", 1, ("On 12 Mar 2021 mental health was ranked first, affecting an estimated 165 beneficiaries, "
                   "followed by diabetes (50); 2 disparities ranked in all.")),
    ("ORG-002", 0, ("On 5 Feb 2021 obesity was ranked highest (rank 2), affecting an estimated 10 beneficiaries, "
                   "followed by cancer (number not given); 2 disparities ranked in all.")),
])
def test_assessment_summary(con, org_id, index, expected):
    _, one = queries.split_by_assessment(queries.assessment_ranks(con, Filters(), org_id))[index]
    assert summaries.assessment_summary(one) == expected


@pytest.mark.parametrize("org_id, expected", [
    ("ORG-001", ("2 toolkit returns; the latest, on 1 Feb 2022, reports 1,200 beneficiaries supported in the last "
                "12 months, and gives no date for secured funding.")),
    ("ORG-003", ("1 toolkit return; on 20 Aug 2021, it reports 0 beneficiaries supported in the last 12 months, "
                "and gives no date for secured funding.")),
])
def test_toolkit_summary(con, org_id, expected):
    assert summaries.toolkit_summary(queries.toolkit_returns(con, Filters(), org_id)) == expected


@pytest.mark.parametrize("org_id, expected", [
    ("ORG-001", "Attended 3 events, the latest on 13 Oct 2021 (Impact reporting)."),
    ("ORG-002", "Attended 1 event, the latest on 27 Jan 2021 (Networking event)."),
])
def test_events_summary(con, org_id, expected):
    assert summaries.events_summary(queries.events_attended(con, Filters(), org_id)) == expected


def test_events_summary_names_the_most_frequent_type_and_escapes_titles():
    events = pd.DataFrame({"held_on": [day("2021-09-01"), day("2021-06-01"), day("2021-03-01")],
                           "title": ["[x](javascript:alert(1))", "b", "c"],
                           "type": ["training", "training", "network meeting"], "participants": [1, 2, 3]})
    assert summaries.events_summary(events) == (
        "Attended 3 events, the latest on 1 Sep 2021 (\\[x\\]\\(javascript\\:alert\\(1\\)\\)); "
        "most often training (2).")


def test_organisation_facts_and_figures_escape_text_and_say_what_is_missing(con):
    table = queries.organisation_register(con, Filters()).set_index("org_id", drop=False)
    assert summaries.organisation_facts(table.loc["ORG-003"]) == (
        "**Ward:** Poplar  \n**Communities served:** Caribbean  \n**Income band:** not given  \n"
        "**Joined the network:** not given")
    assert summaries.organisation_figures(table.loc["ORG-001"]) == [
        ("Beneficiaries a year", "350"), ("Paid staff", "3"), ("Volunteers", "12"), ("Events attended", "3")]
    assert summaries.organisation_heading("ORG-002", "Café Somali 50%_Club") == "ORG\\-002\\: Café Somali 50%\\_Club"
    assert summaries.organisation_options(table) == {"ORG-001": "ORG-001: Alpha Wellbeing Group",
                                                     "ORG-002": "ORG-002: Café Somali 50%_Club",
                                                     "ORG-003": "ORG-003: Gamma Elders Club"}


@pytest.mark.parametrize("message, filters, expected", [
    (summaries.no_assessment_message, Filters(), "No assessment of this organisation yet."),
    (summaries.no_assessment_message, Filters(**FIRST_HALF_2021),
     "No assessment of this organisation between the chosen dates."),
    (summaries.no_return_message, Filters(), "No toolkit return yet from this organisation."),
    (summaries.no_return_message, Filters(date_to=dt.date(2021, 1, 1)),
     "No toolkit return between the chosen dates from this organisation."),
])
def test_empty_section_messages(message, filters, expected):
    assert message(filters).startswith(expected)


# ---- scale: 100 times the sample -----------------------------------------------------------------------------

def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def large_store(tmp_path_factory):
    """3,000 organisations, each with two assessments of four disparities and a return; 600 events of 30."""
    rng = random.Random(100)
    ids = [f"ORG-{n:04d}" for n in range(3000)]
    organisations = [[i, f"Group {n}", rng.choice(WARD.labels), "; ".join(rng.sample(COMMUNITY.labels, 2)),
                      rng.randint(10, 900), "2021-01-01"] for n, i in enumerate(ids)]
    assessment = [[i, when, disparity, rank, rng.randint(1, 100)] for i in ids for when in ("2021-03-01", "2022-03-01")
                  for rank, disparity in enumerate(rng.sample(DISPARITY.labels, 4), 1)]
    toolkit = [[i, "2021-08-01", "counselling; advocacy", rng.randint(0, 200)] for i in ids]
    events = [[f"EV-{n:03d}", "2021-06-01", f"Event {n}", "training", 30, "; ".join(rng.sample(ids, 30))]
              for n in range(600)]
    path = tmp_path_factory.mktemp("large") / "large.duckdb"
    result = ingest(path, [
        UploadFile("organisations.csv", _csv(["org_id", "name", "ward", "communities_served",
                                              "beneficiaries_per_year", "joined_network_on"], organisations)),
        UploadFile("assessment.csv", _csv(["org_id", "assessed_on", "disparity", "rank", "beneficiaries_affected"],
                                          assessment)),
        UploadFile("toolkit.csv", _csv(["org_id", "returned_on", "services", "beneficiaries_supported"], toolkit)),
        UploadFile("events.csv", _csv(["event_id", "held_on", "title", "type", "participants", "organisations"],
                                      events)),
    ], uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    attendance = collections.Counter(org_id for event in events for org_id in event[-1].split("; "))
    return path, attendance


@pytest.mark.parametrize("filters, search", [(Filters(), ""), (Filters(), "group 1"),
                                             (Filters(date_to=dt.date(2021, 12, 31)), "")])
def test_register_of_3000_organisations_is_one_query(large_store, filters, search):
    path, attendance = large_store
    with connect(path, read_only=True) as connection:
        table = queries.organisation_register(connection, filters, search)
    assert len(table) == (1111 if search else 3000)  # Group 1, 10-19, 100-199, 1000-1999
    assert dict(zip(table["org_id"], table["events_attended"])) == {i: attendance[i] for i in table["org_id"]}
    assert table["main_disparity"].notna().all()


@pytest.mark.parametrize("org_id, expected", [
    ("ORG-001", "ORG\\-001 is not among the organisations in view"),
    ("X" * 50, "X" * 40 + "\\.\\.\\. is not among the organisations in view"),
    ("[A](javascript:x)", "\\[A\\]\\(javascript\\:x\\) is not among"),
])
def test_not_in_view_message(org_id, expected):
    assert summaries.not_in_view_message(org_id).startswith(expected)
