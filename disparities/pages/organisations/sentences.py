"""Sentences of the Organisations page. Every name, title, ward or list item comes from an upload, so each
passes through escape_markdown before it reaches markdown."""
from __future__ import annotations

import pandas as pd

from disparities.filters import Filters, format_date
from disparities.suppression import SUPPRESSED
from disparities.summaries import count_phrase, escape_markdown, join_words

TEMPLATE_HINT = "upload an organisations file (template: `python -m disparities template organisations`)"


def _day(value: object) -> str:
    return format_date(pd.Timestamp(value).date()) if value is not None and not pd.isna(value) else "not given"


def _dated(filters: Filters) -> bool:
    return bool(filters.date_from or filters.date_to)


def showing_sentence(shown: int, in_view: int, search: str = "") -> str:
    """'Showing 12 of 30 organisations in view, matching "bangla".'"""
    noun = "organisation" if in_view == 1 else "organisations"
    matching = f', matching "{escape_markdown(search.strip())}"' if search.strip() else ""
    if shown == in_view and not matching:
        return f"Showing {'all ' if in_view > 1 else ''}{in_view:,} {noun} in view."
    return f"Showing {shown:,} of {in_view:,} {noun} in view{matching}."


def no_organisations_message() -> str:
    return f"No organisations match these filters. Widen the filters, or {TEMPLATE_HINT}."


def no_match_message(search: str, in_view: int) -> str:
    return (f'No organisation in view matches "{escape_markdown(search.strip())}" in its id, name, ward or '
            f"communities. Clear the search box to see all {count_phrase(in_view, 'organisation')} in view.")


def not_in_view_message(org_id: str) -> str:
    """A link asked for an organisation the current filters leave out (or one not in the register)."""
    shown = org_id if len(org_id) <= 40 else org_id[:40] + "..."  # a pasted URL may hold anything
    return (f"{escape_markdown(shown)} is not among the organisations in view: widen the filters, or choose "
            "another organisation.")


def organisation_heading(org_id: str, name: str) -> str:
    return escape_markdown(f"{org_id}: {name}")


def organisation_options(register: pd.DataFrame) -> dict[str, str]:
    """org_id -> 'ORG-001: Sample Bangla Wellbeing Group', for a selectbox (its options are plain text)."""
    return {org_id: f"{org_id}: {name}" for org_id, name in zip(register["org_id"], register["name"])}


def organisation_figures(row: pd.Series) -> list[tuple[str, str]]:
    """The organisation's counts as (label, value) pairs for metric tiles; a blank count says 'not given'."""
    def number(value: object) -> str:
        if isinstance(value, str) and value == SUPPRESSED:
            return SUPPRESSED
        return "not given" if value is None or pd.isna(value) else f"{int(value):,}"
    return [("Beneficiaries a year", number(row["beneficiaries_per_year"])), ("Paid staff", number(row["staff"])),
            ("Volunteers", number(row["volunteers"])), ("Events attended", number(row["events_attended"]))]


def organisation_facts(row: pd.Series) -> str:
    """'Ward: Whitechapel. Communities served: Bangladeshi; Sylheti. Income band: £10k-£50k. Joined the network
    on 27 Jan 2021.' Missing facts say 'not given' rather than disappearing."""
    def text(value: object) -> str:
        return escape_markdown(value) if isinstance(value, str) and value else "not given"
    return (f"**Ward:** {text(row['ward'])}  \n**Communities served:** {text(row['communities_served'])}  \n"
            f"**Income band:** {text(row['income_band'])}  \n"
            f"**Joined the network:** {_day(row['joined_network_on'])}")


def given(value: object) -> bool:
    """A '... given' flag of a query (True, numpy's True, or missing for False)."""
    return value is not None and not pd.isna(value) and bool(value)


def _affected(value: object, was_given: object = False) -> str:
    if pd.isna(value):
        return f"{SUPPRESSED}: too few to publish" if given(was_given) else "number not given"
    return f"{int(value):,}"


def assessment_summary(one_assessment: pd.DataFrame) -> str:
    """One assessment (rows in rank order): the main disparity, the next two, how many were ranked.

    'On 12 Mar 2021 mental health was ranked first, affecting an estimated 165 beneficiaries, followed by
    COVID-19 (50) and high blood pressure (50); 4 disparities ranked in all.'
    """
    if one_assessment.empty:
        return "No assessment to show."
    ordered = one_assessment.sort_values("rank")
    first = ordered.iloc[0]
    place = "ranked first" if int(first["rank"]) == 1 else f"ranked highest (rank {int(first['rank'])})"
    text = f"On {_day(first['assessed_on'])} {escape_markdown(first['disparity'])} was {place}"
    if pd.isna(first["beneficiaries_affected"]) and given(first.get("affected_given")):
        text += " (beneficiaries affected: too few to publish)"
    elif pd.isna(first["beneficiaries_affected"]):
        text += " (beneficiaries affected not given)"
    else:
        people = count_phrase(int(first["beneficiaries_affected"]), "beneficiary", "beneficiaries")
        text += f", affecting an estimated {people}"
    flags = ordered["affected_given"] if "affected_given" in ordered else pd.Series(False, index=ordered.index)
    runners_up = [f"{escape_markdown(d)} ({_affected(n, g)})"
                  for d, n, g in zip(ordered["disparity"].iloc[1:3], ordered["beneficiaries_affected"].iloc[1:3],
                                     flags.iloc[1:3])]
    if runners_up:
        text += f", followed by {join_words(runners_up)}"
    return f"{text}; {count_phrase(len(ordered), 'disparity', 'disparities')} ranked in all."


