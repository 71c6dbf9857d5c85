"""disparities.export on a small literal store: the exported numbers are the page's, provenance, suppression,
CSV injection, the workbook, chart images and the self-contained meeting pack.

Six organisations, one serving a community written as `<script>alert(1)</script>` (kept as 'Other: ...', so it
reaches the tables). Beneficiaries affected: mental health 360, cancer 30, COVID-19 15, obesity 10, dementia 5;
residents: Bangladeshi 1,000, Caribbean 12, Somali 5.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook
from plotly.offline import get_plotlyjs

from disparities import auth, export, formats, suppression
from disparities.filters import Filters
from disparities.sections import PageView, Section
from disparities.store import connect
from disparities.views import VIEWS

HOSTILE = "<script>alert(1)</script>"
ORGANISATIONS = f"""\
org_id,name,ward,communities_served,income_band
ORG-001,Alpha Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k
ORG-002,Beta Group,Whitechapel,Somali,under £10k
ORG-003,Gamma Group,Poplar,Somali; Caribbean,£10k-£50k
ORG-004,Delta Group,Poplar,Bangladeshi,
ORG-005,Epsilon Group,Bow East,{HOSTILE},over £250k
ORG-006,Zeta Group,Bow East,Indian,over £250k
"""
ASSESSMENT = """\
org_id,assessed_on,disparity,rank,beneficiaries_affected
ORG-001,2021-01-10,diabetes,1,100
ORG-001,2021-06-10,mental health,1,120
ORG-001,2021-06-10,diabetes,2,
ORG-002,2021-03-01,mental health,1,40
ORG-002,2021-03-01,obesity,2,10
ORG-003,2021-03-05,diabetes,1,
ORG-003,2021-03-05,mental health,2,
ORG-004,2021-04-01,mental health,1,200
ORG-004,2021-04-01,cancer,2,30
ORG-005,2021-02-01,COVID-19,1,15
ORG-006,2021-05-01,mental health,1,
ORG-006,2021-05-01,dementia,2,5
"""
POPULATION = """\
community,year,residents,source
Bangladeshi,2021,1000,Illustrative test figures
Somali,2021,5,Illustrative test figures
Caribbean,2021,12,Illustrative test figures
"""
MADE_ON = dt.date(2026, 11, 21)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NO_FILTER = Filters()

CASES = {
    "none": Filters(),
    "community": Filters(communities=("Somali",)),
    "ward": Filters(wards=("Poplar",)),
    "organisation": Filters(org_ids=("ORG-001",)),
    "date range": Filters(date_from=dt.date(2021, 3, 1), date_to=dt.date(2021, 4, 30)),
    "nobody": Filters(communities=("Roma",)),
}


@pytest.fixture
def store(load, db):
    result = load(("organisations.csv", ORGANISATIONS), ("assessment.csv", ASSESSMENT),
                  ("population.csv", POPULATION))
    assert result.status == "applied", result.as_dict()
    return db


def _made(store, filters=NO_FILTER, policy=suppression.POLICY, name="health"):
    with connect(store, read_only=True) as con:
        return export.page_view(con, name, filters, policy, MADE_ON), export.provenance(con, filters, policy, MADE_ON)


def _page_sections(store, filters, policy=suppression.POLICY) -> list[Section]:
    """What the page draws: its sections straight from the view module, under the policy, as ui.sections does."""
    with connect(store, read_only=True) as con:
        return [s.publishable(policy) for s in VIEWS["health"].sections(con, filters)]


def _csv_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(provenance lines, table rows with the header first) of an exported CSV."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    blank = rows.index([])
    return [r[0] for r in rows[:blank]], rows[blank + 1:]


def _number(text: str):
    try:
        return float(text)
    except ValueError:
        return text


def _expected(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():  # a date (a workbook's is a datetime)
        return value.date().isoformat()
    return float(value) if pd.api.types.is_number(value) and not isinstance(value, bool) else str(value)


# ---- the numbers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_csv_and_workbook_hold_the_numbers_the_page_computes(store, case):
    view, provenance = _made(store, CASES[case])
    page = [s for s in _page_sections(store, CASES[case]) if s.has_data]
    workbook = load_workbook(io.BytesIO(export.xlsx_bytes(view, provenance)))
    assert workbook.sheetnames == ["About", *export.sheet_names([s.title for s in page])]
    for section, sheet in zip(page, workbook.sheetnames[1:]):
        exported = next(s for s in view.sections if s.key == section.key)
        _, rows = _csv_rows(export.csv_bytes(exported, provenance))
        # as the page's tables show it: headers in words, shares as percentages, dates as "14 Jul 2021"
        shown = formats.for_people(section.display_table(), tuple(share for share, _ in section.shares))
        assert rows[0] == list(shown.columns)
        expected = [[_expected(v) for v in row] for row in shown.itertuples(index=False)]
        assert [[_number(c) for c in row] for row in rows[1:]] == expected
        cells = [[("" if c is None else c) for c in row] for row in workbook[sheet].iter_rows(min_row=2,
                                                                                                 values_only=True)]
        # Excel keeps 15 significant digits of a float; the CSV keeps Python's shortest exact form.
        assert [[_expected(c) for c in row] for row in cells] == [
            [pytest.approx(v, rel=1e-14) if isinstance(v, float) else v for v in row] for row in expected]


def test_no_organisation_in_view_exports_only_the_about_sheet(store):
    view, provenance = _made(store, CASES["nobody"])
    assert not any(s.has_data for s in view.sections)
    assert load_workbook(io.BytesIO(export.xlsx_bytes(view, provenance))).sheetnames == ["About"]


def test_literal_figures_in_the_csv(store):
    view, provenance = _made(store)
    _, rows = _csv_rows(export.csv_bytes(view.sections[0], provenance))
    # headers in words and shares as percentages to one place, as the page's tables show them
    assert rows[:2] == [["Disparity", "Organisations", "Assessed", "Share (%)", "Lower 95% limit (%)",
                         "Upper 95% limit (%)"], ["Mental health", "4", "6", "66.7", rows[1][4], rows[1][5]]]
    _, rows = _csv_rows(export.csv_bytes(_section(view, "main-disparity-by-ward"), provenance))
    assert rows[0] == ["Ward", "Disparity", "Organisations", "Assessed", "Share (%)", "Lower 95% limit (%)",
                       "Upper 95% limit (%)"]
    assert [row[:4] for row in rows[1:]] == [["Bow East", "COVID-19", "1", "2"], ["Bow East", "Mental health", "1", "2"],
                                             ["Poplar", "Diabetes", "1", "2"], ["Poplar", "Mental health", "1", "2"],
                                             ["Whitechapel", "Mental health", "2", "2"]]
    # the share with its 95% Wilson interval, as on the chart: 1 of 2 is 50%, 9.5% to 90.5%
    assert rows[1][4:] == ["50.0", "9.5", "90.5"]


def _section(view: PageView, key: str) -> Section:
    return next(s for s in view.sections if s.key == key)


# ---- the small-number policy ------------------------------------------------------------------------------------

def test_small_counts_are_suppressed_with_a_second_cell_so_the_total_cannot_reveal_them(store):
    view, provenance = _made(store)
    lines, rows = _csv_rows(export.csv_bytes(_section(view, "beneficiaries-affected"), provenance))
    shown = dict(r[:2] for r in rows[1:])
    assert list(shown) == ["COVID-19", "Cancer", "Dementia", "Mental health", "Obesity"]  # by name, not by size
    assert (shown["Obesity"], shown["Dementia"]) == ("*", "*")  # 10 and 5: the 5 is small, the 10 would give it away
    for disparity, exact in (("Mental health", 360), ("Cancer", 30), ("COVID-19", 15)):  # moved a little, rounded
        assert int(shown[disparity]) % 5 == 0 and abs(int(shown[disparity]) - exact) <= 10
    assert f"# Small numbers: {suppression.POLICY.rule}" in lines
    _, rows = _csv_rows(export.csv_bytes(_section(view, "organisations-beside-residents"), provenance))
    by_community = {r[0]: r for r in rows[1:]}
    header = rows[0]
    residents, share = header.index("Residents"), header.index("Share of residents (%)")
    assert by_community["Bangladeshi"][residents] == "995"  # 1,000 moved by its cell key
    assert by_community["Somali"][residents] == by_community["Somali"][share] == "*"  # 5 residents
    assert by_community["Caribbean"][residents] == "*"  # 12 would give Somali's away from a total


def test_without_the_policy_exports_are_exact_and_say_so(store):
    view, provenance = _made(store, policy=None)
    lines, rows = _csv_rows(export.csv_bytes(_section(view, "beneficiaries-affected"), provenance))
    exact = {r[0]: r[1] for r in rows[1:]}
    assert (exact["Obesity"], exact["Dementia"]) == ("10", "5")
    assert f"# Small numbers: {suppression.OFF_RULE}" in lines
    about = [c for row in load_workbook(io.BytesIO(export.xlsx_bytes(view, provenance)))["About"].iter_rows(
        values_only=True) for c in row if c]
    assert any(str(text).startswith(suppression.OFF_RULE) for text in about)


# ---- provenance and names ----------------------------------------------------------------------------------------

def test_provenance_names_date_filters_uploads_and_rule(store):
    filters = Filters(communities=("Somali",), wards=("Poplar", "Whitechapel"))
    _, provenance = _made(store, filters)
    with connect(store, read_only=True) as con:
        latest = con.execute("SELECT max(uploaded_at) FROM uploads").fetchone()[0]
    assert provenance.made_on == MADE_ON and provenance.as_of == latest
    assert provenance.filters == "Organisations serving Somali communities in Poplar or Whitechapel, all dates"
    assert provenance.filter_params == "community=Somali&ward=Poplar&ward=Whitechapel"
    assert [(u.id, u.file_name, u.kind) for u in provenance.uploads] == [
        (1, "organisations.csv", "organisations"), (2, "assessment.csv", "assessment"),
        (3, "population.csv", "population")]
    assert provenance.rule == suppression.POLICY.rule and not provenance.contains_sample
    assert not any("SAMPLE" in line for line in provenance.lines())


def test_sample_data_is_announced_first_in_every_format(sample_store):
    with connect(sample_store, read_only=True) as con:
        view = export.page_view(con, "health", Filters(), suppression.POLICY, MADE_ON)
        provenance = export.provenance(con, Filters(), suppression.POLICY, MADE_ON)
    assert provenance.contains_sample
    lines, _ = _csv_rows(export.csv_bytes(view.sections[0], provenance))
    assert lines[2].startswith("# CONTAINS SAMPLE DATA, NOT REAL")  # after the table's title and summary
    about = load_workbook(io.BytesIO(export.xlsx_bytes(view, provenance)))["About"]
    assert about["A2"].value.startswith("CONTAINS SAMPLE DATA, NOT REAL") and about["A2"].font.bold
    pack = export.meeting_pack_html([view], provenance).decode()
    assert pack.index('<p class="sample-warning">CONTAINS SAMPLE DATA, NOT REAL') < pack.index("<h2>")


@pytest.mark.parametrize("view, filters, ext, part, expected", [
    ("health", Filters(), "csv", "main-disparity", "health-disparities_main-disparity_all_2026-11-21.csv"),
    ("health", Filters(communities=("Somali",)), "csv", "main-disparity",
     "health-disparities_main-disparity_filtered_2026-11-21.csv"),
    ("health", Filters(date_to=dt.date(2021, 1, 1)), "xlsx", None, "health-disparities_filtered_2026-11-21.xlsx"),
    ("all", Filters(), "html", "meeting-pack", "all-pages_meeting-pack_all_2026-11-21.html"),
])
def test_file_names_say_view_part_filtering_and_date(view, filters, ext, part, expected):
    assert export.file_name(view, filters, MADE_ON, ext, part) == expected


# ---- CSV ---------------------------------------------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(1)", "\tTAB", "\rCR", "-5"]


def _crafted() -> Section:
    table = pd.DataFrame({
        "name": [*INJECTIONS, "Café £10k ’quoted’"],
        "value": [-5, 1, 2, 3, 4, 5, 6, 7],
        "share": [0.5] * 8,
        "day": [dt.date(2021, 3, 15)] * 8,
        "at": [pd.Timestamp("2021-03-15 09:30")] * 8,
    })
    return Section("crafted", "Crafted: [a]/b?", table)


def test_csv_has_a_bom_provenance_and_inert_text(store):
    _, provenance = _made(store)
    data = export.csv_bytes(_crafted(), provenance)
    assert data.startswith(b"\xef\xbb\xbf# Crafted")
    lines, rows = _csv_rows(data)
    assert all(line.startswith("# ") for line in lines)
    assert rows[0] == ["Name", "Value", "Share (%)", "Day", "At"]
    assert [r[0] for r in rows[1:]] == ["'" + text for text in INJECTIONS] + ["Café £10k ’quoted’"]
    assert rows[1][1] == "-5"  # a negative number stays a number
    assert rows[1][2:] == ["50.0", "15 Mar 2021", "15 Mar 2021, 09:30"]  # as the page writes them


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-cmd", "'-cmd"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), ("a=b", "a=b"), (-5, -5), (2.5, 2.5), ("", ""),
])
def test_neutralise(value, expected):
    assert export.neutralise(value) == expected


# ---- the workbook -----------------------------------------------------------------------------------------------

def test_workbook_cells_are_typed_and_never_formulas(store):
    view, provenance = _made(store)
    view = replace(view, sections=(*view.sections, _crafted()))
    data = export.xlsx_bytes(view, provenance)
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None
    crafted = workbook[export.sheet_names([s.title for s in view.sections if s.has_data])[-1]]
    assert crafted.title == "Crafted a b"
    # As text, exactly (XML reads a carriage return inside text as a line feed: still inert text).
    assert [c.value for c in crafted["A"][1:]] == [t.replace("\r", "\n") for t in INJECTIONS] + ["Café £10k ’quoted’"]
    assert all(c.data_type == "s" for c in crafted["A"])
    assert crafted["B2"].value == -5 and crafted["B2"].data_type == "n"
    assert crafted["C1"].value == "Share (%)" and crafted["C2"].value == 50 and crafted["C2"].number_format == "0.0"
    assert (crafted["D2"].value, crafted["E2"].value) == ("15 Mar 2021", "15 Mar 2021, 09:30")  # as on screen
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n).decode() for n in archive.namelist()}
    sheets = "".join(text for name, text in parts.items() if name.startswith("xl/worksheets/sheet"))
    assert "<f>" not in sheets and "<f " not in sheets and "<hyperlink" not in sheets  # no formula, no link element
    assert not any("relationships/hyperlink" in text for text in parts.values())
    assert '<c r="A2" t="inlineStr"><is><t>=HYPERLINK(&quot;http://x&quot;)</t></is></c>' in sheets or \
        '<c r="A2" t="inlineStr"><is><t>=HYPERLINK("http://x")</t></is></c>' in sheets


def test_workbook_layout_header_widths_and_about(store):
    view, provenance = _made(store)
    workbook = load_workbook(io.BytesIO(export.xlsx_bytes(view, provenance)))
    sheet = workbook["Main disparity by community"]
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("D9E2F3") for c in sheet[1])
    assert sheet.column_dimensions["A"].width >= len("Other: <script>alert(1)</script>")
    assert sheet["C2"].value == 2 and isinstance(sheet["C2"].value, int)
    assert sheet["C1"].alignment.horizontal == "right" and sheet["A1"].alignment.horizontal == "left"
    about = [str(c) for row in workbook["About"].iter_rows(values_only=True) for c in row if c is not None]
    assert "Main disparity by community" in about
    assert any(text.startswith("Main disparity (rank 1)\nMental health is the main disparity for 4 of 6")
               for text in about)
    assert "All organisations, all dates" in about
    assert f"{suppression.POLICY.rule} Suppressed cells are shown as *." in about


def test_workbook_bytes_are_the_same_for_the_same_day(store):
    view, provenance = _made(store)
    first = export.xlsx_bytes(view, provenance)
    assert first == export.xlsx_bytes(view, provenance)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 21, 0, 0, 0)}
        assert "2026-11-21T00:00:00Z" in archive.read("docProps/core.xml").decode()


@pytest.mark.parametrize("titles, expected", [
    (["Main disparity (rank 1)"], ["Main disparity (rank 1)"]),
    (["Overall ranking, using every rank"], ["Overall ranking, using every"]),
    (["a/b:c*d?e[f]g\\h"], ["a b c d e f g h"]),
    (["About", "about"], ["About (2)", "about (3)"]),
    (["Same", "same"], ["Same", "same (2)"]),
    (["x" * 40, "x" * 40], ["x" * 31, "x" * 27 + " (2)"]),
    (["'quoted'"], ["quoted"]),
])
def test_sheet_names_follow_excels_rules(titles, expected):
    names = export.sheet_names(titles)
    assert names == expected
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)


# ---- chart images ---------------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(export.chromium_path() is None,
                                    reason="no Chromium for plotly's image export (apt-get install chromium)")


@needs_chromium
def test_png_and_svg_of_a_chart(store):
    view, provenance = _made(store)
    section = view.sections[0]
    assert export.png_bytes(section, provenance).startswith(PNG_SIGNATURE)
    svg = export.svg_bytes(section, provenance).decode()
    assert svg.startswith("<svg") and "Main disparity (rank 1)" in svg and "Small numbers suppressed" in svg


def test_image_figure_has_the_title_and_the_footnote(store):
    view, provenance = _made(store, Filters(communities=("Somali",)))
    figure = export.image_figure(view.sections[0], replace(provenance, contains_sample=True))
    assert figure.layout.title.text == "Main disparity (rank 1)"
    footnote = figure.layout.annotations[-1].text
    assert footnote.startswith("CONTAINS SAMPLE DATA, NOT REAL")
    assert "Organisations serving Somali communities, all dates" in footnote
    assert "counts of people" in footnote


def test_without_chromium_images_say_how_to_fix_it(store, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    view, provenance = _made(store)
    with pytest.raises(export.ExportUnavailable, match=r"apt-get install chromium"):
        export.png_bytes(view.sections[0], provenance)


def test_a_chart_image_that_hangs_ends_in_a_message_not_a_spinner(store, monkeypatch):
    from disparities import render_image
    monkeypatch.setattr(render_image, "COMMAND", (sys.executable, "-c", "import time; time.sleep(60)"))
    monkeypatch.setattr(render_image, "ATTEMPT_SECONDS", 1)
    monkeypatch.setattr(export, "chromium_path", lambda: sys.executable)  # the stand-in needs no browser
    view, provenance = _made(store)
    with pytest.raises(export.ExportUnavailable, match=r"Main disparity \(rank 1\): .* try again in a minute"):
        export.png_bytes(view.sections[0], provenance)


# ---- the meeting pack ---------------------------------------------------------------------------------------

_EXTERNAL = [re.compile(p, re.I) for p in (
    r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""",  # attributes fetching or linking out
    r"""url\(\s*["']?\s*(?:https?:)?//""", r"@import", r"@font-face", r"<link\b", r"<iframe\b",
    r"<script[^>]*\bsrc\s*=", r"mathjax")]


