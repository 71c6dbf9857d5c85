"""Sentences for the Mental-health mapping page; each takes the DataFrame its chart or table shows."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from disparities.filters import format_date
from disparities.summaries import count_phrase, escape_markdown, followed_by, join_words, percent, sentence_case


def _leaders(table: pd.DataFrame, label: str, count: str) -> list[tuple[list[str], int]]:
    """Labels grouped by equal count, largest first, keeping the frame's order within a group; zeros left out."""
    groups: dict[int, list[str]] = {}
    for name, n in zip(table[label], table[count]):
        if n > 0:
            groups.setdefault(int(n), []).append(str(name))
    return [(names, n) for n, names in sorted(groups.items(), key=lambda item: -item[0])]


def _most_often(table: pd.DataFrame, label: str, what: str, out_of: int) -> str:
    """'Stigma is the barrier named most often: by 16 of 24 returns (67%), followed by language (9, 38%).'"""
    groups = _leaders(table, label, "returns")
    (leaders, n), runners_up = groups[0], groups[1:2]
    share = f"{n:,} of {count_phrase(out_of, 'return')} ({percent(n / out_of)})"
    if len(leaders) == 1:
        text = f"{sentence_case(leaders[0])} is the {what} most often: by {share}"
    else:
        text = f"{sentence_case(join_words(leaders))} are tied as the {what} most often, each by {share}"
    return text + followed_by(runners_up, out_of) + "."


def returns_received_summary(coverage: pd.DataFrame) -> str:
    """'24 of 30 organisations in view have returned the toolkit (80%); 6 have not yet.'"""
    organisations = int(coverage["organisations"].iloc[0]) if len(coverage) else 0
    returned = int(coverage["returned"].iloc[0]) if len(coverage) else 0
    if organisations == 0:
        return "No organisations match these filters."
    if returned == organisations:
        every = "The 1 organisation" if organisations == 1 else f"All {organisations:,} organisations"
        return f"{every} in view {'has' if organisations == 1 else 'have'} returned the toolkit."
    waiting = organisations - returned
    noun = "organisation" if organisations == 1 else "organisations"
    verb = "has" if returned == 1 else "have"
    return (f"{returned:,} of {organisations:,} {noun} in view {verb} returned the toolkit "
            f"({percent(returned / organisations)}); {waiting:,} {'has' if waiting == 1 else 'have'} not yet.")


def not_returned_summary(table: pd.DataFrame, organisations: int, returned: int) -> str:
    """How many organisations in view have returned the toolkit, for the table of those that have not."""
    text = returns_received_summary(pd.DataFrame({"organisations": [organisations], "returned": [returned]}))
    return text + (" The table lists those not returned yet, longest in the network first." if len(table) else "")


def items_summary(table: pd.DataFrame, noun: str, verb: str = "named") -> str:
    """The most-named item of a list column, the runner-up, and how many returns named none.

    `noun` is the singular of what the items are ("service", "barrier"); `verb` how returns name them
    ("offered", "named"): 'Signposting is the service offered most often: by 13 of 24 returns (54%), ...'
    """
    if table.empty or int(table["returns"].max()) == 0:
        return f"No return in view names a {noun}."
    out_of = int(table["out_of"].iloc[0])
    text = _most_often(table, "item", f"{noun} {verb}", out_of)
    silent = out_of - int(table["answered"].iloc[0])
    if silent:
        text += f" {count_phrase(silent, 'return')} named no {noun}."
    return text


def mental_health_support_summary(table: pd.DataFrame) -> str:
    """'21 of 24 returns (88%) say the group offers mental-health support; 3 say it does not.'"""
    counts = dict(zip(table["answer"], table["returns"].astype(int)))
    out_of = sum(counts.values())
    if out_of == 0:
        return "No returns match these filters."
    yes, no, unknown = counts.get("yes", 0), counts.get("no", 0), counts.get("not stated", 0)
    text = (f"{yes:,} of {count_phrase(out_of, 'return')} ({percent(yes / out_of)}) "
            f"{'says' if yes == 1 else 'say'} the group offers mental-health support")
    if no:
        text += f"; {no:,} {'says' if no == 1 else 'say'} it does not"
    if unknown:
        text += f"; {unknown:,} did not say"
    return text + "."


