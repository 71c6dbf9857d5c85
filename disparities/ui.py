"""The one module that imports streamlit: page setup, the store's cached reads, shared notices.

Reads open a short-lived read-only connection, so the command line can write to
the store while the app runs. Results are cached by the store file's version
(its modification time and size), so a new upload shows on the next rerun
without a restart and unchanged data is never queried twice.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from . import bootstrap, config, store, vocabularies
from . import filters as filters_module

APP_TITLE = "BAME Disparities Project: evidence dashboard"


def db_path() -> Path:
    """`streamlit run app.py -- --db PATH`, else $DISPARITIES_DB, else data/disparities.duckdb."""
    args = sys.argv[1:]
    explicit = args[args.index("--db") + 1] if "--db" in args[:-1] else None
    return config.db_path(explicit)


@st.cache_resource(show_spinner="Preparing the data store for first use...")
def _ensure_store(path: str) -> None:
    if not Path(path).exists():
        bootstrap.init_store(Path(path), with_sample=True)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: tuple, query_name: str, _query: Callable, args: tuple) -> Any:
    with store.connect(Path(path), read_only=True) as con:
        return _query(con, *args)


def read(query: Callable, *args: Any) -> Any:
    """`query(connection, *args)` against the current store, cached until the store changes."""
    path = db_path()
    try:
        _ensure_store(str(path))
        name = f"{query.__module__}.{query.__qualname__}"
        return _cached(str(path), store.data_version(path), name, query, args)
    except store.StoreBusy as busy:
        st.warning(f"{busy} The page will show the data once the upload has finished: reload in a moment.")
        st.stop()
    except store.StoreError as problem:
        st.error(str(problem))
        st.stop()


def page_setup(title: str) -> None:
    st.set_page_config(page_title=f"{title} | BAME Disparities Project", page_icon=":bar_chart:", layout="wide")


def sample_notice(sample_rows: int) -> None:
    """A clear notice while any sample rows are in the current state."""
    if sample_rows:
        st.warning(
            f"**Sample data.** {sample_rows:,} of the rows shown are illustrative sample data, not real evidence: "
            "the organisations are invented (their names begin with \"Sample\"). The programme phases, events and "
            "Appendix 1 deliverables follow THCVS's published documents. Undo the sample upload to remove them.",
            icon=":material/science:",
        )


# ---- global filters, kept in the URL ----------------------------------------------------------------

PAGES = (("app.py", "Overview", ":material/home:"),
         ("pages/1_Health_disparities.py", "Health disparities", ":material/monitor_heart:"))


def nav_menu(params: dict | None = None) -> None:
    """Links to every page with readable labels, keeping the current filters in each link."""
    for page, label, icon in PAGES:
        st.page_link(page, label=label, icon=icon, query_params=params or None)


_LEVEL_LABELS = {"local": "Local community name", "census": "2021 Census group", "high": "High-level group"}


def _filters_from_url() -> filters_module.Filters:
    return filters_module.from_query_params({k: st.query_params.get_all(k) for k in st.query_params})


def _load_widgets_from(current: filters_module.Filters, organisation_options: list[str]) -> None:
    """Widgets start from the URL (a shared link) the first time this browser session sees it."""
    state = st.session_state
    state["f_level"] = current.community_level
    state["f_communities"] = list(current.communities)
    state["f_wards"] = list(current.wards)
    state["f_income"] = list(current.income_bands)
    state["f_orgs"] = [o for o in organisation_options if o.split(":")[0] in current.org_ids]
    state["f_dates"] = tuple(d for d in (current.date_from, current.date_to) if d)
    state["f_url"] = filters_module.to_query_params(current)


def sidebar_filters(organisation_options: list[str]) -> filters_module.Filters:
    """The sidebar's filters on every page; the chosen view is written back to the URL so it can be shared."""
    from_url = _filters_from_url()
    if st.session_state.get("f_url") != filters_module.to_query_params(from_url):
        _load_widgets_from(from_url, organisation_options)
    menu = st.sidebar.container()
    with st.sidebar:
        st.header("Filters")
        level = st.radio("Group communities by", filters_module.LEVELS, key="f_level",
                         format_func=_LEVEL_LABELS.get)
        options = filters_module.level_options(level)
        st.session_state["f_communities"] = [c for c in st.session_state.get("f_communities", []) if c in options]
        communities = st.multiselect("Community", options, key="f_communities", placeholder="All communities")
        wards = st.multiselect("Ward", vocabularies.WARD.labels, key="f_wards", placeholder="All wards")
        income = st.multiselect("Income band", vocabularies.INCOME.labels, key="f_income", placeholder="All bands")
        orgs = st.multiselect("Organisation", organisation_options, key="f_orgs", placeholder="All organisations")
        dates = st.date_input("Assessments and returns between", key="f_dates", format="DD/MM/YYYY")
        if st.button("Reset filters", icon=":material/restart_alt:"):
            st.query_params.clear()
            st.session_state.pop("f_url", None)
            st.rerun()
    chosen = filters_module.Filters(
        communities=tuple(communities), community_level=level, wards=tuple(wards), income_bands=tuple(income),
        org_ids=tuple(o.split(":")[0] for o in orgs),
        date_from=dates[0] if len(dates) > 0 else None, date_to=dates[1] if len(dates) > 1 else None)
    params = filters_module.to_query_params(chosen)
    if params != filters_module.to_query_params(from_url):
        st.query_params.from_dict(params)
    st.session_state["f_url"] = params
    with menu:
        nav_menu(params)
    return chosen


def caution(message: str | None) -> None:
    if message:
        st.warning(message, icon=":material/warning:")
