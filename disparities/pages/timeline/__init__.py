"""The Programme timeline page as sections: the Gantt chart of phases, workstreams, milestones and events; events
and their participants, charted and listed; and the organisations supported to network."""
from __future__ import annotations

import datetime as dt
from functools import partial

import duckdb
import pandas as pd

from disparities.pages.timeline import charts
from disparities.filters import Filters
from disparities.pages.timeline import queries
from disparities.sections import Section
from disparities.suppression import Keyed
from disparities.pages.timeline import sentences

TITLE = "Programme timeline"
CAPTION = "The programme's phases, workstreams and milestones, its events, and the groups it has supported to network."
EVENTS_TEMPLATE = "upload an events file (template: `python -m disparities template events`)"
NO_TIMELINE = ("There is no programme timeline yet: upload a timeline file "
               "(template: `python -m disparities template timeline`).")
NO_EVENTS = f"There are no events yet: {EVENTS_TEMPLATE}."
SCOPE_NOTE = ("Timeline items cover the whole programme, so the organisation filters do not narrow them. The date "
              "filter (\"Assessments and returns between\") applies to assessments and toolkit returns only, so it "
              "does not filter the timeline or the events on this page.")
READING_NOTE = ("Bars are coloured by status (the status is also in each bar's hover text); diamonds are milestones, "
                "items with no end date; dots are events, one row per event type.")

# The events as the list under the chart shows them: readable headings, in the query's order.
EVENT_LIST_COLUMNS = {"event_id": "Event", "held_on": "Held on", "title": "Title", "type": "Type",
                      "participants": "Participants", "organisations_attending": "Organisations attending",
                      "organisations_in_view": "Of them in view", "participants_recorded": "Participants recorded"}


def sections(con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date | None = None) -> list[Section]:
    """The page's sections in page order; `today` (default: the real date) places the Gantt chart's 'now' line."""
    filtered = queries.has_organisation_filter(filters)
    events = queries.events_in_view(con, filters)
    stored = queries.event_count(con)
    no_events_in_view = NO_EVENTS if not stored else (
        f"None of the organisations in view attended an event. Widen the filters, or {EVENTS_TEMPLATE}.")
    in_view_note = (f"Only events attended by at least one organisation in view: {len(events):,} of {stored:,}."
                    if filtered and stored else "")
    nothing_to_list = (f"No events to list yet: {EVENTS_TEMPLATE}." if not stored else
                       "No events to list: none of the organisations in view attended one. Widen the filters.")
    return [_gantt(con, filters, today or dt.date.today()),
            Section("events", "Events and participants", events, charts.events_over_time, sentences.events_summary,
                    note=in_view_note, empty=no_events_in_view, people=("participants",),
                    keyed=(Keyed("participants", "event_id", "participants", shown=True),)),
            _event_list(events, nothing_to_list),
            _network(con, filters, filtered, stored)]


def _gantt(con, filters: Filters, today: dt.date) -> Section:
    rows = queries.programme_rows(con, filters)
    reference = sentences.reference_line(today, queries.data_as_of(con))
    if (rows["kind"] == "event").all():  # events alone are charted and listed below; this chart is the programme's
        rows = rows.iloc[0:0]
    note = SCOPE_NOTE if rows.empty else f"{SCOPE_NOTE} {reference.explanation} {READING_NOTE}"
    return Section("programme-timeline", "Phases, workstreams and milestones", rows,
                   partial(charts.gantt, reference=reference),
                   partial(sentences.programme_summary, reference_day=reference.day), note=note, empty=NO_TIMELINE)


def _event_list(events: pd.DataFrame, empty: str) -> Section:
    listed = events.assign(held_on=[pd.Timestamp(day).date() for day in events["held_on"]])
    if listed["participants_recorded"].all():  # a column of "yes" says nothing
        listed = listed.drop(columns="participants_recorded")
    else:
        listed["participants_recorded"] = listed["participants_recorded"].map({True: "yes", False: "no"})
    note = ("Organisations attending: every organisation named for the event; of them in view: those in the "
            "register that match the filters.")
    return Section("events-list", "Events, in date order", listed.rename(columns=EVENT_LIST_COLUMNS),
                   note=note, empty=empty, people=(EVENT_LIST_COLUMNS["participants"],),
                   keyed=(Keyed(EVENT_LIST_COLUMNS["participants"], EVENT_LIST_COLUMNS["event_id"], "participants",
                                        shown=True),))


def _network(con, filters: Filters, filtered: bool, stored: int) -> Section:
    reach = queries.network_reach(con, filters)
    measure = queries.network_measure(con)
    measure_sentence = sentences.network_measure_sentence(measure, in_view=filtered) if stored else None
    empty = NO_EVENTS if not stored else (f"No network events match these filters. Widen the filters, or "
                                          f"{EVENTS_TEMPLATE}. {measure_sentence or ''}".strip())
    note = (f"{queries.NETWORK_EVENTS_RULE} Each organisation in the register is counted once, from the first "
            "network event it took part in" + (", and only organisations in view are counted." if filtered else "."))
    return Section("organisations-networking", "Groups supported to network", reach,
                   partial(charts.network_reach_line, measure=None if filtered else measure),
                   partial(sentences.network_summary, in_view=filtered, measure_sentence=measure_sentence),
                   note=note, empty=empty)
