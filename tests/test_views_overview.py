"""The Overview as sections: the success measures and what the store holds, on the sample and literal stores,
with filters (which do not apply), with the small-number policy, and on an empty store."""
import datetime as dt
import pickle

import pandas as pd
import pytest

from disparities import suppression
from disparities.filters import Filters
from disparities.store import connect
from disparities.views import VIEWS
from disparities.pages import overview as view

from .conftest import ORGANISATIONS_CSV
from .test_queries_outcomes import INDICATORS, READINGS

KEYS = ["since-last-meeting", "success-measures", "toolkit-round-changes", "store"]


def sections_of(store, filters=Filters(), policy=suppression.POLICY):
    with connect(store, read_only=True) as con:
        found = view.sections(con, filters)
    return {s.key: s.publishable(policy) for s in found}


def test_the_overview_comes_first_in_views():
    assert list(VIEWS)[0] == "overview" and VIEWS["overview"] is view
    assert view.TITLE == "Overview"


def test_sample_sections_and_their_numbers(sample_store):
    found = sections_of(sample_store)
    assert list(found) == KEYS
    measures = found["success-measures"]
    assert measures.summary() == "Of 6 indicators, 3 are on track (green), 1 amber and 2 red."
    assert measures.figure() is None and "filters do not change them" in measures.note
    table = measures.display_table().set_index("ID")
    assert table.columns.tolist() == ["Indicator", "Status", "Latest", "Latest reading on", "Target", "Target date"]
    assert table.loc["DP-3"].tolist() == ["Number of Tower Hamlets residents benefitting from this project",
                                          "On track (green)", "3,050", "31 Oct 2021", "3,000", "31 Oct 2021"]
    # measures 5 and 6 are counted from the recommendations register (5 made, the latest on 13 Oct; 1 implemented)
    assert table.loc["DP-5", ["Status", "Latest", "Latest reading on"]].tolist() == ["On track (green)", "5",
                                                                                     "13 Oct 2021"]
    assert table.loc["DP-6", ["Status", "Latest", "Latest reading on"]].tolist() == ["Well behind (red)", "1",
                                                                                     "1 Mar 2022"]
    store = found["store"]
    assert store.table.columns.tolist() == ["kind", "rows", "sample rows", view.LAST_CHANGED, "what it holds",
                                            "description"]
    rows = store.display_table().set_index("kind")["rows"]
    assert rows["organisations"] == 30 and rows["readings"] == 55 and rows["population"] == 0
    assert store.summary() == ("The store holds 293 rows of 8 of the 9 kinds, all of them sample data; nothing yet "
                               "for population.")
    changed = store.table[view.LAST_CHANGED].dropna()
    assert len(changed) == 8 and (changed == changed.dt.floor("min")).all()


@pytest.mark.parametrize("filters", [Filters(communities=("Roma",)), Filters(org_ids=("ORG-001",)),
                                     Filters(date_from=dt.date(2021, 6, 1))])
def test_filters_do_not_change_the_overview_tables(sample_store, filters):
    unfiltered, filtered = sections_of(sample_store), sections_of(sample_store, filters)
    for key in ("success-measures", "store"):  # programme-wide
        assert filtered[key].display_table().equals(unfiltered[key].display_table()), key



def test_the_change_between_toolkit_rounds_is_for_the_groups_in_view(sample_store):
    """Unlike the programme-wide tables, the rounds follow the filters, as on the Mapping page."""
    assert sections_of(sample_store)["toolkit-round-changes"].based_on == 18
    one = sections_of(sample_store, Filters(org_ids=("ORG-001",)))["toolkit-round-changes"]
    assert one.based_on == 1 and one.summary().startswith("Of the 1 group with two returns")


def test_small_numbers_stay_as_they_are(load, db):
    """Row counts and indicator readings are not counts of people: the policy leaves a 2 as 2."""
    load(("organisations.csv", ORGANISATIONS_CSV), ("indicators.csv", INDICATORS), ("readings.csv", READINGS))
    found = sections_of(db)
    assert all(not s.people for s in found.values())
    rows = found["store"].display_table().set_index("kind")["rows"]
    assert rows[["organisations", "indicators", "readings"]].tolist() == [3, 7, 7]
    assert found["store"].summary() == ("The store holds 17 rows of 3 of the 9 kinds; nothing yet for pilot "
                                        "assessment, mapping-toolkit returns, events, programme timeline, "
                                        "population and recommendations for system change.")
    measures = found["success-measures"]
    assert measures.display_table()["ID"].tolist() == ["T-5", "T-6", "T-7"]
    assert measures.display_table().set_index("ID").loc["T-7", ["Latest", "Target"]].tolist() == ["8", "10"]
    assert measures.summary() == "Of 3 indicators, none is on track (green), 2 amber and 1 has no data."


