"""Charts of the Outcomes page: RAG counts per theme and an indicator's trajectory towards its target."""
from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from disparities.palette import RAG
from disparities.pages.outcomes.queries import RAG_STATUSES
from disparities.pages.outcomes.sentences import format_day, format_value, status_phrase

from disparities.charts import LAYOUT as _LAYOUT
from disparities.charts import date_margin

_INK = "#333333"  # target and expected lines: dark enough on white, neutral so the readings' status colour leads
_AXIS_FORMAT = {"percent": dict(ticksuffix="%"), "GBP": dict(tickprefix="£", tickformat=",.0f"),
                "count": dict(tickformat=",")}


def theme_labels(counts: pd.DataFrame) -> list[str]:
    """Theme names, with the framework added where two frameworks share a theme name."""
    shared = counts["theme"].duplicated(keep=False)
    return [f"{theme} ({framework})" if both else theme
            for theme, framework, both in zip(counts["theme"], counts["framework"], shared)]


def rag_bars(counts: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: per theme, how many indicators are green, amber, red and grey (no data)."""
    labels = theme_labels(counts)
    figure = go.Figure()
    for status in RAG_STATUSES:
        values = counts[status].astype(int).tolist()
        figure.add_trace(go.Bar(
            x=values, y=labels, orientation="h", name=status_phrase(status), marker_color=RAG[status],
            text=[str(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
            textfont=dict(color="#000000"),
            hovertemplate=f"%{{y}}: %{{x}} {status_phrase(status)}<extra></extra>",
        ))
    most = int(counts["indicators"].max()) if len(counts) else 0
    figure.update_layout(**_LAYOUT, barmode="stack", height=max(220, 45 * len(counts) + 120),
                         xaxis_title="indicators", yaxis_autorange="reversed", xaxis_range=[0, max(most, 1) * 1.05],
                         legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"))
    if most <= 12:  # counts of a few indicators: whole-number ticks, not 0.5 steps
        figure.update_xaxes(dtick=1)
    return figure


def _has_line(row: Mapping) -> bool:
    """The expected-by-now line needs both ends: baseline at the start date and target at a later target date."""
    ends = (row["baseline"], row["target"], row["start_date"], row["target_date"])
    return not any(pd.isna(v) for v in ends) and row["target_date"] > row["start_date"]


def trajectory(readings: pd.DataFrame, row: Mapping) -> go.Figure:
    """One indicator's readings over time (in its status colour), the straight line expected from baseline to
    target, and the target itself: a dotted horizontal line and a star at the target date."""
    unit = row["unit"]
    suffix = "%" if unit == "percent" else ""
    prefix = "£" if unit == "GBP" else ""
    figure = go.Figure()
    if _has_line(row):
        figure.add_trace(go.Scatter(
            x=[row["start_date"], row["target_date"]], y=[row["baseline"], row["target"]], mode="lines",
            name="Expected (straight line to the target)", line=dict(color=_INK, dash="dash", width=2),
            hovertemplate=f"Expected: %{{x|%-d %b %Y}}, {prefix}%{{y:,.4~g}}{suffix}<extra></extra>",
        ))
    if not pd.isna(row["target"]):
        figure.add_hline(y=row["target"], line=dict(color=_INK, dash="dot", width=1))
        if not pd.isna(row["target_date"]):
            figure.add_trace(go.Scatter(
                x=[row["target_date"]], y=[row["target"]], mode="markers",
                name=f"Target: {format_value(row['target'], unit)} by {format_day(row['target_date'])}",
                marker=dict(symbol="star", size=16, color=_INK),
                hovertemplate=f"Target: %{{x|%-d %b %Y}}, {prefix}%{{y:,.4~g}}{suffix}<extra></extra>",
            ))
    figure.add_trace(go.Scatter(
        x=readings["period_end"], y=readings["value"], mode="lines+markers", name="Readings",
        line=dict(color=RAG[row["status"]], width=3), marker=dict(size=9, color=RAG[row["status"]]),
        hovertemplate=f"%{{x|%-d %b %Y}}: {prefix}%{{y:,.4~g}}{suffix}<extra></extra>",
    ))
    # The legend above the plot: below it, a one-row legend at a wide screen sits on the date labels.
    figure.update_layout(**_LAYOUT, height=380, showlegend=True,
                         legend=dict(orientation="h", yanchor="bottom", y=1.04, x=0))
    # Ranges fixed from the data, so the screen and an exported image (wider, taller) show the same axes.
    values = [v for v in (*readings["value"], row["baseline"], row["target"]) if not pd.isna(v)]
    low = min([0.0, *values])
    high = max([*values, 1.0 if unit != "percent" else 10.0])
    figure.update_yaxes(range=[low, high * 1.08], **_AXIS_FORMAT.get(unit, {}))
    days = [pd.Timestamp(d) for d in (*readings["period_end"], row["start_date"], row["target_date"])
            if not pd.isna(d)]
    if days:
        margin = date_margin(min(days), max(days), 20)
        figure.update_xaxes(range=[min(days) - margin, max(days) + margin])
    figure.update_xaxes(tickformat="%b %Y")
    return figure


def status_badge(status: str) -> str:
    """The status as a pill in its palette.RAG colour, written out in words; black text reads on all four."""
    return (f'<span style="background:{RAG[status]};color:#000000;padding:0.2rem 0.7rem;border-radius:1rem;'
            f'font-weight:600;white-space:nowrap">{html.escape(status_phrase(status))}</span>')

