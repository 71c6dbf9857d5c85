"""Organisations: the register as a searchable, sortable table, and one organisation's records."""
import streamlit as st

from disparities import consent, ui
from disparities.pages.organisations import queries
from disparities.pages.organisations import sentences as summaries
from disparities.pages import organisations as register_view

SHOW = "show"  # ?show=ORG-001: the organisation shown in detail, so a link opens it


def chosen_organisation(names: dict[str, str]) -> str | None:
    """The selectbox of organisations in view, kept in the URL as ?show=ORG-001.

    The sidebar rewrites the whole URL when a filter changes, dropping `show`; the choice survives in the
    selectbox's state and is written back. A `show` that differs from what this session last wrote comes
    from a link (or a hand-edited URL), and one met on arriving at the page (the selectbox's state is gone
    after a visit to another page, e.g. on the browser's Back button): either wins over the selectbox.
    """
    state = st.session_state
    from_url = (st.query_params.get(SHOW) or "").strip().upper() or None
    arriving = "org_show" not in state
    if from_url is not None and (arriving or from_url != state.get("org_show_written")):
        state["org_show"] = from_url if from_url in names else None
    choice = st.selectbox("Show one organisation", list(names), key="org_show", index=None,
                          format_func=lambda org_id: ui.pseudonymous_option(names[org_id], hidden),
                          placeholder="Choose an organisation (type to search)")
    if choice is not None and choice != from_url:
        st.query_params[SHOW] = choice
    elif choice is None and from_url in names:  # cleared by the user
        del st.query_params[SHOW]
    state["org_show_written"] = choice
    if choice is None and from_url is not None and from_url not in names:
        ui.empty_state(summaries.not_in_view_message(from_url))
    return choice


TEXT, DATE, NUMBER = st.column_config.TextColumn, st.column_config.DateColumn, st.column_config.NumberColumn
COUNT = {"alignment": "right", "help": "* : too few to publish"}  # people counts: digits or the suppression sign
FOR_THE_ROOM = ["Name", "Ward", "Communities served", "Main disparity", "Last return"]  # meeting mode's columns
REGISTER_COLUMNS = {  # keyed by summaries.register_table's headers; the id stays in view while the rest scrolls
    "Org ID": TEXT(pinned=True, width=80), "Name": TEXT(width="large"),
    "Ward": TEXT(width=140), "Communities served": TEXT(width=160), "Income band": TEXT(width=95),
    "Beneficiaries": TEXT(width=100, **COUNT | {"help": "Beneficiaries per year (* : too few to publish)"}),
    "Staff": TEXT(width=60, **COUNT | {"help": "Paid staff (* : too few to publish)"}),
    "Volunteers": TEXT(width=85, **COUNT),
    "Joined": TEXT(help="Joined the network", width=100),
    "Last assessed": TEXT(help="Latest assessment", width=110),
    "Main disparity": TEXT(help="Ranked first in the latest assessment", width=120),
    "Last return": TEXT(help="Latest toolkit return (– : none yet)", width=100),
    "Events": NUMBER(help="Events attended (all dates)", width=65),
}
EVENT_COLUMNS = {"event_id": TEXT("Event"), "held_on": DATE("Date", format="D MMM YYYY"), "title": "Title",
                 "type": "Type", "participants": TEXT("Participants", help="* : too few to publish")}

view = ui.page_start("Organisations", "The register of participating groups, and each group's assessments, "
                                      "toolkit returns and events.")
# Suppressed once over every organisation in view (a search must not change which figures are hidden).
in_view = ui.publishable(register_view.register_section(ui.read(queries.organisation_register, view, ""))
                         ).display_table()

st.subheader("The register")
if in_view.empty:
    ui.empty_state(summaries.no_organisations_message())
    st.stop()

search = st.text_input("Search the register", key="org_search", placeholder="Org ID, name, ward or community",
                       icon=":material/search:")
hidden = ui.hidden_names()  # groups without consent to be named, where this screen must not name them
if hidden:  # search what is shown, or typing a hidden name would say whether it is in the register
    found = queries.search_shown(consent.table(in_view, hidden), search)
    shown = in_view[found.to_numpy()]
else:
    shown = in_view[in_view["org_id"].isin(ui.read(queries.organisation_register, view, search)["org_id"])]
st.markdown(summaries.showing_sentence(len(shown), len(in_view), search))
if shown.empty:
    ui.empty_state(summaries.no_match_message(search, len(in_view)))
else:
    st.caption(("" if ui.meeting_mode() else "Click a column header to sort. ") + "Latest assessment and return "
               "are within the chosen dates, if any; events are counted over all dates.")
    ui.table(summaries.register_table(shown), REGISTER_COLUMNS, for_the_room=FOR_THE_ROOM)
    ui.download_table(shown, "organisations")

ui.export_panel("organisations", ui.read(register_view.sections, view), view)

st.subheader("One organisation")
org_id = chosen_organisation(summaries.organisation_options(in_view))
if org_id is None:
    st.stop()

details = in_view[in_view["org_id"] == org_id].iloc[0]
st.subheader(consent.text(summaries.organisation_heading(org_id, details["name"]), hidden), anchor=False)
for column, (label, value) in zip(st.columns(4), summaries.organisation_figures(details)):
    column.metric(label, value)
st.markdown(consent.text(summaries.organisation_facts(details), hidden))

records = {part: [ui.publishable(s) for s in found]
           for part, found in ui.read(register_view.one_organisation, view, org_id).items()}

st.subheader("Assessment ranks", anchor=False)
if not records["assessments"]:
    ui.empty_state(summaries.no_assessment_message(view))
for assessment in records["assessments"]:
    ui.draw_section(assessment, heading=False)
    notes = assessment.display_table()
    if notes["notes"].notna().any():
        ui.table(notes[["rank", "disparity", "notes"]])

st.subheader("Toolkit returns", anchor=False)
returns = records["returns"][0]
if not returns.has_data:
    ui.empty_state(returns.empty)
else:
    st.markdown(consent.text(returns.summary(), hidden))
    ui.table(queries.returns_by_field(returns.display_table()))
    ui.download_table(returns.display_table(), returns.key)

st.subheader("Events attended", anchor=False)
ui.draw_section(records["events"][0], heading=False, column_config=EVENT_COLUMNS)
