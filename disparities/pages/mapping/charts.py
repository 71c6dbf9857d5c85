"""Charts of the Mental-health mapping page. Each draws the frame its query returns, unchanged but for order."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from disparities.filters import format_date
from disparities.palette import REFERENCE_LINE, chart_colour, color_for
from disparities.summaries import percent, sentence_case
from disparities.suppression import SUPPRESSED
from disparities.charts import LAYOUT as _LAYOUT
from disparities.charts import date_margin

TOP_LANGUAGES = 15  # more bars than this stop being readable on a projector; the CSV has them all
_QUARTER_BAR_MS = 80 * 24 * 3600 * 1000  # a bar a little narrower than a quarter, so neighbours stay apart
# Each chart its own colour (palette.CHART_COLOURS), none shared with another chart of the page.
_BAR_COLOUR = chart_colour("beneficiary_band")
_CLIFF_BARS, _CLIFF_LINE, _TODAY = chart_colour("funding_cliff"), chart_colour("funding_running_total"), REFERENCE_LINE
_TODAY_NEAR = pd.Timedelta(days=183)  # today is drawn when it is this close to the data; further, it is named


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
    """Returns naming each item (an `items_named` frame), most named at the top, in the vocabulary's one colour
    (its "other" bar grey): the item's name is on the axis, so colour need not tell the bars apart.

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
    """Returns naming each language (a `languages` frame), the `top` most named, in the chart's one colour:
    languages are a free list, named on the axis."""
    shown = table.head(top).iloc[::-1]
    out_of = int(table["out_of"].iloc[0]) if len(table) else 0
    figure = go.Figure(go.Bar(
        x=shown["returns"], y=[_plain(language) for language in shown["language"]], orientation="h",
        marker_color=chart_colour("language"),
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
    line), and today's date (a dashed line). `table` is a `funding_cliff` frame.

    The axis spans the data with a small margin. Today is drawn as a line when it falls within half a year of
    the data (the axis then reaches it); further away, a note at that edge of the chart names the date instead,
    so years of empty axis do not squeeze the bars."""
    quarters = table.groupby(["quarter_start", "quarter_end"], as_index=False)["groups"].sum()
    starts = pd.to_datetime(quarters["quarter_start"])
    ends = pd.to_datetime(quarters["quarter_end"])
    middles = starts + (ends - starts) / 2
    now = pd.Timestamp(today)
    days = pd.to_datetime(table["ends_on"])
    first = starts.min() if len(quarters) else now
    last = max(ends.max(), days.max()) if len(quarters) else now
    margin = date_margin(first, last, 45)
    today_drawn = first - _TODAY_NEAR <= now <= last + _TODAY_NEAR
    low = min(first, now) - margin if today_drawn else first - margin
    high = max(last, now) + margin if today_drawn else last + margin
    figure = go.Figure()
    figure.add_trace(go.Bar(
        x=middles, y=quarters["groups"], width=_QUARTER_BAR_MS, name="funding ends in the quarter",
        marker_color=_CLIFF_BARS, text=[f"{int(n):,}" for n in quarters["groups"]], textposition="outside",
        customdata=[f"{format_date(s.date())} to {format_date(e.date())}" for s, e in zip(starts, ends)],
        hovertemplate="%{customdata}: funding ends for %{y} groups<extra></extra>",
    ))
    # Flat to today when it is drawn, to the axis's end when today is off to the right: no one runs out later.
    line_end = now if today_drawn else high if now > last else last
    line_end = max(line_end, days.max()) if len(table) else now
    cumulative = list(table["cumulative"])
    figure.add_trace(go.Scatter(
        # The running total steps up on each end date and then stays flat.
        x=[*days, line_end], y=[*cumulative, cumulative[-1] if cumulative else 0],
        mode="lines+markers", line_shape="hv", line=dict(color=_CLIFF_LINE, width=3),
        marker=dict(size=[7] * len(cumulative) + [0], color=_CLIFF_LINE), name="run out by then (running total)",
        hovertemplate="By %{x|%-d %b %Y}: %{y} groups<extra></extra>",
    ))
    if today_drawn:
        figure.add_vline(x=now.timestamp() * 1000, line_dash="dash", line_color=_TODAY, line_width=2)
        figure.add_annotation(x=now, y=1, yref="paper", text=f"Today, {format_date(today)}", showarrow=False,
                              xanchor="right", yanchor="bottom", font=dict(color=_TODAY))
    else:
        later = now > last
        figure.add_annotation(
            x=1 if later else 0, xref="paper", y=1, yref="paper", xanchor="right" if later else "left",
            yanchor="bottom", showarrow=False, font=dict(color=_TODAY),
            text=(f"Today, {format_date(today)}, is later →" if later
                  else f"← Today, {format_date(today)}, is earlier"))
    top = int(table["cumulative"].max()) if len(table) else 1
    layout = {**_LAYOUT, "margin": dict(l=10, r=10, t=60, b=10)}
    figure.update_layout(**layout, height=420, yaxis_title="groups", yaxis_range=[0, max(top, 1) * 1.15],
                         xaxis_range=[low, high],
                         legend=dict(orientation="h", yanchor="bottom", y=1.08, x=0),
                         xaxis_title="when secured funding ends")
    return figure
