"""The page registry: every page renders, is in the menu, and (when exported) in the meeting pack and the command
line's export views; every upload kind has a page that shows it."""
from __future__ import annotations

import pytest

from disparities import export, registry
from disparities.filters import Filters
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