def test_without_success_measures_says_what_to_upload(load, db):
    load(("organisations.csv", ORGANISATIONS_CSV))
    measures = sections_of(db)["success-measures"]
    assert not measures.has_data and measures.summary() == ""
    assert 'framework "Disparities project"' in measures.empty and "template indicators" in measures.empty


def test_an_empty_store(empty_store):
    found = sections_of(empty_store)
    assert not found["success-measures"].has_data
    store = found["store"]
    assert store.has_data and store.table["rows"].sum() == 0  # every kind listed, with none held
    assert store.summary() == "The store is empty."
    assert pd.isna(store.table[view.LAST_CHANGED]).all()


def test_sections_can_be_cached(sample_store):
    found = pickle.loads(pickle.dumps(list(sections_of(sample_store).values())))
    assert found[0].summary().startswith("Since 10 Nov 2021: ")  # the advisory group's last meeting
    assert found[1].summary().startswith("Of 6 indicators")


SINCE_ORGANISATIONS = """\
org_id,name,ward,communities_served,joined_network_on
ORG-1,Old Group,Poplar,Somali,2021-06-01
ORG-2,New Group,Poplar,Somali,2022-02-01
ORG-3,Quiet Group,Bow East,Somali,2021-06-01
"""
SINCE_EVENTS = """\
event_id,held_on,title,type
EV-1,2021-11-10,Advisory group,advisory group
EV-2,2022-01-10,Advisory group,advisory group
EV-3,2022-09-10,Advisory group,advisory group
"""
SINCE_TOOLKIT = """\
org_id,returned_on,offers_mental_health_support,funding_secured_until
ORG-1,2021-12-01,yes,2022-02-15
ORG-1,2022-02-01,yes,2022-04-30
ORG-2,2022-02-20,no,2023-01-31
"""
SINCE_RECOMMENDATIONS = """\
recommendation_id,title,recommendation,raised_on,addressed_to,status,status_on
R-1,Before,Raised before the meeting.,2021-12-01,Board,proposed,
R-2,After,Implemented after the meeting.,2021-12-01,Board,implemented,2022-02-01
"""


def test_since_the_last_meeting_counts_what_came_after_it(load, db):
    load(("organisations.csv", SINCE_ORGANISATIONS), ("events.csv", SINCE_EVENTS), ("toolkit.csv", SINCE_TOOLKIT),
         ("recommendations.csv", SINCE_RECOMMENDATIONS))
    with connect(db, read_only=True) as con:
        # on 1 Mar 2022 the last meeting was 10 Jan 2022 (the September one is still to come)
        table = view.since(con, Filters(), today=dt.date(2022, 3, 1)).set_index("what")
        assert view.last_meeting(con, dt.date(2022, 3, 1)) == dt.date(2022, 1, 10)
        chosen = view.since(con, Filters(), dt.date(2021, 11, 1), today=dt.date(2022, 3, 1)).set_index("what")
        in_bow_east = view.since(con, Filters(wards=("Bow East",)), today=dt.date(2022, 3, 1)).set_index("what")
    assert table.loc["organisation joined the network", ["count", "detail"]].tolist() == [1, "New Group"]
    assert table.loc["toolkit returns received", "count"] == 2  # ORG-1's February return and ORG-2's
    assert table.loc["organisation yet to return the toolkit", "count"] == 1  # ORG-3
    assert table.loc["recommendation raised or moved on", ["count", "detail"]].tolist() == [1, "R-2 implemented"]
    # funding ends within three months of 1 Mar 2022 for ORG-1 (latest return: 30 Apr 2022), not ORG-2 (2023)
    assert table.loc["group whose funding ends within three months", "count"] == 1
    assert table.loc["uploads applied", "count"] == 4  # uploaded today: after any meeting
    assert chosen.loc["toolkit returns received", "count"] == 3  # a date chosen by hand: all three
    assert in_bow_east.loc["organisation yet to return the toolkit", "count"] == 1
    assert in_bow_east.loc["toolkit returns received", "count"] == 0  # ORG-3 has sent none
    assert view.since_summary(table.reset_index()).startswith("Since 10 Jan 2022: 4 uploads applied, 1 organisation "
                                                              "joined the network, 2 toolkit returns received")


def test_the_meeting_pack_opens_on_since_the_last_meeting(sample_store):
    from disparities import export
    with connect(sample_store, read_only=True) as con:
        pack = export.meeting_pack_html([export.page_view(con, "overview", Filters(), None, export.today())],
                                        export.provenance(con, Filters(), None, export.today())).decode()
    first_section = pack.index("<h3>")
    assert pack[first_section:].startswith("<h3>Since the last meeting</h3>")
