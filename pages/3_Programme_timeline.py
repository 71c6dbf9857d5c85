"""Programme timeline: phases, workstreams and milestones; events and their participants; groups supported to
network."""
import datetime as dt

import streamlit as st

from disparities import ui
from disparities.charts import timeline as charts
from disparities.queries import timeline as queries
from disparities.summaries import timeline as sentences

EVENTS_TEMPLATE = "upload an events file (template: `python -m disparities template events`)"

view = ui.page_start("Programme timeline", "The programme's phases, workstreams and milestones, its events, and the "
                                           "groups it has supported to network.")
filtered = queries.has_organisation_filter(view)
items = ui.read(queries.timeline_items)
events = ui.read(queries.events_in_view, view)
events_stored = ui.read(queries.event_count)

st.subheader("Phases, workstreams and milestones")
st.caption("Timeline items cover the whole programme, so the organisation filters do not narrow them. The date "
           "filter (\"Assessments and returns between\") applies to assessments and toolkit returns only, so it "
           "does not filter the timeline or the events on this page.")
if items.empty:
    ui.empty_state("There is no programme timeline yet: upload a timeline file "
                   "(template: `python -m disparities template timeline`).")
else:
    reference = sentences.reference_line(dt.date.today(), ui.read(queries.data_as_of))
    st.caption(f"{reference.explanation} Bars are coloured by status (the status is also in each bar's hover "
               "text); diamonds are milestones, items with no end date; dots are events, one row per event type.")
    ui.chart(charts.gantt(items, events, reference), sentences.timeline_summary(items, reference.day),
             items.drop(columns="is_milestone"), "programme-timeline")

st.subheader("Events and participants")
if filtered:
    st.caption(f"Only events attended by at least one organisation in view: {len(events):,} of {events_stored:,}.")
if events_stored == 0:
    ui.empty_state(f"There are no events yet: {EVENTS_TEMPLATE}.")
elif events.empty:
    ui.empty_state(f"None of the organisations in view attended an event. Widen the filters, or {EVENTS_TEMPLATE}.")
else:
    ui.chart(charts.events_over_time(events), sentences.events_summary(events), events, "events")
    st.dataframe(events, hide_index=True, width="stretch", column_config={
        "event_id": st.column_config.TextColumn("Event", width="small"),
        "held_on": st.column_config.DateColumn("Held on", format="D MMM YYYY", width="small"),
        "title": st.column_config.TextColumn("Title", width="large"), "type": "Type",
        "participants": st.column_config.NumberColumn("Participants", width="small"),
        "organisations_attending": st.column_config.NumberColumn("Organisations", width="small"),
        "organisations_in_view": st.column_config.NumberColumn("Of them in view", width="small")})

st.subheader("Groups supported to network")
st.caption(f"{queries.NETWORK_EVENTS_RULE} Each organisation in the register is counted once, from the first "
           "network event it took part in" + (", and only organisations in view are counted." if filtered else "."))
reach = ui.read(queries.network_reach, view)
measure = ui.read(queries.network_measure)
if events_stored == 0:
    ui.empty_state(f"There are no events yet: {EVENTS_TEMPLATE}.")
elif reach.empty:
    ui.empty_state(f"No network events match these filters. Widen the filters, or {EVENTS_TEMPLATE}.")
else:
    ui.chart(charts.network_reach_line(reach, None if filtered else measure),
             sentences.network_summary(reach, in_view=filtered), reach, "organisations-networking")
measure_sentence = sentences.network_measure_sentence(measure, in_view=filtered)
if measure_sentence and events_stored:
    st.markdown(measure_sentence)
