"""The one module that imports streamlit: page setup, the store's cached reads, shared notices.

Reads open a short-lived read-only connection, so the command line can write to
the store while the app runs. Results are cached by the store file's version
(its modification time and size), so a new upload shows on the next rerun
without a restart and unchanged data is never queried twice.
"""
from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
from functools import partial
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

import pandas as pd
import plotly.graph_objects as go

from disparities import (bootstrap, charts, config, consent, export, formats, intervals, queries, registry, store, summaries,
                         suppression, vocabularies)
from disparities.sections import Section
from disparities import filters as filters_module
from disparities.ui import exports, upload

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
    """The browser tab's title; in meeting mode the sidebar starts folded away, leaving the projector the charts."""
    tab = title if title == APP_TITLE else f"{title} | BAME Disparities Project"
    st.set_page_config(page_title=tab, page_icon=":bar_chart:", layout="wide",
                       initial_sidebar_state="collapsed" if meeting_mode() else "auto")


def sample_notice(view: filters_module.Filters) -> None:
    """A clear notice while any sample rows are in the store, counting the sample organisations this view shows."""
    sample, total, in_use = read(queries.sample_in_view, view)
    if not in_use:
        return
    counted = summaries.sample_sentence(sample, total)
    what = (f"{counted} invented (their names, where shown, begin with \"Sample\") and their figures illustrative"
            if counted else "Some rows behind this dashboard (events, indicators or readings) are illustrative")
    remove = "" if meeting_mode() else " The officer can remove the sample on the Data page."
    st.warning(f"**Sample data, not real evidence.** {what}.{remove}", icon=":material/science:")


# ---- global filters, kept in the URL ----------------------------------------------------------------

def navigation() -> Any:
    """Every page of the registry for `st.navigation`; the sidebar's own menu (`nav_menu`) replaces Streamlit's,
    whose links would drop the filters."""
    return st.navigation([streamlit_page(page) for page in registry.PAGES], position="hidden")


def streamlit_page(page: registry.Page) -> Any:
    """The `st.Page` of a registry page: its script, or a page drawing its home's sections in order."""
    if page.path:
        return st.Page(page.path, title=page.title, icon=page.icon, default=page is registry.PAGES[0])

    def sections_page() -> None:
        home = importlib.import_module(f"disparities.pages.{page.key}")
        view = page_start(home.TITLE, home.CAPTION)
        sections(read(home.sections, view), page.key, view)
    return st.Page(sections_page, title=page.title, icon=page.icon, url_path=page.url_path,
                   default=page is registry.PAGES[0])


def page_link(page: registry.Page, label: str | None = None, params: dict | None = None,
              icon: str | None = None, where: Any = st) -> None:
    """A link to a registry page, keeping `params` (the chosen filters) in it."""
    where.page_link(page.path or streamlit_page(page), label=label or page.title, icon=icon or page.icon,
                    query_params=params or None)


def nav_menu(params: dict | None = None) -> None:
    """Links to every page with readable labels, keeping the current filters in each link."""
    for page in registry.PAGES:
        page_link(page, params=params)


_LEVEL_LABELS = {"local": "Local community name", "census": "2021 Census group", "high": "High-level group"}


def _widget_key(field: filters_module.Field) -> str:
    return f"f_{field.name}"


_FILTER_KEYS = ("f_level", *(_widget_key(field) for field in filters_module.FIELDS), "f_dates")


def _filters_from_url() -> filters_module.Filters:
    return filters_module.from_query_params({k: st.query_params.get_all(k) for k in st.query_params})


def _load_widgets_from(current: filters_module.Filters, options: dict[str, list[str]],
                       earliest: dt.date | None) -> None:
    """Widgets start from the URL (a shared link) the first time this browser session sees it."""
    state = st.session_state
    state["f_level"] = current.community_level
    for field in filters_module.FIELDS:
        chosen = set(getattr(current, field.name))
        state[_widget_key(field)] = [o for o in options[field.name] if field.from_option(o) in chosen]
    start = current.date_from
    if current.date_to and not start:  # "up to" a date: the widget needs a start, so the earliest record's
        start = min(earliest or current.date_to, current.date_to)
    state["f_dates"] = tuple(d for d in (start, current.date_to) if d)
    state["f_url"] = filters_module.to_query_params(current)


