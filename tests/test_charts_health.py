"""charts.health and summaries.health: figures from the queries' output on the sample, and the sentences above them."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from disparities import palette
from disparities.pages.health import charts
from disparities.filters import Filters
from disparities.pages.health import queries
from disparities.store import connect
from disparities import summaries
from disparities.intervals import with_intervals
from disparities.pages.health import sentences

# ---- literal frames in the queries' shapes ------------------------------------------------------------


def matrix(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    """(community, disparity, organisations, assessed) -> community_disparity_matrix's frame."""
    table = pd.DataFrame(rows, columns=["community", "disparity", "organisations", "assessed"])
    return with_intervals(table, "organisations", "assessed")


def breakdown(rows: list[tuple], group: str = "ward") -> pd.DataFrame:
    """(group, disparity or None, organisations, assessed) -> _main_disparity_by's frame."""
    return with_intervals(pd.DataFrame(rows, columns=[group, "disparity", "organisations", "assessed"]),
                          "organisations", "assessed")


def affected(rows: list[tuple[str, int, int]], reporting: int, assessed: int) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["disparity", "beneficiaries_affected", "organisations_reporting"])
    return table.assign(reporting=reporting, assessed=assessed)


def population(rows: list[tuple], in_view: int) -> pd.DataFrame:
    """(community, organisations, residents or None, resident_share or None, year, source)."""
    table = pd.DataFrame(rows, columns=["community", "organisations", "residents", "resident_share", "year", "source"])
    table["in_view"] = in_view
    table["organisation_share"] = table["organisations"] / in_view if in_view else math.nan
    return queries._beside_residents(table)


EMPTY_MATRIX = matrix([])

# ---- figures from the queries on the sample ----------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_store):
    def ask(query, filters: Filters | None = None):
        with connect(sample_store, read_only=True) as con:
            return query(con, filters or Filters())
    return ask


def test_main_and_ranking_bars_draw_every_disparity(sample):
    shares = sample(queries.main_disparity_shares)
    assert len(charts.main_disparity_bars(shares).data[0].y) == len(shares) == 7
    ranking = sample(queries.disparity_ranking)
    assert list(charts.ranking_bars(ranking).data[0].y)[-1] == "Mental health"  # highest score at the top


@pytest.mark.parametrize("level, rows, left_out", [("local", 9, 15), ("census", 6, 7), ("high", 4, 0)])
def test_heat_map_has_a_row_per_community_with_two_or_more_assessed(sample, level, rows, left_out):
    table = sample(queries.community_disparity_matrix, Filters(community_level=level))
    figure = charts.community_heat_map(table)
    heat = figure.data[0]
    assert len(heat.y) == rows and len(heat.x) == 7
    assert len(pd.unique(table["community"])) == rows + left_out  # the table (the download) keeps every community
    notes = [a.text for a in figure.layout.annotations]
    assert notes == ([f"{left_out} communities with one organisation assessed each are left out (the table "
                      f"download has all {rows + left_out})."] if left_out else [])
    assert heat.y[0] == ("Asian (17)" if level == "high" else "Bangladeshi (11)")
    assert heat.x[0] == "Mental health" and heat.z[0][0] == (9 if level == "high" else 5)
    assert all(text == "" for row, values in zip(heat.text, heat.z) for text, z in zip(row, values) if z == 0)
    assert heat.customdata[0][0] == ("53% (95% CI 31% to 74%)" if level == "high" else "45% (95% CI 21% to 72%)")


def test_heat_map_wraps_long_disparity_names():
    heat = charts.community_heat_map(matrix([("Somali", "maternity and perinatal health", 1, 2)])).data[0]
    assert heat.x == ("Maternity and<br>perinatal<br>health",)


def test_breakdown_bars_stack_disparities_in_the_frames_group_order(sample):
    table = sample(queries.main_disparity_by_income)
    figure = charts.breakdown_bars(table, "income_band")
    assert [trace.name for trace in figure.data][:2] == ["Mental health", "Diabetes"]
    assert figure.data[0].marker.color == palette.color_for("disparity", "mental health")
    assert list(figure.layout.yaxis.categoryarray) == ["under £10k (5)", "£10k-£50k (10)", "£50k-£250k (13)",
                                                       "over £250k (2)"]
    assert figure.layout.barmode == "stack"


def test_breakdown_bars_keep_a_group_without_a_main_disparity():
    figure = charts.breakdown_bars(breakdown([("Bow East", None, 0, 1), ("Poplar", "diabetes", 1, 1)]), "ward")
    assert list(figure.layout.yaxis.categoryarray) == ["Bow East (1)", "Poplar (1)"]
    assert [trace.name for trace in figure.data] == ["Diabetes"]


def test_beneficiaries_bars_put_the_largest_at_the_top(sample):
    figure = charts.beneficiaries_bars(sample(queries.beneficiaries_affected))
    assert figure.data[0].y[-1] == "Mental health (22 orgs)" and figure.data[0].text[-1] == "3,215"


