"""Charts of the Mental-health mapping page. Each draws the frame its query returns, unchanged but for order."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from disparities.filters import format_date
from disparities.palette import OKABE_ITO, OTHER, color_for
from disparities.summaries import percent, sentence_case
from disparities.suppression import SUPPRESSED
from disparities.charts import LAYOUT as _LAYOUT

TOP_LANGUAGES = 15  # more bars than this stop being readable on a projector; the CSV has them all
_QUARTER_BAR_MS = 80 * 24 * 3600 * 1000  # a bar a little narrower than a quarter, so neighbours stay apart
_BAR_COLOUR = OKABE_ITO[0]  # counts with no category of their own
_CLIFF_BARS, _CLIFF_LINE, _TODAY = OKABE_ITO[1], OKABE_ITO[0], OKABE_ITO[7]


def _plain(text: object) -> str:
    """User-typed text shown as written: plotly reads a few HTML tags in labels, so '<' and '>' become entities."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _height(bars: int) -> int:
    return max(220, 40 * bars + 90)


def _share_labels(counts: pd.Series, shares: pd.Series) -> list[str]:
    return [f"{int(n):,} ({percent(s)})" for n, s in zip(counts, shares)]


def _interval_whiskers(table: pd.DataFrame) -> dict:
    """The 95% interval of each row's share as whiskers on a bar of counts (the interval times the returns)."""
    return dict(type="data", symmetric=False, color="#444",
                array=(table["ci_high"] - table["share"]) * table["out_of"],
                arrayminus=(table["share"] - table["ci_low"]) * table["out_of"])


def _interval_text(table: pd.DataFrame) -> list[str]:
    return [f"{percent(lo)} to {percent(hi)}" for lo, hi in zip(table["ci_low"], table["ci_high"])]


def items_bars(table: pd.DataFrame, vocabulary: str, what: str) -> go.Figure:
    """Returns naming each item (an `items_named` frame), most named at the top, in the vocabulary's colours.

    `what` names the items in the axis title, e.g. "a barrier".
    """
    ordered = table.iloc[::-1]  # the query sorts most named first; plotly draws the first bar at the bottom
    out_of = int(table["out_of"].iloc[0]) if len(table) else 0
    figure = go.Figure(go.Bar(
        x=ordered["returns"], y=[sentence_case(str(i)) for i in ordered["item"]], orientation="h",
        marker_color=[color_for(vocabulary, str(i)) for i in ordered["item"]],
        text=_share_labels(ordered["returns"], ordered["share"]), textposition="outside", cliponaxis=False,
        error_x=_interval_whiskers(ordered), customdata=_interval_text(ordered),
        hovertemplate="%{y}: named by %{text} of " + f"{out_of:,} returns (95% CI %{{customdata}})<extra></extra>",
    ))
    top = float((table["ci_high"] * table["out_of"]).max()) if len(table) else 1
    figure.update_layout(**_LAYOUT, height=_height(len(table)), xaxis_range=[0, max(top, 1) * 1.25],
                         xaxis_title=f"returns naming {what} (of {out_of:,}; 95% confidence interval)")
    return figure


