"""DataFrame -> plotly Figure, one submodule per page. Colours come from palette.py, so a category looks the
same on every page; LAYOUT is the look every chart shares."""
LAYOUT = dict(template="plotly_white", margin=dict(l=10, r=10, t=30, b=10), font=dict(size=14))
