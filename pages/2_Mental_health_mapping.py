"""Mental-health mapping: what the mapping-toolkit returns say, from each organisation's latest return."""
import datetime as dt

import streamlit as st

from disparities import ui
from disparities.charts import mapping as charts
from disparities.queries import mapping as queries
from disparities.summaries import mapping as summaries

TODAY = dt.date.today()
UPLOAD_HINT = "upload a toolkit file (template: `python -m disparities template toolkit`)"
# (subheader, list column, vocabulary, noun, verb) for the four charts of items named in the returns.
LISTS = (("Services and mental-health support", "services", "service", "service", "offered"),
         ("Referral routes", "referral_routes", "referral_route", "referral route", "named"),
         ("Barriers to getting help, ranked", "barriers", "barrier", "barrier", "named"),
         ("Support the groups need", "support_needs", "support_need", "support need", "named"))

view = ui.page_start("Mental-health mapping", "The mapping-toolkit returns on groups' mental-health work: each "
                                              "organisation's latest return.")

frames = ui.read(queries.mapping_page, view)

st.subheader("Returns received")
coverage = frames["coverage"]
returned = int(coverage["returned"].iloc[0])
st.markdown(summaries.returns_received_summary(coverage))
waiting = frames["not_returned"]
if not waiting.empty:
    st.markdown("**Not returned yet**")
    st.dataframe(waiting, hide_index=True, width="stretch", column_config={
        "org_id": "Org ID", "name": "Name", "ward": "Ward",
        "joined_network_on": st.column_config.DateColumn("Joined the network", format="D MMM YYYY")})
    ui.download_table(waiting, "toolkit-not-returned")

if returned == 0:
    ui.empty_state(f"No mapping-toolkit returns match these filters. Widen the filters, or {UPLOAD_HINT}.")
    st.stop()

for title, column, vocabulary, noun, verb in LISTS:
    st.subheader(title)
    if column == "services":
        st.markdown(summaries.mental_health_support_summary(frames["mental_health_support"]))
    items = frames[column]
    if items.empty:
        ui.empty_state(summaries.items_summary(items, noun, verb))
    else:
        ui.chart(charts.items_bars(items, vocabulary, f"the {noun}"), summaries.items_summary(items, noun, verb),
                 items, f"toolkit-{column.replace('_', '-')}", based_on=returned)

st.subheader("Beneficiaries supported")
figures = frames["beneficiary_figures"]
st.markdown(summaries.beneficiaries_summary(figures))
reported = int(figures["reported"].iloc[0])
if reported:
    bands = frames["beneficiary_bands"]
    ui.chart(charts.beneficiary_band_bars(bands), summaries.beneficiary_bands_summary(bands), bands,
             "toolkit-beneficiary-sizes", based_on=reported)
ages = frames["beneficiaries_by_age_group"]
if not ages.empty:
    ui.chart(charts.age_group_bars(ages), summaries.age_group_summary(ages), ages,
             "toolkit-beneficiaries-by-age-group", based_on=returned)

st.subheader("Languages")
spoken = frames["languages"]
if spoken.empty:
    ui.empty_state(summaries.languages_summary(spoken))
else:
    ui.chart(charts.language_bars(spoken), summaries.languages_summary(spoken), spoken, "toolkit-languages",
             based_on=returned)

st.subheader("Funding cliff: when secured funding runs out")
cliff = frames["funding_cliff"]
cliff_summary = summaries.funding_cliff_summary(cliff, TODAY, returned)
if cliff.empty:
    ui.empty_state(cliff_summary)
else:
    ui.chart(charts.funding_cliff_chart(cliff, TODAY), cliff_summary, cliff, "toolkit-funding-cliff",
             based_on=returned)
