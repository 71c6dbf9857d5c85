"""The Programme timeline page as sections: keys and numbers on the sample and a literal store, the small-number
policy on participants, and an empty store."""
import datetime as dt
import pickle

import pandas as pd
import pytest

from disparities.filters import Filters
from disparities.store import connect
from disparities.suppression import SUPPRESSED
from disparities.views import VIEWS
from disparities.pages import timeline as view

from .test_queries_timeline import EVENTS_CSV, INDICATORS_CSV, ORGANISATIONS_CSV, READINGS_CSV, TIMELINE_CSV

KEYS = ["programme-timeline", "events", "events-list", "organisations-networking"]
LATER = dt.date(2026, 5, 1)  # long after both stores' data: the Gantt chart marks the data's "as of" date


def sections_of(store, filters=Filters(), today=LATER, policy=True):
    with connect(store, read_only=True) as con:
        found = view.sections(con, filters, today)
    return {s.key: s.publishable() if policy else s.publishable(None) for s in found}


@pytest.fixture
def literal_store(load, db):
    result = load(("organisations.csv", ORGANISATIONS_CSV), ("events.csv", EVENTS_CSV, "events"),
                  ("timeline.csv", TIMELINE_CSV, "timeline"), ("indicators.csv", INDICATORS_CSV, "indicators"),
                  ("readings.csv", READINGS_CSV, "readings"))
    assert result.status == "applied", result.as_dict()
    return db


def test_the_page_is_in_views_in_menu_order():
    assert VIEWS["timeline"] is view
    names = list(VIEWS)
    assert names.index("timeline") == names.index("mapping") + 1


def test_sample_sections_and_their_numbers(sample_store):
    found = sections_of(sample_store)
    assert list(found) == KEYS
    gantt = found["programme-timeline"]
    assert gantt.table["kind"].value_counts().to_dict() == {"timeline item": 13, "event": 18, "milestone": 3}
    assert gantt.summary().startswith("The programme ran from Nov 2020 to Oct 2021 in 4 phases")
    assert "the data's \"as of\" date, 15 Jun 2022" in gantt.note
    assert gantt.figure().layout.annotations[0].text == "<b>Data as of 15 Jun 2022</b>"
    events = found["events"]
    assert len(events.table) == 18 and events.people == ("participants",)
    assert events.summary().startswith("18 events with 310 participants in all (participants too small to publish "
                                       "for 4 of them)")  # 341 exactly; the 6 and 7s hidden, the rest rounded to 5
    assert not events.note  # every event is in view
    listed = found["events-list"].display_table()
    assert listed.columns.tolist() == ["Event", "Held on", "Title", "Type", "Participants",
                                       "Organisations attending", "Of them in view"]
    assert listed.loc[listed["Event"] == "EV-001", "Participants"].tolist() == [SUPPRESSED]
    assert listed["Held on"].iloc[0] == dt.date(2021, 1, 13)
    network = found["organisations-networking"]
    assert network.table["organisations_to_date"].iloc[-1] == 30  # organisations are not people: exact
    assert network.summary().startswith("By 15 Jun 2022, 30 distinct organisations had taken part in 12 network")
    assert "The related success measure is DP\\-1" in network.summary()
    assert network.figure().layout.shapes[0].y0 == 30  # the measure's target


def test_sample_for_one_community(sample_store):
    found = sections_of(sample_store, Filters(communities=("Somali",)))
    assert (found["programme-timeline"].table["kind"] == "event").sum() == 11  # the Gantt's events follow the view
    assert found["events"].summary().startswith("11 events with 270 participants in all;")
    assert found["events"].note == "Only events attended by at least one organisation in view: 11 of 18."
    assert "Only events" not in found["events-list"].note  # said once, above the chart
    network = found["organisations-networking"]
    assert network.summary().startswith("By 15 Jun 2022, 5 distinct organisations in view")
    assert network.summary().endswith("not only the organisations in view.")
    assert not network.figure().layout.shapes  # the programme's target is not drawn for a part of it


def test_a_date_within_the_programme_marks_today(sample_store):
    gantt = sections_of(sample_store, today=dt.date(2021, 8, 1))["programme-timeline"]
    assert gantt.summary().startswith("The programme runs from Nov 2020")
    assert gantt.figure().layout.shapes[0].x0 == "2021-08-01"
    assert "The dashed line marks today, 1 Aug 2021." in gantt.note


def test_today_defaults_to_the_real_date(literal_store):
    with connect(literal_store, read_only=True) as con:
        gantt = view.sections(con, Filters(), dt.date(2021, 9, 1))[0]
        unpinned = view.sections(con, Filters())[0]
    assert gantt.figure().layout.shapes[0].x0 == "2021-09-01"
    assert unpinned.figure().layout.annotations[0].text == "<b>Data as of 31 Oct 2021</b>"  # years ago