def _field_options(level: str, organisation_options: list[str]) -> dict[str, list[str]]:
    """Each field's choices: the vocabulary's (communities at the chosen level), or the store's organisations."""
    return {field.name: field.options(level) if field.options else organisation_options
            for field in filters_module.FIELDS}


def sidebar_filters(organisation_options: list[str], earliest: dt.date | None = None,
                    names: consent.Names = ()) -> filters_module.Filters:
    """The sidebar's filters on every page; the chosen view is written back to the URL so it can be shared."""
    from_url = _filters_from_url()
    forgotten = any(key not in st.session_state for key in _FILTER_KEYS)
    if forgotten or st.session_state.get("f_url") != filters_module.to_query_params(from_url):
        _load_widgets_from(from_url, _field_options(from_url.community_level, organisation_options), earliest)
    for key in _FILTER_KEYS:  # Streamlit drops a widget's value when another page opens, unless re-assigned
        st.session_state[key] = st.session_state[key]
    menu = st.sidebar.container()
    chosen: dict[str, tuple[str, ...]] = {}
    with st.sidebar:
        st.header("Filters")
        level = st.radio("Group communities by", filters_module.LEVELS, key="f_level",
                         format_func=_LEVEL_LABELS.get)
        options = _field_options(level, organisation_options)
        for field in filters_module.FIELDS:
            key = _widget_key(field)
            st.session_state[key] = [o for o in st.session_state.get(key, []) if o in options[field.name]]
            # the store's organisations by pseudonym where names are hidden (the names stay on the server)
            shown_as = partial(pseudonymous_option, names=names) if names and field.options is None else str
            picked = st.multiselect(field.label, options[field.name], key=key, placeholder=field.placeholder,
                                    format_func=shown_as)
            chosen[field.name] = tuple(field.from_option(o) for o in picked)
        dates = st.date_input("Assessments and returns between", key="f_dates", format="DD/MM/YYYY")
        if st.button("Reset filters", icon=":material/restart_alt:"):
            reset_filters()
    _meeting_toggle()
    _publication_toggle()
    view = filters_module.Filters(community_level=level, date_from=dates[0] if len(dates) > 0 else None,
                                  date_to=dates[1] if len(dates) > 1 else None, **chosen)
    params = filters_module.to_query_params(view)
    if params != filters_module.to_query_params(from_url):
        st.query_params.from_dict(_url_params(view))
    st.session_state["f_url"] = params
    with menu:
        nav_menu(_url_params(view))
    return view


def pseudonymous_option(option: str, names: consent.Names) -> str:
    """'ORG-001: Hidden Harbour Group' as 'Organisation A' (not 'Organisation A: Organisation A')."""
    shown = consent.text(option, names)
    first, _, rest = shown.partition(": ")
    return first if rest == first else shown


def caution(message: str | None) -> None:
    if message:
        st.warning(message, icon=":material/warning:")


# ---- meeting mode: bigger figures for a projector, no editing controls ----------------------------

# Text at least 20 px, metric values 48 px, tables 20 px and wrapping (st.table), all near-black (17:1 on white).
_MEETING_CSS = """<style>
  .stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.35rem; color: #1a1a1a; }
  .stMainBlockContainer [data-testid="stCaptionContainer"],
  .stMainBlockContainer [data-testid="stCaptionContainer"] p { font-size: 1.25rem; color: #333; opacity: 1; }
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 3rem !important;
    line-height: 1.15; color: #1a1a1a; }
  [data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 1.25rem !important; color: #1a1a1a; }
  .stMainBlockContainer h1 { font-size: 3rem; }
  .stMainBlockContainer h2, .stMainBlockContainer h3 { font-size: 2.1rem; }
  [data-testid="stTable"] table { font-size: 1.25rem; color: #1a1a1a; }
  [data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 1.25rem !important; color: #1a1a1a;
    white-space: normal; overflow-wrap: break-word; }
  [data-testid="stTable"] tbody th { white-space: nowrap; }  /* an ID or a name's first column reads whole */
</style>"""


def meeting_mode() -> bool:
    """True while the sidebar's meeting-mode toggle is on; kept in the URL (`meeting=1`) like the filters."""
    return bool(st.session_state.get("meeting", st.query_params.get("meeting") == "1"))


