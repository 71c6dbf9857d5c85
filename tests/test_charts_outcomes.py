"""Outcomes charts built from the query output (and from nothing), and the sentences and text beside them."""
import datetime as dt

import pandas as pd
import pytest

from disparities.pages.outcomes import charts
from disparities.ingest import UploadFile, ingest
from disparities.palette import RAG
from disparities.pages.outcomes import queries
from disparities.store import connect
from disparities.pages.outcomes import sentences as summaries

from .test_queries_outcomes import INDICATORS, READINGS


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The literal store of test_queries_outcomes, loaded once: these tests only read it."""
    db = tmp_path_factory.mktemp("outcomes") / "store.duckdb"
    files = [UploadFile("indicators.csv", INDICATORS.encode()), UploadFile("readings.csv", READINGS.encode())]
    result = ingest(db, files, uploaded_by="tests")
    assert result.status == "applied"
    return db


@pytest.fixture
def status(store) -> pd.DataFrame:
    with connect(store, read_only=True) as con:
        return queries.indicator_status(con)


@pytest.fixture
def readings(store, status) -> pd.DataFrame:
    with connect(store, read_only=True) as con:
        return queries.indicator_readings(con, tuple(status["indicator_id"]))


def row(status: pd.DataFrame, indicator_id: str) -> dict:
    return status[status["indicator_id"] == indicator_id].to_dict("records")[0]


# ---- RAG counts per theme ----------------------------------------------------------------------

def test_rag_bars_stack_the_four_statuses_per_theme(status):
    figure = charts.rag_bars(queries.rag_counts(status))
    assert [t.name for t in figure.data] == ["On track (green)", "Behind (amber)", "Well behind (red)",
                                             "No data (grey)"]
    assert [t.marker.color for t in figure.data] == [RAG["green"], RAG["amber"], RAG["red"], RAG["grey"]]
    assert list(figure.data[0].y) == ["Health", "Education", "Success measures"]
    assert list(figure.data[1].x) == [1, 0, 2]  # amber
    assert list(figure.data[1].text) == ["1", "", "2"]  # no "0" printed on an empty segment
    assert figure.layout.barmode == "stack"
    assert figure.layout.height == 45 * 3 + 120


def test_rag_bars_from_nothing():
    figure = charts.rag_bars(queries.rag_counts(pd.DataFrame(columns=["framework", "theme", "status"])))
    assert len(figure.data) == 4 and all(len(t.x) == 0 for t in figure.data)


def test_a_theme_in_two_frameworks_is_named_with_its_framework():
    counts = pd.DataFrame({"framework": ["Appendix 1", "Disparities project", "Appendix 1"],
                           "theme": ["Health", "Health", "Education"]})
    assert charts.theme_labels(counts) == ["Health (Appendix 1)", "Health (Disparities project)", "Education"]


@pytest.mark.parametrize("counts, sentence", [
    ({"green": 4, "amber": 3, "red": 2, "grey": 2},
     "Of 11 indicators, 4 are on track (green), 3 amber, 2 red and 2 have no data."),
    ({"green": 1, "amber": 0, "red": 0, "grey": 1}, "Of 2 indicators, 1 is on track (green) and 1 has no data."),
    ({"green": 0, "amber": 2, "red": 1, "grey": 0}, "Of 3 indicators, none is on track (green), 2 amber and 1 red."),
    ({"green": 1, "amber": 0, "red": 0, "grey": 0}, "Of 1 indicator, 1 is on track (green)."),
    ({"green": 0, "amber": 0, "red": 0, "grey": 0}, "There are no indicators yet."),
])
def test_rag_summary(counts, sentence):
    assert summaries.rag_summary(pd.DataFrame([counts])) == sentence


def test_rag_summary_of_the_literal_store(status):
    assert summaries.rag_summary(queries.rag_counts(status)) == (
        "Of 7 indicators, 1 is on track (green), 3 amber, 1 red and 2 have no data.")


# ---- trajectories ------------------------------------------------------------------------------

def test_trajectory_draws_readings_expected_line_and_target(status, readings):
    figure = charts.trajectory(readings[readings["indicator_id"] == "T-2"], row(status, "T-2"))
    expected, target, drawn = figure.data
    assert expected.name.startswith("Expected") and expected.line.dash == "dash"
    assert [pd.Timestamp(x).date() for x in expected.x] == [dt.date(2021, 1, 1), dt.date(2021, 12, 31)]
    assert list(expected.y) == [0, 100]
    assert target.name == "Target: 100 by 31 Dec 2021" and target.marker.symbol == "star"
    assert list(drawn.y) == [40]
    assert drawn.line.color == RAG["amber"]
    assert [shape.y0 for shape in figure.layout.shapes] == [100]  # the target's horizontal line


def test_trajectory_units_on_the_axis(status, readings):
    percent = charts.trajectory(readings[readings["indicator_id"] == "T-3"], row(status, "T-3"))
    assert percent.layout.yaxis.ticksuffix == "%"
    money = charts.trajectory(readings[readings["indicator_id"] == "T-6"], row(status, "T-6"))
    assert money.layout.yaxis.tickprefix == "£"


def test_trajectory_without_line_or_target(status, readings):
    no_target = charts.trajectory(readings[readings["indicator_id"] == "T-6"], row(status, "T-6"))
    assert [t.name for t in no_target.data] == ["Readings"] and not no_target.layout.shapes
    no_line = charts.trajectory(readings[readings["indicator_id"] == "T-7"], row(status, "T-7"))
    assert [t.name for t in no_line.data] == ["Readings"] and len(no_line.layout.shapes) == 1


def test_trajectory_without_readings(status, readings):
    figure = charts.trajectory(readings[readings["indicator_id"] == "T-4"], row(status, "T-4"))
    assert len(figure.data[-1].x) == 0 and figure.data[-1].line.color == RAG["grey"]


@pytest.mark.parametrize("indicator_id, sentence", [
    ("T-1", "**Residents supported** (T\\-1): 50 on 2 Jul 2021; target 100 by 31 Dec 2021. "
            "On track (green): at or ahead of the 50 expected by 2 Jul 2021."),
    ("T-2", "**Residents trained** (T\\-2): 40 on 2 Jul 2021; target 100 by 31 Dec 2021. "
            "Behind (amber): 80% of the way to the 50 expected by 2 Jul 2021."),
    ("T-3", "**Young people mentored** (T\\-3): 39.5% on 2 Jul 2021; target 100% by 31 Dec 2021. "
            "Well behind (red): 79% of the way to the 50% expected by 2 Jul 2021."),
    ("T-4", "**Summer school places** (T\\-4): no readings yet; target 800 by 31 Dec 2021. "
            "No data (grey): no readings yet."),
    ("T-5", "**Weeks waited for support** (T\\-5): 64 on 2 Jul 2021; target 20 by 31 Dec 2021 (lower is better). "
            "Behind (amber): 90% of the way to the 60 expected by 2 Jul 2021."),
    ("T-6", "**Funding raised** (T\\-6): £1,250.50 on 31 Mar 2021; no target set. No data (grey): no target set."),
    ("T-7", "**Recommendations made** (T\\-7): 8 on 31 May 2021; target 10. "
            "Behind (amber): 80% of the way to the 10 expected by 31 May 2021."),
])
def test_trajectory_summary(status, indicator_id, sentence):
    assert summaries.trajectory_summary(row(status, indicator_id)) == sentence


def test_a_met_target_says_so(status):
    met = row(status, "T-1") | {"latest_value": 100.0}
    assert summaries.trajectory_summary(met).endswith("On track (green): the target is met.")


def test_red_without_a_way_to_measure(status):
    flat = row(status, "T-1") | {"status": "red", "progress": float("nan"), "latest_value": 9.0}
    assert summaries.trajectory_summary(flat).endswith("Well behind (red): behind the 50 expected by 2 Jul 2021.")


# ---- text --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, text", [
    (1250, "count", "1,250"), (12.5, "count", "12.5"), (71, "percent", "71%"), (71.25, "percent", "71.2%"),
    (12500, "GBP", "£12,500"), (12.5, "GBP", "£12.50"), (-50, "GBP", "-£50"), (None, "count", "none"),
    (float("nan"), "percent", "none"),
])
def test_format_value(value, unit, text):
    assert summaries.format_value(value, unit) == text


@pytest.mark.parametrize("value, unit, text", [
    (52.6, "count", "53"), (52.5, "count", "53"), (78.9, "percent", "78.9%"), (None, "count", "none"),
])
def test_format_expected_rounds_counts(value, unit, text):
    assert summaries.format_expected(value, unit) == text


def test_theme_outline_groups_indicators_under_outcome_and_action(status):
    outline = summaries.theme_outline(status[status["theme"] == "Health"])
    assert outline == (
        "**Outcome:** Better access\n\n*Action:* Digital inclusion\n\n"
        "- Residents supported (T\\-1): 50 on 2 Jul 2021; target 100 by 31 Dec 2021. **On track (green)**.\n"
        "- Residents trained (T\\-2): 40 on 2 Jul 2021; target 100 by 31 Dec 2021. **Behind (amber)**.")


def test_theme_outline_without_outcome_or_action(status):
    outline = summaries.theme_outline(status[status["theme"] == "Education"])
    assert outline.startswith("**Outcome:** not stated\n\n*Action:* not stated\n\n- Young people mentored")
    assert "Summer school places (T\\-4): no readings yet; target 800 by 31 Dec 2021. **No data (grey)**." in outline


def test_uploaded_text_cannot_become_markup(status):
    hostile = status[status["indicator_id"] == "T-1"].assign(indicator="[click](javascript:alert(1))",
                                                             outcome="**loud**")
    outline = summaries.theme_outline(hostile)
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in outline and "\\*\\*loud\\*\\*" in outline


def test_theme_heading(status):
    assert summaries.theme_heading("Success measures", status[status["theme"] == "Success measures"]) == (
        "Success measures: 2 behind, 1 no data")


def test_indicator_table(status):
    table = summaries.indicator_table(status).set_index("ID")
    assert table.columns.tolist() == ["Indicator", "Status", "Latest", "Expected by then", "Target",
                                      "Latest reading on", "Target date", "Theme", "Framework"]
    assert table.loc["T-3", ["Latest", "Target", "Expected by then", "Status"]].tolist() == [
        "39.5%", "100%", "50%", "Well behind (red)"]
    assert table.loc["T-4", ["Latest", "Latest reading on", "Status"]].tolist() == ["none yet", "", "No data (grey)"]
    assert table.loc["T-6", ["Latest", "Target", "Target date"]].tolist() == ["£1,250.50", "none", "no date"]


def test_measures_table_is_what_a_tile_shows(status):
    table = summaries.measures_table(status)
    assert table.columns.tolist() == ["ID", "Indicator", "Status", "Latest", "Latest reading on", "Target",
                                      "Target date"]
    assert table.iloc[0].tolist() == ["T-1", "Residents supported", "On track (green)", "50", "2 Jul 2021", "100",
                                      "31 Dec 2021"]


def test_status_words_give_the_rag_sentence(status):
    assert summaries.status_words_summary(summaries.indicator_table(status)) == summaries.rag_summary(
        queries.rag_counts(status)) == "Of 7 indicators, 1 is on track (green), 3 amber, 1 red and 2 have no data."
    assert summaries.status_words_summary(summaries.indicator_table(status.iloc[0:0])) == (
        "There are no indicators yet.")


@pytest.mark.parametrize("statuses, sentence", [
    (["red", "green", "amber", "red"], r"Well behind (red): I\-0 and I\-3. Behind (amber): I\-2."),
    (["amber"], r"Behind (amber): I\-0."),
    (["green", "grey"], "No indicator is behind the value expected by its latest reading."),
    (["grey"], "No indicator has both readings and a target yet."),
    (["red"] * 10, r"Well behind (red): I\-0, I\-1, I\-2, I\-3, I\-4, I\-5, I\-6, I\-7 and 2 more."),
])
def test_behind_summary(statuses, sentence):
    table = pd.DataFrame({"ID": [f"I-{n}" for n in range(len(statuses))],
                          "Status": [summaries.status_phrase(s) for s in statuses]})
    assert summaries.behind_summary(table) == sentence


def test_readings_table(store):
    with connect(store, read_only=True) as con:
        readings = queries.readings_against_targets(con, "Disparities project")
    table = summaries.readings_table(readings)
    assert table.columns.tolist() == ["ID", "Reading on", "Value", "Expected by then", "Target", "Target date",
                                      "Unit", "Indicator", "Note"]
    assert table["ID"].tolist() == ["T-5", "T-6", "T-7"]
    # lower is better: 100 falling to 20 over the year, 60 expected half way
    assert table.iloc[0][["Reading on", "Value", "Expected by then", "Target", "Target date"]].tolist() == [
        dt.date(2021, 7, 2), 64, 60, 20, dt.date(2021, 12, 31)]
    assert pd.isna(table.iloc[1]["Expected by then"]) and pd.isna(table.iloc[1]["Target date"])  # no target
    assert table.iloc[2]["Expected by then"] == 10  # no line: the target itself


def test_readings_table_rounds_counts_as_the_sentences_do(store):
    with connect(store, read_only=True) as con:
        readings = queries.readings_against_targets(con, "Appendix 1")
    table = summaries.readings_table(readings).set_index("ID")
    assert table.loc["T-1", "Expected by then"].tolist() == [25, 50]  # 24.7 on 1 Apr: a whole 25
    assert table.loc["T-3", "Expected by then"] == 50 and table.loc["T-3", "Value"] == 39.5
    assert pd.isna(table.loc["T-4", "Reading on"]) and table.loc["T-4", "Target"] == 800  # listed, no readings


@pytest.mark.parametrize("framework, noun, sentence", [
    ("Disparities project", "success measure", "3 readings of 3 success measures, from 31 Mar 2021 to 2 Jul 2021."),
    ("Appendix 1", "indicator", r"4 readings of 4 indicators, from 1 Apr 2021 to 2 Jul 2021; none yet for T\-4 \(Summer school places\)."),
    ("Nobody's", "indicator", "No readings yet of 0 indicators."),
])
def test_readings_summary(store, framework, noun, sentence):
    with connect(store, read_only=True) as con:
        table = summaries.readings_table(queries.readings_against_targets(con, framework))
    assert summaries.readings_summary(table, noun) == sentence


@pytest.mark.parametrize("status_name, words", [("green", "On track (green)"), ("amber", "Behind (amber)"),
                                                ("red", "Well behind (red)"), ("grey", "No data (grey)")])
def test_status_badge(status_name, words):
    badge = charts.status_badge(status_name)
    assert f"background:{RAG[status_name]}" in badge and f">{words}</span>" in badge


@pytest.mark.parametrize("indicator_id, label", [("T-1", "Latest reading, 2 Jul 2021"), ("T-4", "Latest reading")])
def test_latest_label(status, indicator_id, label):
    assert summaries.latest_label(row(status, indicator_id)) == label


@pytest.mark.parametrize("indicator_id, value", [("T-3", "39.5%"), ("T-6", "£1,250.50"), ("T-4", "none yet")])
def test_latest_value(status, indicator_id, value):
    assert summaries.latest_value(row(status, indicator_id)) == value
