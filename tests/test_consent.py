"""Naming consent: organisations that have not agreed to be named appear in every export format as stable
pseudonyms ("Organisation A"), never by name or id; those that agreed keep their names. On screen only the officer
sees their names: a visitor (when an officer password is set) and the room (meeting mode) see the pseudonyms."""
from __future__ import annotations

import io
import zipfile

import pytest

from disparities import consent, export
from disparities.filters import Filters
from disparities.store import connect
from disparities.views import VIEWS

ORGANISATIONS = """\
org_id,name,ward,communities_served,consent_to_name
ORG-001,Hidden Harbour Group,Whitechapel,Somali,no
ORG-002,Open Door Network,Whitechapel,Somali,yes
ORG-003,Quiet Lantern Collective,Poplar,Bangladeshi,
ORG-010,Hidden Harbour Group Two,Poplar,Somali,no
"""
ASSESSMENT = """\
org_id,assessed_on,disparity,rank,beneficiaries_affected
ORG-001,2021-06-10,mental health,1,120
ORG-002,2021-06-11,diabetes,1,40
ORG-003,2021-06-12,mental health,1,30
ORG-010,2021-06-13,obesity,1,50
"""
TOOLKIT = """\
org_id,returned_on,offers_mental_health_support
ORG-001,2021-08-16,yes
"""
EVENTS = """\
event_id,held_on,title,type,participants,organisations
EV-1,2021-11-10,Network meeting,network meeting,40,ORG-001; ORG-002; ORG-003
"""
HIDDEN = ("Hidden Harbour Group", "Quiet Lantern Collective", "ORG-001", "ORG-003", "ORG-010")


@pytest.fixture
def store(load, db):
    assert load(("organisations.csv", ORGANISATIONS), ("assessment.csv", ASSESSMENT), ("toolkit.csv", TOOLKIT),
                ("events.csv", EVENTS)).status == "applied"
    return db


def _exports(db, filters=Filters()) -> dict[str, str]:
    """Every export of every view as text: CSV of each section, the workbook's XML, the meeting pack."""
    found = {}
    with connect(db, read_only=True) as con:
        provenance = export.provenance(con, filters, None, export.today())
        views = [export.page_view(con, name, filters, None, export.today()) for name in VIEWS]
    for view in views:
        for section in view.sections:
            found[f"{view.key}/{section.key}.csv"] = export.csv_bytes(section, provenance).decode("utf-8-sig")
        with zipfile.ZipFile(io.BytesIO(export.xlsx_bytes(view, provenance))) as book:
            found[f"{view.key}.xlsx"] = " ".join(book.read(n).decode("utf-8") for n in book.namelist())
    found["pack.html"] = export.meeting_pack_html(views, provenance).decode("utf-8")
    return found


def test_pseudonyms_follow_the_ids_and_are_stable(store):
    with connect(store, read_only=True) as con:
        names = dict(consent.pseudonyms(con))
    assert names["ORG-001"] == names["Hidden Harbour Group"] == "Organisation A"
    assert names["ORG-003"] == "Organisation B" and names["ORG-010"] == "Organisation C"  # blank consent is no
    assert "Open Door Network" not in names  # consented


@pytest.mark.parametrize("filters", [Filters(), Filters(org_ids=("ORG-001",)), Filters(wards=("Poplar",))])
def test_no_export_names_an_organisation_without_consent(store, filters):
    for file, content in _exports(store, filters).items():
        for hidden in HIDDEN:
            assert hidden not in content, (file, hidden)
    pack = _exports(store, filters)["pack.html"]
    assert "Organisation A" in pack or "Organisation B" in pack or filters.wards


def test_the_same_pseudonym_in_every_file(store):
    files = _exports(store)
    assert "Open Door Network" in files["organisations.xlsx"]  # consented: named
    for file in ("organisations/register.csv", "organisations.xlsx", "pack.html"):
        assert "Organisation A" in files[file] and "Organisation C" in files[file], file


