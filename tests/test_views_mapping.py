"""The Mental-health mapping page as sections: keys, numbers and sentences on the sample and on a literal store,
the small-number policy on people counts, and what an empty view says."""
import datetime as dt
import pickle
import re
from pathlib import Path

import pandas as pd
import pytest

from disparities import suppression
from disparities.filters import Filters
from disparities.ingest import UploadFile, ingest
from disparities.store import connect
from disparities.views import VIEWS
from disparities.pages import mapping

TODAY = dt.date(2026, 11, 21)
KEYS = ["toolkit-not-returned", "toolkit-services", "toolkit-referral-routes", "toolkit-barriers",
        "toolkit-support-needs", "toolkit-beneficiary-sizes", "toolkit-beneficiaries-by-age-group",
        "toolkit-languages", "toolkit-funding-cliff", "toolkit-round-changes"]

ORGANISATIONS = """\
org_id,name,ward,communities_served,income_band,joined_network_on
ORG-001,Alpha Wellbeing Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k,2021-01-27
ORG-002,Beta Women's Network,Bow East,Somali,under £10k,2021-03-15
ORG-003,Gamma Elders Club,Poplar,Caribbean,,
ORG-004,Delta Youth Project,Whitechapel,Somali; Bangladeshi,£10k-£50k,2021-02-01
"""

# ORG-002 supported 5 people: a count of people too small to publish. ORG-003 gave no figure; ORG-004 no return.
TOOLKIT = """\
org_id,returned_on,offers_mental_health_support,services,beneficiaries_supported,age_groups,languages,\
referral_routes,barriers,support_needs,funding_secured_until
ORG-001,2021-08-16,yes,counselling; peer support,160,young people; adults,Bengali; English,self-referral; GP,\
stigma; language,funding; training,2022-03-31
ORG-002,2021-08-24,yes,peer support; signposting,5,older people,Somali,self-referral,stigma,funding,2021-12-31
ORG-003,2021-09-24,no,,,adults,English,,stigma,,
"""


def store_of(folder: Path, *files: tuple[str, str]) -> Path:
    db = folder / "store.duckdb"
    result = ingest(db, [UploadFile(name, text.encode()) for name, text in files], uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    return db


@pytest.fixture(scope="module")
def literal_store(tmp_path_factory) -> Path:
    return store_of(tmp_path_factory.mktemp("views-mapping"), ("organisations.csv", ORGANISATIONS),
                    ("toolkit.csv", TOOLKIT))


def build(store: Path, filters: Filters | None = None, today: dt.date | None = TODAY) -> dict:
    with connect(store, read_only=True) as con:
        found = mapping.sections(con, filters or Filters(), today)
    assert [s.key for s in found] == KEYS
    return {s.key: s for s in found}


def test_the_page_is_listed_in_views_after_health():
    names = list(VIEWS)
    assert names.index("mapping") == names.index("health") + 1 and VIEWS["mapping"] is mapping


def test_sample_sections_and_key_numbers(sample_store):
    found = build(sample_store)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in found)
    assert [s.title for s in found.values()] == [
        "Returns received", "Services and mental-health support", "Referral routes",
        "Barriers to getting help, ranked", "Support the groups need", "Beneficiaries supported",
        "People supported, by age group served", "Languages", "Funding cliff: when secured funding runs out",
        "Change since the previous round"]
    waiting = found["toolkit-not-returned"]
    assert waiting.chart is None and waiting.based_on is None
    assert list(waiting.table["Org ID"]) == ["ORG-021", "ORG-025", "ORG-007", "ORG-024", "ORG-005", "ORG-014"]
    assert waiting.summary().startswith("24 of 30 organisations in view have returned the toolkit (80%)")
    assert found["toolkit-services"].summary().startswith(
        "21 of 24 returns (88%) say the group offers mental-health support; 3 say it does not. Signposting is the "
        "service offered most often: by 13 of 24 returns (54%)")
    assert found["toolkit-barriers"].summary().startswith("Stigma is the barrier named most often: by 16 of 24")
    sizes = found["toolkit-beneficiary-sizes"]
    assert sizes.table["returns"].sum() == 24 and set(sizes.table["people_supported"]) == {4180}
    assert sizes.summary().startswith("Groups supported 4,180 people in the last 12 months, a median of 82.5")
    ages = found["toolkit-beneficiaries-by-age-group"]
    assert dict(zip(ages.table["age_group"], ages.table["beneficiaries"]))["adults (26-64)"] == 3660
    assert found["toolkit-languages"].summary().endswith("Returns name 16 languages in all.")
    assert found["toolkit-funding-cliff"].summary() == (
        "Secured funding for 24 of 24 groups ends on or before today (21 Nov 2026). The most in one quarter is 7, "
        "in the quarter to 31 Mar 2023. Every return gave a date.")
    assert found["toolkit-round-changes"].summary() == (
        "Of the 18 groups with two returns (previous returns 3 Aug 2021 to 24 Sep 2021; latest 7 Mar 2022 to 5 "
        "Apr 2022), 2 answers changed by more than chance: NHS Talking Therapies as a referral route rose from 28% "
        "to 100% and funding as a support need rose from 56% to 100%. The other 31 changed within chance.")
    assert found["toolkit-round-changes"].based_on == 18  # the groups with two returns
    assert {s.based_on for key, s in found.items() if key not in ("toolkit-not-returned",
                                                                  "toolkit-round-changes")} == {24}
    for section in found.values():
        assert section.has_data
        assert section.chart is None or section.figure() is not None


