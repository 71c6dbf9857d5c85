"""The Health disparities page as sections: main disparity, ranking, by community, ward and income band,
beneficiaries affected, and organisations beside residents where population figures are uploaded."""
from __future__ import annotations

from functools import partial

import duckdb

from disparities import summaries
from disparities.charts import round_change_dumbbells
from disparities.pages.health import charts
from disparities.filters import LEVEL_NAMES, Filters
from disparities.pages.health import queries
from disparities.sections import Section
from disparities.suppression import Keyed
from disparities.pages.health import sentences

TITLE = "Health disparities"
CAPTION = ("Pilot assessment of the health disparities groups see among their beneficiaries. Each organisation's "
           "latest assessment in the date range.")
NO_ASSESSMENTS = ("No assessments match these filters. Widen the filters, or upload an assessment file "
                  "(template: `python -m disparities template assessment`).")
NO_POPULATION = ("No population figures uploaded. To compare the communities organisations serve with the "
                 "borough's residents, upload a population file (template: `python -m disparities template "
                 "population`) from a published source such as Census 2021 table TS021 (ethnic group), ONS.")


def _main_disparity_summary(table):
    return summaries.main_disparity_summary(table, total=int(table["assessed"].iloc[0]))


def sections(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Section]:
    shares = queries.main_disparity_shares(con, filters)
    assessed = int(shares["assessed"].iloc[0]) if len(shares) else 0
    level_name = LEVEL_NAMES.get(filters.community_level, "local community name")
    found = [
        Section("main-disparity", "Main disparity (rank 1)", shares, charts.main_disparity_bars,
                _main_disparity_summary, empty=NO_ASSESSMENTS, based_on=assessed),
        Section("disparity-ranking", "Overall ranking, using every rank", queries.disparity_ranking(con, filters),
                charts.ranking_bars, sentences.ranking_summary, note=queries.RANK_POINTS_RULE,
                empty=NO_ASSESSMENTS, based_on=assessed),
        Section("main-disparity-by-community", "Main disparity by community",
                queries.community_disparity_matrix(con, filters), charts.community_heat_map,
                sentences.heat_map_summary, based_on=assessed,
                note=f"Rows: communities by {level_name} (change it under \"Group communities by\"), with the "
                     "organisations assessed in brackets; only communities served by at least one assessed "
                     "organisation are shown. An organisation serving two communities counts in both rows, so the "
                     "rows add up to more than the organisations assessed.",
                empty=NO_ASSESSMENTS + " Organisations also need their communities served in the register."),
    ]
    for key, title, query, group, plural in (
            ("main-disparity-by-ward", "Main disparity by ward", queries.main_disparity_by_ward, "ward", "wards"),
            ("main-disparity-by-income-band", "Main disparity by income band", queries.main_disparity_by_income,
             "income_band", "income bands")):
        breakdown = query(con, filters)
        found.append(Section(
            key, title, breakdown, partial(charts.breakdown_bars, group=group),
            partial(sentences.breakdown_summary, group=group, plural=plural), empty=NO_ASSESSMENTS,
            based_on=assessed,
            caution=sentences.small_groups_caution(breakdown, group, plural) if len(breakdown) else None))
    found.append(_beneficiaries(con, filters, assessed))
    found.append(_population(con, filters, level_name))
    found.append(_round_changes(con, filters, assessed))
    return found


def _round_changes(con, filters: Filters, assessed: int) -> Section:
    changes = queries.round_changes(con, filters)
    return Section(
        "main-disparity-round-changes", "Change since the previous assessment", changes, round_change_dumbbells,
        partial(summaries.round_changes_summary, what="assessments"),
        note=("Only the organisations in view assessed twice or more in the date range, each compared with itself: "
              "the main disparity in its latest assessment against the one before. A change counts as more than "
              "chance when the 95% interval of the difference (Newcombe's method) leaves out zero.")
        if len(changes) else "",
        empty=NO_ASSESSMENTS if not assessed else
        "No organisation in view has been assessed twice yet: the change between assessments shows once some have.",
        based_on=int(changes["organisations"].iloc[0]) if len(changes) else None)


def _beneficiaries(con, filters: Filters, assessed: int) -> Section:
    affected = queries.beneficiaries_affected(con, filters)
    empty = NO_ASSESSMENTS if not assessed else (
        f"None of the {summaries.count_phrase(assessed, 'organisation')} assessed in view gave a number of "
        "beneficiaries affected: fill the `beneficiaries_affected` column of the assessment file (template: "
        "`python -m disparities template assessment`).")
    return Section(
        "beneficiaries-affected", "Beneficiaries affected, where reported", affected, charts.beneficiaries_bars,
        sentences.beneficiaries_summary, empty=empty,
        note="The sum of the organisations' own estimates. One person can be counted under several disparities "
             "and by several organisations, so these are not numbers of distinct people.",
        based_on=int(affected["reporting"].iloc[0]) if len(affected) else None,
        people=("beneficiaries_affected",),
        keyed=(Keyed("beneficiaries_affected", "contributors", "beneficiaries_affected", label="disparity"),))


def _population(con, filters: Filters, level_name: str) -> Section:
    population = queries.population_shares(con, filters)
    in_view = int(population["in_view"].iloc[0]) if len(population) else 0
    if len(population) and not in_view:
        population = population.iloc[0:0]
        empty = "No organisations match these filters. Widen the filters to compare them with residents."
    else:
        empty = NO_POPULATION
    note = ""
    if len(population) and population["residents"].isna().all():  # figures by high-level group only
        population, empty = population.iloc[0:0], (
            "The resident figures uploaded are by high-level group only (Asian, Black, Mixed, White, Other): choose "
            "\"High-level group\" under \"Group communities by\" to compare the groups with residents.")
    if len(population):
        note = (f"Communities by {level_name}; residents from the latest year uploaded for each community "
                f"({summaries.escape_markdown(sentences.population_sources(population))}). Organisations serving "
                "several communities count for each, so their shares add up to more than 100%. Compared with "
                "residents: the organisations' share is higher or lower when its whole 95% confidence interval "
                "lies above or below the residents' share, similar otherwise (as OHID Fingertips compares a value "
                "with its benchmark).")
    return Section("organisations-beside-residents", "Organisations beside residents", population,
                   charts.population_bars, sentences.population_summary, note=note, empty=empty,
                   based_on=in_view or None, people=("residents",), shares=(("resident_share", "residents"),),
                   keyed=(Keyed("residents", "community", "residents", shown=True),))
