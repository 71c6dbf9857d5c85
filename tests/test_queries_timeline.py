"""Queries of the Programme timeline page on a small literal store, under each kind of filter."""
import datetime as dt

import pandas as pd
import pytest

from disparities.filters import Filters
from disparities.pages.timeline import queries
from disparities.store import connect

ORGANISATIONS_CSV = """\
org_id,name,ward,communities_served,income_band
ORG-001,Alpha Wellbeing Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k
ORG-002,Beta Women's Network,Bow East,Somali,under £10k
ORG-003,Gamma Elders Club,Poplar,Caribbean,
ORG-004,Delta Youth Forum,Whitechapel,Somali; Bangladeshi,over £250k
"""

# ORG-002 first attends an advisory group (not a network event), then a network meeting. ORG-999 is not in
# the register (kept with a warning). EV-05 and EV-06 share a date; EV-04 has no participant count.
EVENTS_CSV = """\
event_id,held_on,title,type,participants,organisations
EV-01,2021-01-13,Advisory group meeting,advisory group,7,ORG-001; ORG-002
EV-02,2021-01-27,Networking event,networking event,50,ORG-001; ORG-003; ORG-999
EV-03,2021-03-24,Network meeting (March),network meeting,24,ORG-002; ORG-003; ORG-004
EV-04,2021-06-09,Digital training,training,,ORG-004
EV-05,2021-07-14,Community of Practice,community of practice,27,
EV-06,2021-07-14,Network meeting (July),network meeting,10,ORG-001; ORG-004
"""

# Phases out of alphabetical order ("Ending" sorts first), a workstream that starts later than the next one
# listed, two milestones (no end) and an item with neither workstream nor status.
TIMELINE_CSV = """\
item_id,phase,workstream,title,start,end,status,owner
TL-01,Phase 1,Set-up,Recruit the officer,2020-11-01,2021-03-31,done,Manager
TL-02,Phase 1,Evidence gathering,Survey of groups,2020-12-01,2021-02-28,in progress,Officer
TL-03,Phase 1,Set-up,Advisory group set up,2020-11-15,,done,Officer
TL-04,Phase 2,Capacity building,Training,2021-04-01,2021-06-30,delayed,Team
TL-05,Phase 2,,Networking milestone,2021-05-01,,planned,
TL-06,Ending,Recommendations,Promote recommendations,2021-10-01,2021-10-31,,
"""

INDICATORS_CSV = """\
indicator_id,framework,theme,indicator,unit,target,target_date
DP-1,Disparities project,Success measures,Number of groups supported to network with others,count,30,2021-10-31
DP-2,Disparities project,Success measures,Number of people gaining skills,count,150,2021-10-31
"""

READINGS_CSV = """\
indicator_id,period_end,value
DP-1,2021-03-31,10
DP-1,2021-06-30,20
DP-2,2021-09-30,90
"""


@pytest.fixture
def timeline_store(load, db):
    result = load(("organisations.csv", ORGANISATIONS_CSV), ("events.csv", EVENTS_CSV, "events"),
                  ("timeline.csv", TIMELINE_CSV, "timeline"), ("indicators.csv", INDICATORS_CSV, "indicators"),
                  ("readings.csv", READINGS_CSV, "readings"))
    assert result.status == "applied", result.as_dict()
    return db


def run(db, query, *args):
    with connect(db, read_only=True) as con:
        return query(con, *args)


ALL = Filters()
FILTERS = {
    "none": ALL,
    "community": Filters(communities=("Somali",)),  # ORG-002 and ORG-004
    "ward": Filters(wards=("Poplar",)),  # ORG-003
    "organisation": Filters(org_ids=("ORG-001",)),
    "income band": Filters(income_bands=("over £250k",)),  # ORG-004
    "date range": Filters(date_from=dt.date(2021, 2, 1), date_to=dt.date(2021, 3, 1)),  # changes nothing here
    "no organisation": Filters(communities=("Roma",)),
}

# filter -> (events in view, organisations in view at each, network dates, first-timers, distinct so far)
EXPECTED = {
    "none": (["EV-01", "EV-02", "EV-03", "EV-04", "EV-05", "EV-06"], [2, 2, 3, 1, 0, 2],
             ["2021-01-27", "2021-03-24", "2021-06-09", "2021-07-14"], [2, 2, 0, 0], [2, 4, 4, 4]),
    "community": (["EV-01", "EV-03", "EV-04", "EV-06"], [1, 2, 1, 1],
                  ["2021-03-24", "2021-06-09", "2021-07-14"], [2, 0, 0], [2, 2, 2]),
    "ward": (["EV-02", "EV-03"], [1, 1], ["2021-01-27", "2021-03-24"], [1, 0], [1, 1]),
    "organisation": (["EV-01", "EV-02", "EV-06"], [1, 1, 1], ["2021-01-27", "2021-07-14"], [1, 0], [1, 1]),
    "income band": (["EV-03", "EV-04", "EV-06"], [1, 1, 1], ["2021-03-24", "2021-06-09", "2021-07-14"],
                    [1, 0, 0], [1, 1, 1]),
    "date range": (["EV-01", "EV-02", "EV-03", "EV-04", "EV-05", "EV-06"], [2, 2, 3, 1, 0, 2],
                   ["2021-01-27", "2021-03-24", "2021-06-09", "2021-07-14"], [2, 2, 0, 0], [2, 4, 4, 4]),
    "no organisation": ([], [], [], [], []),
}


