"""Mental-health mapping queries on a small literal store: latest return per organisation, filters, blanks."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from disparities.filters import Filters
from disparities.ingest import UploadFile, ingest
from disparities.pages.mapping import queries
from disparities.store import connect

ORGANISATIONS = """\
org_id,name,ward,communities_served,income_band,joined_network_on
ORG-001,Alpha Wellbeing Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k,2021-01-27
ORG-002,Beta Women's Network,Bow East,Somali,under £10k,2021-03-15
ORG-003,Gamma Elders Club,Poplar,Caribbean,,
ORG-004,Delta Youth Project,Whitechapel,Somali; Bangladeshi,£10k-£50k,2021-02-01
"""

# ORG-001 returned twice (its March return must give way to August's); ORG-002 names a service outside the
# vocabulary and spells English in lower case; ORG-003 leaves most answers blank; ORG-004 has not returned.
TOOLKIT = """\
org_id,returned_on,offers_mental_health_support,services,beneficiaries_supported,age_groups,languages,referral_routes,barriers,support_needs,funding_secured_until
ORG-001,2021-03-01,no,befriending,10,adults,Bengali,GP,cost,premises,2021-06-30
ORG-001,2021-08-16,yes,counselling; peer support,160,young people; adults,Bengali; Sylheti; English,self-referral; GP,stigma; language,funding; training,2022-03-31
ORG-002,2021-08-24,yes,peer support; signposting; knitting circle,40,adults,Somali; english,self-referral,stigma; waiting times,funding,2021-12-31
ORG-003,2021-09-24,,,,older people,English,,stigma,,
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """Built once for the module (as conftest's session stores are): the tests only read it."""
    db = tmp_path_factory.mktemp("mapping") / "store.duckdb"
    result = ingest(db, [UploadFile("organisations.csv", ORGANISATIONS.encode()),
                         UploadFile("toolkit.csv", TOOLKIT.encode())], uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    return db


def run(store: Path, query, filters: Filters, *args):
    with connect(store, read_only=True) as con:
        return query(con, filters, *args)


VIEWS = {
    "all": Filters(),
    "community": Filters(communities=("Somali",)),
    "ward": Filters(wards=("Whitechapel",)),
    "organisation": Filters(org_ids=("ORG-001",)),
    "until June": Filters(date_to=dt.date(2021, 6, 30)),
    "late summer": Filters(date_from=dt.date(2021, 8, 20), date_to=dt.date(2021, 12, 31)),
    "nobody": Filters(communities=("Roma",)),
}

# view: (organisations in view, returned, not returned, services named {item: returns}, returns naming a service)
COVERAGE = {
    "all": (4, 3, ["ORG-004"], {"peer support": 2, "counselling": 1, "other": 1, "signposting": 1}, 2),
    "community": (2, 1, ["ORG-004"], {"other": 1, "peer support": 1, "signposting": 1}, 1),
    "ward": (2, 1, ["ORG-004"], {"counselling": 1, "peer support": 1}, 1),
    "organisation": (1, 1, [], {"counselling": 1, "peer support": 1}, 1),
    "until June": (4, 1, ["ORG-004", "ORG-002", "ORG-003"], {"befriending": 1}, 1),
    "late summer": (4, 2, ["ORG-001", "ORG-004"], {"other": 1, "peer support": 1, "signposting": 1}, 1),
    "nobody": (0, 0, [], {}, 0),
}


@pytest.mark.parametrize("name", VIEWS)
def test_coverage_and_items_follow_the_filters(store, name):
    organisations, returned, waiting, services, answered = COVERAGE[name]
    coverage = run(store, queries.return_coverage, VIEWS[name])
    assert coverage.to_dict("records") == [{"organisations": organisations, "returned": returned}]
    assert list(run(store, queries.not_returned, VIEWS[name])["org_id"]) == waiting
    named = run(store, queries.items_named, VIEWS[name], "services")
    assert dict(zip(named["item"], named["returns"])) == services
    assert list(named["returns"]) == sorted(named["returns"], reverse=True)
    assert set(named["out_of"]) <= {returned} and set(named["answered"]) <= {answered}


def test_not_returned_lists_register_details(store):
    table = run(store, queries.not_returned, VIEWS["until June"])
    assert list(table.columns) == ["org_id", "name", "ward", "joined_network_on"]
    assert table.iloc[0].to_dict() | {"joined_network_on": None} == {
        "org_id": "ORG-004", "name": "Delta Youth Project", "ward": "Whitechapel", "joined_network_on": None}
    assert table.iloc[0]["joined_network_on"].date() == dt.date(2021, 2, 1)
    assert table["joined_network_on"].isna().iloc[-1]  # no date joined: listed last


@pytest.mark.parametrize(("column", "expected"), [
    ("barriers", {"stigma": 3, "language": 1, "waiting times": 1}),
    ("referral_routes", {"self-referral": 2, "GP": 1}),
    ("support_needs", {"funding": 2, "training": 1}),
])
def test_items_named_counts_returns_and_shares(store, column, expected):
    table = run(store, queries.items_named, Filters(), column)
    assert dict(zip(table["item"], table["returns"])) == expected
    assert table["share"].iloc[0] == pytest.approx(expected[table["item"].iloc[0]] / 3)


def test_items_named_refuses_other_columns(store):
    with pytest.raises(ValueError, match="not a toolkit list column"):
        run(store, queries.items_named, Filters(), "languages; DROP TABLE toolkit")


@pytest.mark.parametrize(("name", "expected"), [
    ("all", {"yes": 2, "not stated": 1}),
    ("until June", {"no": 1}),
    ("nobody", {}),
])
def test_mental_health_support(store, name, expected):
    table = run(store, queries.mental_health_support, VIEWS[name])
    assert dict(zip(table["answer"], table["returns"])) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("all", dict(returns=3, reported=2, total=200, median=100.0, smallest=40, largest=160)),
    ("community", dict(returns=1, reported=1, total=40, median=40.0, smallest=40, largest=40)),
    ("until June", dict(returns=1, reported=1, total=10, median=10.0, smallest=10, largest=10)),
])
def test_beneficiary_figures(store, name, expected):
    row = run(store, queries.beneficiary_figures, VIEWS[name]).iloc[0].to_dict()
    ordered = list(row.pop("reporting_orgs"))  # the cell keys: organisations giving a figure, smallest first
    assert row == expected and len(ordered) == expected["reported"]