def services_summary(table: pd.DataFrame, support: pd.DataFrame) -> str:
    """Whether groups offer mental-health support (a `mental_health_support` frame), then the service offered
    most often (an `items_named` frame of services)."""
    return f"{mental_health_support_summary(support)} {items_summary(table, 'service', 'offered')}"


def _people(n: float) -> str:
    """A count of people, written without a spurious '.0' (a median of an even number of figures may be x.5)."""
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"


def beneficiaries_summary(figures: pd.DataFrame) -> str:
    """'Groups supported 4,180 people in the last 12 months, a median of 82.5 per group (from 0 to 1,035);
    all 24 returns gave a figure.'

    Figures withheld under the small-number policy (missing) are said to be too small to publish.
    """
    returns = int(figures["returns"].iloc[0]) if len(figures) else 0
    reported = int(figures["reported"].iloc[0]) if len(figures) else 0
    if returns == 0:
        return "No returns match these filters."
    if reported == 0:
        return f"None of the {count_phrase(returns, 'return')} gave a figure for people supported."
    row = figures.iloc[0]
    withheld = pd.isna(row["total"])
    people = "" if withheld else f"{_people(float(row['total']))} {'person' if row['total'] == 1 else 'people'}"
    if reported == 1:
        rest = f"; {count_phrase(returns - 1, 'other return')} gave none" if returns > 1 else ""
        if withheld:
            return ("The one return that gave a figure reports a number of people supported in the last 12 months "
                    f"that is too small to publish{rest}.")
        return f"The one return that gave a figure reports {people} supported in the last 12 months{rest}."
    gave = (f"all {returns:,} returns gave a figure" if reported == returns else
            f"{reported:,} of {count_phrase(returns, 'return')} gave a figure")
    if withheld:  # a small total: the median and range are small too, and withheld with it
        return f"The number of people the groups supported in the last 12 months is too small to publish; {gave}."
    median = "" if pd.isna(row["median"]) else f", a median of {_people(float(row['median']))} per group"
    spread = (" (some groups' figures are too small to publish)" if pd.isna(row["smallest"]) or
              pd.isna(row["largest"]) else
              f" (from {_people(float(row['smallest']))} to {_people(float(row['largest']))})")
    return f"Groups supported {people} in the last 12 months{median}{spread}; {gave}."


# The beneficiary figures, repeated on every row of the sizes table so its sentence is computed from it (and
# follows the small-number policy): table column -> beneficiary_figures column.
SIZE_TABLE_FIGURES = {"returns_in_view": "returns", "returns_with_a_figure": "reported",
                      "people_supported": "total", "median_per_group": "median", "smallest_figure": "smallest",
                      "largest_figure": "largest"}


def beneficiary_sizes_summary(table: pd.DataFrame) -> str:
    """The people supported in all (from the figures repeated on each row), then the most common size band."""
    figures = table.iloc[:1][list(SIZE_TABLE_FIGURES)].rename(columns=SIZE_TABLE_FIGURES)
    return f"{beneficiaries_summary(figures)} {beneficiary_bands_summary(table)}"


def beneficiary_bands_summary(bands: pd.DataFrame) -> str:
    """'The most common size is 100-249 people supported: 6 of 24 returns that gave a figure (25%).'"""
    reported = int(bands["returns"].sum()) if len(bands) else 0
    if reported == 0:
        return "No return gave a figure for people supported."
    (leaders, n), *_ = _leaders(bands, "band", "returns")
    if len(leaders) > 2:
        return (f"No size stands out: no band holds more than {n:,} of the {count_phrase(reported, 'return')} "
                "that gave a figure.")
    sizes = join_words(leaders)
    what, each = ("size is", "") if len(leaders) == 1 else ("sizes are", " each")
    return (f"The most common {what} {sizes} people supported: {n:,}{each} of {count_phrase(reported, 'return')} "
            f"that gave a figure ({percent(n / reported)}).")


