"""The page registry: every page renders, is in the menu, and (when exported) in the meeting pack and the command
line's export views; every upload kind has a page that shows it."""
from __future__ import annotations

import sys
import types

import plotly.graph_objects as go
import pytest

from disparities import export, registry
from disparities.filters import Filters, organisation_clause
from disparities.sections import Section
from disparities.kinds import KINDS
from disparities.store import connect
from disparities.views import VIEWS


@pytest.mark.parametrize("page", registry.PAGES, ids=lambda p: p.key)
def test_every_page_renders_and_is_in_the_menu(page, sample_store, run_page):
    app = run_page(sample_store, page.path)
    menu = [link.label for link in app.sidebar.get("page_link")]
    assert menu == [p.title for p in registry.PAGES]


def test_exported_pages_are_the_views_and_all_in_the_meeting_pack(sample_store):
    assert list(VIEWS) == [page.key for page in registry.PAGES if page.exported]
    with connect(sample_store, read_only=True) as con:
        provenance = export.provenance(con, Filters(), None, export.today())
        views = [export.page_view(con, name, Filters(), None, export.today()) for name in VIEWS]
    pack = export.meeting_pack_html(views, provenance).decode("utf-8")
    for page in registry.PAGES:
        if page.exported:
            assert f">{VIEWS[page.key].TITLE}<" in pack, page.key


def test_every_kind_has_a_page_that_shows_it():
    for kind in KINDS:  # a new kind without a page would leave its upload's confirmation linking nowhere
        assert registry.page_for_kind(kind) is not None, kind


def _wards_home() -> types.ModuleType:
    """A page's home as a newcomer writes one: a query, a chart, a sentence and `sections`."""
    home = types.ModuleType("disparities.pages.wards")
    home.TITLE, home.CAPTION = "Organisations by ward", "Where the groups in view are based."

    def per_ward(con, filters):
        where, params = organisation_clause(filters)
        return con.execute(f"SELECT ward, count(*) AS organisations FROM organisations o WHERE {where} "
                           "GROUP BY ward ORDER BY organisations DESC, ward", params).df()

    def bars(table):
        return go.Figure(go.Bar(x=table["organisations"], y=table["ward"], orientation="h"))

    def summary(table):
        return f"Most groups in view are based in {table['ward'].iloc[0]}."

    def sections(con, filters):
        return [Section("per-ward", "Organisations by ward", per_ward(con, filters), bars, summary)]
    for function in (per_ward, bars, summary, sections):  # module-level, as in a file: the cache pickles them
        function.__module__, function.__qualname__ = home.__name__, function.__name__
        setattr(home, function.__name__, function)
    return home


def test_a_page_is_one_home_and_one_registry_line(sample_store, run_page, monkeypatch):
    """The README's recipe: no script, no menu entry, no export wiring written by hand."""
    home = _wards_home()
    monkeypatch.setitem(sys.modules, home.__name__, home)
    monkeypatch.setitem(VIEWS, "wards", home)
    line = registry.Page("wards", None, "Wards", ":material/map:", "Where the groups in view are based.")
    monkeypatch.setattr(registry, "PAGES", (line, *registry.PAGES))  # first: the page the app opens on

    app = run_page(sample_store)
    assert [t.value for t in app.title] == ["Organisations by ward"]
    assert "Most groups in view are based in" in " ".join(m.value for m in app.markdown)
    assert len(app.get("plotly_chart")) == 1
    assert [link.label for link in app.sidebar.get("page_link")][0] == "Wards"
    with connect(sample_store, read_only=True) as con:
        pack = export.meeting_pack_html([export.page_view(con, "wards", Filters(), None, export.today())],
                                        export.provenance(con, Filters(), None, export.today())).decode()
    assert ">Organisations by ward<" in pack
