"""charts: the look every chart shares, and the same chart for a projector in meeting mode."""
import plotly.graph_objects as go

from disparities.charts import LAYOUT, PROJECTOR_TEXT, for_a_projector


def test_a_chart_for_a_projector_has_large_dark_text():
    figure = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    figure.update_layout(**LAYOUT, height=300, xaxis_title="organisations")
    shown = for_a_projector(figure)
    assert shown.layout.font.size == 20 and shown.layout.height == 390
    assert shown.layout.xaxis.tickfont.size == 18 and shown.layout.yaxis.title.font.color == PROJECTOR_TEXT
    assert shown.layout.legend.font.size == 18
    assert figure.layout.font.size == 14  # the page's own figure is left as it was
