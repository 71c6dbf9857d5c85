"""Charts of the Programme timeline page: a Gantt chart with milestones and events, events over time, and the
organisations that have taken part in network events."""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from disparities.filters import format_date
from disparities.palette import NEAR_BLACK, REFERENCE_LINE, STATUS_COLOURS, color_for
from disparities.summaries import sentence_case
from disparities.pages.timeline.sentences import ReferenceLine
from disparities.suppression import SUPPRESSED
from disparities.vocabularies import EVENT_TYPE, STATUS
from disparities.charts import LAYOUT as _LAYOUT
from disparities.charts import date_margin

ROW_HEIGHT = 30  # pixels per Gantt row: room for a 14px label and a bar
LINE_HEIGHT = 17  # pixels per line of a wrapped 13px bar label: rows grow when a label takes two or more
_LABEL_CHARS = 40  # bar labels longer than this wrap onto more lines at word boundaries, never cut
_DAY_MS = 24 * 60 * 60 * 1000
_PHASE_COLOUR = "#444444"
_TEXT_COLOUR = "#333333"


def _text(value) -> str:
    """User text for plotly, which reads a few HTML tags and entities: shown as written, never as markup."""
    return html.escape(str(value)) if pd.notna(value) else ""


def _status_colour(status) -> str:
    """A status's colour; grey when there is none."""
    return STATUS_COLOURS.get(status, color_for("status", ""))


def _lines(title: str, width: int = _LABEL_CHARS) -> list[str]:
    """A title in lines of at most `width` characters, broken between words (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in str(title).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _label(title) -> str:
    """A bar or milestone label in full, shown as written and wrapped with <br> at word boundaries."""
    return "<br>".join(_text(line) for line in _lines(_text_source(title)))


def _text_source(title) -> str:
    return str(title) if pd.notna(title) else ""


def row_height(titles) -> int:
    """Pixels per Gantt row: enough for the longest wrapped label (every row the same, as plotly spaces them)."""
    most = max((len(_lines(_text_source(t))) for t in titles), default=1)
    return max(ROW_HEIGHT, LINE_HEIGHT * most + 6)


def _day(value) -> dt.date:
    return pd.Timestamp(value).date()


def _iso(values: pd.Series) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def _event_types(events: pd.DataFrame) -> list[str]:
    """The event types present, in the vocabulary's order."""
    present = set(events["type"])
    return [t for t in EVENT_TYPE.labels if t in present] + sorted(present - set(EVENT_TYPE.labels))


def _durations(starts: pd.Series, ends: pd.Series) -> list[int]:
    """Bar lengths in milliseconds (plotly's unit on a date axis), counting both the first and the last day."""
    return [((pd.Timestamp(end) - pd.Timestamp(start)).days + 1) * _DAY_MS for start, end in zip(starts, ends)]


