"""charts: the look every chart shares, and the same chart for a projector in meeting mode."""
import plotly.graph_objects as go

from disparities.charts import LAYOUT, PROJECTOR_TEXT, for_a_projector


def test_a_chart_for_a_projector_has_large_dark_text():
    figure = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    figure.update_layout(**LAYOUT, height=300, xaxis_title="organisations")
    shown = for_a_projector(figure)
    assert shown.layout.font.size == 20 and shown.layout.height == 390
    assert shown.layout.xaxis.tickfont.size == 18 and shown.layout.yaxis.title.font.color == PROJECTOR_TEXT
    assert shown.layout.legend.font.size == 18
    assert figure.layout.font.size == 14  # the page's own figure is left as it was


# ---- every chart of every page, from the sample store ---------------------------------------------------------

import datetime as dt  # noqa: E402
import re  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from disparities import export, palette, suppression  # noqa: E402
from disparities.charts import PROJECTOR_MIN_TEXT, round_change_dumbbells  # noqa: E402
from disparities.filters import Filters  # noqa: E402
from disparities.pages import organisations  # noqa: E402
from disparities.store import connect  # noqa: E402
from disparities.views import VIEWS  # noqa: E402

DAY = dt.date(2026, 12, 1)
POLICY = suppression.POLICY.keyed(b"tests: charts")
# Sections whose chart colours a shared vocabulary; every other section's colours are its own.
SHARED = {"main-disparity": "disparity", "disparity-ranking": "disparity", "main-disparity-by-ward": "disparity",
          "main-disparity-by-income-band": "disparity", "beneficiaries-affected": "disparity",
          "main-disparity-round-changes": "trend", "toolkit-round-changes": "trend"}


EVENT_TYPES = {"Network meeting", "Community of practice", "Networking event", "Training", "Advisory group",
               "Other"}


def _vocabulary(key: str, trace=None) -> str:
    """The vocabulary a chart's colours stand for: the Gantt draws statuses and, on its event rows, event types."""
    if key in ("events", "organisations-networking") or (
            key == "programme-timeline" and trace is not None and trace.name in EVENT_TYPES):
        return "event_type"
    if key == "programme-timeline":
        return "status"
    return "disparity" if "-assessment-" in key else SHARED.get(key, key)


@pytest.fixture(scope="module")
def page_figures(sample_store):
    """Page -> [(section key, figure, section)] for every section with a chart, as the pages draw them."""
    found: dict[str, list] = {}
    with connect(sample_store, read_only=True) as con:
        provenance = export.provenance(con, Filters(), POLICY, DAY)
        for name in VIEWS:
            sections = VIEWS[name].sections(con, *export.sections_args(name, Filters(), DAY))
            if name == "organisations":
                org_id = con.execute("SELECT org_id FROM assessment ORDER BY org_id LIMIT 1").fetchone()[0]
                sections += [s for part in organisations.one_organisation(con, Filters(), org_id).values()
                             for s in part]
            found[name] = [(s.key, s.figure(), s) for s in (s.publishable(POLICY) for s in sections)
                           if s.has_data and s.chart is not None]
    found["_provenance"] = provenance
    return found


def _label(value) -> str:
    return re.sub(r"^\d+\. ", "", re.sub(r" \([^()]*\)$", "", str(value)))


def _colours(trace) -> list[tuple[str, str]]:
    """(colour, category) for each mark of a trace: per point when the colours are a list, else the trace's."""
    if trace.type not in ("bar", "scatter"):
        return []
    marker = trace.marker.color
    if marker is None and trace.type == "scatter" and trace.mode and "lines" in trace.mode:
        marker = trace.line.color
    if marker is None or (trace.type == "scatter" and trace.mode == "text"):
        return []
    if isinstance(marker, (list, tuple)):
        labels = trace.y if trace.orientation == "h" else trace.x
        return [(str(c), _label(label)) for c, label in zip(marker, labels)]
    return [(str(marker), _label(trace.name or ""))]


def _grey(colour: str) -> bool:
    colour = {"white": "#FFFFFF"}.get(colour.lower(), colour)
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return red == green == blue


def _black(colour: str) -> bool:
    colour = {"black": "#000000", "white": "#FFFFFF"}.get(colour.lower(), colour)
    return all(int(colour[i:i + 2], 16) < 0x30 for i in (1, 3, 5))


@pytest.mark.parametrize("page", sorted(VIEWS))
def test_no_colour_means_two_vocabularies_on_a_page_and_none_is_black(page_figures, page):
    """Every mark of every chart the page's sections draw: a colour (greys aside, which always mean "other" or
    "no category") belongs to one vocabulary, a disparity keeps one colour on every chart, and nothing is black."""
    owner: dict[str, set[str]] = {}
    disparity: dict[str, set[str]] = {}
    for key, figure, _ in page_figures[page]:
        for trace in figure.data:
            for colour, category in _colours(trace):
                assert not _black(colour), (page, key, trace.name, colour)
                if _grey(colour):
                    continue
                owner.setdefault(colour.upper(), set()).add(_vocabulary(key, trace))
                if _vocabulary(key, trace) == "disparity":
                    disparity.setdefault(category, set()).add(colour.upper())
    assert {c: v for c, v in owner.items() if len(v) > 1} == {}
    assert {d: c for d, c in disparity.items() if len(c) > 1} == {}


def test_disparities_keep_their_colour_from_page_to_page(page_figures):
    colours = {}
    for page in ("health", "organisations"):
        for key, figure, _ in page_figures[page]:
            if _vocabulary(key) == "disparity":
                for trace in figure.data:
                    for colour, category in _colours(trace):
                        assert colours.setdefault(category, colour) == colour, (page, key, category)
    assert colours["Mental health"] == palette.color_for("disparity", "mental health")