def _meeting_toggle() -> bool:
    # From the URL the first time; re-assigned otherwise, or Streamlit drops it when another page opens.
    st.session_state["meeting"] = st.session_state.get("meeting", st.query_params.get("meeting") == "1")
    on = st.sidebar.toggle("Meeting mode", key="meeting",
                           help="Larger charts and figures for a projector; hides the editing controls.")
    if on:
        st.query_params["meeting"] = "1"
        st.html(_MEETING_CSS)
    elif "meeting" in st.query_params:
        del st.query_params["meeting"]
    return on


def _url_params(view: filters_module.Filters) -> dict:
    params = filters_module.to_query_params(view)
    return params | {"meeting": "1"} if meeting_mode() else params


# ---- the frame every dashboard page shares ------------------------------------------------------

def page_start(title: str, caption: str) -> filters_module.Filters:
    """Page config, sidebar (menu, filters, meeting mode), title, sample notice and the view's coverage.

    Returns the current filters for the page's queries.
    """
    page_setup(title)
    choices = read(queries.filter_choices)
    names = hidden_names()
    view = sidebar_filters(choices["organisations"], choices["earliest"], names)
    st.title(title)
    st.caption(consent.text(f"{caption} {filters_module.describe(view)}.", names))
    sample_notice(view)
    covered = read(queries.organisations_in_view, view)
    st.session_state["view_is_empty"] = empty = not covered and bool(choices["organisations"]) and any(
        getattr(view, field.name) for field in filters_module.FIELDS)
    if empty:
        empty_view(view)
    else:
        st.markdown(summaries.coverage_sentence(covered, len(choices["organisations"])))
    if not meeting_mode():
        upload.sidebar()
        upload.check_panel()
    return view


def hidden_names() -> consent.Names:
    """The groups without consent to be named, with their pseudonyms, when this screen must not name them: in
    meeting mode (the room, as the meeting pack) and for anyone but the officer (the signed-in officer, or
    everyone while no officer password is set). Empty when names may be shown."""
    if meeting_mode() or not upload.may_edit():
        return read(consent.pseudonyms)
    return ()


def empty_view(view: filters_module.Filters) -> None:
    """Said once when the filters leave no organisation: which filters emptied the view, and a reset. The
    page's sections then leave out their own "nothing matches" notes."""
    with st.container(border=True):
        st.markdown(f":material/filter_alt_off: {summaries.empty_view_sentence(read(queries.without_each_filter, view))}")
        if st.button("Reset filters", icon=":material/restart_alt:", type="primary", key="empty-view-reset"):
            reset_filters()


def reset_filters() -> None:
    st.query_params.clear()
    if meeting_mode():
        st.query_params["meeting"] = "1"
    st.session_state.pop("f_url", None)
    st.rerun()


_COMMAND_LINE = re.compile(r"\s*\((?:template|see|run)?:?\s*`python -m disparities[^`]*`\)|`python -m disparities[^`]*`")


def empty_state(message: str) -> None:
    """What to do when there is nothing to show: widen the filters or upload the right file (in meeting mode
    without the command lines, which are for the officer)."""
    if meeting_mode():
        message = _COMMAND_LINE.sub("", message)
    st.info(message, icon=":material/info:")


def chart(figure: go.Figure, summary: str, table: pd.DataFrame, filename: str, *,
          based_on: int | None = None, csv: Callable[[], bytes] | None = None, note: str = "") -> None:
    """A chart with its plain-English summary above it and its data as a CSV download below it.

    `based_on`: organisations behind the chart, for the small-sample caution. `csv`: the download's bytes
    when they differ from the plain table (a section's export, with its provenance).
    In meeting mode the chart's text and height grow for a projector.
    """
    if based_on is not None:
        caution(summaries.small_sample_caution(based_on))
    suppression.require_published(table)
    st.markdown(summary)
    if note:  # how to read it, after what it says
        st.caption(note)
    if meeting_mode():
        figure = charts.for_a_projector(figure)
    st.plotly_chart(figure, width="stretch", config={"displaylogo": False})
    download_table(table, filename, csv=csv)


def download_table(table: pd.DataFrame, filename: str, label: str = "Download this table (CSV)",
                   csv: Callable[[], bytes] | None = None) -> None:
    """The table behind a chart as CSV: UTF-8 with a byte-order mark (Excel shows £ and ’), formula-safe text.

    The bytes are made only when the button is pressed: a large table costs nothing until then.
    """
    suppression.require_published(table)
    if meeting_mode():  # the room reads the chart; files are made at a desk
        return
    # A file leaves the dashboard: groups without consent to be named get their pseudonyms (when it is made).
    csv = csv or partial(_file_bytes, table, read(consent.pseudonyms))
    st.download_button(label, csv, f"{filename}.csv", "text/csv",
                       icon=":material/download:", key=f"download-{filename}", on_click="ignore")


