"""Outcomes queries on a small literal store, and the red/amber/green rule at its boundaries."""
import datetime as dt
import math

import pandas as pd
import pytest

from disparities.pages.outcomes import queries as outcomes
from disparities.store import connect

# Start 1 Jan 2021, target 31 Dec 2021: 2 Jul 2021 is exactly half way (182 of 364 days).
INDICATORS = """\
indicator_id,framework,theme,outcome,action,indicator,unit,baseline,target,target_date,start_date,higher_is_better
T-1,Appendix 1,Health,Better access,Digital inclusion,Residents supported,count,0,100,2021-12-31,2021-01-01,yes
T-2,Appendix 1,Health,Better access,Digital inclusion,Residents trained,count,0,100,2021-12-31,2021-01-01,
T-3,Appendix 1,Education,,,Young people mentored,percent,0,100,2021-12-31,2021-01-01,yes
T-4,Appendix 1,Education,,,Summer school places,count,0,800,2021-12-31,2021-01-01,yes
T-5,Disparities project,Success measures,Shorter waits,,Weeks waited for support,count,100,20,2021-12-31,2021-01-01,no
T-6,Disparities project,Success measures,Sustainable groups,,Funding raised,GBP,0,,,,yes
T-7,Disparities project,Success measures,Sustainable groups,,Recommendations made,count,,10,,,yes
"""

# The later reading comes first in the file: "latest" is by date, not by row order.
READINGS = """\
indicator_id,period_end,value,note
T-1,2021-07-02,50,
T-1,2021-04-01,20,
T-2,2021-07-02,40,
T-3,2021-07-02,39.5,
T-5,2021-07-02,64,
T-6,2021-03-31,1250.5,
T-7,2021-05-31,8,
"""


@pytest.fixture
def con(load, db):
    result = load(("indicators.csv", INDICATORS), ("readings.csv", READINGS))
    assert result.status == "applied", result.as_dict()
    with connect(db, read_only=True) as connection:
        yield connection


# indicator -> (status, latest value, expected at its date, progress towards expected)
EXPECTED = {
    "T-1": ("green", 50.0, 50.0, 1.0),      # exactly on the line
    "T-2": ("amber", 40.0, 50.0, 0.8),      # exactly 80% of the way
    "T-3": ("red", 39.5, 50.0, 0.79),       # just under 80%
    "T-4": ("grey", None, None, None),      # no readings
    "T-5": ("amber", 64.0, 60.0, 0.9),      # lower is better: 36 of the 40 weeks' fall expected
    "T-6": ("grey", 1250.5, None, None),    # no target
    "T-7": ("amber", 8.0, 10.0, 0.8),       # no line: the target is expected; no baseline counts as 0
}


def _same(a, b) -> bool:
    return (a is None and (b is None or math.isnan(b))) or (a is not None and b == pytest.approx(a))


@pytest.mark.parametrize("framework, ids", [
    (None, ["T-1", "T-2", "T-3", "T-4", "T-5", "T-6", "T-7"]),
    ("Appendix 1", ["T-1", "T-2", "T-3", "T-4"]),
    ("Disparities project", ["T-5", "T-6", "T-7"]),
    ("No such framework", []),
])
def test_indicator_status(con, framework, ids):
    table = outcomes.indicator_status(con, framework)
    assert table["indicator_id"].tolist() == ids
    for row in table.to_dict("records"):
        status, latest, expected, progress = EXPECTED[row["indicator_id"]]
        assert row["status"] == status, row["indicator_id"]
        assert row["status_label"] == outcomes.STATUS_LABELS[status]
        assert _same(latest, row["latest_value"]), row["indicator_id"]
        assert _same(expected, row["expected"]), row["indicator_id"]
        assert _same(progress, row["progress"]), row["indicator_id"]


def test_status_counts_readings_and_dates(con):
    table = outcomes.indicator_status(con).set_index("indicator_id")
    assert table.loc["T-1", "readings"] == 2
    assert table.loc["T-4", "readings"] == 0
    assert table.loc["T-1", "latest_date"].date() == dt.date(2021, 7, 2)
    assert not table.loc["T-5", "higher_is_better"]
    assert table.loc["T-2", "higher_is_better"]  # blank means yes


