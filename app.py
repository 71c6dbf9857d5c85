"""The dashboard: every page of `disparities.registry` in one menu; `st.navigation` runs the page asked for.

Start it with `streamlit run app.py` (add `-- --db PATH` for another store). The pages are in `pages/`; the
menu in the sidebar is the registry's, drawn by `ui.page_start` so that its links keep the chosen filters.
"""
from disparities import ui

ui.navigation().run()