INTERVAL_COLUMNS = {"ci_low", "organisation_share_low", "latest_low"}  # a section showing a share's interval
def _file_bytes(table: pd.DataFrame, names: consent.Names) -> bytes:
    return export.table_csv_bytes(formats.for_people(consent.table(table, names)))


SHOWN_ROWS = 1_000  # a longer table is shown in part on screen (scrolling 50,000 rows helps nobody); CSV has all


# ---- sections: the charts of a page, drawn the same way everywhere -----------------------------------

def may_see_exact() -> bool:
    """Whether this session may switch the small-number policy off: decided on the server only.

    A configured password and a signed-in officer in this session's server state (set by the sign-in form
    after the password check, never by a widget). Widget values come from the browser and are not trusted.
    """
    return upload.password_configured() and upload.signed_in_name() is not None


def publication_policy() -> suppression.Policy | None:
    """The small-number policy in force, keyed with the store's cell-key secret: on unless the signed-in
    officer switched it off in this session. The toggle's value counts only for that officer."""
    if may_see_exact() and st.session_state.get("publish", True) is False:
        return None
    return suppression.POLICY.keyed(suppression.store_secret(db_path()))


def _publication_toggle() -> None:
    if meeting_mode() and not may_see_exact():  # the room needs no command lines; the footnote states the rule
        return
    if not may_see_exact():  # no toggle to send: the policy is on, and the sidebar says why
        st.sidebar.caption(":material/shield: **Publication-safe numbers** are on. " + (
            "Only the signed-in officer can switch them off." if upload.password_configured() else
            "They cannot be switched off until an officer password is set (`python -m disparities set-password`)."),
            help=suppression.POLICY.rule)
        return
    st.session_state["publish"] = st.session_state.get("publish", True)  # kept across pages
    st.sidebar.toggle("Publication-safe numbers", key="publish", help=suppression.POLICY.rule +
                      " Switched off, the figures are exact: for internal use only, never to publish.")


def publishable(section: Section) -> Section:
    """`section` under the small-number policy in force, for a page that draws a section's table itself."""
    return section.publishable(publication_policy())


def table(shown: pd.DataFrame, column_config: dict | None = None, for_the_room: list[str] | None = None) -> None:
    """A table on the page, in words (`formats.for_people`, as the exports): refused unless its people counts
    passed the small-number policy. In meeting mode a plain table with large text that wraps, never clipped:
    the columns `for_the_room` (headers in words), else the first MEETING_COLUMNS."""
    worded = formats.for_people(consent.table(suppression.require_published(shown), hidden_names()))
    if meeting_mode():
        _table_for_the_room(worded, for_the_room)
        return
    config = {formats.header(k): v for k, v in (column_config or {}).items()}
    st.dataframe(_arrow_ready(worded), hide_index=True, width="stretch", column_config=config or None)


def _table_for_the_room(worded: pd.DataFrame, columns: list[str] | None) -> None:
    columns = [c for c in (columns or worded.columns[:MEETING_COLUMNS]) if c in worded.columns]
    # st.table renders Markdown in its cells: a group's name such as "[x](https://...)" or "![](...)" must stay text
    shown = worded[columns].head(MEETING_ROWS).map(
        lambda v: summaries.escape_markdown(v) if isinstance(v, str) else v)
    shown.columns = [summaries.escape_markdown(c) for c in shown.columns]
    st.table(shown.set_index(shown.columns[0]) if len(shown.columns) else shown)
    left_out = [f"the first {MEETING_ROWS} of {len(worded):,} rows"] if len(worded) > MEETING_ROWS else []
    if len(columns) < len(worded.columns):
        left_out.append(f"{len(columns)} of its {len(worded.columns)} columns")
    if left_out:
        st.caption(f"Shown to the room: {summaries.join_words(left_out)}; without meeting mode the table has all.")


MEETING_COLUMNS = 6  # more columns than this at 20 px do not fit a projected page
MEETING_ROWS = 25  # rows of a table shown to the room: more cannot be read from the back


