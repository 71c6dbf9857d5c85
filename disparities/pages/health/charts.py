"""Charts of the Health disparities page."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from disparities.suppression import SUPPRESSED
from disparities.intervals import HIGHER, LOWER, NOT_COMPARED, SIMILAR
from disparities.palette import OTHER, VERDICT_COLOURS as _VERDICT_COLOURS, color_for, readable_text
from disparities.summaries import percent, sentence_case

from disparities.charts import LAYOUT as _LAYOUT


_VALUE_ROOM = 24  # percentage points right of the longest whisker for its value ("15 (50%)")


def main_disparity_bars(table: pd.DataFrame) -> go.Figure:
    """Share of organisations naming each disparity as their main one, with 95% confidence intervals; each bar's
    count and share written just past its whisker."""
    ordered = table.sort_values("share")
    labels = [f"{sentence_case(d)} ({k} of {n})" for d, k, n in zip(ordered["disparity"], ordered["organisations"],
                                                                    ordered["assessed"])]
    values = [f"{int(k):,} ({percent(s)})" for k, s in zip(ordered["organisations"], ordered["share"])]
    figure = go.Figure(go.Bar(
        x=ordered["share"] * 100, orientation="h", y=labels,
        marker_color=[color_for("disparity", d) for d in ordered["disparity"]],
        error_x=dict(type="data", symmetric=False, color="#444",
                     array=(ordered["ci_high"] - ordered["share"]) * 100,
                     arrayminus=(ordered["share"] - ordered["ci_low"]) * 100),
        # The value is written by the trace below, past the whisker, where the whisker cannot cross it.
        text=values, textposition="none",
        hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
    ))
    figure.add_trace(go.Scatter(
        x=ordered["ci_high"] * 100, y=labels, mode="text", textposition="middle right",
        text=[f"\u2002{v}" for v in values],  # an en space: clear of the whisker's cap
        textfont=dict(color="#333333"), cliponaxis=False, showlegend=False, hoverinfo="skip", name="values"))
    # Ticks and grid stop at 100%; the room beyond is for the values and for the "100%" tick label in meeting mode.
    widest = float((ordered["ci_high"] * 100).max()) if len(ordered) else 0
    figure.update_layout(**_LAYOUT, xaxis_title="% of organisations assessed (95% confidence interval)",
                         xaxis=dict(range=[0, max(104, widest + _VALUE_ROOM)], tickvals=list(range(0, 101, 20)),
                                    ticksuffix="%"),
                         showlegend=False, height=max(250, 45 * len(ordered) + 80))
    return figure


def ranking_bars(table: pd.DataFrame) -> go.Figure:
    """Points per disparity from every rank (RANK_POINTS_RULE), highest at the top, each bar's points written
    beside it."""
    ordered = table.sort_values("points")
    figure = go.Figure(go.Bar(
        x=ordered["points"], y=[sentence_case(d) for d in ordered["disparity"]], orientation="h",
        marker_color=[color_for("disparity", d) for d in ordered["disparity"]],
        text=[f"{int(p):,}" for p in ordered["points"]], textposition="outside", cliponaxis=False,
        textfont=dict(color="#333333"),
        customdata=ordered["organisations_ranking_it"],
        hovertemplate="%{y}: %{x} points, ranked by %{customdata} organisations<extra></extra>",
    ))
    most = float(ordered["points"].max()) if len(ordered) else 0
    figure.update_layout(**_LAYOUT, xaxis_title="points from every rank", xaxis_range=[0, max(most, 1) * 1.15],
                         height=max(250, 35 * len(ordered) + 80))
    return figure


def _text(label: object) -> str:
    """A label that may be user-supplied (a ward kept as written, an 'Other: ...' community) as plain text: plotly
    reads a few HTML tags (<a>, <b>, <br>) in labels, so <, > and & are written as entities, which it shows as is."""
    return html.escape(str(label), quote=False)


def _wrap(label: str, width: int = 14) -> str:
    """A long category label over several lines (plotly breaks on <br>), so column labels need not be tilted."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


# Sequential blues (ColorBrewer), light to dark: one hue, so order reads without telling colours apart.
_HEAT_SCALE = [[0.0, "#f7fbff"], [0.25, "#c6dbef"], [0.5, "#6baed6"], [0.75, "#2171b5"], [1.0, "#08306b"]]


HEAT_MAP_MIN_ASSESSED = 2  # rows need at least this many organisations assessed, once there are many rows
HEAT_MAP_ALL_ROWS = 10  # up to this many communities, every one is a row