def test_letters_run_on_as_spreadsheet_columns():
    assert [consent.letters(n) for n in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_name_inside_a_longer_word_is_left_alone():
    names = (("ORG-001", "Organisation A"),)
    assert consent.text("ORG-001 and ORG-0011, ORG-001.", names) == "Organisation A and ORG-0011, Organisation A."


def test_chart_images_use_pseudonyms(store):
    """PNG and SVG are drawn from `image_figure`: its labels, title and footnote carry pseudonyms."""
    import pandas as pd
    import plotly.graph_objects as go

    from disparities.sections import Section
    table = pd.DataFrame({"name": ["Hidden Harbour Group", "Open Door Network"], "events": [3, 2]})
    section = Section("names", "Events of Hidden Harbour Group and others", table,
                      lambda t: go.Figure(go.Bar(x=t["events"], y=t["name"], orientation="h")))
    with connect(store, read_only=True) as con:
        provenance = export.provenance(con, Filters(org_ids=("ORG-001", "ORG-002")), None, export.today())
    drawn = export.image_figure(section, provenance).to_json()
    assert not any(hidden in drawn for hidden in HIDDEN)
    assert "Organisation A" in drawn and "Open Door Network" in drawn


def _screen(app_on, store, page: str, *, password: bool, officer: bool = False, **query) -> str:
    """Everything a page puts on screen (text, tables, chart specs, widget options) as one string."""
    app = app_on(store, page, password=password, officer="Aisha Rahman" if officer else None)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    parts = [e.value for kind in ("markdown", "caption", "subheader", "title", "info", "warning") for e in app.get(kind)]
    parts += [str(frame.value.to_dict()) for kind in ("dataframe", "table") for frame in app.get(kind)]
    parts += [str(chart.proto.spec) for chart in app.get("plotly_chart")]
    parts += [" ".join(map(str, w.options)) for kind in ("multiselect", "selectbox") for w in app.get(kind)]
    return " ".join(parts)


SCREENS = [("pages/5_Organisations.py", {"show": "ORG-001"}), ("pages/1_Health_disparities.py", {}),
           ("pages/3_Programme_timeline.py", {}), ("pages/2_Mental_health_mapping.py", {}), ("pages/0_Overview.py", {})]


@pytest.mark.parametrize("page, query", SCREENS, ids=[p.split("_", 1)[1].removesuffix(".py") for p, _ in SCREENS])
def test_a_visitor_and_the_room_see_pseudonyms_the_officer_names(store, app_on, page, query):
    visitor = _screen(app_on, store, page, password=True, **query)
    room = _screen(app_on, store, page, password=True, officer=True, meeting="1", **query)
    for seen in (visitor, room):
        assert not [name for name in ("Hidden Harbour Group", "Quiet Lantern Collective") if name in seen]
        assert "Open Door Network" in seen or page != "pages/5_Organisations.py"  # who agreed keeps the name
    officer = _screen(app_on, store, page, password=True, officer=True, **query)
    no_password = _screen(app_on, store, page, password=False, **query)  # everyone is the officer then
    if page == "pages/5_Organisations.py":
        assert "Hidden Harbour Group" in officer and "Hidden Harbour Group" in no_password
        assert "Organisation A" in visitor and "Organisation A" in room


def test_the_sidebar_offers_a_hidden_group_by_its_pseudonym_once(store, app_on):
    app = app_on(store, "pages/1_Health_disparities.py", password=True)
    app.run()
    options = app.sidebar.multiselect(key="f_org_ids").options
    assert "Organisation A" in options and "ORG-002: Open Door Network" in options
    assert not [o for o in options if "Hidden" in o or "Organisation A: " in o]
    register = app_on(store, "pages/5_Organisations.py", password=True)
    register.run()
    assert "Organisation A" in register.selectbox(key="org_show").options  # the chooser too


def test_a_visitor_cannot_find_a_hidden_name_by_searching(store, app_on):
    app = app_on(store, "pages/5_Organisations.py", password=True)
    app.run()
    app.text_input(key="org_search").input("Harbour").run()
    assert any("No organisation in view matches" in i.value for i in app.info)  # the name is not a way in
    app.text_input(key="org_search").input("Organisation A").run()
    assert any("Showing 1 of 4 organisations in view" in m.value for m in app.markdown)


def test_a_download_under_a_table_on_screen_uses_pseudonyms():
    import pandas as pd

    from disparities import suppression, ui
    shown = suppression.mark_exact(pd.DataFrame({"Org ID": ["ORG-001", "ORG-002"],
                                                 "Name": ["Hidden Harbour Group", "Open Door Network"]}))
    names = (("Hidden Harbour Group", "Organisation A"), ("ORG-001", "Organisation A"))
    data = ui._file_bytes(shown, names).decode("utf-8-sig")
    assert "Hidden Harbour Group" not in data and "ORG-001" not in data
    assert "Organisation A,Organisation A" in data and "Open Door Network" in data


@pytest.mark.parametrize("typed, shown", [
    ("A Hidden Harbour Group-led workshop", "A Organisation A-led workshop"),
    ("Open day at HIDDEN HARBOUR GROUP", "Open day at Organisation A"),
    ("Hidden  Harbour\u00a0Group", "Organisation A"),
    ("org-001 and Hidden Harbour Group Two", "Organisation A and Organisation B"),
    ("Hidden Harbour Groups", "Hidden Harbour Groups"),  # another word: left as typed
])
def test_a_name_typed_another_way_is_replaced_too(typed, shown):
    names = (("Hidden Harbour Group Two", "Organisation B"), ("Hidden Harbour Group", "Organisation A"),
             ("ORG-001", "Organisation A"))
    assert consent.text(typed, names) == shown


def test_a_name_without_a_word_and_an_id_the_url_would_encode_are_replaced(load, db):
    organisations = "org_id,name,ward,consent_to_name\nH 9/X,***,Poplar,no\n"
    assert load(("organisations.csv", organisations)).status == "applied"
    with connect(db, read_only=True) as con:
        provenance = export.provenance(con, Filters(org_ids=("H 9/X",)), None, export.today())
        view = export.page_view(con, "organisations", Filters(), None, export.today())
    data = export.csv_bytes(view.sections[0], provenance).decode("utf-8-sig")
    assert "***" not in data and "H 9/X" not in data and "H+9%2FX" not in data
    assert "org=Organisation+A" in data