def test_population_bars_draw_only_communities_with_resident_figures():
    table = population([("Bangladeshi", 3, 60, 0.6, 2021, "TS021"), ("Somali", 2, None, None, None, None)], 4)
    figure = charts.population_bars(table)
    # 3 of 4 is 75%, 95% CI 30% to 95%: it holds the residents' 60%, so similar, in the verdict's colour
    assert [trace.name for trace in figure.data] == ["Borough residents",
                                                     "Organisations in view serving it: similar to residents' share"]
    assert list(figure.data[0].y) == ["Bangladeshi (similar)"]
    assert figure.data[0].text == ("60%",) and figure.data[1].customdata == (
        "75% of organisations in view (95% CI 30% to 95%)",)
    assert figure.data[1].marker.color == charts.VERDICT_COLOURS["similar"]
    assert figure.data[1].error_x.arrayminus[0] == pytest.approx(75 - 30.06, abs=0.01)


@pytest.mark.parametrize("draw", [
    lambda: charts.community_heat_map(EMPTY_MATRIX),
    lambda: charts.breakdown_bars(breakdown([]), "ward"),
    lambda: charts.beneficiaries_bars(affected([], 0, 0)),
    lambda: charts.population_bars(population([], 0)),
])
def test_empty_frames_give_empty_figures(draw):
    assert all(len(trace.x if trace.x is not None else ()) == 0 for trace in draw().data)


# ---- sentences -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("table, expected", [
    (matrix([("Bangladeshi", "mental health", 5, 11), ("Bangladeshi", "diabetes", 2, 11),
             ("Somali", "mental health", 1, 5), ("Somali", "diabetes", 2, 5),
             ("Indian", "mental health", 0, 1), ("Indian", "diabetes", 0, 1)]),
     "The fullest cell: 5 of the 11 assessed organisations serving Bangladeshi communities (45%) name mental "
     "health as their main disparity. Mental health is the most common main disparity, alone or tied, in 1 of 3 "
     "communities."),
    (matrix([("Somali", "diabetes", 2, 4), ("Somali", "mental health", 2, 4), ("Eritrean", "diabetes", 1, 1),
             ("Eritrean", "mental health", 0, 1)]),
     "One of 2 fullest cells: 2 of the 4 assessed organisations serving Somali communities (50%) name diabetes as "
     "their main disparity. Diabetes is the most common main disparity, alone or tied, in 2 of 2 communities."),
    (matrix([("Filipino", "diabetes", 1, 1)]),
     "The fullest cell: the one assessed organisation serving Filipino communities names diabetes as its main "
     "disparity. Diabetes is the most common main disparity, alone or tied, in 1 of 1 community."),
    (EMPTY_MATRIX, "No assessments match these filters."),
])
def test_heat_map_summary(table, expected):
    assert sentences.heat_map_summary(table) == expected


MANY_WARDS = breakdown(
    [(f"Ward {n}", "mental health", 1, 1) for n in range(5)]
    + [("Ward 5", "diabetes", 1, 1), ("Ward 6", "diabetes", 1, 1), ("Ward 7", "obesity", 1, 1)]
    + [("Ward 8", "diabetes", 1, 2), ("Ward 8", "mental health", 1, 2), ("Ward 9", None, 0, 1)])


@pytest.mark.parametrize("table, group, plural, expected", [
    (breakdown([("under £10k", "mental health", 3, 5), ("under £10k", "diabetes", 2, 5),
                ("£10k-£50k", "diabetes", 1, 2), ("£10k-£50k", "mental health", 1, 2),
                ("not recorded", None, 0, 1)], "income_band"), "income_band", "income bands",
     "Most common main disparity by income band: under £10k: mental health (3 of 5 organisations, 60%); "
     "£10k\\-£50k: diabetes and mental health (1 each of 2 organisations, 50%); not recorded: no main disparity "
     "given (1 organisation)."),
    (MANY_WARDS, "ward", "wards",
     "Mental health is the most common main disparity in 5 of 10 wards, diabetes in 2, obesity in 1; in 1 ward "
     "two or more disparities are level."),
    (breakdown([(f"Ward {n}", d, 1, 2) for n in range(7) for d in ("diabetes", "obesity")]), "ward", "wards",
     "In 7 wards two or more disparities are level."),
    (breakdown([]), "ward", "wards", "No assessments match these filters."),
])
def test_breakdown_summary(table, group, plural, expected):
    assert sentences.breakdown_summary(table, group, plural) == expected