def _pack(store, filters=NO_FILTER):
    view, provenance = _made(store, filters)
    return export.meeting_pack_html([view], provenance).decode("utf-8"), view


def test_meeting_pack_is_self_contained(store):
    pack, _ = _pack(store)
    plotly_js = get_plotlyjs()
    assert pack.count(plotly_js) == 1 and pack.count("<script") == 9  # plotly.js, then one per chart (8)
    # plotly.js itself, verbatim, carries URLs for map tiles and help links that no chart here uses; everything
    # else in the file (the HTML written here and each chart's script) must not refer to the network at all.
    ours = pack.replace(plotly_js, "")
    assert "http" not in ours.lower()
    for pattern in _EXTERNAL:
        assert not pattern.search(ours), pattern.pattern
    assert "@media print" in ours and "break-before: page" in ours and "break-inside: avoid" in ours


def test_meeting_pack_shows_every_section_and_escapes_names(store):
    pack, view = _pack(store)
    for section in view.sections:
        assert f"<h3>{section.title}</h3>" in pack
    assert "Mental health is the main disparity for 4 of 6 organisations (67%)" in pack
    assert "<td>Other: &lt;script&gt;alert(1)&lt;/script&gt;</td>" in pack
    assert HOSTILE not in pack and "alert(1)</script>" not in pack
    assert "No population figures" not in pack and "<p class=\"empty\">" not in pack
    assert len(re.findall(r'<div id="chart-health-[a-z-]+"', pack)) == 8  # ORG-001 was assessed twice: 8 charts


