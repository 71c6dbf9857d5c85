"""The small-number policy on crafted tables, including totals that would reveal a suppressed cell."""
import pandas as pd
import pytest

from disparities.suppression import POLICY, for_display, round_half_up, suppress


@pytest.mark.parametrize("value, shown", [(0, 0), (1, None), (7, None), (8, 10), (12, 10), (13, 15), (17.5, 20),
                                          (1234, 1235), (None, None)])
def test_one_cell_in_a_column_without_others(value, shown):
    table = pd.DataFrame({"people": [value]}, dtype="Float64")
    got = suppress(table, ["people"])["people"].iloc[0]
    assert (pd.isna(got) and shown is None) or got == shown


def test_a_lone_suppressed_cell_in_a_column_takes_the_next_smallest_with_it():
    table = pd.DataFrame({"group": list("abcd"), "people": [3, 40, 22, 9]})
    safe = suppress(table, ["people"])
    assert safe["people"].isna().tolist() == [True, False, False, True]  # 9 hidden: total - 40 - 22 would give 3
    assert safe["people"].tolist()[1:3] == [40, 20]


def test_two_suppressed_cells_need_no_more():
    table = pd.DataFrame({"people": [3, 5, 40, 22]})
    assert suppress(table, ["people"])["people"].isna().tolist() == [True, True, False, False]


def test_rows_and_columns_of_a_cross_table_are_both_protected():
    # Row 0 has one small cell (2): its row total would reveal it, so the smallest other cell in the row
    # goes too (10); column "b" then has one hidden cell, so its smallest other cell goes (12)...
    table = pd.DataFrame({"a": [2, 30, 25], "b": [10, 12, 40], "c": [50, 60, 70]})
    safe = suppress(table, ["a", "b", "c"])
    hidden = safe[["a", "b", "c"]].isna().to_numpy()
    for line in list(hidden) + list(hidden.T):
        assert line.sum() != 1, hidden  # no row or column with exactly one hidden cell
    assert hidden[0, 0] and hidden.sum() >= 4


def test_shares_on_suppressed_counts_are_suppressed():
    table = pd.DataFrame({"people": [3, 40, 22, 9], "share": [0.04, 0.54, 0.3, 0.12]})
    safe = suppress(table, ["people"], shares={"share": "people"})
    assert safe["share"].isna().tolist() == [True, False, False, True]


def test_other_columns_are_untouched_and_display_shows_a_star():
    table = pd.DataFrame({"disparity": ["x", "y"], "organisations": [3, 2], "people": [3, 0]})
    safe = suppress(table, ["people"])
    assert safe["organisations"].tolist() == [3, 2]
    assert for_display(safe, ["people"])["people"].tolist() == ["*", 0]


def test_rounding_is_half_up_and_the_rule_states_the_numbers():
    assert round_half_up(12.5, 5) == 15 and round_half_up(2.5, 5) == 5
    assert "from 1 to 7" in POLICY.rule and "nearest 5" in POLICY.rule


def test_empty_and_people_free_tables_pass_through():
    assert suppress(pd.DataFrame(), ["people"]).empty
    table = pd.DataFrame({"organisations": [1, 2]})
    assert suppress(table, ["people"]).equals(table)
