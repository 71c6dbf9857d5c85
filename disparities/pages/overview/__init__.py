"""The Overview as sections: the project's success measures and what the store holds.

The page shows the success measures as tiles; exports and the meeting pack carry the same figures as a table.
The page adds the data's freshness and a way into each page.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from disparities import queries
from disparities.filters import Filters
from disparities.pages.mapping import round_changes_section
from disparities.pages.outcomes import queries as outcome_queries
from disparities.sections import Section
from disparities.summaries import count_phrase, join_words
from disparities.pages.outcomes import sentences as outcome_sentences

TITLE = "Overview"
CAPTION = ("Evidence from the partnership programme of Tower Hamlets Council for Voluntary Service with Black, Asian "
           "and minority ethnic community groups, with an emphasis on mental health.")
MEASURES_NOTE = ("Programme-wide figures: the sidebar's filters do not change them. The Outcomes page explains the "
                 "status and shows each measure's trajectory.")
NO_MEASURES = (f"No success measures yet. Upload an indicators file with the framework "
               f"\"{outcome_queries.SUCCESS_MEASURES}\" (template: `python -m disparities template indicators`).")
STORE_NOTE = ("Rows in the current state of the store, per kind of file: a later upload replaces the rows it "
              "updates, and an undone upload's rows leave.")
LAST_CHANGED = "last changed (UTC)"


def store_summary(store: pd.DataFrame) -> str:
    """'The store holds 523 rows of 7 of the 8 kinds, all of them sample data; nothing yet for Population.'"""
    total, sample = int(store["rows"].sum()), int(store["sample rows"].sum())
    if total == 0:
        return "The store is empty."
    held = store[store["rows"] > 0]
    kinds = (f"all {len(store)} kinds" if len(held) == len(store)
             else f"{len(held):,} of the {len(store):,} kinds")
    text = f"The store holds {count_phrase(total, 'row')} of {kinds}"
    if sample:
        text += ", all of them sample data" if sample == total else f", {sample:,} of them sample data"
    missing = store.loc[store["rows"] == 0, "what it holds"].tolist()
    if missing:
        text += f"; nothing yet for {join_words(missing).lower()}"
    return f"{text}."


def sections(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Section]:
    """The overview's sections. The success measures are programme-wide: `filters` do not change them."""
    measures = outcome_queries.indicator_status(con, outcome_queries.SUCCESS_MEASURES)
    store = queries.store_overview(con)
    store[LAST_CHANGED] = pd.to_datetime(store[LAST_CHANGED]).dt.floor("min")  # to the minute: seconds say nothing
    # the figures before the long descriptions, so that they are in view on a laptop's screen
    store = store[["kind", "rows", "sample rows", LAST_CHANGED, "what it holds", "description"]]
    return [
        Section("success-measures", "Success measures", outcome_sentences.measures_table(measures), None,
                outcome_sentences.status_words_summary, note=MEASURES_NOTE, empty=NO_MEASURES),
        round_changes_section(con, filters),  # the page says it in a sentence; the meeting pack draws it too
        Section("store", "What the store holds", store, None, store_summary, note=STORE_NOTE),
    ]