def test_beneficiary_figures_when_nothing_matches(store):
    row = run(store, queries.beneficiary_figures, VIEWS["nobody"]).iloc[0]
    assert (row["returns"], row["reported"], row["total"]) == (0, 0, 0)


@pytest.mark.parametrize(("name", "expected"), [
    ("all", {"25-49": 1, "100-249": 1}),
    ("until June", {"1-24": 1}),
    ("nobody", {}),
])
def test_beneficiary_bands_keep_every_band_in_order(store, name, expected):
    table = run(store, queries.beneficiary_bands, VIEWS[name])
    assert list(table["band"]) == [band for band, *_ in queries.BENEFICIARY_BANDS]
    assert {b: n for b, n in zip(table["band"], table["returns"]) if n} == expected


def test_beneficiaries_by_age_group_in_vocabulary_order(store):
    table = run(store, queries.beneficiaries_by_age_group, Filters())
    assert [sorted(o["id"] for o in orgs) for orgs in table.pop("contributors")] == [["ORG-001"], ["ORG-001", "ORG-002"], []]
    assert table.to_dict("records") == [
        {"age_group": "young people (12-25)", "returns": 1, "beneficiaries": 160, "reported": 1},
        {"age_group": "adults (26-64)", "returns": 2, "beneficiaries": 200, "reported": 2},
        {"age_group": "older people (65+)", "returns": 1, "beneficiaries": 0, "reported": 0},
    ]


