"""The Mental-health mapping page as sections: who has returned the toolkit, services, referral routes,
barriers, support needs, beneficiaries supported (by size and by age group), languages and the funding cliff,
from each organisation's latest mapping-toolkit return."""
from __future__ import annotations

import datetime as dt
from functools import partial

import duckdb
import pandas as pd

from disparities import summaries
from disparities.charts import round_change_dumbbells
from disparities.pages.mapping import charts
from disparities.filters import Filters
from disparities.pages.mapping import queries
from disparities.sections import Section
from disparities.suppression import Keyed
from disparities.pages.mapping import sentences

TITLE = "Mental-health mapping"
CAPTION = "The mapping-toolkit returns on groups' mental-health work: each organisation's latest return."
NO_RETURNS = ("No mapping-toolkit returns match these filters. Widen the filters, or upload a toolkit file "
              "(template: `python -m disparities template toolkit`).")
NO_ORGANISATIONS = ("No organisations match these filters. Widen the filters, or upload the register of "
                    "organisations (template: `python -m disparities template organisations`).")
OTHER_NOTE = "Answers not on the toolkit's list are counted together as \"other\"."

# (key, title, list column, vocabulary, noun, verb) for the four charts of items named in the returns.
LISTS = (("toolkit-services", "Services and mental-health support", "services", "service", "service", "offered"),
         ("toolkit-referral-routes", "Referral routes", "referral_routes", "referral_route", "referral route",
          "named"),
         ("toolkit-barriers", "Barriers to getting help, ranked", "barriers", "barrier", "barrier", "named"),
         ("toolkit-support-needs", "Support the groups need", "support_needs", "support_need", "support need",
          "named"))

# The register's columns as the table of organisations still to return the toolkit shows them.
NOT_RETURNED_COLUMNS = {"org_id": "Org ID", "name": "Name", "ward": "Ward", "joined_network_on": "Joined the network"}


def sections(con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date | None = None) -> list[Section]:
    """The page's sections in page order; `today` (default: the real date) places the funding cliff's today."""
    today = today or dt.date.today()
    coverage = queries.return_coverage(con, filters)
    organisations, returned = int(coverage["organisations"].iloc[0]), int(coverage["returned"].iloc[0])
    found = [_not_returned(con, filters, organisations, returned)]
    support = queries.mental_health_support(con, filters)
    for key, title, column, vocabulary, noun, verb in LISTS:
        items = queries.items_named(con, filters, column)
        services = column == "services"
        summarise = (partial(sentences.services_summary, support=support) if services else
                     partial(sentences.items_summary, noun=noun, verb=verb))
        empty = NO_RETURNS if not returned else sentences.items_summary(items, noun, verb)
        if services and returned:  # the yes/no answer stands even when no service is named
            empty = f"{sentences.mental_health_support_summary(support)} {empty}"
        note = OTHER_NOTE if (items["item"] == "other").any() else ""
        found.append(Section(key, title, items, partial(charts.items_bars, vocabulary=vocabulary, what=f"the {noun}"),
                             summarise, note=note, empty=empty, based_on=returned))
    found += [_beneficiary_sizes(con, filters, returned), _age_groups(con, filters, returned),
              _languages(con, filters, returned), _funding_cliff(con, filters, returned, today),
              round_changes_section(con, filters, returned)]
    return found


ROUNDS_NOTE = ("Only the groups in view with two or more returns in the date range, each compared with itself: "
               "its latest return against the one before. A change counts as more than chance when the 95% "
               "interval of the difference (Newcombe's method) leaves out zero; with few groups, only large "
               "changes do. The download has every answer.")


def round_changes_section(con: duckdb.DuckDBPyConnection, filters: Filters, returned: int | None = None) -> Section:
    """The latest toolkit round against the previous one (also on the Overview and in the meeting pack);
    `returned`: the returns in view, when known (none at all is said as on the page's other sections)."""
    changes = queries.round_changes(con, filters)
    empty = NO_RETURNS if returned == 0 else (
        "No group in view has sent two toolkit returns yet: the change between rounds shows once some have.")
    return Section("toolkit-round-changes", "Change since the previous round", changes,
                   round_change_dumbbells, summaries.round_changes_summary,
                   note=ROUNDS_NOTE if len(changes) else "", empty=empty,
                   based_on=int(changes["organisations"].iloc[0]) if len(changes) else None)


