"""Sentences of the Programme timeline page, and which date its 'now' line marks."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from disparities.filters import format_date
from disparities.vocabularies import STATUS
from disparities.summaries import count_phrase, escape_markdown, join_words

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Further than this past the latest date in the data, a line for today would squash the programme into the
# left of the chart and say nothing about it; the data's own "as of" date is marked instead.
MAX_GAP = dt.timedelta(days=183)
_NAMED_AT_MOST = 3  # delayed items, largest events: name this many, then say how many more


@dataclass(frozen=True)
class ReferenceLine:
    """The 'now' line of the Gantt chart: the date, its short label and a sentence saying which date it is."""
    day: dt.date
    label: str
    explanation: str


def _day(value) -> dt.date:
    return pd.Timestamp(value).date()


def reference_line(today: dt.date, as_of: dt.date | None) -> ReferenceLine:
    """Today, unless the data stops long before today: then the latest date in the data ('as of')."""
    if as_of is None or today - _day(as_of) <= MAX_GAP:
        return ReferenceLine(today, f"Today, {format_date(today)}",
                             f"The dashed line marks today, {format_date(today)}.")
    as_of = _day(as_of)
    return ReferenceLine(
        as_of, f"Data as of {format_date(as_of)}",
        f"The dashed line marks the data's \"as of\" date, {format_date(as_of)}: the latest date in the timeline "
        f"and events. Today ({format_date(today)}) is long after it, so the data may not be up to date.")


def month(day) -> str:
    day = _day(day)
    return f"{_MONTHS[day.month - 1]} {day.year}"


def month_span(start, end) -> str:
    """'Nov 2020 to Mar 2021', 'Apr to May 2021', 'Oct 2021'."""
    start, end = _day(start), _day(end)
    if (start.year, start.month) == (end.year, end.month):
        return month(start)
    if start.year == end.year:
        return f"{_MONTHS[start.month - 1]} to {month(end)}"
    return f"{month(start)} to {month(end)}"


def _item_end(items: pd.DataFrame) -> pd.Series:
    """An item's last day: its end, or its start for a milestone."""
    return items["end"].fillna(items["start"])


def _named(names: list[str]) -> str:
    shown = names[:_NAMED_AT_MOST]
    more = len(names) - len(shown)
    return join_words(shown + ([f"{more} more"] if more else []))


def _status_phrase(items: pd.DataFrame) -> str:
    """'15 of 16 items are done and 1 delayed', in the status vocabulary's order."""
    total = len(items)
    counts = items["status"].fillna("with no status").value_counts()
    if counts.get("done", 0) == total:
        return f"All {count_phrase(total, 'item')} are done" if total > 1 else "The 1 item is done"
    order = [s for s in STATUS.labels if s != "done"] + sorted(set(counts.index) - set(STATUS.labels))
    verb = "is" if total == 1 else "are"
    parts = [f"{counts.get('done', 0)} of {count_phrase(total, 'item')} {verb} done"]
    parts += [f"{counts[status]:,} {escape_markdown(status)}" for status in order if counts.get(status, 0)]
    return join_words(parts)


def timeline_summary(items: pd.DataFrame, reference_day: dt.date) -> str:
    """'The programme ran from Nov 2020 to Oct 2021 in 4 phases: Phase 1 (Nov 2020 to Mar 2021), ... 15 of 16
    items are done and 1 delayed. Delayed: ...' Phases in the frame's order; past tense once it has ended."""
    if items.empty:
        return "There are no timeline items."
    ends = _item_end(items)
    programme_end = _day(ends.max())
    verb = "ran" if programme_end < reference_day else "runs"
    phases = [f"{escape_markdown(phase)} ({month_span(group['start'].min(), _item_end(group).max())})"
              for phase, group in items.groupby("phase", sort=False)]
    text = (f"The programme {verb} from {month_span(items['start'].min(), programme_end)} in "
            f"{count_phrase(len(phases), 'phase')}: {join_words(phases)}. {_status_phrase(items)}.")
    delayed = items.loc[items["status"] == "delayed", "title"]
    if len(delayed):
        text += f" Delayed: {_named([escape_markdown(t) for t in delayed])}."
    return text


def programme_summary(rows: pd.DataFrame, reference_day: dt.date) -> str:
    """timeline_summary of the timeline items of queries.programme_rows (the events are summarised on their own)."""
    return timeline_summary(rows[rows["kind"] != "event"], reference_day)


