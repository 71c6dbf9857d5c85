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

from disparities.palette import NEAR_BLACK, OKABE_ITO, TREND_COLOURS, readable_text
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

PROJECTOR_TEXT = NEAR_BLACK  # "#1a1a1a", 17:1 on white; the template's blue-grey (#2a3f5f) is fine on a screen, faint on a wall
PROJECTOR_MIN_TEXT = 18  # px: the smallest text in meeting mode (values, ticks, legend, notes on the chart)


def _value_text(value) -> str:
    """A bar's value as written on it in meeting mode: whole numbers without decimals, others to one place."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() or abs(number) >= 100 else f"{number:,.1f}"


def _inside(trace, figure: go.Figure) -> bool:
    """Whether a bar's text sits on the bar (inside or stacked) rather than beside it on the white."""
    position = trace.textposition
    positions = set(position) if isinstance(position, (list, tuple)) else {position}
    return bool(positions & {"inside", "auto"}) or (position is None and figure.layout.barmode in ("stack",
                                                                                                     "relative"))


def _bar_colours(trace) -> list[str]:
    colour = trace.marker.color
    return list(colour) if isinstance(colour, (list, tuple)) else [colour]


def date_margin(first: pd.Timestamp, last: pd.Timestamp, at_least_days: int) -> pd.Timedelta:
    """Room either side of the dates on a date axis: 4% of their span, and at least `at_least_days` (a fixed
    range, not plotly's autorange, so a PNG of the chart shows the axis the page shows)."""
    return max(pd.Timedelta(days=at_least_days), (last - first) * 0.04)


def for_a_projector(figure: go.Figure) -> go.Figure:
    """A copy of `figure` readable from the back of a meeting room: every text (values, axis titles, tick labels,
    legend, hover, notes written on the chart) at least 18 px in near-black, values written on every bar, long
    labels given the margin they need, and the chart taller to make room.

    Text written on a bar (inside it, or on a stacked segment) is near-black, or white where the bar is too dark
    for near-black to read (palette.readable_text); text on the white around the plot is always near-black. Heat
    map cells keep plotly's own choice of dark or light text per cell, at the larger size."""
    figure = go.Figure(figure)
    figure.update_layout(font=dict(size=20, color=PROJECTOR_TEXT), legend_font=dict(size=18, color=PROJECTOR_TEXT),
                         legend_title_font=dict(size=18, color=PROJECTOR_TEXT), title_font_color=PROJECTOR_TEXT,
                         hoverlabel_font_size=18, height=int((figure.layout.height or 450) * 1.3))
    for axes in (figure.update_xaxes, figure.update_yaxes):
        axes(tickfont=dict(size=18, color=PROJECTOR_TEXT), title_font=dict(size=20, color=PROJECTOR_TEXT),
             automargin=True)
    for trace in figure.data:
        if trace.type == "bar":
            _projector_bar_text(trace, figure)
        elif trace.type == "heatmap":
            trace.textfont.size = max(trace.textfont.size or 0, PROJECTOR_MIN_TEXT)
        elif trace.type == "scatter" and trace.text is not None:
            trace.textfont.size = max(trace.textfont.size or 0, PROJECTOR_MIN_TEXT)
            trace.textfont.color = PROJECTOR_TEXT
    for annotation in figure.layout.annotations:
        annotation.font.size = max(annotation.font.size or 0, PROJECTOR_MIN_TEXT)
        annotation.font.color = PROJECTOR_TEXT
    return figure


def _projector_bar_text(trace, figure: go.Figure) -> None:
    """Values on a bar that has none, and its text large and dark (white on a dark bar)."""
    if trace.text is None and trace.texttemplate is None and trace.base is None:  # not a Gantt's floating bar
        values = trace.x if trace.orientation == "h" else trace.y
        trace.text = [_value_text(v) for v in (values if values is not None else [])]
        if trace.textposition is None and figure.layout.barmode not in ("stack", "relative"):
            trace.textposition = "outside"
        trace.cliponaxis = False
    trace.textfont.size = max(trace.textfont.size or 0, PROJECTOR_MIN_TEXT)
    if _inside(trace, figure):
        colours = [readable_text(c) for c in _bar_colours(trace)]
        trace.textfont.color = colours[0] if len(set(colours)) == 1 else colours
        trace.insidetextfont = dict(size=trace.textfont.size, color=trace.textfont.color)
        trace.outsidetextfont = dict(size=trace.textfont.size, color=PROJECTOR_TEXT)
    else:
        trace.textfont.color = PROJECTOR_TEXT


TREND_SYMBOLS = {"increased": "triangle-right", "decreased": "triangle-left", "no significant change": "circle"}
MAX_CHANGE_ROWS = 12  # answers drawn when none changed by more than chance: the largest changes


def round_change_dumbbells(table: pd.DataFrame) -> go.Figure:
    """Each answer's share in the previous return (hollow) and the latest (filled, coloured by the trend and an
    arrow pointing the way it moved, with its 95% interval): the answers that changed by more than chance, else the largest changes."""
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
            marker=dict(size=17 if trend_name != "no significant change" else 15, color=colour,
                        symbol=TREND_SYMBOLS[trend_name]),
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