def test_sample_sections_are_publishable_and_picklable(sample_store):
    found = build(sample_store)
    safe = {key: s.publishable() for key, s in found.items()}
    # The median is rounded to the nearest 5; counts of returns are left as they are.
    assert safe["toolkit-beneficiary-sizes"].summary().startswith(
        "Groups supported 4,180 people in the last 12 months, a median of 85 per group (from 0 to 1,035)")
    assert list(safe["toolkit-beneficiary-sizes"].table["returns"]) == list(found["toolkit-beneficiary-sizes"]
                                                                             .table["returns"])
    assert safe["toolkit-barriers"] is found["toolkit-barriers"]  # no people counted: nothing to suppress
    pickle.loads(pickle.dumps(list(safe.values())))  # Streamlit's cache pickles them: no lambdas or closures


# Literal store: every number by hand. view: (returned, not returned, {service: returns}, total people)
LITERAL_VIEWS = {
    "all": (Filters(), 3, ["ORG-004"], {"peer support": 2, "counselling": 1, "signposting": 1}, 165),
    "community": (Filters(communities=("Somali",)), 1, ["ORG-004"], {"peer support": 1, "signposting": 1}, 5),
    "ward": (Filters(wards=("Whitechapel",)), 1, ["ORG-004"], {"counselling": 1, "peer support": 1}, 160),
    "organisation": (Filters(org_ids=("ORG-003",)), 1, [], {}, 0),
    "date range": (Filters(date_from=dt.date(2021, 8, 20), date_to=dt.date(2021, 12, 31)), 2,
                   ["ORG-001", "ORG-004"], {"peer support": 1, "signposting": 1}, 5),
}


@pytest.mark.parametrize("name", LITERAL_VIEWS)
def test_literal_sections_follow_the_filters(literal_store, name):
    filters, returned, waiting, services, people = LITERAL_VIEWS[name]
    found = build(literal_store, filters)
    assert list(found["toolkit-not-returned"].table["Org ID"]) == waiting
    table = found["toolkit-services"].table
    assert dict(zip(table["item"], table["returns"])) == services
    assert found["toolkit-services"].note == ""  # no "other" answer to explain
    assert found["toolkit-languages"].based_on == returned
    sizes = found["toolkit-beneficiary-sizes"].table
    assert (int(sizes["people_supported"].iloc[0]) if len(sizes) else 0) == people


def test_literal_sentences(literal_store):
    found = build(literal_store)
    assert found["toolkit-not-returned"].summary() == (
        "3 of 4 organisations in view have returned the toolkit (75%); 1 has not yet. The table lists those not "
        "returned yet, longest in the network first.")
    assert found["toolkit-not-returned"].table.iloc[0].to_dict() == {
        "Org ID": "ORG-004", "Name": "Delta Youth Project", "Ward": "Whitechapel",
        "Joined the network": dt.date(2021, 2, 1)}
    assert found["toolkit-services"].summary() == (
        "2 of 3 returns (67%) say the group offers mental-health support; 1 says it does not. Peer support is the "
        "service offered most often: by 2 of 3 returns (67%), followed by counselling and signposting (1 each, "
        "33%). 1 return named no service.")
    assert found["toolkit-beneficiary-sizes"].summary() == (
        "Groups supported 165 people in the last 12 months, a median of 82.5 per group (from 5 to 160); 2 of 3 "
        "returns gave a figure. The most common sizes are 1-24 and 100-249 people supported: 1 each of 2 returns "
        "that gave a figure (50%).")
    assert found["toolkit-funding-cliff"].summary() == (
        "Secured funding for 2 of 3 groups ends on or before today (21 Nov 2026). The most in one quarter is 1, "
        "in the quarter to 31 Dec 2021. 1 return gave no date.")


