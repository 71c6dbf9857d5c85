"""The Organisations page's exportable part: the register of the organisations in view.

The page adds what is interactive (a search box, one organisation's records); exports and the meeting pack
carry the register as filtered.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ..filters import Filters
from ..queries import organisations as queries
from ..sections import Section
from ..summaries import organisations as sentences

TITLE = "Organisations"
CAPTION = "The register of participating groups, and each group's assessments, toolkit returns and events."
REGISTER_NOTE = ("Latest assessment and return are within the chosen dates, if any; events are counted over all "
                 "dates. Beneficiaries per year are each group's own figure.")


def register_summary(register: pd.DataFrame) -> str:
    return sentences.showing_sentence(len(register), len(register))


def register_section(register: pd.DataFrame) -> Section:
    """The register as a section: beneficiaries per year count people, so the small-number policy applies."""
    return Section("register", "The register", register, None, register_summary, note=REGISTER_NOTE,
                   empty=sentences.no_organisations_message(), people=("beneficiaries_per_year",))


def sections(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Section]:
    return [register_section(queries.organisation_register(con, filters, ""))]
