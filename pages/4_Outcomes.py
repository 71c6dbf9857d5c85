"""Outcomes: Appendix 1 key deliverables and the project's success measures, each read against its target."""
import streamlit as st

from disparities import ui
from disparities.pages.outcomes import charts
from disparities.pages.outcomes import queries
from disparities.pages.outcomes import sentences as summaries
from disparities.pages import outcomes

ALL_THEMES = "All themes"
MAX_TRAJECTORIES = 6  # more charts than this on one screen stop being read: then one indicator is picked

FRAMEWORK = "framework"  # ?framework=Appendix 1: the framework shown, so a link opens it


def chosen_framework(frameworks: list[str]) -> str:
    """The Framework radio, the default (first) framework unless chosen; kept in the URL as ?framework= and in
    the session, so that it survives a visit to another page (Streamlit forgets a widget's state when its page
    is left) and a filter change (the sidebar rewrites the URL). A ?framework= other than this session last
    wrote comes from a link, and wins."""
    state = st.session_state
    from_url = st.query_params.get(FRAMEWORK)
    if from_url in frameworks and from_url != state.get("outcomes_framework_written"):
        state["outcomes_framework"] = from_url
    elif state.get("outcomes_framework") not in frameworks:  # arriving: the page's own state is gone
        kept = state.get("outcomes_framework_kept")
        state["outcomes_framework"] = kept if kept in frameworks else frameworks[0]
    choice = st.radio("Framework", frameworks, format_func=queries.framework_label, horizontal=True,
                      key="outcomes_framework")
    state["outcomes_framework_kept"] = state["outcomes_framework_written"] = choice
    if choice == frameworks[0]:
        if FRAMEWORK in st.query_params:
            del st.query_params[FRAMEWORK]
    elif from_url != choice:
        st.query_params[FRAMEWORK] = choice
    return choice


def readings_of(con, framework: str):
    """The readings section of one framework (the section `outcomes.sections` makes for the default one)."""
    return outcomes._trajectories(con, queries.indicator_status(con, framework))


view = ui.page_start(outcomes.TITLE, outcomes.CAPTION)
by_theme, every_indicator, readings_section = ui.read(outcomes.sections, view)
ui.sections([by_theme, every_indicator])
status = ui.read(queries.indicator_status)
if status.empty:
    ui.export_panel("outcomes", [by_theme, every_indicator, readings_section], view)
    st.stop()

st.subheader("Themes, outcomes and actions")
framework = chosen_framework(queries.framework_choices(status))
in_framework = status[status["framework"] == framework]
themes = in_framework["theme"].unique().tolist()
for theme in themes:
    rows = in_framework[in_framework["theme"] == theme]
    with st.expander(summaries.theme_heading(theme, rows), expanded=len(themes) == 1):
        st.markdown(summaries.theme_outline(rows))

st.subheader("Trajectories towards the targets")
st.caption("Each chart shows the readings (in the colour of their status), the straight line expected from the "
           "baseline to the target, and the target (dotted line; star at the target date).")
theme = st.selectbox("Theme", [ALL_THEMES, *themes], key=f"outcomes_theme_{framework}")
shown = in_framework if theme == ALL_THEMES else in_framework[in_framework["theme"] == theme]
if len(shown) > MAX_TRAJECTORIES:
    names = dict(zip(shown["indicator_id"], shown["indicator"]))
    chosen = st.selectbox("Indicator", list(names), format_func=lambda i: f"{i}: {names[i]}",
                          key=f"outcomes_indicator_{framework}_{theme}")
    shown = shown[shown["indicator_id"] == chosen]
readings = ui.read(queries.indicator_readings, tuple(shown["indicator_id"]))
per_row = 1 if ui.meeting_mode() else 2
indicators = shown.to_dict("records")
for first in range(0, len(indicators), per_row):
    for column, row in zip(st.columns(per_row), indicators[first:first + per_row]):
        with column:
            own = readings[readings["indicator_id"] == row["indicator_id"]]
            ui.chart(charts.trajectory(own, row), summaries.trajectory_summary(row), own,
                     f"readings-{row['indicator_id']}")

if framework != queries.default_framework(status):  # the readings of the framework chosen above
    readings_section = ui.read(readings_of, framework)
ui.sections([readings_section])
ui.export_panel("outcomes", [by_theme, every_indicator, readings_section], view)
