"""Health disparities from the pilot assessment: main disparity shares, and a ranking that uses every rank."""
import streamlit as st

from disparities import charts, filters, queries, summaries, ui

ui.page_setup("Health disparities")
choices = ui.read(queries.filter_choices)
view = ui.sidebar_filters(choices["organisations"])
st.title("Health disparities")
st.caption(f"Pilot assessment. {filters.describe(view)}.")
ui.sample_notice(int(ui.read(queries.store_overview)["sample rows"].sum()))

shares = ui.read(queries.main_disparity_shares, view)
assessed = int(shares["assessed"].iloc[0]) if len(shares) else 0
st.markdown(summaries.coverage_sentence(ui.read(queries.organisations_in_view, view)) +
            f" {summaries.count_phrase(assessed, 'of them has', 'of them have')} an assessment in this view.")

st.subheader("Main disparity (rank 1)")
if shares.empty:
    st.info("No assessments match these filters. Widen the filters, or upload an assessment file "
            "(template: `python -m disparities template assessment`).")
else:
    ui.caution(summaries.small_sample_caution(assessed))
    st.markdown(summaries.main_disparity_summary(shares, total=assessed))
    st.plotly_chart(charts.main_disparity_bars(shares), width="stretch")
    st.download_button("Download this table (CSV)", shares.to_csv(index=False).encode("utf-8-sig"),
                       "main-disparity-shares.csv", "text/csv")

st.subheader("Overall ranking, using every rank")
ranking = ui.read(queries.disparity_ranking, view)
st.caption(queries.RANK_POINTS_RULE)
if not ranking.empty:
    top = ranking.iloc[0]
    st.markdown(f"{summaries.sentence_case(top['disparity'])} scores highest, with {int(top['points'])} points from "
                f"{summaries.count_phrase(int(top['organisations_ranking_it']), 'organisation')} that ranked it.")
    st.plotly_chart(charts.ranking_bars(ranking), width="stretch")
    st.download_button("Download this table (CSV)", ranking.to_csv(index=False).encode("utf-8-sig"),
                       "disparity-ranking.csv", "text/csv")
