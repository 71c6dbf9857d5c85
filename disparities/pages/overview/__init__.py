"""The Overview as sections: the project's success measures and what the store holds.

The page shows the success measures as tiles; exports and the meeting pack carry the same figures as a table.
The page adds the data's freshness and a way into each page.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from disparities import queries
from disparities.filters import Filters, format_date, organisation_clause
from disparities.queries import latest_per_organisation
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
        since_section(con, filters),  # first, so the meeting pack opens on it
        Section("success-measures", "Success measures", outcome_sentences.measures_table(measures), None,
                outcome_sentences.status_words_summary, note=MEASURES_NOTE, empty=NO_MEASURES),
        round_changes_section(con, filters),  # the page says it in a sentence; the meeting pack draws it too
        Section("store", "What the store holds", store, None, store_summary, note=STORE_NOTE),
    ]


# ---- since the last meeting ---------------------------------------------------------------------------------

FUNDING_AHEAD = dt.timedelta(days=91)  # "funding ending within the next three months"
SINGULAR = {"uploads applied": "upload applied", "organisations joined the network": "organisation joined the network",
            "toolkit returns received": "toolkit return received",
            "organisations yet to return the toolkit": "organisation yet to return the toolkit",
            "indicators whose status changed": "indicator whose status changed",
            "recommendations raised or moved on": "recommendation raised or moved on",
            "groups whose funding ends within three months": "group whose funding ends within three months"}
SINCE_COLUMNS = ["what", "count", "detail", "page"]


def last_meeting(con: duckdb.DuckDBPyConnection, today: dt.date) -> dt.date | None:
    """The date of the advisory group's last meeting on or before `today`, from the events."""
    return con.execute("SELECT max(held_on) FROM events WHERE type = 'advisory group' AND held_on <= ?",
                       [today]).fetchone()[0]


def since(con: duckdb.DuckDBPyConnection, filters: Filters, day: dt.date | None = None,
          today: dt.date | None = None) -> pd.DataFrame:
    """What changed since `day` (default: the advisory group's last meeting): one row per kind of change, with
    how many, the names or figures, and the page that shows it. Organisation rows follow the filters."""
    today = today or dt.date.today()
    day = day or last_meeting(con, today)
    if day is None:
        return pd.DataFrame(columns=[*SINCE_COLUMNS, "since"])
    where, params = organisation_clause(filters, "o")
    rows = []

    def add(what: str, count: int, detail: str, page: str) -> None:
        if count == 1:  # "1 organisation joined the network", not "1 organisations ..."
            what = SINGULAR.get(what, what)
        rows.append({"what": what, "count": int(count), "detail": detail, "page": page})

    uploads = con.execute("SELECT count(*), string_agg(DISTINCT kind, ', ' ORDER BY kind) FROM uploads "
                          "WHERE undone_at IS NULL AND uploaded_at::DATE >= ?", [day]).fetchone()
    add("uploads applied", uploads[0], uploads[1] or "", "data")
    joined = con.execute(f"SELECT count(*), string_agg(o.name, '; ' ORDER BY o.name) FROM organisations o "
                         f"WHERE {where} AND o.joined_network_on BETWEEN ? AND ?", [*params, day, today]).fetchone()
    add("organisations joined the network", joined[0], joined[1] or "", "organisations")
    returned = con.execute(f"SELECT count(*) FROM toolkit x JOIN organisations o ON o.org_id = x.org_id "
                           f"WHERE {where} AND x.returned_on BETWEEN ? AND ?", [*params, day, today]).fetchone()[0]
    add("toolkit returns received", returned, "", "mapping")
    waiting = con.execute(f"SELECT count(*) FROM organisations o WHERE {where} AND o.org_id NOT IN "
                          "(SELECT org_id FROM toolkit)", params).fetchone()[0]
    add("organisations yet to return the toolkit", waiting, "", "mapping")
    before = outcome_queries.indicator_status(con, None, day).set_index("indicator_id")["status_label"]
    now = outcome_queries.indicator_status(con, None, today).set_index("indicator_id")["status_label"]
    moved = [f"{i}: {before.get(i, 'new')} to {s}" for i, s in now.items() if before.get(i) != s]
    add("indicators whose status changed", len(moved), "; ".join(moved), "outcomes")
    recs = con.execute("SELECT count(*), string_agg(recommendation_id || ' ' || status, '; ' "
                       "ORDER BY recommendation_id) FROM recommendations "
                       "WHERE coalesce(status_on, raised_on) BETWEEN ? AND ?", [day, today]).fetchone()
    add("recommendations raised or moved on", recs[0], recs[1] or "", "recommendations")
    latest, latest_params = latest_per_organisation(filters, "toolkit", "returned_on")
    ending = con.execute(f"SELECT count(*), string_agg(name || ' (' || strftime(funding_secured_until, '%-d %b %Y') "
                         f"|| ')', '; ' ORDER BY funding_secured_until) FROM ({latest}) l "
                         "JOIN organisations USING (org_id) WHERE funding_secured_until BETWEEN ? AND ?",
                         [*latest_params, today, today + FUNDING_AHEAD]).fetchone()
    add("groups whose funding ends within three months", ending[0], ending[1] or "", "mapping")
    return pd.DataFrame(rows, columns=SINCE_COLUMNS).assign(since=day)


def since_summary(table: pd.DataFrame) -> str:
    """'Since the advisory group last met, on 10 Nov 2021: 8 uploads applied, 18 toolkit returns received, ...'."""
    day = format_date(pd.Timestamp(table["since"].iloc[0]).date())
    changed = [f"{int(n):,} {what}" for what, n in zip(table["what"], table["count"]) if n]
    if not changed:
        return f"Nothing has changed since {day}."
    return f"Since {day}: {join_words(changed)}."


def since_section(con: duckdb.DuckDBPyConnection, filters: Filters, day: dt.date | None = None) -> Section:
    table = since(con, filters, day)
    return Section("since-last-meeting", "Since the last meeting", table, None, since_summary,
                   note="From the advisory group's last meeting in the events (or the date chosen): what the store "
                        "has gained since. Organisations and toolkit returns follow the filters.",
                   empty="No advisory group meeting in the events yet: choose a date to see what changed since.")