def _not_returned(con, filters: Filters, organisations: int, returned: int) -> Section:
    waiting = queries.not_returned(con, filters)
    # Dates without a time of day, so the table shows 2021-01-27 rather than a midnight timestamp.
    waiting["joined_network_on"] = [None if pd.isna(day) else pd.Timestamp(day).date()
                                    for day in waiting["joined_network_on"]]
    everyone = sentences.returns_received_summary(
        pd.DataFrame({"organisations": [organisations], "returned": [returned]}))
    return Section("toolkit-not-returned", "Returns received", waiting.rename(columns=NOT_RETURNED_COLUMNS),
                   summarise=partial(sentences.not_returned_summary, organisations=organisations, returned=returned),
                   empty=NO_ORGANISATIONS if not organisations else everyone)


def _beneficiary_sizes(con, filters: Filters, returned: int) -> Section:
    figures = queries.beneficiary_figures(con, filters)
    bands = queries.beneficiary_bands(con, filters)
    reported = int(figures["reported"].iloc[0])
    # Every band is listed, empty ones too, so the table is only empty when no return gave a figure.
    repeated = {column: figures[figure].iloc[0] for column, figure in sentences.SIZE_TABLE_FIGURES.items()}
    sizes = bands.assign(**repeated, **_size_contributors(list(figures["reporting_orgs"].iloc[0]), len(bands))
                         ) if reported else bands.iloc[0:0]
    return Section(
        "toolkit-beneficiary-sizes", "Beneficiaries supported", sizes, charts.beneficiary_band_bars,
        sentences.beneficiary_sizes_summary,
        note="People supported in the last 12 months, as each group reported it; the bars count returns by size."
             if len(sizes) else "",
        empty=NO_RETURNS if not returned else sentences.beneficiaries_summary(figures), based_on=reported,
        people=("people_supported", "median_per_group", "smallest_figure", "largest_figure"),
        keyed=tuple(Keyed(column, f"{column}_by", "beneficiaries_supported", mean=column == "median_per_group")
                    for column in SIZE_FIGURES))


SIZE_FIGURES = ("people_supported", "median_per_group", "smallest_figure", "largest_figure")


def _size_contributors(ordered: list[str], rows: int) -> dict[str, list]:
    """Whose figures each size figure is (organisations ordered by their figure): all of them for the total,
    the middle one or two for the median, the first and the last for the range. A figure of one group gets
    the same cell key here as on that group's own page, so the two never give two readings of one number."""
    middle = len(ordered) // 2
    median = ordered[middle:middle + 1] if len(ordered) % 2 else ordered[middle - 1:middle + 1]
    by = {"people_supported": ordered, "median_per_group": median, "smallest_figure": ordered[:1],
          "largest_figure": ordered[-1:]}
    return {f"{column}_by": [list(orgs)] * rows for column, orgs in by.items()}


def _age_groups(con, filters: Filters, returned: int) -> Section:
    return Section(
        "toolkit-beneficiaries-by-age-group", "People supported, by age group served",
        queries.beneficiaries_by_age_group(con, filters), charts.age_group_bars, sentences.age_group_summary,
        empty=NO_RETURNS if not returned else sentences.age_group_summary(pd.DataFrame()), based_on=returned,
        people=("beneficiaries",),
        # Each group's figure is its total, whatever age groups it serves: the same quantity as on its own page.
        keyed=(Keyed("beneficiaries", "contributors", "beneficiaries_supported"),))


def _languages(con, filters: Filters, returned: int) -> Section:
    spoken = queries.languages(con, filters)
    return Section(
        "toolkit-languages", "Languages", spoken, charts.language_bars, sentences.languages_summary,
        note=f"Languages as the groups wrote them; spellings that differ only in capitals count as one. The chart "
             f"shows the {charts.TOP_LANGUAGES} most named; the table has them all." if len(spoken) else "",
        empty=NO_RETURNS if not returned else sentences.languages_summary(spoken), based_on=returned)


def _funding_cliff(con, filters: Filters, returned: int, today: dt.date) -> Section:
    cliff = queries.funding_cliff(con, filters)
    return Section(
        "toolkit-funding-cliff", "Funding cliff: when secured funding runs out", cliff,
        partial(charts.funding_cliff_chart, today=today),
        partial(sentences.funding_cliff_summary, today=today, returns=returned),
        note="Bars: groups whose secured funding ends in each calendar quarter. Line: how many have run out by "
             "each date." if len(cliff) else "",
        empty=NO_RETURNS if not returned else sentences.funding_cliff_summary(cliff, today, returned),
        based_on=returned)
