"""Recommendations for system change: how far they have got, then each one with its evidence links."""
import streamlit as st

from disparities import consent, ui
from disparities.pages import recommendations as home
from disparities.filters import format_date
from disparities.summaries import escape_markdown

view = ui.page_start(home.TITLE, home.CAPTION)
status, listed = ui.read(home.sections, view)
ui.sections([status])

if listed.has_data:
    st.subheader(listed.title, anchor=False)
    st.caption(listed.note)
    hidden = ui.hidden_names()  # a recommendation may name a group without consent to be named
    for row in consent.table(listed.table, hidden).to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(row['recommendation_id'])}: {escape_markdown(row['title'])}** "
                        f"· {row['status']}")
            st.markdown(escape_markdown(row["recommendation"]))
            raised = f"Raised on {format_date(row['raised_on'].date())}" + (
                f" at {escape_markdown(row['raised_at'])}" if isinstance(row["raised_at"], str) else "")
            st.caption(f"{raised}; to {escape_markdown(row['addressed_to'])}.")
            if isinstance(row["example"], str) and row["example"]:
                st.markdown(f"*What changed:* {escape_markdown(row['example'])}")
            for link in row["evidence"] if row["evidence"] is not None else []:
                page, params = home.evidence_link(link)
                if page is None:
                    st.caption(f"Evidence not found on this dashboard: {escape_markdown(link)}")
                else:
                    ui.page_link(page, label=consent.text(home.evidence_label(page, params), hidden), params=params,
                                 icon=":material/open_in_new:")
ui.export_panel("recommendations", [status, listed], view)
