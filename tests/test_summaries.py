"""summaries.py: the plain-English sentences under each chart, and the Wilson interval behind them."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from disparities import summaries
from disparities.summaries import (WORD_JOINER, 
    escape_markdown,
    count_phrase, coverage_sentence, interval_phrase, join_words, main_disparity_summary, percent, share_sentence,
    small_sample_caution, wilson_interval,
)


@pytest.mark.parametrize("successes, n, low, high", [
    (17, 30, 0.3920, 0.7262),  # checked against the closed form by hand
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (1, 1, 0.2065, 1.0),
    (5, 10, 0.2366, 0.7634),
    (50, 100, 0.4038, 0.5962),
])
def test_wilson_interval(successes: int, n: int, low: float, high: float) -> None:
    assert wilson_interval(successes, n) == pytest.approx((low, high), abs=5e-4)


def test_wilson_interval_is_undefined_without_data() -> None:
    assert all(math.isnan(bound) for bound in wilson_interval(0, 0))


def test_wilson_interval_contains_the_share_and_stays_in_range() -> None:
    for n in range(1, 31):
        for k in range(n + 1):
            low, high = wilson_interval(k, n)
            assert 0.0 <= low <= k / n <= high <= 1.0


def test_wilson_interval_widens_with_a_larger_z() -> None:
    assert wilson_interval(17, 30, z=2.576)[0] < wilson_interval(17, 30)[0]


@pytest.mark.parametrize("successes, n", [(-1, 10), (11, 10), (0, -1)])
def test_wilson_interval_refuses_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(successes, n)


@pytest.mark.parametrize("fraction, text", [
    (17 / 30, "57%"),
    (0.5, "50%"),
    (0.125, "13%"),  # half up, not half to even
    (0.0, "0%"),
    (0.001, "<1%"),
    (0.0049, "<1%"),
    (0.005, "1%"),
    (0.994, "99%"),
    (0.996, ">99%"),
    (1.0, "100%"),
    (math.nan, "n/a"),
])
def test_percent(fraction: float, text: str) -> None:
    assert percent(fraction) == text


@pytest.mark.parametrize("args, text", [
    ((1, "organisation"), "1 organisation"),
    ((3, "organisation"), "3 organisations"),
    ((0, "organisation"), "0 organisations"),
    ((1250, "person", "people"), "1,250 people"),
    ((1, "person", "people"), "1 person"),
])
def test_count_phrase(args: tuple, text: str) -> None:
    assert count_phrase(*args) == text


@pytest.mark.parametrize("items, conjunction, text", [
    ([], "and", ""),
    (["A"], "and", "A"),
    (["A", "B"], "or", "A or B"),
    (["A", "B", "C"], "and", "A, B and C"),
])
def test_join_words(items: list[str], conjunction: str, text: str) -> None:
    assert join_words(items, conjunction) == text


@pytest.mark.parametrize("args, kwargs, text", [
    (("mental health", 17, 30), {}, "Mental health is the main disparity for 17 of 30 organisations (57%)."),
    (("COVID-19", 1, 3), {}, "COVID-19 is the main disparity for 1 of 3 organisations (33%)."),
    (("diabetes", 1, 1), {}, "Diabetes is the main disparity for 1 of 1 organisation (100%)."),
    (("stigma", 12, 20), {"what": "returns", "role": "a barrier named"}, "Stigma is a barrier named for 12 of 20 returns (60%)."),
    (("mental health", 0, 0), {}, "No organisations match these filters."),
])
def test_share_sentence(args: tuple, kwargs: dict, text: str) -> None:
    assert share_sentence(*args, **kwargs) == text


def test_interval_phrase() -> None:
    assert interval_phrase(17, 30) == "95% confidence interval 39% to 73%"
    assert interval_phrase(0, 0) == ""


def frame(*rows: tuple[str, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["disparity", "organisations"])


@pytest.mark.parametrize("df, total, text", [
    (frame(("mental health", 15), ("diabetes", 9), ("obesity", 6)), 30,
     "Mental health is the main disparity for 15 of 30 organisations (50%), followed by diabetes (9, 30%)."),
    (frame(("diabetes", 9), ("mental health", 15), ("obesity", 6)), None,  # any row order; total = sum
     "Mental health is the main disparity for 15 of 30 organisations (50%), followed by diabetes (9, 30%)."),
    (frame(("mental health", 12), ("diabetes", 12), ("obesity", 6)), 30,
     "Mental health and diabetes are tied as the main disparity, each for 12 of 30 organisations (40%), "
     "followed by obesity (6, 20%)."),
    (frame(("mental health", 2), ("diabetes", 2), ("obesity", 2)), 6,
     "Mental health, diabetes and obesity are tied as the main disparity, each for 2 of 6 organisations (33%)."),
    (frame(("mental health", 10), ("diabetes", 4), ("COVID-19", 4)), 18,
     "Mental health is the main disparity for 10 of 18 organisations (56%), followed by diabetes and COVID-19 "
     "(4 each, 22%)."),
    (frame(("mental health", 1)), None, "Mental health is the main disparity for 1 of 1 organisation (100%)."),
    (frame(("mental health", 3), ("diabetes", 0)), 3, "Mental health is the main disparity for 3 of 3 organisations (100%)."),
    (frame(), None, "No assessments match these filters."),
    (frame(), 5, "No assessments match these filters."),
    (frame(("mental health", 0)), 0, "No assessments match these filters."),
])
def test_main_disparity_summary(df: pd.DataFrame, total: int | None, text: str) -> None:
    assert main_disparity_summary(df, total) == text


def test_main_disparity_summary_with_other_column_names() -> None:
    df = pd.DataFrame({"main disparity": ["diabetes", "cancer"], "n": [7, 3]})
    assert main_disparity_summary(df, label="main disparity", count="n") == (
        "Diabetes is the main disparity for 7 of 10 organisations (70%), followed by cancer (3, 30%).")


@pytest.mark.parametrize("n, threshold, text", [
    (4, 10, "Based on only 4 organisations: treat these shares with caution."),
    (1, 10, "Based on only 1 organisation: treat these shares with caution."),
    (9, 10, "Based on only 9 organisations: treat these shares with caution."),
    (10, 10, None),
    (30, 10, None),
    (0, 10, None),
    (19, 20, "Based on only 19 organisations: treat these shares with caution."),
])
def test_small_sample_caution(n: int, threshold: int, text: str | None) -> None:
    assert small_sample_caution(n, threshold) == text


@pytest.mark.parametrize("n, total, text", [
    (12, 30, "This view covers 12 of 30 organisations."),
    (30, 30, "This view covers all 30 organisations."),
    (1, 1, "This view covers 1 organisation."),
    (0, 30, "This view covers 0 of 30 organisations."),
    (7, None, "This view covers 7 organisations."),
])
def test_coverage_sentence(n: int, total: int | None, text: str) -> None:
    assert coverage_sentence(n, total) == text


@pytest.mark.parametrize("name", ["[click](javascript:alert(1))", "**bold**", "<script>alert(1)</script>",
                                  "=HYPERLINK(\"http://x\")", "$x$", "# heading", "Women's Group"])
def test_escape_markdown_makes_names_inert_and_keeps_their_letters(name):
    escaped = escape_markdown(name)
    assert escaped.replace("\\", "").replace(WORD_JOINER, "") == name
    for special in "[]()*<>$#":  # every markdown-active character is preceded by a backslash
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == special)


# ---- the frame of every page: empty views, small views, the sample banner ------------------------------------

@pytest.mark.parametrize("without, expected", [
    ([("Community", 30), ("Ward", 0)],
     "No organisation matches all these filters together: without *Community*, 30 organisations would match."),
    ([("Community", 2), ("Ward", 1)], "No organisation matches all these filters together: without *Community*, 2 "
                                       "organisations would match and without *Ward*, 1 organisation would match."),
    ([("Community", 0)], "No organisation matches these filters, even with any one of them removed: reset the "
                         "filters to see every organisation."),
])
def test_an_empty_view_names_the_filters_that_emptied_it(without, expected):
    assert summaries.empty_view_sentence(without) == expected


@pytest.mark.parametrize("sample, total, expected", [
    (0, 30, None), (30, 30, "All 30 organisations in this view are"), (3, 5, "3 of the 5 organisations in this view are"),
    (1, 1, "The organisation in this view is"),
])
def test_the_sample_banner_counts_the_view(sample, total, expected):
    assert summaries.sample_sentence(sample, total) == expected


def test_a_view_too_small_for_a_chart_says_so():
    assert summaries.too_few_for_a_chart(3).startswith("Only 3 organisations in this view: the numbers are shown")