def _event_name(event: pd.Series) -> str:
    return f"‘{escape_markdown(event['title'])}’ on {format_date(_day(event['held_on']))}"


def _participants_missing(events: int, not_recorded: int, too_small: int) -> str:
    """'not recorded for 1 of them', 'too small to publish for 4 of them', both, or 'too small to publish' when
    that is so for every event."""
    reasons = (("not recorded", not_recorded), ("too small to publish", too_small))
    for reason, n in reasons:
        if n == events:
            return reason
    return join_words([f"{reason} for {n:,}" for reason, n in reasons if n]) + " of them"


def events_summary(events: pd.DataFrame) -> str:
    """'18 events with 315 participants in all (participants too small to publish for 4 of them); the largest
    was ‘...’ on 27 Jan 2021 (50 participants).'

    From the counts as published: a missing count was not recorded (`participants_recorded` false) or hidden by
    the small-number policy, and the total adds up the published counts only, so no hidden count can be worked
    out from it.
    """
    if events.empty:
        return "No events match these filters."
    recorded = (events["participants_recorded"].astype(bool) if "participants_recorded" in events
                else events["participants"].notna())
    published = events[events["participants"].notna()]
    not_recorded, too_small = int((~recorded).sum()), int((recorded & events["participants"].isna()).sum())
    missing = _participants_missing(len(events), not_recorded, too_small)
    if published.empty:
        return f"{count_phrase(len(events), 'event')}; participants {missing}."
    total = float(published["participants"].sum())
    text = f"{count_phrase(len(events), 'event')} with {_people(total, 'participant')} in all"
    if not_recorded or too_small:
        text += f" (participants {missing})"
    if len(events) > 1:
        most = float(published["participants"].max())
        largest = published[published["participants"] == most].sort_values(["held_on", "event_id"])
        if len(largest) == 1:
            text += f"; the largest was {_event_name(largest.iloc[0])} ({_people(most, 'participant')})"
        else:
            names = _named([_event_name(row) for _, row in largest.iterrows()])
            text += f"; the largest were {names} ({_people(most, 'participant')} each)"
    return text + "."


def _people(count: float, singular: str) -> str:
    return count_phrase(round(count), singular)


def network_summary(reach: pd.DataFrame, in_view: bool = False, measure_sentence: str | None = None) -> str:
    """'By 15 Jun 2022, 30 distinct organisations had taken part in 12 network events; the biggest step was
    17 organisations taking part for the first time on 27 Jan 2021.', then `measure_sentence` if given."""
    text = _network_reach_summary(reach, in_view)
    return f"{text} {measure_sentence}" if measure_sentence else text


def _network_reach_summary(reach: pd.DataFrame, in_view: bool) -> str:
    if reach.empty:
        return "No network events match these filters."
    last = reach.iloc[-1]
    events = count_phrase(int(reach["network_events"].sum()), "network event")
    organisations = "distinct organisation" + ("s" if int(last["organisations_to_date"]) != 1 else "")
    organisations += " in view" if in_view else ""
    reached = int(last["organisations_to_date"])
    if reached == 0:
        return f"No organisations{' in view' if in_view else ''} in the register took part in the {events}."
    text = f"By {format_date(_day(last['held_on']))}, {reached:,} {organisations} had taken part in {events}"
    steps = reach[reach["new_organisations"] > 0]
    if len(steps) > 1:
        biggest = steps.sort_values(["new_organisations", "held_on"], ascending=[False, True]).iloc[0]
        text += (f"; the biggest step was {count_phrase(int(biggest['new_organisations']), 'organisation')} "
                 f"taking part for the first time on {format_date(_day(biggest['held_on']))}")
    return text + "."


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def network_measure_sentence(measure: pd.DataFrame, in_view: bool = False) -> str | None:
    """The related success measure's target and latest reading, or None when no such measure is defined."""
    if measure.empty:
        return None
    row = measure.iloc[0]
    text = (f"The related success measure is {escape_markdown(row['indicator_id'])}, "
            f"‘{escape_markdown(row['indicator'])}’")
    if pd.notna(row["target"]):
        text += f", with a target of {_number(row['target'])}"
        text += f" by {format_date(_day(row['target_date']))}" if pd.notna(row["target_date"]) else ""
    if pd.notna(row["latest_value"]):
        text += (f"; its latest reading is {_number(row['latest_value'])} "
                 f"({format_date(_day(row['latest_period_end']))})")
    else:
        text += "; it has no readings yet"
    text += "."
    if in_view:
        text += " The measure covers the whole programme, not only the organisations in view."
    return text