def test_small_people_counts_show_as_suppressed(literal_store):
    found = build(literal_store)
    sizes = found["toolkit-beneficiary-sizes"].publishable()
    shown = sizes.display_table().iloc[0]
    assert shown["smallest_figure"] == suppression.SUPPRESSED  # ORG-002's 5 people
    assert shown["median_per_group"] == suppression.SUPPRESSED  # withheld too: the row's total would reveal it
    assert (shown["people_supported"], shown["largest_figure"]) == (165, 155)
    assert sizes.summary().startswith(
        "Groups supported 165 people in the last 12 months (some groups' figures are too small to publish)")
    assert sizes.figure() is not None

    ages = found["toolkit-beneficiaries-by-age-group"].publishable()
    shown = dict(zip(ages.table["age_group"], ages.display_table()["beneficiaries"]))
    assert shown == {"young people (12-25)": "*", "adults (26-64)": 155, "older people (65+)": "*"}
    assert ages.summary().startswith("Groups serving adults (26-64) supported the most people: 155, from 2 returns.")
    assert list(ages.figure().data[0].text) == ["* (1 return)", "155 (2 returns)", "* (1 return)"]


def test_a_small_total_is_too_small_to_publish(literal_store):
    found = build(literal_store, Filters(org_ids=("ORG-002",)))
    sizes = found["toolkit-beneficiary-sizes"].publishable()
    assert set(sizes.display_table()["people_supported"]) == {suppression.SUPPRESSED}
    assert sizes.summary().startswith("The one return that gave a figure reports a number of people supported in "
                                      "the last 12 months that is too small to publish.")
    ages = found["toolkit-beneficiaries-by-age-group"].publishable()
    assert ages.summary().startswith("Every figure here is too small to publish.")
    assert list(ages.figure().data[0].text) == ["* (1 return)"]


def test_today_defaults_to_the_real_date(literal_store):
    found = build(literal_store, today=None)
    assert f"before today ({dt.date.today():%-d %b %Y})" in found["toolkit-funding-cliff"].summary()
    assert f"Today, {dt.date.today():%-d %b %Y}" in found["toolkit-funding-cliff"].figure().layout.annotations[0].text


def test_empty_store_says_what_to_upload(empty_store):
    found = build(empty_store)
    assert not any(s.has_data for s in found.values())
    assert found["toolkit-not-returned"].empty.startswith("No organisations match these filters.")
    assert "`python -m disparities template organisations`" in found["toolkit-not-returned"].empty
    for key in KEYS[1:]:
        assert found[key].empty == mapping.NO_RETURNS
        assert found[key].summary() == "" and found[key].figure() is None and found[key].note == ""


def test_filters_leaving_no_organisation(literal_store):
    found = build(literal_store, Filters(communities=("Roma",)))
    assert not any(s.has_data for s in found.values())
    assert found["toolkit-not-returned"].empty == mapping.NO_ORGANISATIONS


def test_answers_off_the_list_are_explained(tmp_path):
    toolkit = "org_id,returned_on,services\nORG-001,2021-08-16,other: knitting circle; peer support\n"
    found = build(store_of(tmp_path, ("organisations.csv", ORGANISATIONS), ("toolkit.csv", toolkit)))
    services = found["toolkit-services"]
    assert dict(zip(services.table["item"], services.table["returns"])) == {"other": 1, "peer support": 1}
    assert services.note == mapping.OTHER_NOTE


def test_everyone_returned_and_nothing_named(tmp_path):
    toolkit = "org_id,returned_on,offers_mental_health_support\nORG-001,2021-08-16,yes\nORG-002,2021-08-16,\n"
    organisations = "\n".join(ORGANISATIONS.splitlines()[:3]) + "\n"
    found = build(store_of(tmp_path, ("organisations.csv", organisations), ("toolkit.csv", toolkit)))
    assert not any(s.has_data for s in found.values())
    assert found["toolkit-not-returned"].empty == "All 2 organisations in view have returned the toolkit."
    assert found["toolkit-services"].empty == (
        "1 of 2 returns (50%) says the group offers mental-health support; 1 did not say. "
        "No return in view names a service.")
    assert found["toolkit-barriers"].empty == "No return in view names a barrier."
    assert found["toolkit-beneficiary-sizes"].empty == "None of the 2 returns gave a figure for people supported."
    assert found["toolkit-beneficiaries-by-age-group"].empty == "No return in view says which age groups it serves."
    assert found["toolkit-languages"].empty == "No return in view names a language."
    assert found["toolkit-funding-cliff"].empty == "None of the 2 returns gave a date."


def test_no_returns_yet_lists_every_organisation(tmp_path):
    found = build(store_of(tmp_path, ("organisations.csv", ORGANISATIONS)))
    waiting = found["toolkit-not-returned"]
    assert waiting.has_data and len(waiting.table) == 4
    assert waiting.summary().startswith("0 of 4 organisations in view have returned the toolkit (0%)")
    assert all(found[key].empty == mapping.NO_RETURNS for key in KEYS[1:])
    assert isinstance(waiting.display_table(), pd.DataFrame)
