"""The Organisations page's exportable part: the register of the organisations in view.

The page adds what is interactive (a search box, one organisation's records); exports and the meeting pack
carry the register as filtered.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from disparities.filters import Filters, format_date
from disparities.pages.organisations import charts
from disparities.pages.organisations import queries
from disparities.sections import Section
from disparities.suppression import Keyed
from disparities.pages.organisations import sentences

TITLE = "Organisations"
CAPTION = "The register of participating groups, and each group's assessments, toolkit returns and events."
REGISTER_NOTE = ("Latest assessment and return are within the chosen dates, if any; events are counted over all "
                 "dates. Beneficiaries per year are each group's own figure.")


def register_summary(register: pd.DataFrame) -> str:
    return sentences.showing_sentence(len(register), len(register))


def register_section(register: pd.DataFrame) -> Section:
    """The register as a section: beneficiaries per year count people, so the small-number policy applies."""
    return Section("register", "The register", register, None, register_summary, note=REGISTER_NOTE,
                   empty=sentences.no_organisations_message(),
                   people=("beneficiaries_per_year", "staff", "volunteers"),
                   keyed=tuple(Keyed(column, "org_id", column, shown=True)
                               for column in ("beneficiaries_per_year", "staff", "volunteers")))


def sections(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Section]:
    return [register_section(queries.organisation_register(con, filters, ""))]


# ---- one organisation's records: sections too, so they pass the same small-number policy --------------

ORG = "org"  # each row's contributor (the organisation) for the cell key; dropped when published


def assessment_sections(ranks: pd.DataFrame, org_id: str) -> list[Section]:
    """One section per assessment of one organisation (newest first): bars of beneficiaries affected."""
    return [Section(f"{org_id}-assessment-{day}", f"Assessment of {format_date(dt.date.fromisoformat(day))}",
                    one.assign(**{ORG: org_id}),
                    charts.assessment_bars, sentences.assessment_summary, people=("beneficiaries_affected",),
                    keyed=(Keyed("beneficiaries_affected", ORG, "beneficiaries_affected", label="disparity"),))
            for day, one in queries.split_by_assessment(ranks)]


def returns_section(returns: pd.DataFrame, org_id: str, filters: Filters = Filters()) -> Section:
    return Section(f"{org_id}-toolkit-returns", "Toolkit returns", returns.assign(**{ORG: org_id}),
                   summarise=sentences.toolkit_summary, empty=sentences.no_return_message(filters),
                   people=("beneficiaries_supported",),
                   keyed=(Keyed("beneficiaries_supported", ORG, "beneficiaries_supported"),))


def events_section(events: pd.DataFrame, org_id: str) -> Section:
    return Section(f"{org_id}-events", "Events attended", events, summarise=sentences.events_summary,
                   empty=sentences.no_events_message(), people=("participants",),
                   keyed=(Keyed("participants", "event_id", "participants", shown=True),))


def one_organisation(con: duckdb.DuckDBPyConnection, filters: Filters, org_id: str) -> dict[str, list[Section]]:
    """One organisation's assessments, toolkit returns and events attended, as sections (not yet published)."""
    return {"assessments": assessment_sections(queries.assessment_ranks(con, filters, org_id), org_id),
            "returns": [returns_section(queries.toolkit_returns(con, filters, org_id), org_id, filters)],
            "events": [events_section(queries.events_attended(con, filters, org_id), org_id)]}