def test_themes_keep_the_order_of_their_first_indicator(load, db):
    reordered = INDICATORS.replace("T-1,Appendix 1,Health", "T-9,Appendix 1,Health")
    load(("indicators.csv", reordered))
    with connect(db, read_only=True) as connection:
        table = outcomes.indicator_status(connection, "Appendix 1")
    assert table["theme"].unique().tolist() == ["Health", "Education"]  # T-2 leads Health, T-3 Education
    assert table["indicator_id"].tolist() == ["T-2", "T-9", "T-3", "T-4"]


def test_rag_counts(con):
    counts = outcomes.rag_counts(outcomes.indicator_status(con))
    assert counts.to_dict("records") == [
        {"framework": "Appendix 1", "theme": "Health", "green": 1, "amber": 1, "red": 0, "grey": 0, "indicators": 2},
        {"framework": "Appendix 1", "theme": "Education", "green": 0, "amber": 0, "red": 1, "grey": 1, "indicators": 2},
        {"framework": "Disparities project", "theme": "Success measures", "green": 0, "amber": 2, "red": 0,
         "grey": 1, "indicators": 3},
    ]


def test_rag_counts_of_nothing(con):
    counts = outcomes.rag_counts(outcomes.indicator_status(con, "No such framework"))
    assert counts.empty
    assert list(counts.columns) == ["framework", "theme", "green", "amber", "red", "grey", "indicators"]


@pytest.mark.parametrize("ids, expected", [
    (("T-1",), [("T-1", dt.date(2021, 4, 1), 20.0), ("T-1", dt.date(2021, 7, 2), 50.0)]),
    (("T-3", "T-5"), [("T-3", dt.date(2021, 7, 2), 39.5), ("T-5", dt.date(2021, 7, 2), 64.0)]),
    (("T-4",), []),
    ((), []),
])
def test_indicator_readings_only_the_chosen(con, ids, expected):
    table = outcomes.indicator_readings(con, ids)
    assert [(i, d.date(), v) for i, d, v in zip(table["indicator_id"], table["period_end"], table["value"])] == expected


@pytest.mark.parametrize("framework, rows", [
    ("Appendix 1", [("T-1", dt.date(2021, 4, 1), 20.0, 100 * 90 / 364), ("T-1", dt.date(2021, 7, 2), 50.0, 50.0),
                    ("T-2", dt.date(2021, 7, 2), 40.0, 50.0), ("T-3", dt.date(2021, 7, 2), 39.5, 50.0),
                    ("T-4", None, None, None)]),  # no readings: listed once, with its target
    ("Disparities project", [("T-5", dt.date(2021, 7, 2), 64.0, 60.0), ("T-6", dt.date(2021, 3, 31), 1250.5, None),
                             ("T-7", dt.date(2021, 5, 31), 8.0, 10.0)]),
    ("No such framework", []),
])
def test_readings_against_targets(con, framework, rows):
    table = outcomes.readings_against_targets(con, framework)
    found = [(i, None if pd.isna(d) else d.date(), None if pd.isna(v) else v, None if pd.isna(e) else e)
             for i, d, v, e in zip(table["indicator_id"], table["period_end"], table["value"], table["expected"])]
    assert [(i, d, v) for i, d, v, _ in found] == [(i, d, v) for i, d, v, _ in rows]
    for (_, _, _, expected), (indicator, _, _, got) in zip(rows, found):
        assert _same(expected, got), indicator
    if framework == "Appendix 1":
        assert table.loc[table["indicator_id"] == "T-4", "target"].tolist() == [800]


def test_the_latest_readings_expected_value_is_the_status_tables(con):
    """Readings are read against the line on day numbers, the status on dates: the same rule gives the same value."""
    status = outcomes.indicator_status(con).set_index("indicator_id")
    for framework in ("Appendix 1", "Disparities project"):
        readings = outcomes.readings_against_targets(con, framework).dropna(subset=["period_end"])
        latest = readings.groupby("indicator_id").tail(1).set_index("indicator_id")["expected"]
        for indicator, expected in latest.items():
            from_status = status.loc[indicator, "expected"]
            assert _same(None if pd.isna(from_status) else from_status, expected), indicator


@pytest.mark.parametrize("frameworks, default", [
    (["Appendix 1", "Disparities project"], "Disparities project"),  # the project's own measures first
    (["Appendix 1", "Appendix 1", "Local plan"], "Appendix 1"),
    ([], None),
])
def test_default_framework(frameworks, default):
    assert outcomes.default_framework(pd.DataFrame({"framework": frameworks}, dtype=str)) == default


