"""Plain-English sentences that say what a chart shows, so it can be read aloud and by screen readers.

Pure functions of numbers or small DataFrames; British English. Shares are
rounded to whole per cents because the samples are small (tens of
organisations): a decimal place would claim precision the data does not have.

Sentences every page uses live here; each page's own sentences live in a
submodule named after the page (mapping, timeline, outcomes, organisations).
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd

from disparities.intervals import wilson_interval  # noqa: F401 - where the pages' sentences look

SMALL_SAMPLE = 10  # below this many organisations a breakdown gets a visible caution (issue 3)


def percent(fraction: float) -> str:
    """A fraction as a whole per cent, never rounding a non-zero share to 0% or a partial one to 100%."""
    if fraction is None or math.isnan(fraction):
        return "n/a"
    if 0 < fraction < 0.005:
        return "<1%"
    if 0.995 <= fraction < 1:
        return ">99%"
    return f"{math.floor(fraction * 100 + 0.5)}%"  # half up, as people expect (round() rounds half to even)


def count_phrase(n: int, singular: str, plural: str | None = None) -> str:
    """'1 organisation', '3 organisations', '1,250 people'."""
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{n:,} {noun}"


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' (no Oxford comma, as in British usage)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence_case(text: str) -> str:
    """First letter upper-cased only: 'mental health' -> 'Mental health', 'COVID-19' stays."""
    return text[:1].upper() + text[1:]


def _singular(plural: str) -> str:
    return plural[:-1] if plural.endswith("s") else plural


def share_sentence(label: str, count: int, total: int, what: str = "organisations",
                   role: str = "the main disparity") -> str:
    """'Mental health is the main disparity for 17 of 30 organisations (57%).'"""
    if total <= 0:
        return f"No {what} match these filters."
    noun = _singular(what) if total == 1 else what
    return f"{sentence_case(label)} is {role} for {count:,} of {total:,} {noun} ({percent(count / total)})."


def interval_phrase(count: int, total: int) -> str:
    """'95% confidence interval 39% to 73%' for a share, or '' when there is nothing to estimate."""
    if total <= 0:
        return ""
    low, high = wilson_interval(count, total)
    return f"95% confidence interval {percent(low)} to {percent(high)}"


def _count_groups(df: pd.DataFrame, label: str, count: str) -> list[tuple[list[str], int]]:
    """Rows grouped by equal count, largest first; labels keep the frame's order within a group."""
    rows = df.loc[df[count] > 0, [label, count]]
    groups: dict[int, list[str]] = {}
    for name, n in zip(rows[label], rows[count]):
        groups.setdefault(int(n), []).append(str(name))
    return [(names, n) for n, names in sorted(groups.items(), key=lambda item: -item[0])]


def main_disparity_summary(df: pd.DataFrame, total: int | None = None, label: str = "disparity",
                           count: str = "organisations") -> str:
    """One sentence on the rank-1 disparities: the leader (or a tie) and the runner-up.

    `df` has one row per disparity with the number of organisations naming it
    as their main one; `total` is the organisations behind the view (default:
    the sum of the counts). Tied labels are named in the frame's order.
    'Mental health is the main disparity for 15 of 30 organisations (50%), followed by diabetes (9, 30%).'
    """
    groups = _count_groups(df, label, count) if len(df) else []
    if total is None:
        total = int(df[count].sum()) if len(df) else 0
    if not groups or total <= 0:
        return "No assessments match these filters."
    (leaders, n), runners_up = groups[0], groups[1:2]
    noun = "organisation" if total == 1 else "organisations"
    share = f"{n:,} of {total:,} {noun} ({percent(n / total)})"
    if len(leaders) == 1:
        text = f"{sentence_case(leaders[0])} is the main disparity for {share}"
    else:
        text = f"{sentence_case(join_words(leaders))} are tied as the main disparity, each for {share}"
    return text + followed_by(runners_up, total) + "."


def followed_by(runners_up: list[tuple[list[str], int]], total: int) -> str:
    """', followed by diabetes (9, 30%)' for the runner-up group (or tied group) of a leader sentence."""
    text = ""
    for names, m in runners_up:
        each = " each" if len(names) > 1 else ""
        text += f", followed by {join_words(names)} ({m:,}{each}, {percent(m / total)})"
    return text


def small_sample_caution(n: int, threshold: int = SMALL_SAMPLE, what: str = "organisations") -> str | None:
    """A caution when a breakdown rests on fewer than `threshold` organisations; None otherwise.

    None for n = 0 too: an empty view is said by its own message, not a caution.
    """
    if n <= 0 or n >= threshold:
        return None
    return f"Based on only {count_phrase(n, _singular(what), what)}: treat these shares with caution."


