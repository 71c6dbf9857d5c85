"""Mental-health mapping charts and sentences: built from query output, from empty frames, and literal frames."""
import datetime as dt

import pandas as pd
import pytest

from disparities import palette
from disparities.pages.mapping import charts
from disparities.filters import Filters
from disparities.pages.mapping import queries
from disparities.store import connect
from disparities.pages.mapping import sentences as summaries
from disparities.intervals import with_intervals

TODAY = dt.date(2026, 11, 21)


def items(rows: dict[str, int], out_of: int, answered: int | None = None) -> pd.DataFrame:
    """An items_named frame: most named first, as the query orders it."""
    table = pd.DataFrame({"item": list(rows), "returns": list(rows.values())})
    table["out_of"] = out_of
    table["answered"] = out_of if answered is None else answered
    return with_intervals(table, "returns", "out_of")


def cliff(rows: list[tuple[str, int]]) -> pd.DataFrame:
    """A funding_cliff frame from (ends_on, groups) rows."""
    table = pd.DataFrame({"ends_on": pd.to_datetime([d for d, _ in rows]), "groups": [n for _, n in rows]})
    table["cumulative"] = table["groups"].cumsum()
    table["quarter_start"] = table["ends_on"].dt.to_period("Q").dt.start_time
    table["quarter_end"] = table["ends_on"].dt.to_period("Q").dt.end_time.dt.normalize()
    return table


# ---- figures from the sample store's query output ---------------------------------------------------

@pytest.fixture(scope="module")
def sample(sample_store):
    with connect(sample_store, read_only=True) as con:
        yield {
            "barriers": queries.items_named(con, Filters(), "barriers"),
            "bands": queries.beneficiary_bands(con, Filters()),
            "ages": queries.beneficiaries_by_age_group(con, Filters()),
            "languages": queries.languages(con, Filters()),
            "cliff": queries.funding_cliff(con, Filters()),
        }


def test_items_bars_most_named_on_top_in_vocabulary_colours(sample):
    figure = charts.items_bars(sample["barriers"], "barrier", "a barrier")
    bar = figure.data[0]
    assert list(bar.y)[-1] == "Stigma" and list(bar.x)[-1] == 16
    assert list(bar.text)[-1] == "16 (67%)"
    assert list(bar.marker.color)[-1] == palette.color_for("barrier", "stigma")
    assert figure.layout.xaxis.title.text == "returns naming a barrier (of 24; 95% confidence interval)"
    assert figure.layout.height == 40 * len(sample["barriers"]) + 90


def test_other_items_are_grey(sample):
    figure = charts.items_bars(items({"peer support": 2, "other": 1}, 3), "service", "a service")
    assert list(figure.data[0].marker.color) == [palette.OTHER, palette.color_for("service", "peer support")]


def test_band_and_age_group_bars(sample):
    bands = charts.beneficiary_band_bars(sample["bands"])
    assert list(bands.data[0].x) == [band for band, *_ in queries.BENEFICIARY_BANDS]
    ages = charts.age_group_bars(sample["ages"])
    assert list(ages.data[0].y) == ["Older people (65+)", "Adults (26-64)", "Young people (12-25)", "Children (0-11)"]
    assert list(ages.data[0].marker.color)[1] == palette.color_for("age_group", "adults (26-64)")
    assert list(ages.data[0].text)[1] == "3,660 (18 returns)"


def test_language_bars_show_the_top_languages_in_the_charts_one_colour(sample):
    figure = charts.language_bars(sample["languages"], top=5)
    assert list(figure.data[0].y) == ["Somali", "Arabic", "Sylheti", "Bengali", "English"]
    assert figure.data[0].marker.color == palette.chart_colour("language") != palette.OTHER
    assert "the 5 most named of 16 languages" in figure.layout.xaxis.title.text
    assert len(charts.language_bars(sample["languages"]).data[0].y) == 15


def test_language_labels_are_shown_as_written():
    table = with_intervals(pd.DataFrame({"language": ["<b>Twi</b>"], "returns": [1], "out_of": [1]}), "returns",
                           "out_of")
    assert list(charts.language_bars(table).data[0].y) == ["&lt;b&gt;Twi&lt;/b&gt;"]


