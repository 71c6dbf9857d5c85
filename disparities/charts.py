"""What every chart shares: its look (LAYOUT) and a light plotly template.

Each page's charts are in its home (`disparities/pages/<key>/charts.py`); colours come from palette.py, so a
category looks the same on every page.

The template is the layout part of plotly's "plotly_white" for 2-D charts, written out here and made the
default. plotly's own templates carry styles for every trace type (carpets, 3-D scenes, maps) and are deep-copied
into every figure: a quarter of a second of every cold page render, for nothing a bar chart uses.
"""
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from disparities.palette import OKABE_ITO, OTHER
from disparities.summaries import percent, sentence_case

_AXIS = dict(gridcolor="#EBF0F8", linecolor="#EBF0F8", ticks="", title=dict(standoff=15), zerolinecolor="#EBF0F8",
             automargin=True, zerolinewidth=2)
TEMPLATE_NAME = "disparities"
pio.templates[TEMPLATE_NAME] = go.layout.Template(layout=dict(
    autotypenumbers="strict", colorway=list(OKABE_ITO), font=dict(color="#2a3f5f"), hovermode="closest",
    hoverlabel=dict(align="left"), paper_bgcolor="white", plot_bgcolor="white", xaxis=_AXIS, yaxis=_AXIS,
    shapedefaults=dict(line=dict(color="#2a3f5f")), title=dict(x=0.05),
    annotationdefaults=dict(arrowcolor="#2a3f5f", arrowhead=0, arrowwidth=1)))
pio.templates.default = TEMPLATE_NAME  # figures made without a template get this one, not plotly's heavy default

LAYOUT = dict(template=TEMPLATE_NAME, margin=dict(l=10, r=10, t=30, b=10), font=dict(size=14))

PROJECTOR_TEXT = "#1a1a1a"  # 17:1 on white; the template's blue-grey (#2a3f5f) is fine on a screen, faint on a wall


def for_a_projector(figure: go.Figure) -> go.Figure:
    """A copy of `figure` readable from the back of a meeting room: every text (values, axis titles, tick labels,
    legend, hover) at least 18 px in near-black, and the chart taller to make room."""
    figure = go.Figure(figure)
    figure.update_layout(font=dict(size=20, color=PROJECTOR_TEXT), legend_font=dict(size=18, color=PROJECTOR_TEXT),
                         hoverlabel_font_size=18, height=int((figure.layout.height or 450) * 1.3))
    for axes in (figure.update_xaxes, figure.update_yaxes):
        axes(tickfont=dict(size=18, color=PROJECTOR_TEXT), title_font=dict(size=20, color=PROJECTOR_TEXT))
    return figure


TREND_COLOURS = {"increased": OKABE_ITO[0], "decreased": OKABE_ITO[3], "no significant change": OTHER}
MAX_CHANGE_ROWS = 12  # answers drawn when none changed by more than chance: the largest changes


def round_change_dumbbells(table: pd.DataFrame) -> go.Figure:
    """Each answer's share in the previous return (hollow) and the latest (filled, coloured by the trend, with
    its 95% interval): the answers that changed by more than chance, else the largest changes."""
    changed = table[table["trend"].isin(["increased", "decreased"])]
    shown = changed if len(changed) else table.reindex(
        table["change"].abs().sort_values(ascending=False, kind="stable").index).head(MAX_CHANGE_ROWS)
    shown = shown.iloc[::-1]  # plotly draws the first row at the bottom
    labels = [f"{q}: {sentence_case(str(i))}" for q, i in zip(shown["question"], shown["item"])]
    figure = go.Figure()
    for label, before, after in zip(labels, shown["previous_share"], shown["latest_share"]):
        figure.add_trace(go.Scatter(x=[before * 100, after * 100], y=[label, label], mode="lines",
                                    line=dict(color="#BBBBBB", width=3), showlegend=False, hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=shown["previous_share"] * 100, y=labels, mode="markers", name="previous return",
        marker=dict(size=13, color="white", line=dict(color="#444", width=2)),
        customdata=[f"{percent(s)} ({int(k)} of {int(n)})" for s, k, n in
                    zip(shown["previous_share"], shown["previous"], shown["organisations"])],
        hovertemplate="%{y}, previous return: %{customdata}<extra></extra>"))
    for trend_name, colour in TREND_COLOURS.items():
        part = shown[shown["trend"] == trend_name]
        if part.empty:
            continue
        figure.add_trace(go.Scatter(
            x=part["latest_share"] * 100, mode="markers", name=f"latest return: {trend_name}",
            y=[f"{q}: {sentence_case(str(i))}" for q, i in zip(part["question"], part["item"])],
            marker=dict(size=15, color=colour),
            error_x=dict(type="data", symmetric=False, color=colour,
                         array=(part["latest_high"] - part["latest_share"]) * 100,
                         arrayminus=(part["latest_share"] - part["latest_low"]) * 100),
            customdata=[f"{percent(s)} ({int(k)} of {int(n)}), 95% CI {percent(lo)} to {percent(hi)}" for s, k, n, lo, hi
                        in zip(part["latest_share"], part["latest"], part["organisations"], part["latest_low"],
                               part["latest_high"])],
            hovertemplate="%{y}, latest return: %{customdata}<extra></extra>"))
    figure.update_layout(**LAYOUT)
    figure.update_layout(
        height=max(260, 45 * len(shown) + 150), margin=dict(l=10, r=10, t=60, b=10),
        xaxis=dict(title="% of the groups with two returns (latest: 95% confidence interval)", range=[0, 105],
                   ticksuffix="%"),
        yaxis=dict(categoryorder="array", categoryarray=labels),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return figure
