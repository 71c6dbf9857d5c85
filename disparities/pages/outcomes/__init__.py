"""The Outcomes page as sections: indicators' status by theme, every indicator's status, and the readings of the
success measures against their targets.

Indicators are programme-wide figures (totals of the programme, not of the organisations in view), so the
filters do not change these sections and nothing in them is suppressed. The page adds what is interactive:
browsing themes, outcomes and actions, and charting the trajectory of a chosen theme or indicator.
"""
from __future__ import annotations

from functools import partial

import duckdb

from disparities.pages.outcomes import charts
from disparities.filters import Filters
from disparities.pages.outcomes import queries
from disparities.sections import Section
from disparities.summaries import escape_markdown
from disparities.pages.outcomes import sentences

TITLE = "Outcomes"
CAPTION = "Appendix 1 key deliverables and the project's own success measures, each read against its target."
TEMPLATES = ("upload an indicators file (template: `python -m disparities template indicators`), then their "
             "readings (template: `python -m disparities template readings`)")
NO_INDICATORS = f"No indicators yet. To track outcomes, {TEMPLATES}."
SCOPE_NOTE = ("Indicators are programme-wide figures, not figures of the organisations in view: the sidebar's "
              "organisation and date filters do not apply on this page.")
READINGS_NOTE = ("Each reading with the value expected by its date (on the straight line from the baseline to the "
                 "target) and the target. Values are in the indicator's unit; a count counts what the indicator "
                 "names.")


def sections(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Section]:
    """The page's sections in page order. `filters` do not apply to indicators; they are taken for a uniform call."""
    status = queries.indicator_status(con)
    return [
        Section("status-by-theme", "Status by theme", queries.rag_counts(status), charts.rag_bars,
                sentences.rag_summary, note=SCOPE_NOTE, empty=NO_INDICATORS),
        Section("indicator-status", "Every indicator's status", sentences.indicator_table(status), None,
                sentences.behind_summary, note=queries.RAG_RULE,
                empty=f"No indicators to list yet: {TEMPLATES}."),
        _trajectories(con, status),
    ]


def _trajectories(con, status) -> Section:
    framework = queries.default_framework(status)
    if framework is None:
        return Section("trajectories", "Readings against their targets", sentences.readings_table(
            queries.readings_against_targets(con, "")), None, empty=f"No readings yet: {TEMPLATES}.")
    success = framework == queries.SUCCESS_MEASURES
    plural = "success measures" if success else f"{framework} indicators"  # titles are plain text
    noun = "success measure" if success else f"{escape_markdown(framework)} indicator"  # summaries are markdown
    return Section("trajectories", f"Readings of the {plural} against their targets",
                   sentences.readings_table(queries.readings_against_targets(con, framework)), None,
                   partial(sentences.readings_summary, noun=noun), note=READINGS_NOTE,
                   empty=f"No readings yet: {TEMPLATES}.")
