"""'Export this view' at the foot of a page: CSV per table, one Excel workbook, chart images, the meeting pack.

Every file is made by disparities.export from the sections on screen, under the
small-number policy in force (the sidebar's toggle: on by default, only the
officer can switch it off), with the same date the command line uses, so a
download and `python -m disparities export` give the same bytes. Images and the
meeting pack take seconds, so they are made only when asked for.
"""
from __future__ import annotations

from functools import partial

import streamlit as st

from disparities import export
from disparities import filters as filters_module
from disparities.sections import PageView, Section
from disparities.views import VIEWS


def _page_view(view_name: str, found: list[Section] | tuple[Section, ...], policy) -> PageView:
    module = VIEWS.get(view_name)
    title, caption = (module.TITLE, module.CAPTION) if module else (view_name, "")
    return PageView(view_name, title, caption, tuple(found)).publishable(policy)


def export_panel(view_name: str, found_sections: list[Section], filters: filters_module.Filters) -> None:
    """The export expander for a page showing `found_sections` (as read, or already made publishable under the
    policy in force: `Section.publishable` leaves a suppressed section as it is)."""
    from . import publication_policy, read

    policy = publication_policy()
    made_on = export.today()
    view = _page_view(view_name, found_sections, policy)
    provenance = read(export.provenance, filters, policy, made_on)
    with_data = [s for s in view.sections if s.has_data]
    with st.expander("Export this view", icon=":material/ios_share:"):
        st.caption(f"Files for this view: {filters_module.describe(filters)}. Every file says when it was made, "
                   "how fresh the data is, the filters, and the uploads it draws on. "
                   + ("Small numbers are suppressed, so the files are safe to publish." if policy else
                      "**Small numbers are NOT suppressed: exact counts, for internal use only. Do not publish.**"))
        if provenance.contains_sample:
            st.warning("These files contain sample data, not real evidence, and say so.", icon=":material/science:")
        if not with_data:
            st.info("Nothing to export for these filters: widen the filters.", icon=":material/info:")
            return
        _tables(view_name, view, with_data, provenance, filters)
        _charts(view_name, [s for s in with_data if s.chart is not None], provenance, filters)
        _meeting_pack(view_name, filters, policy, provenance)


def _tables(view_name: str, view: PageView, with_data: list[Section], provenance, filters) -> None:
    st.markdown("**Tables**")
    for fmt in export.formats_holding("page"):
        st.download_button(
            fmt.label, partial(fmt.make, view, provenance),
            export.file_name(view_name, filters, provenance.made_on, fmt.extension), fmt.mime,
            icon=":material/table_view:", key=f"export-{fmt.extension}-{view_name}", on_click="ignore")
    columns = st.columns(2)
    for fmt in export.formats_holding("table"):
        for n, section in enumerate(with_data):
            columns[n % 2].download_button(
                f"{section.title} ({fmt.label})", partial(fmt.make, section, provenance),
                export.file_name(view_name, filters, provenance.made_on, fmt.extension, section.key), fmt.mime,
                icon=":material/download:", key=f"export-{fmt.extension}-{view_name}-{section.key}",
                on_click="ignore")


def _charts(view_name: str, charts: list[Section], provenance, filters) -> None:
    if not charts:
        return
    st.markdown("**Charts as images**")
    by_key = {s.key: s for s in charts}
    chosen = st.selectbox("Chart", list(by_key), format_func=lambda key: by_key[key].title,
                          key=f"export-chart-{view_name}")
    section = by_key[chosen]
    image_formats = export.formats_holding("chart")
    for column, fmt in zip(st.columns(len(image_formats)), image_formats):
        image_format = fmt.extension
        if not column.button(f"Make a {fmt.label}", key=f"export-make-{image_format}-{view_name}",
                             icon=":material/image:"):
            continue
        with st.spinner(f"Drawing {section.title} as {image_format.upper()} (a few seconds)..."):
            try:
                data = fmt.make(section, provenance)
            except export.ExportUnavailable as problem:
                st.warning(str(problem), icon=":material/image_not_supported:")
                continue
        column.download_button(
            f"Download {image_format.upper()}: {section.title}", data,
            export.file_name(view_name, filters, provenance.made_on, image_format, section.key),
            fmt.mime, icon=":material/download:", type="primary",
            key=f"export-{image_format}-{view_name}-{section.key}", on_click="ignore")


def _meeting_pack(view_name: str, filters, policy, provenance) -> None:
    from . import read

    st.markdown("**Meeting pack**")
    st.caption("One HTML file with every page's charts, summaries and tables for these filters. It works offline "
               "and prints to PDF from a browser, each dashboard page starting on a new sheet.")
    if not st.button("Make the meeting pack (every page)", key=f"export-make-pack-{view_name}",
                     icon=":material/menu_book:"):
        return
    with st.spinner("Putting the meeting pack together..."):
        views = [_page_view(name, read(module.sections, *export.sections_args(name, filters, provenance.made_on)),
                            policy) for name, module in VIEWS.items()]
        pack = export.formats_holding("pack")[0]
        data = pack.make(views, provenance)
    st.download_button(
        f"Download the meeting pack ({pack.extension.upper()})", data,
        export.file_name(export.ALL_VIEWS, filters, provenance.made_on, pack.extension, "meeting-pack"), pack.mime,
        icon=":material/download:", type="primary", key=f"export-pack-{view_name}", on_click="ignore")