def age_group_summary(table: pd.DataFrame) -> str:
    """'Groups serving adults (26-64) supported the most people: 3,660, from 18 returns. ...'"""
    if table.empty or int(table["returns"].sum()) == 0:
        return "No return in view says which age groups it serves."
    overlap = "A group serving several age groups counts in each, so the bars add up to more than the total."
    people = table["beneficiaries"].astype("Float64")
    if people.isna().all():  # every figure withheld under the small-number policy
        return f"Every figure here is too small to publish. {overlap}"
    # Withheld figures are the smallest ones (or hidden beside them), so the largest shown is the largest.
    top = table.assign(_people=people).sort_values(["_people", "returns"], ascending=False, kind="stable",
                                                   na_position="last").iloc[0]
    return (f"Groups serving {top['age_group']} supported the most people: {int(top['_people']):,}, "
            f"from {count_phrase(int(top['returns']), 'return')}. {overlap}")


def languages_summary(table: pd.DataFrame) -> str:
    """'English is the language named most often: by 24 of 24 returns (100%), followed by Bengali and Sylheti
    (9 each, 38%). Returns name 16 languages in all.'"""
    out_of = int(table["out_of"].iloc[0]) if len(table) else 0
    if table.empty:
        return "No return in view names a language."
    # Languages are a free list typed by the groups, so they are made inert before going into markdown.
    text = _most_often(table.assign(language=table["language"].map(escape_markdown)), "language", "language named",
                       out_of)
    return text + f" Returns name {count_phrase(len(table), 'language')} in all."


def _a_year_after(day: dt.date) -> dt.date:
    """The same date next year; 29 Feb becomes 28 Feb."""
    leap_day = (day.month, day.day) == (2, 29)
    return day.replace(year=day.year + 1, day=28) if leap_day else day.replace(year=day.year + 1)


def funding_cliff_summary(table: pd.DataFrame, today: dt.date, returns: int) -> str:
    """When secured funding runs out, from the per-date counts the chart draws; `returns` are those in view.

    'Secured funding for 24 of 24 groups ends on or before today (21 Nov 2026). The most in one quarter is 7,
    in the quarter to 31 Mar 2022. Every return gave a date.' Groups with no date are said, never dropped.
    """
    if returns == 0:
        return "No returns match these filters."
    dated = int(table["groups"].sum()) if len(table) else 0
    no_date = returns - dated
    undated = ("Every return gave a date." if no_date == 0 else
               f"None of the {count_phrase(returns, 'return')} gave a date." if dated == 0 else
               f"{count_phrase(no_date, 'return')} gave no date.")
    if dated == 0:
        return undated
    ends = pd.to_datetime(table["ends_on"]).dt.date
    ended = int(table.loc[(ends <= today).to_numpy(), "groups"].sum())
    noun = "group" if returns == 1 else "groups"
    text = f"Secured funding for {ended:,} of {returns:,} {noun} ends on or before today ({format_date(today)})"
    if ended < dated:
        coming = int(table.loc[((ends > today) & (ends <= _a_year_after(today))).to_numpy(), "groups"].sum())
        text += f"; for {coming:,} more it ends in the next 12 months"
    by_quarter = table.groupby("quarter_end", sort=True)["groups"].sum()
    peak_end, peak = by_quarter.idxmax(), int(by_quarter.max())  # idxmax: the earliest of tied quarters
    text += (f". The most in one quarter is {peak:,}, in the quarter to "
             f"{format_date(pd.Timestamp(peak_end).date())}. ")
    return text + undated

