"""Charts of the Health disparities page."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from disparities.suppression import SUPPRESSED
from disparities.intervals import HIGHER, LOWER, NOT_COMPARED, SIMILAR
from disparities.palette import OKABE_ITO, OTHER, RAG, color_for
from disparities.summaries import percent, sentence_case

from disparities.charts import LAYOUT as _LAYOUT


def main_disparity_bars(table: pd.DataFrame) -> go.Figure:
    """Share of organisations naming each disparity as their main one, with 95% confidence intervals."""
    ordered = table.sort_values("share")
    figure = go.Figure(go.Bar(
        x=ordered["share"] * 100, orientation="h",
        y=[f"{sentence_case(d)} ({k} of {n})" for d, k, n in zip(ordered["disparity"], ordered["organisations"],
                                                                 ordered["assessed"])],
        marker_color=[color_for("disparity", d) for d in ordered["disparity"]],
        error_x=dict(type="data", symmetric=False, color="#444",
                     array=(ordered["ci_high"] - ordered["share"]) * 100,
                     arrayminus=(ordered["share"] - ordered["ci_low"]) * 100),
        hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
    ))
    figure.update_layout(**_LAYOUT, xaxis_title="% of organisations assessed (95% confidence interval)",
                         xaxis_range=[0, 100], height=max(250, 45 * len(ordered) + 80))
    return figure


def ranking_bars(table: pd.DataFrame) -> go.Figure:
    """Points per disparity from every rank (RANK_POINTS_RULE), highest at the top."""
    ordered = table.sort_values("points")
    figure = go.Figure(go.Bar(
        x=ordered["points"], y=[sentence_case(d) for d in ordered["disparity"]], orientation="h",
        marker_color=[color_for("disparity", d) for d in ordered["disparity"]],
        customdata=ordered["organisations_ranking_it"],
        hovertemplate="%{y}: %{x} points, ranked by %{customdata} organisations<extra></extra>",
    ))
    figure.update_layout(**_LAYOUT, xaxis_title="points from every rank", height=max(250, 35 * len(ordered) + 80))
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


def community_heat_map(table: pd.DataFrame) -> go.Figure:
    """Communities (rows, most assessed organisations first) by disparities (columns, most named first): the
    organisations serving the community that name the disparity as their main one; share in the hover text."""
    figure = go.Figure()
    figure.update_layout(**_LAYOUT)
    if table.empty:
        return figure
    communities = list(pd.unique(table["community"]))
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
    figure.update_layout(height=max(300, 30 * len(communities) + 150), xaxis_side="top",
                         yaxis_autorange="reversed")
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
            customdata=[f"{percent(s)} of those assessed (95% CI {percent(lo)} to {percent(hi)})"
                        for s, lo, hi in zip(rows["share"], rows["ci_low"], rows["ci_high"])],
            hovertemplate=f"%{{y}}<br>{sentence_case(disparity)}: %{{x}} organisations, %{{customdata}}"
                          "<extra></extra>",
        ))
    figure.update_layout(**_LAYOUT)
    figure.update_layout(
        barmode="stack", height=max(300, 32 * len(labels) + 170), margin=dict(l=10, r=10, t=90, b=10),
        xaxis=dict(title="organisations by their main disparity (organisations assessed in brackets)",
                   dtick=1 if sizes["assessed"].max() <= 12 else None),
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
    figure.update_layout(**_LAYOUT, xaxis_title="beneficiaries affected (sum of the organisations' estimates)",
                         height=max(250, 35 * len(ordered) + 80))
    return figure


# Compared with residents: lower reach is the concern (red, as in the RAG statuses), similar is in line
# (green), higher is marked in blue rather than green, since more groups than residents is not in itself better.
VERDICT_COLOURS = {LOWER: RAG["red"], SIMILAR: RAG["green"], HIGHER: OKABE_ITO[0], NOT_COMPARED: OTHER}
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