def test_funding_cliff_axis_reaches_back_to_an_earlier_today():
    figure = charts.funding_cliff_chart(cliff([("2022-03-31", 2)]), dt.date(2021, 9, 1))
    assert pd.Timestamp(figure.layout.xaxis.range[0]) < pd.Timestamp("2021-09-01")
    assert figure.layout.annotations[0].text == "Today, 1 Sep 2021"


def test_funding_cliff_axis_spans_the_data_and_names_a_far_today():
    """Today years after the last end date: the axis keeps to the data (a small margin), no line for today, and
    a note at the right edge says today is later."""
    rows = [("2022-03-31", 2), ("2023-06-30", 3), ("2024-03-30", 1)]
    figure = charts.funding_cliff_chart(cliff(rows), TODAY)
    low, high = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    data_start, data_end = pd.Timestamp("2022-01-01"), pd.Timestamp("2024-03-31")
    assert data_start - pd.Timedelta(days=120) < low < data_start
    assert data_end < high < data_end + pd.Timedelta(days=120)
    assert not figure.layout.shapes
    [note] = figure.layout.annotations
    assert note.text == "Today, 21 Nov 2026, is later →" and note.xref == "paper" and note.x == 1
    assert pd.Timestamp(figure.data[1].x[-1]) == high  # the running total stays flat to the edge
    earlier = charts.funding_cliff_chart(cliff(rows), dt.date(2020, 1, 1))
    assert earlier.layout.annotations[0].text == "← Today, 1 Jan 2020, is earlier"
    assert pd.Timestamp(earlier.layout.xaxis.range[0]) > pd.Timestamp("2021-09-01")


def test_funding_cliff_chart_has_quarters_running_total_and_today(sample):
    figure = charts.funding_cliff_chart(sample["cliff"], dt.date(2024, 6, 1))
    bars, line = figure.data
    # the six groups still on their first return run out in 2021-22, the 18 with a second return a year later
    assert list(bars.y) == [3, 1, 1, 1, 7, 3, 3, 2, 3]
    assert list(line.y) == [3, 4, 5, 6, 13, 16, 19, 21, 24, 24]  # flat from the last end date to today
    assert line.x[-1] == pd.Timestamp("2024-06-01")
    assert figure.layout.annotations[0].text == "Today, 1 Jun 2024"
    assert figure.layout.shapes[0].type == "line"
    assert pd.Timestamp(figure.layout.xaxis.range[1]) < pd.Timestamp("2024-09-01")


@pytest.mark.parametrize("build", [
    lambda: charts.items_bars(items({}, 0), "barrier", "a barrier"),
    lambda: charts.language_bars(pd.DataFrame({"language": [], "returns": [], "share": [], "out_of": [],
                                               "ci_low": [], "ci_high": []})),
    lambda: charts.funding_cliff_chart(cliff([]), TODAY),
    lambda: charts.age_group_bars(pd.DataFrame({"age_group": [], "returns": [], "beneficiaries": []})),
])
def test_figures_build_from_empty_frames(build):
    assert build().layout.height >= 220


# ---- sentences -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("organisations", "returned", "expected"), [
    (30, 24, "24 of 30 organisations in view have returned the toolkit (80%); 6 have not yet."),
    (30, 29, "29 of 30 organisations in view have returned the toolkit (97%); 1 has not yet."),
    (5, 1, "1 of 5 organisations in view has returned the toolkit (20%); 4 have not yet."),
    (1, 0, "0 of 1 organisation in view have returned the toolkit (0%); 1 has not yet."),
    (5, 5, "All 5 organisations in view have returned the toolkit."),
    (1, 1, "The 1 organisation in view has returned the toolkit."),
    (0, 0, "No organisations match these filters."),
])
def test_returns_received_summary(organisations, returned, expected):
    coverage = pd.DataFrame({"organisations": [organisations], "returned": [returned]})
    assert summaries.returns_received_summary(coverage) == expected