@pytest.mark.parametrize("sizes, expected", [
    ({"Poplar": 12, "Bow East": 10}, None),
    ({"Poplar": 12, "Bow East": 3, "Mile End": 1}, "Fewer than 10 organisations assessed in Bow East (3) and "
                                                   "Mile End (1): read these rows as examples, not as shares."),
    ({"Poplar": 12, "Bow East": 3}, "Fewer than 10 organisations assessed in Bow East (3): read that row as an "
                                    "example, not as a share."),
    ({"Poplar": 6, "Bow East": 5}, "Every ward here rests on fewer than 10 organisations (the largest has 6): read "
                                   "them as examples, not as shares."),
    ({"Poplar": 6, "Bow East": 3}, None),  # 9 in all: the chart's own caution covers it
    ({}, None),
])
def test_small_groups_caution_names_the_small_rows(sizes, expected):
    table = breakdown([(ward, "diabetes", n, n) for ward, n in sizes.items()])
    assert sentences.small_groups_caution(table, "ward", "wards") == expected


@pytest.mark.parametrize("table, expected", [
    (affected([("mental health", 3215, 22), ("diabetes", 2190, 22)], 28, 30),
     "Organisations estimate 3,215 beneficiaries affected by mental health, the most of any disparity. Figures "
     "reported by 28 of 30 organisations (93%)."),
    (affected([("obesity", 1, 1)], 1, 1),
     "Organisations estimate 1 beneficiary affected by obesity. Figures reported by 1 of 1 organisation (100%)."),
    (affected([], 0, 0), "No organisation in view reported how many beneficiaries are affected."),
])
def test_beneficiaries_summary(table, expected):
    assert sentences.beneficiaries_summary(table) == expected


@pytest.mark.parametrize("table, expected", [
    (population([("Bangladeshi", 11, 100000, 0.513, 2021, "A"), ("White British", 0, 77000, 0.395, 2021, "A"),
                 ("African", 10, 12000, 0.062, 2021, "A"), ("Sylheti", 4, None, None, None, None)], 30),
     # 11 of 30 (CI 22-55%) holds 51%: similar; 0 of 30 (CI 0-11%) is below 40%: lower; 10 of 30 (CI 19-51%)
     # is above 6%: higher.
     "Fewer groups in view serve White British (0% of organisations, 95% CI 0% to 11%; 40% of residents) than "
     "their share of residents. 1 community is similar and 1 community is higher. No resident figures uploaded "
     "for Sylheti, so they are not in the chart."),
    (population([("Bangladeshi", 2, 60, 0.6, 2021, "A")] + [(f"Group {n}", 1, None, None, None, None)
                                                           for n in range(5)], 4),
     # 2 of 4 (CI 15-85%) holds 60%: too few groups to say more than "similar".
     "No community is reached by clearly fewer groups in view than its share of residents. 1 community is "
     "similar. No resident figures uploaded for Group 0, Group 1, Group 2 and 2 more, so they are not in the "
     "chart."),
    (population([("Bangladeshi", 0, 60, 0.6, 2021, "A")], 0), "No organisations in view to compare with residents."),
])
def test_population_summary_says_what_the_comparison_finds(table, expected):
    assert sentences.population_summary(table) == expected


def test_population_sources_give_each_source_with_its_years():
    table = population([("Bangladeshi", 1, 60, 0.6, 2021, "Census 2021 TS021, ONS"),
                        ("Caribbean", 1, 10, 0.1, 2011, "Census 2011 KS201, ONS"),
                        ("African", 1, 30, 0.3, 2021, "Census 2021 TS021, ONS"),
                        ("Somali", 1, None, None, None, None)], 3)
    assert sentences.population_sources(table) == "Census 2021 TS021, ONS, 2021; Census 2011 KS201, ONS, 2011"


@pytest.mark.parametrize("rows, expected", [
    ([("mental health", 118, 28), ("diabetes", 97, 26)],
     "Mental health scores highest, with 118 points from 28 organisations that ranked it."),
    ([("dementia", 4, 1)], "Dementia scores highest, with 4 points from 1 organisation that ranked it."),
    ([], "No assessments match these filters."),
])
def test_ranking_summary(rows, expected):
    table = pd.DataFrame(rows, columns=["disparity", "points", "organisations_ranking_it"])
    assert sentences.ranking_summary(table) == expected


def test_names_as_the_uploader_wrote_them_stay_plain_text():
    ward = "[Click](javascript:alert(1)) <b>Ward</b>"
    table = breakdown([(ward, "diabetes", 1, 1), ("Poplar", "diabetes", 12, 12)])
    assert sentences.breakdown_summary(table, "ward", "wards").startswith(
        r"Most common main disparity by ward: \[Click\]\(javascript\:alert\(1\)\) \<b\>Ward\</b\>: diabetes")
    assert r"\[Click\]" in sentences.small_groups_caution(table, "ward", "wards")
    assert charts.breakdown_bars(table, "ward").layout.yaxis.categoryarray[0] == \
        "[Click](javascript:alert(1)) &lt;b&gt;Ward&lt;/b&gt; (1)"
    heat = matrix([("Other: <a href='x'>us</a>", "diabetes", 1, 2)])
    assert "Other\\: \\<a href='x'\\>us\\</a\\>" in sentences.heat_map_summary(heat)
    assert charts.community_heat_map(heat).data[0].y == ("Other: &lt;a href='x'&gt;us&lt;/a&gt; (2)",)