def test_meeting_pack_says_what_is_empty_and_is_deterministic(store):
    pack, view = _pack(store, CASES["nobody"])
    assert pack.count('<p class="empty">') == len(view.sections)
    again, _ = _pack(store, CASES["nobody"])
    assert pack == again
    full, _ = _pack(store)
    assert full == _pack(store)[0]


# ---- the panel in the app ------------------------------------------------------------------------------------

def _panel_page():
    """A page drawing only the export panel for Somali communities (the real pages add it under their sections)."""
    from disparities import ui
    from disparities.filters import Filters
    from disparities.ui import exports
    from disparities.pages import health
    somali = Filters(communities=("Somali",))
    exports.export_panel("health", ui.read(health.sections, somali), somali)


@pytest.fixture
def panel(sample_store, monkeypatch):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("DISPARITIES_DB", str(sample_store))
    monkeypatch.setenv("DISPARITIES_SECRETS_FILE", str(sample_store.parent / "no-secrets.toml"))

    def run(**state) -> AppTest:
        app = AppTest.from_function(_panel_page, default_timeout=60)
        for key, value in state.items():
            app.session_state[key] = value
        app.run()
        assert not app.exception, app.exception
        return app
    return run


def _downloads(app) -> list[str]:
    return [element.proto.label for element in app.get("download_button")]