def test_an_empty_store(db):
    from disparities import bootstrap
    bootstrap.init_store(db, with_sample=False)
    with connect(db, read_only=True) as connection:
        assert outcomes.indicator_status(connection).empty
        assert outcomes.indicator_readings(connection, ("T-1",)).empty
        assert outcomes.readings_against_targets(connection, outcomes.SUCCESS_MEASURES).empty


# ---- the rule itself ---------------------------------------------------------------------------

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


@pytest.mark.parametrize("day, baseline, target, start, end, expected", [
    (dt.date(2021, 7, 2), 0, 100, START, END, 50.0),           # half way
    (START, 10, 100, START, END, 10.0),                        # the baseline at the start
    (dt.date(2020, 6, 1), 10, 100, START, END, 10.0),          # before the start: still the baseline
    (END, 10, 100, START, END, 100.0),                         # the target at the target date
    (dt.date(2022, 6, 1), 10, 100, START, END, 100.0),         # after it: still the target
    (dt.date(2021, 7, 2), 100, 20, START, END, 60.0),          # a falling line
    (dt.date(2021, 7, 2), None, 100, START, END, 100.0),       # no baseline: no line, the target
    (dt.date(2021, 7, 2), 0, 100, None, END, 100.0),           # no start date
    (dt.date(2021, 7, 2), 0, 100, START, None, 100.0),         # no target date
    (dt.date(2021, 7, 2), 0, 100, END, START, 100.0),          # dates the wrong way round
    (dt.date(2021, 7, 2), 0, None, START, END, None),          # no target: nothing expected
])
def test_expected_by(day, baseline, target, start, end, expected):
    assert outcomes.expected_by(day, baseline, target, start, end) == (
        pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("latest, target, expected, baseline, higher, status", [
    (100, 100, 120, 150, True, "green"),   # meets the target, even where the line says more (baseline above it)
    (50, 100, 50, 0, True, "green"),       # exactly the expected value
    (51, 100, 50, 0, True, "green"),       # ahead
    (40, 100, 50, 0, True, "amber"),       # exactly 80% of the way
    (39.99, 100, 50, 0, True, "red"),      # just under
    (60, 75, 75, 0, True, "amber"),        # 60 of 75: 80% in decimals that floating point cannot hold exactly
    (18, 100, 20, 10, True, "amber"),      # 80% of the way from a baseline of 10 to 20
    (17.9, 100, 20, 10, True, "red"),
    (0, 100, 50, 0, True, "red"),          # nothing yet
    (40, 100, 50, None, True, "amber"),    # a missing baseline counts as 0
    (60, 20, 60, 100, False, "green"),     # lower is better: at the expected value
    (20, 20, 60, 100, False, "green"),     # lower is better: at the target
    (68, 20, 60, 100, False, "amber"),     # 32 of the 40 fall expected: 80%
    (68.1, 20, 60, 100, False, "red"),
    (120, 20, 60, 100, False, "red"),      # worse than the baseline
    (9, 10, 10, 10, True, "red"),          # the target asks no change on the baseline: behind is red
    (None, 100, 50, 0, True, "grey"),      # no readings
    (50, None, None, 0, True, "grey"),     # no target
    (float("nan"), 100, 50, 0, True, "grey"),
])
def test_rag_status_boundaries(latest, target, expected, baseline, higher, status):
    assert outcomes.rag_status(latest, target, expected, baseline, higher) == status


def test_the_rule_text_names_every_status_and_the_threshold():
    for label in outcomes.STATUS_LABELS.values():
        assert label.lower() in outcomes.RAG_RULE.lower()
    assert f"{outcomes.AMBER_FROM:.0%}" in outcomes.RAG_RULE


@pytest.mark.parametrize("frameworks, offered", [
    (["Appendix 1", "Appendix 1", "Disparities project"], ["Disparities project", "Appendix 1"]),
    (["Appendix 1", "Other"], ["Appendix 1", "Other"]),
    ([], []),
])
def test_framework_choices_put_the_default_first(frameworks, offered):
    """The radio shows first what the page opens on (no second option selected on arrival)."""
    choices = outcomes.framework_choices(pd.DataFrame({"framework": frameworks}, dtype=str))
    assert choices == offered
    assert outcomes.framework_label("Disparities project") == "Success measures (Disparities project)"