def _rows(items: pd.DataFrame, events: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Row keys (unique, top to bottom) and their axis labels: each phase's summary row in bold, its items
    labelled with their workstream on the first row of each workstream, then one row per event type."""
    keys, labels = [], []
    for phase, group in items.groupby("phase", sort=False):
        keys.append(f"phase|{phase}")
        labels.append(f"<b>{_text(phase)}</b>")
        previous = None
        for item_id, workstream in zip(group["item_id"], group["workstream"]):
            keys.append(f"item|{item_id}")
            labels.append(_text(workstream) if workstream != previous else "")
            previous = workstream
    types = _event_types(events)
    if types:
        keys.append("events|")
        labels.append("<b>Events</b>")
    for event_type in types:
        keys.append(f"event|{event_type}")
        labels.append(_text(sentence_case(event_type)))
    return keys, labels


def _item_hover(items: pd.DataFrame) -> list[str]:
    hover = []
    for row in items.itertuples():
        when = (format_date(_day(row.start)) if pd.isna(row.end)
                else f"{format_date(_day(row.start))} to {format_date(_day(row.end))}")
        hover.append(f"<b>{_text(row.title)}</b><br>{_text(row.phase)} · {_text(row.workstream)}<br>{when}<br>"
                     f"Status: {_text(row.status) or 'not given'}<br>Owner: {_text(row.owner) or 'not given'}")
    return hover


def _add_phase_bars(figure: go.Figure, items: pd.DataFrame) -> None:
    ends = items["end"].fillna(items["start"])
    spans = items.assign(last=ends).groupby("phase", sort=False).agg(first=("start", "min"), last=("last", "max"))
    figure.add_trace(go.Bar(
        y=[f"phase|{p}" for p in spans.index], base=_iso(spans["first"]), orientation="h", width=0.35,
        x=_durations(spans["first"], spans["last"]),
        marker_color=_PHASE_COLOUR, name="Phase", showlegend=False,
        hovertext=[f"<b>{_text(p)}</b><br>{format_date(_day(a))} to {format_date(_day(b))}"
                   for p, a, b in zip(spans.index, spans["first"], spans["last"])],
        hoverinfo="text"))


def _add_item_bars(figure: go.Figure, items: pd.DataFrame) -> None:
    """One trace per status, in the vocabulary's order, so the legend lists the statuses."""
    bars = items[~items["is_milestone"]]
    statuses = [s for s in STATUS.labels if s in set(bars["status"].dropna())]
    for status in statuses + ([None] if bars["status"].isna().any() else []):
        chosen = bars[bars["status"].isna()] if status is None else bars[bars["status"] == status]
        figure.add_trace(go.Bar(
            y=[f"item|{i}" for i in chosen["item_id"]], base=_iso(chosen["start"]), orientation="h", width=0.7,
            x=_durations(chosen["start"], chosen["end"]),
            marker_color=_status_colour(status),
            name=sentence_case(status) if status else "No status", legendgroup=status or "none",
            text=[_label(t) for t in chosen["title"]], textposition="outside", cliponaxis=False,
            textfont=dict(color=_TEXT_COLOUR, size=13), constraintext="none",
            hovertext=_item_hover(chosen), hoverinfo="text"))


def _add_milestones(figure: go.Figure, items: pd.DataFrame) -> None:
    milestones = items[items["is_milestone"]]
    if milestones.empty:
        return
    figure.add_trace(go.Scatter(
        x=_iso(milestones["start"]), y=[f"item|{i}" for i in milestones["item_id"]], mode="markers+text",
        marker=dict(symbol="diamond", size=16, line=dict(color=_TEXT_COLOUR, width=1.5),
                    color=[_status_colour(s) for s in milestones["status"]]),
        text=[_label(t) for t in milestones["title"]], textposition="middle right",
        textfont=dict(color=_TEXT_COLOUR, size=13), cliponaxis=False, name="Milestone (diamond)",
        hovertext=_item_hover(milestones), hoverinfo="text"))


def _add_event_markers(figure: go.Figure, events: pd.DataFrame) -> None:
    for event_type, group in events.groupby("type", sort=False):
        figure.add_trace(go.Scatter(
            x=_iso(group["held_on"]), y=[f"event|{event_type}"] * len(group), mode="markers",
            marker=dict(symbol="circle", size=12, color=color_for("event_type", event_type),
                        line=dict(color="white", width=1)),
            name=sentence_case(event_type), showlegend=False,
            hovertext=[f"<b>{_text(t)}</b><br>{format_date(_day(d))}<br>{_text(sentence_case(event_type))}"
                       for t, d in zip(group["title"], group["held_on"])],
            hoverinfo="text"))


def _add_reference_line(figure: go.Figure, reference: ReferenceLine) -> None:
    # A shape and an annotation rather than add_vline: plotly's add_vline cannot place a label on a date axis.
    day = reference.day.isoformat()
    figure.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, xref="x", yref="paper", layer="below",
                     line=dict(color=REFERENCE_LINE, width=2, dash="dash"))
    figure.add_annotation(x=day, y=1, xref="x", yref="paper", text=f"<b>{reference.label}</b>", showarrow=False,
                          xanchor="right", yanchor="bottom", yshift=24, font=dict(size=13, color=NEAR_BLACK))


