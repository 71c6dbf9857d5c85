"""Programme timeline page: phases and workstreams, events, and the organisations supported to network.

Timeline items are programme-wide, so they ignore the filters. Events are kept
when at least one organisation in view attended (all events when no
organisation filter is set). The date filter is about assessments and toolkit
returns, so nothing here uses it.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from disparities.filters import Filters, organisation_clause

# Advisory-group meetings are the programme's own governance (THCVS, Public Health, QMUL and two VCS
# representatives), not groups meeting each other; every other type brings groups together, which is
# what the success measure "Number of groups supported to network with others" counts.
NOT_NETWORK_EVENT_TYPES = ("advisory group",)
NETWORK_EVENTS_RULE = ("Network events are every event type except advisory-group meetings: network meetings, "
                       "Communities of Practice, networking events, trainings and other events all bring groups "
                       "together, while the Project Advisory Group is the programme's own governance.")
# The success measure the distinct-organisation count relates to, found by its wording (ids are the user's).
NETWORK_MEASURE_WORDING = "%supported to network%"


def has_organisation_filter(filters: Filters) -> bool:
    """True when the view is narrowed to some organisations (the date filter does not count)."""
    return organisation_clause(filters, "o")[0] != "TRUE"


# Phases in order of their first start, workstreams likewise within a phase (ties in the order the items were
# numbered): the order keys of a timeline item, as columns so that a union can sort by them.
_ITEM_ORDER = """min(start) OVER (PARTITION BY phase) AS phase_start,
                 min(item_id) OVER (PARTITION BY phase) AS phase_first,
                 min(start) OVER (PARTITION BY phase, workstream) AS workstream_start,
                 min(item_id) OVER (PARTITION BY phase, workstream) AS workstream_first"""


def timeline_items(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every timeline item, phases in order of their first start, workstreams likewise within a phase
    (ties in the order the items were numbered).

    `is_milestone` marks items with no end date.
    """
    return con.execute(
        f"""SELECT item_id, phase, workstream, title, start, "end", status, owner, is_milestone
            FROM (SELECT item_id, phase, coalesce(workstream, '') AS workstream, title, start, "end", status, owner,
                         "end" IS NULL AS is_milestone, {_ITEM_ORDER} FROM timeline)
            ORDER BY phase_start, phase_first, workstream_start, workstream_first, start, item_id""").df()


def programme_rows(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """What the Gantt chart draws, one row each: timeline items (`kind` 'timeline item' or 'milestone', an item
    with no end date) in phase and workstream order, then the events in view (`kind` 'event') in date order.

    Events carry their `event_type` and take their date as `start`; the participants are left to the events'
    own table.
    """
    sql, params = _events_in_view(filters)
    return con.execute(
        f"""SELECT kind, id, phase, workstream, title, start, "end", status, owner, event_type
            FROM (SELECT CASE WHEN "end" IS NULL THEN 'milestone' ELSE 'timeline item' END AS kind,
                         item_id AS id, phase, coalesce(workstream, '') AS workstream, title, start, "end", status,
                         owner, NULL::VARCHAR AS event_type, {_ITEM_ORDER}, FALSE AS is_event
                  FROM timeline
                  UNION ALL BY NAME
                  SELECT 'event' AS kind, event_id AS id, title, held_on AS start, type AS event_type,
                         TRUE AS is_event
                  FROM ({sql}))
            ORDER BY is_event, phase_start, phase_first, workstream_start, workstream_first, start, id""",
        params).df()


def _events_in_view(filters: Filters) -> tuple[str, list]:
    """SQL for the events in view, with how many attending organisations are in the register and in view."""
    where, params = organisation_clause(filters, "o")
    sql = f"""WITH attendance AS (SELECT DISTINCT e.event_id, a.org_id
                                  FROM events e, unnest(e.organisations) AS a(org_id)),
                   counted AS (SELECT a.event_id, count(*) AS registered,
                                      count(*) FILTER ({where}) AS in_view
                               FROM attendance a JOIN organisations o ON o.org_id = a.org_id
                               GROUP BY a.event_id)
              SELECT e.event_id, e.held_on, e.title, e.type, e.participants,
                     e.participants IS NOT NULL AS participants_recorded,
                     coalesce(len(list_distinct(e.organisations)), 0) AS organisations_attending,
                     coalesce(c.in_view, 0) AS organisations_in_view, e.organisations
              FROM events e LEFT JOIN counted c ON c.event_id = e.event_id
              WHERE ? OR coalesce(c.in_view, 0) > 0"""
    return sql, params + [not has_organisation_filter(filters)]


def events_in_view(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per event in view, in date order: participants (and whether they were recorded, which stays
    known after the small-number policy hides a count) and attending organisations (all, and in view)."""
    sql, params = _events_in_view(filters)
    return con.execute(
        f"""SELECT event_id, held_on, title, type, participants, participants_recorded, organisations_attending,
                   organisations_in_view
            FROM ({sql}) ORDER BY held_on, event_id""", params).df()


def event_count(con: duckdb.DuckDBPyConnection) -> int:
    """Events in the store, whatever the filters."""
    return con.execute("SELECT count(*) FROM events").fetchone()[0]


def network_reach(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per date with network events in view: events held, organisations in view taking part for the first time,
    and distinct organisations in view that had taken part so far (a cumulative count).

    Only organisations in the register are counted: an unknown id in an events file belongs to no view.
    """
    sql, params = _events_in_view(filters)
    where, org_params = organisation_clause(filters, "o")
    excluded = ", ".join("?" * len(NOT_NETWORK_EVENT_TYPES))
    return con.execute(
        f"""WITH network AS (SELECT * FROM ({sql}) WHERE type NOT IN ({excluded})),
                 first_seen AS (SELECT a.org_id, min(n.held_on) AS first_on
                                FROM network n, unnest(n.organisations) AS a(org_id)
                                JOIN organisations o ON o.org_id = a.org_id
                                WHERE {where} GROUP BY a.org_id),
                 dates AS (SELECT held_on, count(*) AS network_events,
                                  string_agg(title, '; ' ORDER BY event_id) AS titles
                           FROM network GROUP BY held_on)
            SELECT d.held_on, d.network_events, d.titles, count(f.org_id) AS new_organisations,
                   sum(count(f.org_id)) OVER (ORDER BY d.held_on)::BIGINT AS organisations_to_date
            FROM dates d LEFT JOIN first_seen f ON f.first_on = d.held_on
            GROUP BY d.held_on, d.network_events, d.titles ORDER BY d.held_on""",
        params + list(NOT_NETWORK_EVENT_TYPES) + org_params).df()


def network_measure(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The success measure on groups supported to network (0 or 1 row), with its latest reading if any."""
    return con.execute(
        """SELECT i.indicator_id, i.indicator, i.target, i.target_date, r.value AS latest_value,
                  r.period_end AS latest_period_end
           FROM indicators i
           LEFT JOIN (SELECT * FROM readings QUALIFY row_number() OVER (PARTITION BY indicator_id
                                                                      ORDER BY period_end DESC) = 1) r
                  ON r.indicator_id = i.indicator_id
           WHERE i.indicator ILIKE ? ORDER BY i.indicator_id LIMIT 1""", [NETWORK_MEASURE_WORDING]).df()


def data_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The latest date in the timeline (starts and ends) and events: how far the data reaches."""
    return con.execute(
        """SELECT max(d) FROM (SELECT greatest(start, coalesce("end", start)) AS d FROM timeline
                               UNION ALL SELECT held_on FROM events)""").fetchone()[0]