def no_assessment_message(filters: Filters) -> str:
    when = " between the chosen dates" if _dated(filters) else " yet"
    return (f"No assessment of this organisation{when}. Upload an assessment file "
            "(template: `python -m disparities template assessment`).")


def toolkit_summary(returns: pd.DataFrame) -> str:
    """'2 toolkit returns; the latest, on 16 Aug 2021, reports 160 beneficiaries supported in the last 12 months,
    with funding secured until 30 Jun 2022.'"""
    if returns.empty:
        return "No toolkit return to show."
    latest = returns.sort_values("returned_on", ascending=False).iloc[0]
    count = count_phrase(len(returns), "toolkit return")
    which = "the latest, on" if len(returns) > 1 else "on"
    if not pd.isna(latest["beneficiaries_supported"]):
        supported = (f"reports {count_phrase(int(latest['beneficiaries_supported']), 'beneficiary', 'beneficiaries')}"
                     " supported in the last 12 months")
    elif given(latest.get("supported_given")):
        supported = "reports a number of beneficiaries supported too small to publish"
    else:
        supported = "does not say how many beneficiaries it supported"
    funding = (f"with funding secured until {_day(latest['funding_secured_until'])}"
               if not pd.isna(latest["funding_secured_until"]) else "and gives no date for secured funding")
    subject = "it " if len(returns) == 1 else ""
    return f"{count}; {which} {_day(latest['returned_on'])}, {subject}{supported}, {funding}."


def no_return_message(filters: Filters) -> str:
    when = " between the chosen dates" if _dated(filters) else " yet"
    return (f"No toolkit return{when} from this organisation. Upload a toolkit file "
            "(template: `python -m disparities template toolkit`).")


def events_summary(events: pd.DataFrame) -> str:
    """'Attended 5 events, the latest on 13 Oct 2021 (Community of Practice: mapping toolkit findings).'"""
    if events.empty:
        return "No events to show."
    latest = events.sort_values("held_on", ascending=False).iloc[0]
    types = events["type"].value_counts()
    most = types.index[0] if len(types) and (len(types) == 1 or types.iloc[0] > types.iloc[1]) else None
    text = (f"Attended {count_phrase(len(events), 'event')}, the latest on {_day(latest['held_on'])} "
            f"({escape_markdown(latest['title'])})")
    if most is not None and len(events) > 1:
        text += f"; most often {escape_markdown(most)} ({int(types.iloc[0]):,})"
    return text + "."


def no_events_message() -> str:
    return ("No event lists this organisation among those attending. Upload an events file "
            "(template: `python -m disparities template events`).")


# ---- the register as people read it on the page ------------------------------------------------------------

NEVER = "–"  # a date that has not happened (no return yet) or a figure not given
REGISTER_HEADERS = {  # the register's columns in words, in the page's order
    "org_id": "Org ID", "name": "Name", "ward": "Ward", "communities_served": "Communities served",
    "income_band": "Income band", "beneficiaries_per_year": "Beneficiaries", "staff": "Staff",
    "volunteers": "Volunteers", "joined_network_on": "Joined", "latest_assessment": "Last assessed",
    "main_disparity": "Main disparity", "latest_return": "Last return", "events_attended": "Events",
}
PEOPLE_IN_REGISTER = ("beneficiaries_per_year", "staff", "volunteers")
DATES_IN_REGISTER = ("joined_network_on", "latest_assessment", "latest_return")


def _count_text(value: object) -> str:
    """A published people count as the table shows it: '1485' (digits only, so the table sorts it as a number),
    the suppression sign as it is, a dash when not given."""
    if isinstance(value, str):
        return value  # the suppression sign
    if value is None or pd.isna(value):
        return NEVER
    return str(int(value))


def register_table(published: pd.DataFrame) -> pd.DataFrame:
    """The published register (`Section.display_table`) for the page's table: headers in words, dates as
    '14 Jul 2021' and a dash for none (never 'None' or 'NaT'), people counts as the policy left them ('*' kept).

    Only a published table is accepted: renamed, its people counts would no longer be named as such."""
    from disparities.suppression import require_published
    require_published(published)
    shown = published[list(REGISTER_HEADERS)].copy()
    for column in DATES_IN_REGISTER:
        shown[column] = [_day(v) if v is not None and not pd.isna(v) else NEVER for v in shown[column]]
    for column in PEOPLE_IN_REGISTER:
        shown[column] = [_count_text(v) for v in shown[column]]
    for column in ("ward", "communities_served", "income_band", "main_disparity"):
        shown[column] = [NEVER if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "" else v
                         for v in shown[column]]
    shown = shown.rename(columns=REGISTER_HEADERS)
    shown.attrs = dict(published.attrs)
    return shown