def _label_end(items: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Timestamp:
    """Where the longest label written after a bar or milestone ends, so the axis leaves room for it.

    An estimate: a 13px label is about 7px a character, on a plot about 800px wide (a laptop with the sidebar).
    """
    if items.empty:
        return last
    span = max(last - first, pd.Timedelta(days=30))
    per_character = span / (800 / 7 - _LABEL_CHARS)  # the labels take part of the width themselves
    ends = items["end"].fillna(items["start"])
    return max(pd.Timestamp(e) + per_character * (max(map(len, _lines(_text_source(t)))) + 3)
               for e, t in zip(ends, items["title"]))


def split_programme_rows(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """queries.programme_rows as (timeline items, events) in the columns of timeline_items and events_in_view."""
    items = rows[rows["kind"] != "event"].rename(columns={"id": "item_id"})
    items = items.assign(is_milestone=items["kind"] == "milestone").drop(columns=["kind", "event_type"])
    events = rows[rows["kind"] == "event"].rename(columns={"id": "event_id", "start": "held_on", "event_type": "type"})
    return items.reset_index(drop=True), events[["event_id", "held_on", "title", "type"]].reset_index(drop=True)


def gantt(rows: pd.DataFrame, reference: ReferenceLine) -> go.Figure:
    """Phases (grey summary bars) and their items (bars coloured by status, milestones as diamonds), then the
    events as dots, one row per event type, all on one time axis with a dashed line for today or 'as of'.

    `rows`: queries.programme_rows (timeline items, then events).
    """
    items, events = split_programme_rows(rows)
    keys, labels = _rows(items, events)
    figure = go.Figure()
    if len(items):
        _add_phase_bars(figure, items)
        _add_item_bars(figure, items)
        _add_milestones(figure, items)
    _add_event_markers(figure, events)
    _add_reference_line(figure, reference)
    dates = [pd.Timestamp(d) for d in (*items["start"], *items["end"].dropna(), *events["held_on"])]
    dates.append(pd.Timestamp(reference.day))
    first, last = min(dates), max(dates)
    right = max(last + date_margin(first, last, 20), _label_end(items, first, last))
    figure.update_layout(**_LAYOUT)
    figure.update_layout(
        height=row_height(items["title"]) * len(keys) + 150, barmode="overlay", hovermode="closest",
        margin=dict(l=10, r=20, t=60, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0, title_text="Status: "),
        xaxis=dict(type="date", range=[first - pd.Timedelta(days=20), right], side="top",
                   tickformat="%b %Y", showgrid=True, gridcolor="#e5e5e5"),
        yaxis=dict(type="category", categoryorder="array", categoryarray=keys, tickvals=keys, ticktext=labels,
                   autorange="reversed", showgrid=False, ticks="", tickfont=dict(size=14)),
    )
    return figure


def _date_range(days) -> list[pd.Timestamp]:
    """A date axis's range fixed from the data (a month's margin each side, or a little more on a long span), so
    the screen and an exported image (wider, taller) show the same dates."""
    days = [pd.Timestamp(d) for d in days]
    if not days:
        return []
    first, last = min(days), max(days)
    margin = date_margin(first, last, 30)
    return [first - margin, last + margin]


def _participants(count, recorded) -> str:
    """Hover text for an event's participants: a missing count was either not recorded or is too small to
    publish under the small-number policy."""
    if pd.notna(count):
        return f"{float(count):,.0f} participants"
    return "participants too small to publish" if recorded else "participants not recorded"


def events_over_time(events: pd.DataFrame) -> go.Figure:
    """Participants per event as lollipops (a stem from zero to a dot), coloured by event type; a count too
    small to publish is a dot at zero marked with the suppression sign."""
    figure = go.Figure()
    recorded = (events["participants_recorded"] if "participants_recorded" in events
                else events["participants"].notna())
    for event_type in _event_types(events):
        chosen = events["type"] == event_type
        group = events[chosen]
        participants = [0.0 if pd.isna(p) else float(p) for p in group["participants"]]
        colour = color_for("event_type", event_type)
        figure.add_trace(go.Scatter(
            x=_iso(group["held_on"]), y=participants, mode="markers", name=sentence_case(event_type),
            marker=dict(size=13, color=colour, line=dict(color="white", width=1)),
            error_y=dict(type="data", symmetric=False, array=[0] * len(group), arrayminus=participants,
                         width=0, thickness=3, color=colour),
            hovertext=[f"<b>{_text(t)}</b><br>{format_date(_day(d))}<br>{_participants(p, known)}"
                       for t, d, p, known in zip(group["title"], group["held_on"], group["participants"],
                                                 recorded[chosen])],
            hoverinfo="text"))
    hidden = events[events["participants"].isna() & recorded]
    if len(hidden):  # the sign above each dot at zero, in a trace of its own so the legend keeps plain dots
        figure.add_trace(go.Scatter(
            x=_iso(hidden["held_on"]), y=[0] * len(hidden), mode="text", text=[SUPPRESSED] * len(hidden),
            textposition="top center", textfont=dict(size=18, color=_TEXT_COLOUR), cliponaxis=False,
            showlegend=False, hoverinfo="skip", name="Too small to publish"))
        figure.add_annotation(x=1, xref="paper", xanchor="right", y=1, yref="paper", yanchor="top", showarrow=False,
                              text=f"{SUPPRESSED} too small to publish", font=dict(size=13, color=_TEXT_COLOUR))
    top = events["participants"].max() if len(events) else 0
    figure.update_layout(**_LAYOUT)
    figure.update_layout(
        height=420, yaxis=dict(title_text="participants", rangemode="tozero",
                               range=[0, (top if pd.notna(top) and top else 10) * 1.12]),
        xaxis=dict(type="date", tickformat="%b %Y", range=_date_range(events["held_on"]) or None),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, title_text="Event type: "),
    )
    return figure


def network_reach_line(reach: pd.DataFrame, measure: pd.DataFrame | None = None) -> go.Figure:
    """Distinct organisations that have taken part in network events so far: a step line, each step labelled
    with the organisations taking part for the first time. `measure` (optional, one row) adds its target."""
    steps = [f"+{n}" if n else "" for n in reach["new_organisations"]]
    figure = go.Figure(go.Scatter(
        x=_iso(reach["held_on"]), y=reach["organisations_to_date"], mode="lines+markers+text",
        line=dict(shape="hv", width=3, color=color_for("event_type", "network meeting")), marker=dict(size=9),
        text=steps, textposition="top left", textfont=dict(size=13, color=_TEXT_COLOUR), cliponaxis=False,
        name="Distinct organisations so far",
        hovertext=[f"{format_date(_day(d))}: {int(total):,} so far ({int(new):,} new)<br>{_text(titles)}"
                   for d, total, new, titles in zip(reach["held_on"], reach["organisations_to_date"],
                                                    reach["new_organisations"], reach["titles"])],
        hoverinfo="text"))
    top = float(reach["organisations_to_date"].max()) if len(reach) else 0.0
    if measure is not None and len(measure) and pd.notna(measure["target"].iloc[0]):
        target = float(measure["target"].iloc[0])
        top = max(top, target)
        when = measure["target_date"].iloc[0]
        label = f"Target ({_text(measure['indicator_id'].iloc[0])}): {target:,.0f}"
        label += f" by {format_date(_day(when))}" if pd.notna(when) else ""
        figure.add_shape(type="line", x0=0, x1=1, xref="paper", y0=target, y1=target, yref="y", layer="below",
                         line=dict(color=_PHASE_COLOUR, width=2, dash="dot"))
        figure.add_annotation(x=0, xref="paper", xanchor="left", y=target, yref="y", yanchor="bottom",
                              text=label, showarrow=False, font=dict(size=13, color=_PHASE_COLOUR))
    figure.update_layout(**_LAYOUT)
    figure.update_layout(height=400, showlegend=False,
                         yaxis=dict(title_text="distinct organisations", range=[0, max(top, 1) * 1.15]),
                         xaxis=dict(type="date", tickformat="%b %Y", range=_date_range(reach["held_on"]) or None))
    return figure