@pytest.mark.parametrize("name", FILTERS)
def test_events_in_view(timeline_store, name):
    events = run(timeline_store, queries.events_in_view, FILTERS[name])
    expected_ids, expected_in_view, *_ = EXPECTED[name]
    assert events["event_id"].tolist() == expected_ids
    assert events["organisations_in_view"].tolist() == expected_in_view


def test_events_keep_every_attendee_count_and_a_missing_participant_count(timeline_store):
    events = run(timeline_store, queries.events_in_view, ALL).set_index("event_id")
    assert events["organisations_attending"].tolist() == [2, 3, 3, 1, 0, 2]  # ORG-999 attended EV-02
    assert events.loc["EV-02", "participants"] == 50
    assert events["participants"].isna().tolist() == [False, False, False, True, False, False]
    assert events["participants_recorded"].tolist() == [True, True, True, False, True, True]
    assert events.loc["EV-05", "type"] == "community of practice"


@pytest.mark.parametrize("name", FILTERS)
def test_network_reach(timeline_store, name):
    reach = run(timeline_store, queries.network_reach, FILTERS[name])
    *_, dates, new, so_far = EXPECTED[name]
    assert [d.date().isoformat() for d in reach["held_on"]] == dates
    assert reach["new_organisations"].tolist() == new
    assert reach["organisations_to_date"].tolist() == so_far


def test_network_reach_counts_each_network_event_of_a_date(timeline_store):
    reach = run(timeline_store, queries.network_reach, ALL)
    assert reach["network_events"].tolist() == [1, 1, 1, 2]  # the advisory group on 13 Jan is not counted
    assert reach["titles"].iloc[-1] == "Community of Practice; Network meeting (July)"


def test_timeline_items_in_phase_then_workstream_order_whatever_the_filters(timeline_store):
    items = run(timeline_store, queries.timeline_items)
    assert items["item_id"].tolist() == ["TL-01", "TL-03", "TL-02", "TL-04", "TL-05", "TL-06"]
    assert items["is_milestone"].tolist() == [False, True, False, False, True, False]
    assert items["workstream"].tolist()[4] == ""
    assert items["status"].isna().tolist() == [False] * 5 + [True]


ITEM_IDS = ["TL-01", "TL-03", "TL-02", "TL-04", "TL-05", "TL-06"]


@pytest.mark.parametrize("name", FILTERS)
def test_programme_rows_are_every_timeline_item_then_the_events_in_view(timeline_store, name):
    rows = run(timeline_store, queries.programme_rows, FILTERS[name])
    events = EXPECTED[name][0]
    assert rows["id"].tolist() == ITEM_IDS + events
    assert rows["kind"].tolist() == (["timeline item", "milestone", "timeline item", "timeline item", "milestone",
                                      "timeline item"] + ["event"] * len(events))
    items = run(timeline_store, queries.timeline_items)
    for column in ("phase", "workstream", "title", "start", "end", "status", "owner"):
        assert rows[column].iloc[:6].equals(items[column]), column
    assert rows["event_type"].iloc[:6].isna().all()


def test_programme_rows_give_events_their_date_and_type(timeline_store):
    rows = run(timeline_store, queries.programme_rows, ALL).set_index("id")
    assert rows.loc["EV-05", "start"].date() == dt.date(2021, 7, 14)
    assert (rows.loc["EV-05", "event_type"], rows.loc["EV-05", "title"]) == ("community of practice",
                                                                              "Community of Practice")
    assert pd.isna(rows.loc["EV-05", "end"]) and pd.isna(rows.loc["EV-05", "phase"])
    assert "participants" not in rows.columns  # people are counted in the events' own table


def test_programme_rows_of_a_store_without_a_timeline(load, db):
    load(("organisations.csv", ORGANISATIONS_CSV), ("events.csv", EVENTS_CSV, "events"))
    assert run(db, queries.programme_rows, ALL)["kind"].tolist() == ["event"] * 6


def test_event_count_and_data_as_of(timeline_store):
    assert run(timeline_store, queries.event_count) == 6
    assert run(timeline_store, queries.data_as_of) == dt.date(2021, 10, 31)  # TL-06 ends after the last event


def test_network_measure_with_its_latest_reading(timeline_store):
    measure = run(timeline_store, queries.network_measure)
    assert len(measure) == 1
    row = measure.iloc[0]
    assert (row["indicator_id"], row["target"], row["latest_value"]) == ("DP-1", 30, 20)
    assert row["latest_period_end"].date() == dt.date(2021, 6, 30)
    assert row["target_date"].date() == dt.date(2021, 10, 31)


def test_empty_store(load, db):
    load(("organisations.csv", ORGANISATIONS_CSV))
    assert run(db, queries.timeline_items).empty
    assert run(db, queries.programme_rows, ALL).empty
    assert run(db, queries.events_in_view, ALL).empty
    assert run(db, queries.network_reach, ALL).empty
    assert run(db, queries.network_measure).empty
    assert run(db, queries.event_count) == 0
    assert run(db, queries.data_as_of) is None


@pytest.mark.parametrize("filters, narrowed", [
    (ALL, False), (Filters(date_from=dt.date(2021, 1, 1)), False), (Filters(communities=("Somali",)), True),
    (Filters(wards=("Poplar",)), True), (Filters(org_ids=("ORG-001",)), True),
    (Filters(income_bands=("under £10k",)), True)])
def test_has_organisation_filter(filters, narrowed):
    assert queries.has_organisation_filter(filters) is narrowed