def too_few_for_a_chart(n: int) -> str:
    """Why a view shows numbers instead of a chart of shares."""
    return (f"Only {count_phrase(n, 'organisation')} in this view: the numbers are shown instead of a chart, as "
            "shares of so few groups could be almost anything (their 95% intervals span most of 0-100%). Widen "
            "the filters to compare.")


def coverage_sentence(n: int, total: int | None = None) -> str:
    """How many organisations the current view covers: 'This view covers 12 of 30 organisations.'"""
    if total is None or total == n:
        return f"This view covers {'all ' if total and total > 1 else ''}{count_phrase(n, 'organisation')}."
    return f"This view covers {n:,} of {count_phrase(total, 'organisation')}."


def empty_view_sentence(without: Sequence[tuple[str, int]]) -> str:
    """Which filters emptied the view: 'No organisation matches all these filters. Without Ward, 5
    organisations would match; without Community, 3.'"""
    helpful = [(label, n) for label, n in without if n]
    if not helpful:
        return ("No organisation matches these filters, even with any one of them removed: reset the filters to "
                "see every organisation.")
    parts = [f"without *{escape_markdown(label)}*, {count_phrase(n, 'organisation')} would match"
             for label, n in helpful]
    return f"No organisation matches all these filters together: {join_words(parts, 'and')}."


def sample_sentence(sample: int, total: int) -> str | None:
    """The sample banner's count of what the view shows ('3 of the 5 organisations in this view ...')."""
    if not sample:
        return None
    which = f"All {count_phrase(total, 'organisation')} in this view are" if sample == total else \
        f"{sample:,} of the {count_phrase(total, 'organisation')} in this view are"
    return which.replace("All 1 organisation in this view are", "The organisation in this view is")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """User-supplied text (an organisation's name, a note) made inert inside Streamlit markdown.

    Streamlit already refuses raw HTML in markdown; this also stops names such as
    `[click](javascript:...)`, `**bold**` or `$x$` from being rendered as links, emphasis or maths.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _unlinked(str(text)))


# Streamlit's markdown turns bare addresses into links after escapes are read (GFM's autolink literals:
# "https://", "www.", "name@host"), so escaping alone does not stop them; an invisible word joiner does.
_AUTOLINK_START = re.compile(r"(?i)(://|\bwww\.|@)")
WORD_JOINER = "\u2060"


def _unlinked(text: str) -> str:
    return _AUTOLINK_START.sub(lambda m: m.group(1)[:-1] + WORD_JOINER + m.group(1)[-1], text)


YES_ANSWERS = {"Offers mental-health support": "offering mental-health support"}  # a yes/no question's words


def _round_dates(first, last) -> str:
    from disparities.formats import day
    first, last = pd.Timestamp(first).date(), pd.Timestamp(last).date()
    return day(first) if first == last else f"{day(first)} to {day(last)}"


def _answer(row) -> str:
    item = YES_ANSWERS.get(row.question) if row.item == "yes" else None
    item = item or f"{escape_markdown(str(row.item))} as a {row.question.lower()}"
    verb = "rose" if row.change > 0 else "fell"
    return f"{item} {verb} from {percent(row.previous_share)} to {percent(row.latest_share)}"


def round_changes_summary(table: pd.DataFrame, what: str = "returns") -> str:
    """What changed between each group's previous and latest return (or assessment), by more than chance.

    'Of the 18 groups with two returns (previous returns 3 Aug 2021 to 24 Sep 2021; latest 9 Mar 2022 to 8 Apr
    2022), 2 answers changed by more than chance: NHS Talking Therapies as a referral route rose from 28% to 100%
    and funding as a support need rose from 56% to 100%. The other 31 changed within chance.'
    """
    if table.empty:
        return f"No group in view has two {what} yet."
    first = table.iloc[0]
    opening = (f"Of the {count_phrase(int(first['organisations']), 'group')} with two {what} (previous {what} "
               f"{_round_dates(first['previous_from'], first['previous_to'])}; latest "
               f"{_round_dates(first['latest_from'], first['latest_to'])})")
    changed = table[table["trend"].isin(["increased", "decreased"])]
    changed = changed.reindex(changed["change"].abs().sort_values(ascending=False, kind="stable").index)
    if changed.empty:
        return f"{opening}, no answer changed by more than chance."
    answers = [_answer(row) for row in changed.head(4).itertuples()]
    if len(changed) > 4:
        answers.append(f"{len(changed) - 4:,} more")
    rest = len(table) - len(changed)
    return (f"{opening}, {count_phrase(len(changed), 'answer')} changed by more than chance: {join_words(answers)}."
            + (f" The other {rest:,} changed within chance." if rest else ""))