def beneficiary_band_bars(bands: pd.DataFrame) -> go.Figure:
    """Returns per band of people supported in the last 12 months (a `beneficiary_bands` frame), smallest first."""
    figure = go.Figure(go.Bar(
        x=bands["band"], y=bands["returns"], marker_color=_BAR_COLOUR,
        text=[f"{int(n):,}" for n in bands["returns"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{x} people supported: %{y} returns<extra></extra>",
    ))
    top = int(bands["returns"].max()) if len(bands) else 1
    figure.update_layout(**_LAYOUT, height=340, xaxis_title="people supported in the last 12 months",
                         xaxis_type="category", yaxis_title="returns", yaxis_range=[0, max(top, 1) * 1.2])
    return figure


def age_group_bars(table: pd.DataFrame) -> go.Figure:
    """People supported by groups serving each age group (a `beneficiaries_by_age_group` frame). A count
    withheld under the small-number policy (missing) has no bar and is labelled `*`."""
    ordered = table.iloc[::-1]  # vocabulary order, youngest at the top
    people = ordered["beneficiaries"].astype(float)  # withheld counts become NaN: no bar
    figure = go.Figure(go.Bar(
        x=people, y=[sentence_case(str(a)) for a in ordered["age_group"]], orientation="h",
        marker_color=[color_for("age_group", str(a)) for a in ordered["age_group"]],
        text=[f"{SUPPRESSED if pd.isna(b) else f'{b:,.0f}'} ({int(r):,} {'return' if r == 1 else 'returns'})"
              for b, r in zip(people, ordered["returns"])],
        textposition="outside", cliponaxis=False,
        hovertemplate="Groups serving %{y}: %{text}<extra></extra>",
    ))
    largest = people.max()
    top = 1 if pd.isna(largest) else int(largest)
    figure.update_layout(**_LAYOUT, height=_height(len(table)), xaxis_range=[0, max(top, 1) * 1.35],
                         xaxis_title="people supported by groups serving the age group")
    return figure


def language_bars(table: pd.DataFrame, top: int = TOP_LANGUAGES) -> go.Figure:
    """Returns naming each language (a `languages` frame), the `top` most named; one neutral colour, because
    languages are a free list with no palette of their own."""
    shown = table.head(top).iloc[::-1]
    out_of = int(table["out_of"].iloc[0]) if len(table) else 0
    figure = go.Figure(go.Bar(
        x=shown["returns"], y=[_plain(language) for language in shown["language"]], orientation="h",
        marker_color=OTHER,
        text=_share_labels(shown["returns"], shown["share"]), textposition="outside", cliponaxis=False,
        error_x=_interval_whiskers(shown), customdata=_interval_text(shown),
        hovertemplate="%{y}: named by %{text} of " + f"{out_of:,} returns (95% CI %{{customdata}})<extra></extra>",
    ))
    most = float((table["ci_high"] * table["out_of"]).max()) if len(table) else 1
    which = f"the {top} most named of {len(table)} languages" if len(table) > top else "every language named"
    figure.update_layout(**_LAYOUT, height=_height(len(shown)), xaxis_range=[0, max(most, 1) * 1.25],
                         xaxis_title=f"returns naming the language (of {out_of:,}; 95% confidence interval); {which}")
    return figure


def funding_cliff_chart(table: pd.DataFrame, today: dt.date) -> go.Figure:
    """Groups whose secured funding ends in each quarter (bars), how many have run out by each date (a step
    line), and today's date (a dashed line). `table` is a `funding_cliff` frame."""
    quarters = table.groupby(["quarter_start", "quarter_end"], as_index=False)["groups"].sum()
    starts = pd.to_datetime(quarters["quarter_start"])
    ends = pd.to_datetime(quarters["quarter_end"])
    middles = starts + (ends - starts) / 2
    figure = go.Figure()
    figure.add_trace(go.Bar(
        x=middles, y=quarters["groups"], width=_QUARTER_BAR_MS, name="funding ends in the quarter",
        marker_color=_CLIFF_BARS, text=[f"{int(n):,}" for n in quarters["groups"]], textposition="outside",
        customdata=[f"{format_date(s.date())} to {format_date(e.date())}" for s, e in zip(starts, ends)],
        hovertemplate="%{customdata}: funding ends for %{y} groups<extra></extra>",
    ))
    days = pd.to_datetime(table["ends_on"])
    last_day = max(days.max(), pd.Timestamp(today)) if len(table) else pd.Timestamp(today)
    cumulative = list(table["cumulative"])
    figure.add_trace(go.Scatter(
        # The running total steps up on each end date and stays flat until the axis ends (today or later).
        x=[*days, last_day], y=[*cumulative, cumulative[-1] if cumulative else 0],
        mode="lines+markers", line_shape="hv", line=dict(color=_CLIFF_LINE, width=3),
        marker=dict(size=[7] * len(cumulative) + [0]), name="run out by then (running total)",
        hovertemplate="By %{x|%d %b %Y}: %{y} groups<extra></extra>",
    ))
    first_day = min(starts.min(), pd.Timestamp(today)) if len(quarters) else pd.Timestamp(today)
    figure.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line_dash="dash", line_color=_TODAY, line_width=2)
    figure.add_annotation(x=pd.Timestamp(today), y=1, yref="paper", text=f"Today, {format_date(today)}",
                          showarrow=False, xanchor="right", yanchor="bottom", font=dict(color=_TODAY))
    top = int(table["cumulative"].max()) if len(table) else 1
    layout = {**_LAYOUT, "margin": dict(l=10, r=10, t=60, b=10)}
    figure.update_layout(**layout, height=420, yaxis_title="groups", yaxis_range=[0, max(top, 1) * 1.15],
                         xaxis_range=[first_day - pd.Timedelta(days=45), last_day + pd.Timedelta(days=90)],
                         legend=dict(orientation="h", yanchor="bottom", y=1.08, x=0),
                         xaxis_title="when secured funding ends")
    return figure

