"""What every chart shares: its look (LAYOUT) and a light plotly template.

Each page's charts are in its home (`disparities/pages/<key>/charts.py`); colours come from palette.py, so a
category looks the same on every page.

The template is the layout part of plotly's "plotly_white" for 2-D charts, written out here and made the
default. plotly's own templates carry styles for every trace type (carpets, 3-D scenes, maps) and are deep-copied
into every figure: a quarter of a second of every cold page render, for nothing a bar chart uses.
"""
import plotly.graph_objects as go
import plotly.io as pio

from disparities.palette import OKABE_ITO

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
