"""The Outcomes page as sections: keys and numbers on the sample and a literal store, filters that do not apply to
programme-wide indicators, the small-number policy leaving indicator values alone, and an empty store."""
import datetime as dt
import pickle

import pytest

from disparities import suppression
from disparities.filters import Filters
from disparities.store import connect
from disparities.views import VIEWS
from disparities.pages import outcomes as view

from .test_queries_outcomes import INDICATORS, READINGS

KEYS = ["status-by-theme", "indicator-status", "trajectories"]


def sections_of(store, filters=Filters(), policy=suppression.POLICY):
    with connect(store, read_only=True) as con:
        found = view.sections(con, filters)
    return {s.key: s.publishable(policy) for s in found}


@pytest.fixture
def literal_store(load, db):
    result = load(("indicators.csv", INDICATORS), ("readings.csv", READINGS))
    assert result.status == "applied", result.as_dict()
    return db


def test_the_page_is_in_views_in_menu_order():
    assert VIEWS["outcomes"] is view
    names = list(VIEWS)
    assert names.index("outcomes") == names.index("timeline") + 1


def test_sample_sections_and_their_numbers(sample_store):
    found = sections_of(sample_store)
    assert list(found) == KEYS
    by_theme = found["status-by-theme"]
    assert by_theme.summary() == "Of 11 indicators, 4 are on track (green), 3 amber and 4 red."
    assert by_theme.table.set_index("theme").loc["Success measures", ["green", "amber", "red", "grey"]].tolist() == [
        3, 1, 2, 0]  # DP-6 counted from the recommendations register: 1 implemented of the 2 targeted
    assert [trace.name for trace in by_theme.figure().data] == [
        "On track (green)", "Behind (amber)", "Well behind (red)", "No data (grey)"]
    assert "do not apply on this page" in by_theme.note
    every = found["indicator-status"]
    table = every.display_table().set_index("ID")
    assert len(table) == 11 and every.figure() is None
    assert table.loc["A1-04", ["Status", "Latest", "Expected by then", "Target"]].tolist() == [
        "Well behind (red)", "420", "533", "800"]
    assert every.summary() == (
        r"Well behind (red): A1\-02 \(Number of residents who completed the…\), A1\-04 \(Number of children and "
        r"young people…\), DP\-2 \(Number of people gaining skills and…\) and DP\-6 \(Examples of successful "
        r"system change implemented\). Behind (amber): A1\-01 \(Percentage of council staff who completed…\), "
        r"A1\-05 \(Number of residents supported into senior…\) and DP\-4 \(Impact for participating groups\).")
    assert every.note.startswith("**Green (on track):**")
    readings = found["trajectories"]
    assert readings.title == "Readings of the success measures against their targets"
    assert readings.summary() == (r"22 readings of 6 success measures, from 31 Dec 2020 to 31 Oct 2021; "
                                  r"none yet for DP\-6 \(Examples of successful system change implemented\).")
    dp4 = readings.display_table().query("ID == 'DP-4'")
    assert dp4[["Reading on", "Value", "Expected by then", "Target"]].iloc[-1].tolist() == [
        dt.date(2021, 10, 31), 60, 75, 75]


@pytest.mark.parametrize("filters", [Filters(communities=("Somali",)), Filters(communities=("Roma",)),
                                     Filters(org_ids=("ORG-001",)),
                                     Filters(date_from=dt.date(2021, 6, 1), date_to=dt.date(2021, 6, 30))])
def test_filters_do_not_change_programme_wide_indicators(sample_store, filters):
    unfiltered, filtered = sections_of(sample_store), sections_of(sample_store, filters)
    for key in KEYS:
        assert filtered[key].display_table().equals(unfiltered[key].display_table()), key


def test_indicator_values_are_not_suppressed(sample_store):
    """Programme totals, not counts of people in a small area: a reading of 4 stays 4 with the policy on."""
    found = sections_of(sample_store)
    assert all(not s.people and not s.shares for s in found.values())
    dp5 = found["trajectories"].display_table().query("ID == 'DP-5'")["Value"].tolist()
    assert dp5 == [0, 2, 4, 5] and suppression.SUPPRESSED not in dp5
    assert found["status-by-theme"].table["indicators"].tolist() == [1, 1, 1, 1, 1, 6]


def test_literal_store_sections(literal_store):
    found = sections_of(literal_store)
    assert list(found) == KEYS
    assert found["status-by-theme"].summary() == (
        "Of 7 indicators, 1 is on track (green), 3 amber, 1 red and 2 have no data.")
    assert found["indicator-status"].summary() == (
        r"Well behind (red): T\-3 \(Young people mentored\). Behind (amber): T\-2 \(Residents trained\), "
        r"T\-5 \(Weeks waited for support\) and T\-7 \(Recommendations made\).")
    readings = found["trajectories"]
    assert readings.display_table()["ID"].tolist() == ["T-5", "T-6", "T-7"]
    assert readings.display_table()["Expected by then"].tolist()[0] == 60  # lower is better: 100 falling to 20
    assert readings.summary() == "3 readings of 3 success measures, from 31 Mar 2021 to 2 Jul 2021."


def test_without_success_measures_the_first_framework_is_read(load, db):
    appendix_only = "\n".join(line for line in INDICATORS.splitlines() if "Disparities project" not in line) + "\n"
    load(("indicators.csv", appendix_only), ("readings.csv", "\n".join(READINGS.splitlines()[:5]) + "\n"))
    readings = sections_of(db)["trajectories"]
    assert readings.title == "Readings of the Appendix 1 indicators against their targets"
    assert readings.summary() == (r"4 readings of 4 Appendix 1 indicators, from 1 Apr 2021 to 2 Jul 2021; "
                                  r"none yet for T\-4 \(Summer school places\).")


def test_an_empty_store_says_what_to_upload(empty_store):
    found = sections_of(empty_store)
    assert list(found) == KEYS
    for section in found.values():
        assert not section.has_data and section.figure() is None and section.summary() == ""
        assert "template: `python -m disparities template indicators`" in section.empty, section.key
    assert found["status-by-theme"].empty.startswith("No indicators yet.")


def test_sections_can_be_cached(sample_store):
    """Streamlit's cache pickles what `ui.read` returns: charts and summaries must be module-level functions."""
    found = pickle.loads(pickle.dumps(list(sections_of(sample_store).values())))
    assert found[0].summary().startswith("Of 11 indicators")
    assert found[0].figure() is not None


def test_short_names_keep_the_first_words():
    from disparities.pages.outcomes.sentences import short_name
    assert short_name("Impact for participating groups") == "Impact for participating groups"
    assert short_name("Number of people gaining skills and knowledge") == "Number of people gaining skills and…"
