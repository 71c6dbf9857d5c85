"""Overview: the project's success measures, how fresh the evidence is, what the store holds, and a way into
each page that keeps the chosen filters."""
import streamlit as st

from disparities import consent, formats, history, registry, ui
from disparities.pages.outcomes import charts as outcome_charts
from disparities.pages.outcomes import queries as outcome_queries
from disparities.summaries import escape_markdown
from disparities.pages.outcomes import sentences as outcome_summaries
from disparities.pages import overview

TILES_PER_ROW = 3
MAX_TILES = 9  # the project has six success measures; a longer list belongs on the Outcomes page, not in tiles

view = ui.page_start(ui.APP_TITLE, overview.CAPTION)  # the app's name heads its front page; exports say Overview
since_section, measures_section, rounds_section, store_section = ui.read(overview.sections, view)
status = ui.read(history.status)
links = {k: st.query_params.get_all(k) for k in st.query_params}  # the filters just chosen, so each page opens on them

if int(store_section.table["rows"].sum()) == 0:
    ui.empty_state("The store is empty. Upload CSV files (templates: `python -m disparities template KIND`) with "
                   "`python -m disparities ingest FILE...`, or load the sample data with `python -m disparities init`.")
else:
    # The success measures first: the page's key message, above the fold on a laptop or a projector.
    st.subheader(measures_section.title)
    if not measures_section.has_data:
        ui.empty_state(measures_section.empty)
    else:
        st.markdown(measures_section.summary())
        st.caption(measures_section.note)
        # the tiles need each measure's values and unit, not the table's words: the same query, read raw
        measures = ui.read(outcome_queries.indicator_status, outcome_queries.SUCCESS_MEASURES)
        tiles = measures.head(MAX_TILES).to_dict("records")
        for first in range(0, len(tiles), TILES_PER_ROW):
            for column, measure in zip(st.columns(TILES_PER_ROW), tiles[first:first + TILES_PER_ROW]):
                with column.container(border=True, height="stretch"):  # tiles of a row equally tall
                    st.markdown(f"**{escape_markdown(measure['indicator'])}**")
                    st.html(outcome_charts.status_badge(measure["status"]))
                    st.metric(outcome_summaries.latest_label(measure), outcome_summaries.latest_value(measure))
                    st.caption(f"{outcome_summaries.target_phrase(measure)}.")
        if len(measures) > MAX_TILES:
            ui.page_link(registry.BY_KEY["outcomes"], params=links,
                         label=f"{len(measures) - MAX_TILES:,} more success measures on the Outcomes page")

    st.subheader(since_section.title)
    met = since_section.table["since"].iloc[0] if since_section.has_data else None
    met = met.date() if hasattr(met, "date") else met  # a Timestamp in the table, a date in the widget
    picked = st.columns([1, 3])[0].date_input("Since", value=met, format="DD/MM/YYYY", key="overview_since",
                                              help="The advisory group's last meeting in the events; choose "
                                                   "another date to compare.")
    if picked and picked != met:
        since_section = ui.read(overview.since_section, view, picked)
    if not since_section.has_data:
        ui.empty_state(since_section.empty)
    else:
        st.markdown(since_section.summary())
        hidden = ui.hidden_names()  # names only where this screen may show them
        for row in since_section.table[since_section.table["count"] > 0].to_dict("records"):
            line, link = st.columns([3, 1], vertical_alignment="center")
            detail = consent.text(row["detail"], hidden)
            line.markdown(f"**{row['count']:,}** {row['what']}" + (f": {escape_markdown(detail)}" if detail else ""))
            page = registry.BY_KEY[row["page"]]
            if not (ui.meeting_mode() and page.key == "data"):  # the officer's page is not shown to the room
                ui.page_link(page, label=f"See it on {page.title}", params=links, where=link)

if rounds_section.has_data:
    st.subheader("What changed since the previous toolkit round")
    st.markdown(rounds_section.summary())
    ui.page_link(registry.BY_KEY["mapping"], label="The change on the Mental-health mapping page", params=links)

st.subheader("Explore the evidence")
for page in registry.PAGES[1:]:  # every page but this one
    link, description = st.columns([1, 3], vertical_alignment="center")
    ui.page_link(page, params=links, where=link)
    description.markdown(page.description)

st.subheader("Data freshness")
freshness, uploads, organisations = st.columns(3)
freshness.metric("Last upload (UTC)", formats.last_upload(status.last_upload))
uploads.metric("Uploads in use", status.uploads)
organisations.metric("Organisations in the register", status.rows["organisations"])
st.caption(overview.store_summary(store_section.table) + " The Data page lists what each kind of file holds.")
ui.export_panel("overview", [since_section, measures_section, rounds_section, store_section], view)
