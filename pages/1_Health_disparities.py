"""Health disparities from the pilot assessment: main disparity, ranking, by community, ward and income band,
beneficiaries affected, and organisations beside residents where population figures are uploaded."""
import streamlit as st

from disparities import summaries, ui
from disparities.charts import health as charts
from disparities.filters import LEVEL_NAMES
from disparities.queries import health as queries
from disparities.summaries import health as sentences

NO_ASSESSMENTS = ("No assessments match these filters. Widen the filters, or upload an assessment file "
                  "(template: `python -m disparities template assessment`).")

view = ui.page_start("Health disparities", "Pilot assessment of the health disparities groups see among their "
                                           "beneficiaries. Each organisation's latest assessment in the date range.")

shares = ui.read(queries.main_disparity_shares, view)
assessed = int(shares["assessed"].iloc[0]) if len(shares) else 0

st.subheader("Main disparity (rank 1)")
if shares.empty:
    ui.empty_state(NO_ASSESSMENTS)
else:
    ui.chart(charts.main_disparity_bars(shares), summaries.main_disparity_summary(shares, total=assessed),
             shares, "main-disparity-shares", based_on=assessed)

st.subheader("Overall ranking, using every rank")
ranking = ui.read(queries.disparity_ranking, view)
st.caption(queries.RANK_POINTS_RULE)
if ranking.empty:
    ui.empty_state(NO_ASSESSMENTS)
else:
    ui.chart(charts.ranking_bars(ranking), sentences.ranking_summary(ranking), ranking, "disparity-ranking",
             based_on=assessed)

level_name = LEVEL_NAMES.get(view.community_level, "local community name")
st.subheader("Main disparity by community")
st.caption(f"Rows: communities by {level_name} (change it under \"Group communities by\"), with the organisations "
           "assessed in brackets; only communities served by at least one assessed organisation are shown. "
           "An organisation serving two communities counts in both rows, so the rows add up to more than the "
           "organisations assessed.")
matrix = ui.read(queries.community_disparity_matrix, view)
if matrix.empty:
    ui.empty_state(NO_ASSESSMENTS + " Organisations also need their communities served in the register.")
else:
    ui.chart(charts.community_heat_map(matrix), sentences.heat_map_summary(matrix), matrix,
             "main-disparity-by-community", based_on=assessed)

for title, query, group, plural, filename in (
        ("Main disparity by ward", queries.main_disparity_by_ward, "ward", "wards", "main-disparity-by-ward"),
        ("Main disparity by income band", queries.main_disparity_by_income, "income_band", "income bands",
         "main-disparity-by-income-band")):
    st.subheader(title)
    breakdown = ui.read(query, view)
    if breakdown.empty:
        ui.empty_state(NO_ASSESSMENTS)
        continue
    ui.caution(sentences.small_groups_caution(breakdown, group, plural))
    ui.chart(charts.breakdown_bars(breakdown, group),
             sentences.breakdown_summary(breakdown, group, plural), breakdown, filename, based_on=assessed)

st.subheader("Beneficiaries affected, where reported")
st.caption("The sum of the organisations' own estimates. One person can be counted under several disparities and "
           "by several organisations, so these are not numbers of distinct people.")
affected = ui.read(queries.beneficiaries_affected, view)
if shares.empty:
    ui.empty_state(NO_ASSESSMENTS)
elif affected.empty:
    ui.empty_state(f"None of the {summaries.count_phrase(assessed, 'organisation')} assessed in view gave a "
                   "number of beneficiaries affected: fill the `beneficiaries_affected` column of the assessment "
                   "file (template: `python -m disparities template assessment`).")
else:
    ui.chart(charts.beneficiaries_bars(affected), sentences.beneficiaries_summary(affected), affected,
             "beneficiaries-affected", based_on=int(affected["reporting"].iloc[0]))

st.subheader("Organisations beside residents")
population = ui.read(queries.population_shares, view)
if population.empty:
    ui.empty_state("No population figures uploaded. To compare the communities organisations serve with the "
                   "borough's residents, upload a population file (template: `python -m disparities template "
                   "population`) from a published source such as Census 2021 table TS021 (ethnic group), ONS.")
elif not int(population["in_view"].iloc[0]):
    ui.empty_state("No organisations match these filters. Widen the filters to compare them with residents.")
else:
    st.caption(f"Communities by {level_name}; residents from the latest year uploaded for each community "
               f"({summaries.escape_markdown(sentences.population_sources(population))}). Organisations serving "
               "several communities count for each, so their shares add up to more than 100%.")
    ui.chart(charts.population_bars(population), sentences.population_summary(population), population,
             "organisations-beside-residents", based_on=int(population["in_view"].iloc[0]))