def heat_map_rows(table: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(communities drawn, communities left out) in the frame's order (most assessed first). Past
    HEAT_MAP_ALL_ROWS communities, those with a single organisation assessed are left out: a column of ones says
    little and pushes the fuller rows apart. The section's table (the download) keeps them all."""
    assessed = table.drop_duplicates("community").set_index("community")["assessed"]
    communities = list(assessed.index)
    kept = [c for c in communities if assessed[c] >= HEAT_MAP_MIN_ASSESSED]
    if len(communities) <= HEAT_MAP_ALL_ROWS or not kept:
        return communities, []
    return kept, [c for c in communities if c not in kept]


def community_heat_map(table: pd.DataFrame) -> go.Figure:
    """Communities (rows, most assessed organisations first) by disparities (columns, most named first): the
    organisations serving the community that name the disparity as their main one; share in the hover text.
    With many communities, those with one organisation assessed are left out (heat_map_rows) and counted in a
    note under the chart."""
    figure = go.Figure()
    figure.update_layout(**_LAYOUT)
    if table.empty:
        return figure
    communities, left_out = heat_map_rows(table)
    disparities = list(pd.unique(table["disparity"]))
    counts = table.pivot(index="community", columns="disparity", values="organisations").loc[communities, disparities]
    shares = table.assign(_share=[f"{percent(s)} (95% CI {percent(lo)} to {percent(hi)})" for s, lo, hi in
                                  zip(table["share"], table["ci_low"], table["ci_high"])]).pivot(
        index="community", columns="disparity", values="_share").loc[communities, disparities]
    assessed = table.drop_duplicates("community").set_index("community")["assessed"].loc[communities]
    figure.add_trace(go.Heatmap(
        z=counts.to_numpy(), x=[_wrap(sentence_case(d)) for d in disparities],
        y=[f"{_text(c)} ({n})" for c, n in zip(communities, assessed)],
        customdata=shares.to_numpy(),
        # Zeros left blank, so the filled cells stand out; the hover text still gives 0.
        text=[[f"{n:,}" if n else "" for n in row] for row in counts.to_numpy()],
        colorscale=_HEAT_SCALE, zmin=0, xgap=2, ygap=2, texttemplate="%{text}", showscale=False,
        hovertemplate="%{y}<br>%{x}: %{z} organisations, %{customdata} of the community's assessed organisations"
                      "<extra></extra>",
    ))
    margin_bottom = 10
    if left_out:
        margin_bottom = 60
        figure.add_annotation(
            text=(f"{len(left_out)} {'community' if len(left_out) == 1 else 'communities'} with one organisation "
                  f"assessed {'is' if len(left_out) == 1 else 'each are'} left out (the table download has all "
                  f"{len(communities) + len(left_out)})."),
            xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", yshift=-12, showarrow=False,
            align="left", font=dict(size=13, color="#333333"))
    figure.update_layout(height=max(300, 30 * len(communities) + 150 + margin_bottom), xaxis_side="top",
                         yaxis_autorange="reversed", margin=dict(l=10, r=10, t=30, b=margin_bottom))
    return figure


def breakdown_bars(table: pd.DataFrame, group: str) -> go.Figure:
    """One horizontal bar per group (a ward, an income band) in the frame's order, stacked by main disparity;
    each group labelled with its organisations assessed in brackets."""
    figure = go.Figure()
    sizes = table.drop_duplicates(group)
    labels = {name: f"{_text(name)} ({n})" for name, n in zip(sizes[group], sizes["assessed"])}
    named = table.dropna(subset=["disparity"])
    order = named.groupby("disparity")["organisations"].sum().sort_values(ascending=False, kind="stable").index
    for disparity in order:
        rows = named[named["disparity"] == disparity]
        figure.add_trace(go.Bar(
            x=rows["organisations"], y=[labels[g] for g in rows[group]], orientation="h",
            name=sentence_case(disparity), marker_color=color_for("disparity", disparity),
            text=[f"{int(n):,}" for n in rows["organisations"]], textposition="inside", insidetextanchor="middle",
            textfont=dict(color=readable_text(color_for("disparity", disparity))),
            customdata=[f"{percent(s)} of those assessed (95% CI {percent(lo)} to {percent(hi)})"
                        for s, lo, hi in zip(rows["share"], rows["ci_low"], rows["ci_high"])],
            hovertemplate=f"%{{y}}<br>{sentence_case(disparity)}: %{{x}} organisations, %{{customdata}}"
                          "<extra></extra>",
        ))
    widest = float(named.groupby(group)["organisations"].sum().max()) if len(named) else 1
    figure.update_layout(**_LAYOUT)
    figure.update_layout(
        barmode="stack", height=max(300, 32 * len(labels) + 170), margin=dict(l=10, r=10, t=90, b=10),
        xaxis=dict(title="organisations by their main disparity (organisations assessed in brackets)",
                   dtick=1 if sizes["assessed"].max() <= 12 else None, range=[0, max(widest, 1) * 1.05]),
        yaxis=dict(categoryorder="array", categoryarray=list(labels.values()), autorange="reversed"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"))
    return figure


def beneficiaries_bars(table: pd.DataFrame) -> go.Figure:
    """Beneficiaries affected per disparity, largest at the top, with how many organisations gave a figure."""
    ordered = table.assign(_value=table["beneficiaries_affected"].astype(float)).sort_values(
        "_value", kind="stable", na_position="first")  # suppressed (missing) figures at the foot
    figure = go.Figure(go.Bar(
        x=ordered["_value"], orientation="h",
        y=[f"{sentence_case(d)} ({k} orgs)" for d, k in zip(ordered["disparity"], ordered["organisations_reporting"])],
        marker_color=[color_for("disparity", d) for d in ordered["disparity"]],
        text=[SUPPRESSED if pd.isna(v) else f"{v:,.0f}" for v in ordered["_value"]], textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:,} beneficiaries affected<extra></extra>",
    ))
    largest = ordered["_value"].max() if len(ordered) else 0
    largest = 1 if pd.isna(largest) or largest <= 0 else float(largest)
    # A fixed range with room for the values, so the screen and an exported image (wider) show the same axis.
    figure.update_layout(**_LAYOUT, xaxis_title="beneficiaries affected (sum of the organisations' estimates)",
                         xaxis_range=[0, largest * 1.18], height=max(250, 35 * len(ordered) + 80))
    return figure


# Compared with residents (palette.VERDICT_COLOURS): lower reach red, similar green, higher indigo.
VERDICT_COLOURS = {verdict: _VERDICT_COLOURS[verdict] for verdict in (LOWER, SIMILAR, HIGHER, NOT_COMPARED)}
VERDICT_NAMES = {LOWER: "lower than residents' share", SIMILAR: "similar to residents' share",
                 HIGHER: "higher than residents' share", NOT_COMPARED: "not compared"}


def population_bars(table: pd.DataFrame) -> go.Figure:
    """Per community with a resident figure: its share of residents (grey) beside the share of organisations in
    view serving it, with its 95% interval, coloured by the verdict (lower, similar, higher), which the row's
    label also says; largest share of organisations at the top."""
    rows = table[table["residents"].notna()]
    label_of = {c: f"{_text(c)} ({v})" for c, v in zip(rows["community"], rows["compared_with_residents"])}
    labels = [label_of[c] for c in rows["community"]]
    figure = go.Figure()
    residents = rows["resident_share"].astype(float).fillna(0)
    figure.add_trace(go.Bar(
        x=residents * 100, y=labels, orientation="h", name="Borough residents", marker_color="#BBBBBB",
        offsetgroup="residents",
        text=[percent(s) for s in residents], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.0f}% of borough residents<extra></extra>"))
    for verdict in (LOWER, SIMILAR, HIGHER, NOT_COMPARED):
        part = rows[rows["compared_with_residents"] == verdict]
        if part.empty:
            continue
        share = part["organisation_share"].astype(float).fillna(0)
        figure.add_trace(go.Bar(
            x=share * 100, y=[label_of[c] for c in part["community"]], orientation="h",
            name=f"Organisations in view serving it: {VERDICT_NAMES[verdict]}", marker_color=VERDICT_COLOURS[verdict],
            offsetgroup="organisations",  # one slot under the residents' bar, whatever the verdict
            # Not written on the bar, where its whisker would cross it: the share is in the hover text and the
            # summary (and set here so that meeting mode does not write it either).
            text=[percent(s) for s in share], textposition="none",
            error_x=dict(type="data", symmetric=False, color="#444",
                         array=(part["organisation_share_high"].astype(float) - share) * 100,
                         arrayminus=(share - part["organisation_share_low"].astype(float)) * 100),
            customdata=[f"{percent(s)} of organisations in view (95% CI {percent(lo)} to {percent(hi)})" for s, lo, hi
                        in zip(share, part["organisation_share_low"], part["organisation_share_high"])],
            hovertemplate="%{y}: %{customdata}<extra></extra>"))
    widest = max([*(rows["organisation_share_high"].astype(float) * 100), *(residents * 100), 10])
    figure.update_layout(**_LAYOUT)
    figure.update_layout(
        barmode="group", height=max(250, 60 * len(rows) + 160), margin=dict(l=10, r=10, t=90, b=10),
        xaxis=dict(title="% of borough residents / % of organisations in view (95% confidence interval)",
                   ticksuffix="%", range=[0, min(105, widest * 1.12)]),
        yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"))
    return figure