def test_literal_store_sections(literal_store):
    found = sections_of(literal_store, policy=False)
    assert list(found) == KEYS
    assert found["programme-timeline"].table["id"].tolist()[:6] == ["TL-01", "TL-03", "TL-02", "TL-04", "TL-05",
                                                                    "TL-06"]
    assert found["events"].summary() == (
        "6 events with 118 participants in all (participants not recorded for 1 of them); the largest was "
        "‘Networking event’ on 27 Jan 2021 (50 participants).")
    listed = found["events-list"].display_table()
    assert listed["Participants recorded"].tolist() == ["yes", "yes", "yes", "no", "yes", "yes"]
    assert found["organisations-networking"].summary() == (
        "By 14 Jul 2021, 4 distinct organisations had taken part in 5 network events; the biggest step was 2 "
        "organisations taking part for the first time on 27 Jan 2021. The related success measure is DP\\-1, "
        "‘Number of groups supported to network with others’, with a target of 30 by 31 Oct 2021; its latest "
        "reading is 20 (30 Jun 2021).")


def test_small_participant_counts_are_hidden_everywhere_they_show(literal_store):
    found = sections_of(literal_store)
    events, listed = found["events"], found["events-list"]
    # 7 is hidden; 10 too, as the column's total would reveal the 7; 24 and 27 perturbed, then rounded to 5.
    assert events.display_table()["participants"].tolist() == [SUPPRESSED, 50, 20, None, 25, SUPPRESSED]  # None: never recorded
    assert events.table["participants_recorded"].tolist() == [True, True, True, False, True, True]
    assert listed.display_table()["Participants"].tolist() == events.display_table()["participants"].tolist()
    assert events.summary() == (
        "6 events with 95 participants in all (participants not recorded for 1 and too small to publish for 2 of "
        "them); the largest was ‘Networking event’ on 27 Jan 2021 (50 participants).")
    signs = events.figure().data[-1]
    assert list(signs.text) == [SUPPRESSED, SUPPRESSED]
    assert found["programme-timeline"].people == ()  # the Gantt chart counts nobody
    assert found["organisations-networking"].people == ()


def test_one_small_event_alone(load, db):
    load(("organisations.csv", ORGANISATIONS_CSV),
         ("events.csv", EVENTS_CSV.splitlines()[0] + "\nEV-01,2021-01-13,Advisory group meeting,advisory group,7,"
                                                      "ORG-001\n", "events"))
    events = sections_of(db)["events"]
    assert events.display_table()["participants"].tolist() == [SUPPRESSED]
    assert events.summary() == "1 event; participants too small to publish."
    assert events.figure().data[-1].text == (SUPPRESSED,)


def test_filters_leaving_no_organisation(literal_store):
    found = sections_of(literal_store, Filters(communities=("Roma",)))
    assert found["programme-timeline"].has_data  # the programme does not depend on the filters
    assert (found["programme-timeline"].table["kind"] != "event").all()
    for key in ("events", "events-list", "organisations-networking"):
        assert not found[key].has_data
    assert found["events"].empty.startswith("None of the organisations in view attended an event. Widen the filters")
    assert found["events-list"].empty.startswith("No events to list")
    assert found["organisations-networking"].empty.startswith("No network events match these filters.")
    assert "The related success measure is DP\\-1" in found["organisations-networking"].empty


def test_events_without_a_timeline(load, db):
    load(("organisations.csv", ORGANISATIONS_CSV), ("events.csv", EVENTS_CSV, "events"))
    found = sections_of(db)
    assert not found["programme-timeline"].has_data
    assert "upload a timeline file" in found["programme-timeline"].empty
    assert found["events"].has_data and found["organisations-networking"].has_data


def test_empty_store(empty_store):
    found = sections_of(empty_store)
    assert list(found) == KEYS
    assert not any(s.has_data for s in found.values())
    assert "(template: `python -m disparities template timeline`)" in found["programme-timeline"].empty
    for key in ("events", "events-list", "organisations-networking"):
        assert "upload an events file (template: `python -m disparities template events`)" in found[key].empty
    assert all(s.figure() is None and s.summary() == "" for s in found.values())


def test_sections_survive_the_cache(sample_store):
    """Streamlit's cache pickles the result: charts and summaries must be functions or partials, not closures."""
    unpickled = pickle.loads(pickle.dumps(list(sections_of(sample_store, policy=False).values())))
    assert [s.key for s in unpickled] == KEYS
    for section in unpickled:
        if section.chart:
            assert section.figure().data and section.summary()


@pytest.mark.parametrize("today", [LATER, dt.date(2021, 8, 1)])
def test_every_section_builds_under_the_policy(sample_store, today):
    for section in sections_of(sample_store, today=today).values():
        assert isinstance(section.display_table(), pd.DataFrame)
        if section.chart:
            assert section.figure().data
            assert section.summary()
