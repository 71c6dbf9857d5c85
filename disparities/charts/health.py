"""Charts of the Health disparities page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..palette import color_for
from ..summaries import sentence_case

from . import LAYOUT as _LAYOUT


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
    ordered = table.sort_values("points")
    figure = go.Figure(go.Bar(
        x=ordered["points"], y=[sentence_case(d) for d in ordered["disparity"]], orientation="h",
        marker_color=[color_for("disparity", d) for d in ordered["disparity"]],
        customdata=ordered["organisations_ranking_it"],
        hovertemplate="%{y}: %{x} points, ranked by %{customdata} organisations<extra></extra>",
    ))
    figure.update_layout(**_LAYOUT, xaxis_title="points from every rank", height=max(250, 35 * len(ordered) + 80))
    return figure