@pytest.mark.parametrize(("table", "noun", "verb", "expected"), [
    (items({"stigma": 14, "language": 9}, 24), "barrier", "named",
     "Stigma is the barrier named most often: by 14 of 24 returns (58%), followed by language (9, 38%)."),
    (items({"signposting": 13, "peer support": 11}, 24, answered=21), "service", "offered",
     "Signposting is the service offered most often: by 13 of 24 returns (54%), followed by peer support "
     "(11, 46%). 3 returns named no service."),
    (items({"GP": 2, "self-referral": 2, "council services": 1, "school or college": 1}, 5, answered=4),
     "referral route", "named",
     "GP and self-referral are tied as the referral route named most often, each by 2 of 5 returns (40%), "
     "followed by council services and school or college (1 each, 20%). 1 return named no referral route."),
    (items({"funding": 1}, 1), "support need", "named",
     "Funding is the support need named most often: by 1 of 1 return (100%)."),
    (items({}, 3, answered=0), "barrier", "named", "No return in view names a barrier."),
    (items({}, 0), "support need", "named", "No return in view names a support need."),
])
def test_items_summary(table, noun, verb, expected):
    assert summaries.items_summary(table, noun, verb) == expected


@pytest.mark.parametrize(("counts", "expected"), [
    ({"yes": 21, "no": 3}, "21 of 24 returns (88%) say the group offers mental-health support; 3 say it does not."),
    ({"yes": 1, "no": 1, "not stated": 2},
     "1 of 4 returns (25%) says the group offers mental-health support; 1 says it does not; 2 did not say."),
    ({"no": 2}, "0 of 2 returns (0%) say the group offers mental-health support; 2 say it does not."),
    ({}, "No returns match these filters."),
])
def test_mental_health_support_summary(counts, expected):
    table = pd.DataFrame({"answer": list(counts), "returns": list(counts.values())})
    assert summaries.mental_health_support_summary(table) == expected


@pytest.mark.parametrize(("row", "expected"), [
    (dict(returns=24, reported=24, total=4180, median=82.5, smallest=0, largest=1035),
     "Groups supported 4,180 people in the last 12 months, a median of 82.5 per group (from 0 to 1,035); "
     "all 24 returns gave a figure."),
    (dict(returns=3, reported=2, total=200, median=100.0, smallest=40, largest=160),
     "Groups supported 200 people in the last 12 months, a median of 100 per group (from 40 to 160); "
     "2 of 3 returns gave a figure."),
    (dict(returns=3, reported=1, total=1, median=1.0, smallest=1, largest=1),
     "The one return that gave a figure reports 1 person supported in the last 12 months; "
     "2 other returns gave none."),
    (dict(returns=2, reported=0, total=0, median=None, smallest=None, largest=None),
     "None of the 2 returns gave a figure for people supported."),
    (dict(returns=0, reported=0, total=0, median=None, smallest=None, largest=None), "No returns match these filters."),
    # figures withheld under the small-number policy are missing
    (dict(returns=3, reported=2, total=165.0, median=pd.NA, smallest=pd.NA, largest=160.0),
     "Groups supported 165 people in the last 12 months (some groups' figures are too small to publish); "
     "2 of 3 returns gave a figure."),
    (dict(returns=4, reported=4, total=pd.NA, median=pd.NA, smallest=pd.NA, largest=pd.NA),
     "The number of people the groups supported in the last 12 months is too small to publish; "
     "all 4 returns gave a figure."),
    (dict(returns=2, reported=1, total=pd.NA, median=pd.NA, smallest=pd.NA, largest=pd.NA),
     "The one return that gave a figure reports a number of people supported in the last 12 months that is too "
     "small to publish; 1 other return gave none."),
])
def test_beneficiaries_summary(row, expected):
    assert summaries.beneficiaries_summary(pd.DataFrame([row])) == expected