@pytest.mark.parametrize(("name", "expected"), [
    ("all", {"English": 3, "Bengali": 1, "Somali": 1, "Sylheti": 1}),  # "english" counted as English
    ("ward", {"Bengali": 1, "English": 1, "Sylheti": 1}),
    ("until June", {"Bengali": 1}),
    ("nobody", {}),
])
def test_languages_ignore_case(store, name, expected):
    table = run(store, queries.languages, VIEWS[name])
    assert dict(zip(table["language"], table["returns"])) == expected
    assert list(table["language"]) == list(expected)


@pytest.mark.parametrize(("name", "expected"), [
    ("all", [(dt.date(2021, 12, 31), 1, 1, dt.date(2021, 12, 31)), (dt.date(2022, 3, 31), 1, 2, dt.date(2022, 3, 31))]),
    ("until June", [(dt.date(2021, 6, 30), 1, 1, dt.date(2021, 6, 30))]),
    ("late summer", [(dt.date(2021, 12, 31), 1, 1, dt.date(2021, 12, 31))]),  # ORG-003 gave no date
    ("nobody", []),
])
def test_funding_cliff(store, name, expected):
    table = run(store, queries.funding_cliff, VIEWS[name])
    rows = [(e.date(), int(g), int(c), q.date()) for e, g, c, q in
            zip(table["ends_on"], table["groups"], table["cumulative"], table["quarter_end"])]
    assert rows == expected


def test_funding_cliff_groups_dates_by_quarter(load, db):
    toolkit = ("org_id,returned_on,funding_secured_until\nORG-001,2021-08-01,2022-01-15\n"
               "ORG-002,2021-08-01,2022-03-31\nORG-003,2021-08-01,2022-01-15\n")
    assert load(("organisations.csv", ORGANISATIONS), ("toolkit.csv", toolkit)).status == "applied"
    table = run(db, queries.funding_cliff, Filters())
    assert list(table["groups"]) == [2, 1] and list(table["cumulative"]) == [2, 3]
    assert {q.date() for q in table["quarter_start"]} == {dt.date(2022, 1, 1)}



def test_round_changes_compare_each_group_with_its_previous_return(store):
    """Only ORG-001 returned twice: its March return (befriending, GP, cost, premises; no support offered) against
    August's. One group: every share is 0% or 100%, and no change of one group is more than chance."""
    table = run(store, queries.round_changes, Filters()).set_index(["question", "item"])
    assert set(table["organisations"]) == {1}
    assert table.loc[("Service", "befriending"), ["previous", "latest"]].tolist() == [1, 0]
    assert table.loc[("Service", "counselling"), ["previous", "latest"]].tolist() == [0, 1]
    assert table.loc[("Offers mental-health support", "yes"), ["previous", "latest"]].tolist() == [0, 1]
    assert table.loc[("Referral route", "GP"), ["previous_share", "latest_share"]].tolist() == [1.0, 1.0]
    # 0 of 1 to 1 of 1, by hand: Wilson intervals 0 to 0.7935 and 0.2065 to 1, so the change of 1 has the interval
    # 1 - sqrt((1 - 0.2065)^2 + 0.7935^2) = -0.1222 to 1: it holds zero, no significant change
    counselling = table.loc[("Service", "counselling")]
    assert (counselling["change"], counselling["change_low"], counselling["change_high"]) == (
        1.0, pytest.approx(-0.1222, abs=1e-4), 1.0)
    assert set(table["trend"]) == {"no significant change"}
    assert table["previous_from"].iloc[0] == pd.Timestamp("2021-03-01")
    assert table["latest_to"].iloc[0] == pd.Timestamp("2021-08-16")


def test_round_changes_follow_the_filters(store):
    assert run(store, queries.round_changes, Filters(org_ids=("ORG-002",))).empty  # one return only
    assert run(store, queries.round_changes, Filters(date_from=dt.date(2021, 4, 1))).empty  # March left out
