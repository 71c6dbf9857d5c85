"""Charts of the Organisations page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from disparities.palette import color_for
from disparities.suppression import SUPPRESSED
from disparities.summaries import sentence_case
from disparities.pages.organisations.sentences import given
from disparities.charts import LAYOUT as _LAYOUT


def _affected_label(value: object, was_given: object) -> str:
    if pd.isna(value):
        return f"{SUPPRESSED} (too few to publish)" if given(was_given) else "not given"
    return f"{int(value):,}"


def assessment_bars(one_assessment: pd.DataFrame) -> go.Figure:
    """One assessment: a bar per disparity, rank 1 at the top, length = beneficiaries affected.

    The rank is written in each label, so the order reads without the colours; a disparity with no estimate
    gets no bar but keeps its labelled row.
    """
    ordered = one_assessment.sort_values("rank", ascending=False)  # plotly draws the first row at the bottom
    affected = ordered["beneficiaries_affected"]
    figure = go.Figure(go.Bar(
        x=affected, orientation="h",
        y=[f"{int(r)}. {sentence_case(str(d))}" for r, d in zip(ordered["rank"], ordered["disparity"])],
        marker_color=[color_for("disparity", d) for d in ordered["disparity"]],
        text=[_affected_label(n, g) for n, g in zip(affected, ordered.get("affected_given", [False] * len(ordered)))],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text} beneficiaries affected<extra></extra>",
    ))
    figure.update_layout(**_LAYOUT, xaxis_title="beneficiaries affected (estimate)",
                         height=max(220, 40 * len(ordered) + 90))
    largest = affected.max() if affected.notna().any() else 0
    # Room on the right for the number written beyond the longest bar.
    figure.update_xaxes(range=[0, largest * 1.15] if largest > 0 else [0, 1], rangemode="tozero")
    return figure