@pytest.mark.parametrize(("counts", "expected"), [
    ({"25-49": 5, "100-249": 6, "0": 3},
     "The most common size is 100-249 people supported: 6 of 14 returns that gave a figure (43%)."),
    ({"25-49": 2, "100-249": 2, "0": 1},
     "The most common sizes are 25-49 and 100-249 people supported: 2 each of 5 returns that gave a figure (40%)."),
    ({"1-24": 1, "25-49": 1, "100-249": 1},
     "No size stands out: no band holds more than 1 of the 3 returns that gave a figure."),
    ({"1-24": 0}, "No return gave a figure for people supported."),
])
def test_beneficiary_bands_summary(counts, expected):
    bands = pd.DataFrame({"band": list(counts), "returns": list(counts.values())})
    assert summaries.beneficiary_bands_summary(bands) == expected


def test_age_group_summary():
    table = pd.DataFrame({"age_group": ["children (0-11)", "adults (26-64)"], "returns": [7, 18],
                          "beneficiaries": [1365, 3660]})
    assert summaries.age_group_summary(table).startswith(
        "Groups serving adults (26-64) supported the most people: 3,660, from 18 returns.")
    assert summaries.age_group_summary(table.iloc[:0]) == "No return in view says which age groups it serves."


def test_age_groups_with_withheld_counts():
    table = pd.DataFrame({"age_group": ["young people (12-25)", "adults (26-64)", "older people (65+)"],
                          "returns": [1, 2, 1], "beneficiaries": pd.array([pd.NA, 160, pd.NA], dtype="Float64")})
    assert summaries.age_group_summary(table).startswith(
        "Groups serving adults (26-64) supported the most people: 160, from 2 returns.")
    bar = charts.age_group_bars(table).data[0]
    assert list(bar.text) == ["* (1 return)", "160 (2 returns)", "* (1 return)"]
    assert list(bar.x)[1] == 160
    hidden = table.assign(beneficiaries=pd.array([pd.NA] * 3, dtype="Float64"))
    assert summaries.age_group_summary(hidden).startswith("Every figure here is too small to publish.")
    assert charts.age_group_bars(hidden).layout.xaxis.range[1] > 0


@pytest.mark.parametrize(("rows", "expected"), [
    ({"English": 24, "Bengali": 9, "Sylheti": 9, "Urdu": 1},
     "English is the language named most often: by 24 of 24 returns (100%), followed by Bengali and Sylheti "
     "(9 each, 38%). Returns name 4 languages in all."),
    ({"Somali": 1},
     "Somali is the language named most often: by 1 of 2 returns (50%). Returns name 1 language in all."),
    ({"*Sylheti*": 1}, r"\*Sylheti\* is the language named most often: by 1 of 2 returns (50%). "
                       "Returns name 1 language in all."),
    ({}, "No return in view names a language."),
])
def test_languages_summary(rows, expected):
    table = pd.DataFrame({"language": list(rows), "returns": list(rows.values())})
    table["out_of"] = 24 if len(rows) > 1 else 2
    table["share"] = table["returns"] / table["out_of"]
    assert summaries.languages_summary(table) == expected


@pytest.mark.parametrize(("rows", "today", "returns", "expected"), [
    ([("2021-12-31", 4), ("2022-03-31", 5), ("2023-03-31", 3)], TODAY, 15,
     "Secured funding for 12 of 15 groups ends on or before today (21 Nov 2026). The most in one quarter is 5, "
     "in the quarter to 31 Mar 2022. 3 returns gave no date."),
    ([("2021-12-31", 4), ("2022-03-31", 5), ("2023-03-31", 3)], dt.date(2022, 1, 15), 12,
     "Secured funding for 4 of 12 groups ends on or before today (15 Jan 2022); for 5 more it ends in the next "
     "12 months. The most in one quarter is 5, in the quarter to 31 Mar 2022. Every return gave a date."),
    ([("2021-12-31", 2), ("2022-02-01", 1), ("2022-03-31", 1)], dt.date(2021, 12, 31), 4,
     "Secured funding for 2 of 4 groups ends on or before today (31 Dec 2021); for 2 more it ends in the next "
     "12 months. The most in one quarter is 2, in the quarter to 31 Dec 2021. Every return gave a date."),
    ([], TODAY, 3, "None of the 3 returns gave a date."),
    ([], TODAY, 0, "No returns match these filters."),
])
def test_funding_cliff_summary(rows, today, returns, expected):
    assert summaries.funding_cliff_summary(cliff(rows), today, returns) == expected