def _arrow_ready(shown: pd.DataFrame) -> pd.DataFrame:
    """Columns mixing numbers and the suppression sign as text, as Streamlit would make them after logging a
    conversion failure for every such table."""
    mixed = [c for c in shown.columns if shown[c].dtype == object
             and len({type(v) for v in shown[c] if v is not None and not (isinstance(v, float) and pd.isna(v))}) > 1]
    if not mixed:
        return shown
    return shown.assign(**{c: [None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                               for v in shown[c]] for c in mixed})


def draw_section(section: Section, provenance=None, view_name: str | None = None,
                 filters: filters_module.Filters | None = None, column_config: dict | None = None,
                 heading: bool = True) -> None:
    """One section, already made publishable (see `sections` and `publishable`): its title, note, caution,
    summary, chart or table, and download."""
    if section.people and not section.published:
        raise suppression.UnsafeTable(f"section {section.key!r} drawn before the small-number policy")
    section = consent.section(section, hidden_names())  # its table, chart, summary and title
    if not section.has_data and st.session_state.get("view_is_empty"):
        return  # said once, at the top of the page, with a reset
    if heading:
        st.subheader(section.title, anchor=False)
    if not section.has_data:
        if section.note:
            st.caption(section.note)
        empty_state(section.empty or "Nothing to show for these filters.")
        return
    caution(section.caution)
    csv, filename = None, section.key
    if provenance is not None:  # the same file as "Export this view" gives for this table
        csv = partial(export.csv_bytes, section, provenance)
        filename = export.file_name(view_name, filters, provenance.made_on, "csv", section.key).removesuffix(".csv")
    if section.chart is None or too_few_for_a_chart(section):
        # A table is the view itself (who has not returned the toolkit), or the numbers of a view too small for
        # a chart of shares: intervals from 10% to 90% would draw attention to nothing.
        if section.chart is not None:
            caution(summaries.too_few_for_a_chart(section.based_on))
        else:
            caution(summaries.small_sample_caution(section.based_on or 0))
        st.markdown(section.summary())
        if section.note:
            st.caption(section.note)
        shown = section.display_table()
        if len(shown) > SHOWN_ROWS:
            st.caption(f"The first {SHOWN_ROWS:,} of {len(shown):,} rows; the download has them all.")
        table(shown.head(SHOWN_ROWS), column_config)
        download_table(shown, filename, csv=csv)
        return
    # the key message (the summary) first, then how to read the chart (the note): on a laptop's first screen
    chart(section.figure(), section.summary(), section.display_table(), filename, based_on=section.based_on,
          csv=csv, note=section.note)


SMALLEST_CHART = 5  # organisations: below this a chart of shares with intervals gives way to the numbers


def too_few_for_a_chart(section: Section) -> bool:
    """A chart of shares (with intervals) over fewer than SMALLEST_CHART organisations."""
    return (section.based_on is not None and section.based_on < SMALLEST_CHART
            and bool(INTERVAL_COLUMNS & set(section.table.columns)))


def export_panel(view_name: str, found: list[Section], filters: filters_module.Filters) -> None:
    """"Export this view" for a page that draws some of its sections itself (Overview, Outcomes); not in
    meeting mode (files are made at a desk, not in front of the room)."""
    if not meeting_mode():
        exports.export_panel(view_name, found, filters)


def sections(found: list[Section], view_name: str | None = None,
             filters: filters_module.Filters | None = None) -> None:
    """Every section of a page under the small-number policy in force, a footnote stating the policy, and
    the page's "Export this view" panel (when the page is one of views.VIEWS)."""
    policy = publication_policy()
    provenance = read(export.provenance, filters, policy, export.today()) if view_name and filters else None
    safe = [section.publishable(policy) for section in found]  # once: the export panel reuses them
    for section in safe:
        draw_section(section, provenance, view_name, filters)
    footnotes(people=any(s.people for s in found), policy=policy,
              intervals_shown=any(s.has_data and INTERVAL_COLUMNS & set(s.table.columns) for s in found))
    if view_name:
        export_panel(view_name, safe, filters)


def footnotes(*, people: bool, policy: suppression.Policy | None, intervals_shown: bool) -> None:
    """How to read the page's numbers: in full at a desk, one line each for the room (the exports keep the full
    text)."""
    short = meeting_mode()
    if people:
        rule = policy.rule if policy else suppression.OFF_RULE
        st.caption(f"**Small numbers.** {policy.short_rule if short and policy else rule}")
    if intervals_shown:
        st.caption(intervals.SHORT_READING_GUIDE if short else intervals.READING_GUIDE)