def _ranges(figure):
    return {axis: figure.layout[axis].range for axis in ("xaxis", "yaxis")}


@pytest.mark.parametrize("page", sorted(VIEWS))
def test_value_axes_are_fixed_and_a_png_keeps_them(page_figures, page):
    """Autoranged axes follow the drawing's size (room for values written beside bars, markers), so the 1200 px
    image and the page would differ: every numeric or date axis that is not a list of categories has a range set
    from the data, and export.image_figure keeps it."""
    for key, figure, section in page_figures[page]:
        image = export.image_figure(section, page_figures["_provenance"])
        assert _ranges(image) == _ranges(figure), key
        for axis in ("xaxis", "yaxis"):
            values = [getattr(t, axis[0]) for t in figure.data if t.type in ("bar", "scatter")]
            numeric = [v for v in values if v is not None and len(v) and not isinstance(v[0], str)]
            if figure.layout[axis].type != "category" and numeric:
                assert figure.layout[axis].range is not None, (key, axis)


def _trace_text_ok(trace, figure) -> None:
    font = trace.textfont
    assert (font.size or 0) >= PROJECTOR_MIN_TEXT, trace.name
    if trace.type == "heatmap":
        return  # plotly picks dark or light text per cell
    colours = font.color if isinstance(font.color, (list, tuple)) else [font.color]
    bars = trace.marker.color if isinstance(trace.marker.color, (list, tuple)) else [trace.marker.color] * len(
        colours)
    if trace.type == "bar" and (trace.textposition in ("inside", "auto") or figure.layout.barmode == "stack"):
        for text, bar in zip(colours, bars):
            assert text in (PROJECTOR_TEXT, "#FFFFFF") and palette.contrast(text, bar) >= 4.5, (trace.name, bar)
    else:
        assert colours == [PROJECTOR_TEXT], trace.name


@pytest.mark.parametrize("page", sorted(VIEWS))
def test_meeting_mode_writes_values_on_bars_in_large_dark_text(page_figures, page):
    for key, figure, _ in page_figures[page]:
        shown = for_a_projector(figure)
        assert shown.layout.font.size >= 18 and shown.layout.font.color == PROJECTOR_TEXT
        for axis in ("xaxis", "yaxis"):
            assert shown.layout[axis].automargin is True, key  # long labels get the margin they need
            assert shown.layout[axis].tickfont.size >= 18 and shown.layout[axis].tickfont.color == PROJECTOR_TEXT
        for annotation in shown.layout.annotations:
            assert annotation.font.size >= 18 and annotation.font.color == PROJECTOR_TEXT, (key, annotation.text)
        written = {tuple(t.y) for t in shown.data if t.type == "scatter" and t.mode == "text" and t.y is not None}
        for trace in shown.data:
            if trace.type == "bar" and trace.base is None:  # a Gantt's floating bars are dates, not values
                beside = trace.textposition == "none" and (tuple(trace.y) in written or trace.error_x.array)
                assert trace.text is not None and (trace.textposition != "none" or beside), (key, trace.name)
            if trace.text is not None or trace.type == "heatmap":
                _trace_text_ok(trace, shown)


def test_meeting_mode_adds_values_to_a_bar_without_any():
    figure = go.Figure(go.Bar(x=[3, 12.5], y=["a long label that needs room on the left", "b"], orientation="h",
                              marker_color=["#332288", "#F0E442"]))
    figure.add_annotation(text="note", x=0, y=0, font=dict(size=12, color="#999999"))
    shown = for_a_projector(figure)
    assert list(shown.data[0].text) == ["3", "12.5"] and shown.data[0].textposition == "outside"
    assert shown.data[0].textfont.size == 18 and shown.data[0].textfont.color == PROJECTOR_TEXT
    assert shown.layout.annotations[0].font.size == 18 and shown.layout.annotations[0].font.color == PROJECTOR_TEXT
    assert shown.layout.yaxis.automargin is True
    stacked = go.Figure([go.Bar(x=[2], y=["a"], orientation="h", marker_color="#332288"),
                         go.Bar(x=[1], y=["a"], orientation="h", marker_color="#F0E442")])
    stacked.update_layout(barmode="stack")
    shown = for_a_projector(stacked)
    assert [t.textfont.color for t in shown.data] == ["#FFFFFF", PROJECTOR_TEXT]  # readable on each bar


def test_round_change_dumbbells_mark_the_direction_by_colour_and_arrow():
    table = pd.DataFrame({
        "question": ["Barrier", "Barrier", "Service"], "item": ["stigma", "language", "counselling"],
        "previous_share": [0.2, 0.6, 0.5], "latest_share": [0.7, 0.1, 0.5], "previous": [2, 6, 5],
        "latest": [7, 1, 5], "organisations": [10, 10, 10], "change": [0.5, -0.5, 0.0],
        "trend": ["increased", "decreased", "no significant change"], "latest_low": [0.4, 0.02, 0.2],
        "latest_high": [0.9, 0.4, 0.8]})
    figure = round_change_dumbbells(table)
    latest = {t.name: t for t in figure.data if t.name and t.name.startswith("latest")}
    assert latest["latest return: increased"].marker.symbol == "triangle-right"
    assert latest["latest return: decreased"].marker.symbol == "triangle-left"
    assert latest["latest return: increased"].marker.color == palette.TREND_COLOURS["increased"]
    assert len({t.marker.color for t in latest.values()}) == 2  # increased and decreased differ
