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

from . import bootstrap, config, store

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
