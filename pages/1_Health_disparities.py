"""Health disparities from the pilot assessment: main disparity shares, and a ranking that uses every rank."""
import streamlit as st

from disparities import summaries, ui
from disparities.charts import health as charts
from disparities.queries import health as queries

view = ui.page_start("Health disparities", "Pilot assessment of the health disparities groups see among their "
                                           "beneficiaries.")

shares = ui.read(queries.main_disparity_shares, view)
assessed = int(shares["assessed"].iloc[0]) if len(shares) else 0

st.subheader("Main disparity (rank 1)")
if shares.empty:
    ui.empty_state("No assessments match these filters. Widen the filters, or upload an assessment file "
                   "(template: `python -m disparities template assessment`).")
else:
    ui.chart(charts.main_disparity_bars(shares), summaries.main_disparity_summary(shares, total=assessed),
             shares, "main-disparity-shares", based_on=assessed)

st.subheader("Overall ranking, using every rank")
ranking = ui.read(queries.disparity_ranking, view)
st.caption(queries.RANK_POINTS_RULE)
if not ranking.empty:
    top = ranking.iloc[0]
    ui.chart(charts.ranking_bars(ranking),
             f"{summaries.sentence_case(top['disparity'])} scores highest, with {int(top['points'])} points from "
             f"{summaries.count_phrase(int(top['organisations_ranking_it']), 'organisation')} that ranked it.",
             ranking, "disparity-ranking")