def test_panel_offers_every_table_the_workbook_images_and_the_pack(panel):
    app = panel()
    assert [e.label for e in app.expander] == ["Export this view"]
    downloads = _downloads(app)
    assert downloads[0] == "Excel workbook (every table, with an About sheet)"
    assert sorted(downloads[1:]) == sorted([f"{title} (CSV)" for title in (
                                   "Main disparity (rank 1)", "Overall ranking, using every rank",
                                   "Main disparity by community", "Main disparity by ward",
                                   "Main disparity by income band", "Beneficiaries affected, where reported")])
    assert "Small numbers are suppressed, so the files are safe to publish." in app.caption[0].value
    assert "Organisations serving Somali communities, all dates" in app.caption[0].value
    assert "sample data" in app.warning[0].value
    app.button(key="export-make-pack-health").click().run()
    assert _downloads(app)[-1] == "Download the meeting pack (HTML)"


@pytest.mark.parametrize("password, officer, exact", [
    (False, None, False),  # no password configured: the policy cannot be switched off at all
    (True, None, False),  # a password, signed out: a toggle value sent by the browser is ignored
    (True, "Officer", True),  # the signed-in officer (server state set by the sign-in form)
])
def test_panel_is_exact_only_for_the_signed_in_officer(panel, monkeypatch, password, officer, exact):
    if password:
        monkeypatch.setenv("DISPARITIES_OFFICER_PASSWORD_HASH", auth.hash_password("correct horse battery"))
    state = {"publish": False} | ({"officer": officer} if officer else {})
    app = panel(**state)
    said = app.caption[0].value
    assert ("NOT suppressed" in said and "Do not publish" in said) is exact
    assert ("Small numbers are suppressed, so the files are safe to publish." in said) is not exact


def test_panel_says_when_images_cannot_be_made(panel, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    app = panel()
    app.button(key="export-make-png-health").click().run()
    assert any("apt-get install chromium" in w.value for w in app.warning)
    assert not any(label.startswith("Download PNG") for label in _downloads(app))


def test_for_spreadsheet_keeps_formulas_as_text():
    table = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1", "-x", "@SUM(A1)", "Plain", None],
                          "staff": [1, 2, 3, 4, 5, 6]})
    safe = export.neutralise_table(table)
    assert safe["name"].tolist()[:5] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-x", "'@SUM(A1)", "Plain"]
    assert pd.isna(safe["name"].iloc[5]) and safe["staff"].tolist() == [1, 2, 3, 4, 5, 6]
    assert table["name"].iloc[0].startswith("=")  # the original is left alone
