"""Every page, at a desk and in meeting mode, as headless Chromium renders it: readable from the back of the room
(chart text at least 18 px with at least 4.5:1 contrast, metric values at least 36 px, tables at least 16 px and
unclipped), no officer control or download shown to the room, and no "None", "nan" or ISO date anywhere."""
from __future__ import annotations

import re

import pytest

from disparities import registry

from .conftest import full_page_screenshot


@pytest.fixture(scope="module")
def server(shared_server):
    """This module only reads: the session's sample server will do."""
    return shared_server


PAGES = [page for page in registry.PAGES]
MODES = {"desk": "", "meeting": "meeting=1"}
SIZES = [(1280, 720), (1920, 1080)]

UNREADABLE = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bNaT\b|\b\d{4}-\d{2}-\d{2}\b")
OFFICER_WORDS = ("python -m disparities", "Undo", "Remove the sample", "Export this view", "Download")

# Everything a reader sees in the main block: its text, the text of every chart's SVG, and the cells of
# the interactive tables (drawn on a canvas, whose accessible copy is a hidden table of the visible rows).
READ_PAGE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const cells = [...main.querySelectorAll('[data-testid="stDataFrame"] table td, [data-testid="stDataFrame"] table th')]
    .map(c => c.textContent);
  const svgText = [...main.querySelectorAll('.main-svg text')].map(t => t.textContent);
  return {text: main.innerText, cells, svgText};
}"""

# Chart text with its computed size and fill: plotly writes both as inline style on each <text>.
CHART_TEXT = """() => [...document.querySelectorAll('[data-testid="stMain"] .main-svg text')]
  .filter(t => t.textContent.trim() && t.getBBox().width > 0 && getComputedStyle(t).visibility !== 'hidden'
               && getComputedStyle(t).opacity !== '0' && !t.closest('.hoverlayer'))
  .map(t => ({text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
              fill: getComputedStyle(t).fill, onMark: !!t.closest('.barlayer, .heatmaplayer')}))"""

SIZES_OF = """selector => [...document.querySelectorAll(selector)].map(e => parseFloat(getComputedStyle(e).fontSize))"""

# The page's own words (not alerts, which have their own background): colour and the opacity of every ancestor.
PAGE_TEXT = """() => [...document.querySelectorAll('[data-testid="stMain"] p, [data-testid="stMain"] li')]
  .filter(e => e.textContent.trim() && !e.closest('[data-testid="stAlert"], [data-testid="stExpander"], button'))
  .map(e => { let opacity = 1; for (let a = e; a; a = a.parentElement) opacity *= parseFloat(getComputedStyle(a).opacity);
              return {text: e.textContent.slice(0, 60), colour: getComputedStyle(e).color, opacity}; })"""

TABLES_CLIPPED = """() => [...document.querySelectorAll('[data-testid="stTable"], [data-testid="stTable"] div')]
  .filter(t => t.scrollWidth > t.clientWidth + 2).length"""


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def contrast_on_white(css_colour: str, opacity: float = 1.0) -> float:
    """WCAG contrast of a computed `rgb(...)`/`rgba(...)` colour against white (alpha and the opacity of the
    element's ancestors blended onto white)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css_colour)]
    red, green, blue = numbers[:3]
    alpha = (numbers[3] if len(numbers) > 3 else 1.0) * opacity
    red, green, blue = (255 * (1 - alpha) + c * alpha for c in (red, green, blue))
    luminance = 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)
    return 1.05 / (luminance + 0.05)


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=60_000)
    # Streamlit shows its status widget while the script runs; then plotly draws.
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    page.wait_for_timeout(1500)


def _url(server, page_entry: registry.Page, mode: str) -> str:
    return f"{server['url']}/{page_entry.url_path}" + (f"?{MODES[mode]}" if MODES[mode] else "")


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("page_entry", PAGES, ids=[p.key for p in PAGES])
def test_every_page_reads_well(server, page, screenshot_dir, page_entry, mode):
    _open(page, _url(server, page_entry, mode))
    seen = page.evaluate(READ_PAGE)
    for where, texts in (("page", [seen["text"]]), ("table", seen["cells"]), ("chart", seen["svgText"])):
        for text in texts:
            found = UNREADABLE.search(text)
            assert not found, f"{page_entry.title} ({mode}): {found.group(0)!r} in the {where}: ...{text[:300]}"

    for width, height in SIZES:
        full_page_screenshot(page, screenshot_dir / f"readable-{page_entry.key}-{mode}-{width}x{height}.png",
                             width, height)

    if mode != "meeting":
        return
    chart_text = page.evaluate(CHART_TEXT)
    small = [t for t in chart_text if t["size"] < 18]
    assert not small, f"{page_entry.title}: chart text under 18 px: {small[:5]}"
    # text on a bar or a heat-map cell sits on its mark's colour (white on a dark one): the chart tests check it
    faint = [t for t in chart_text if contrast_on_white(t["fill"]) < 4.5 and not t["onMark"]]
    assert not faint, f"{page_entry.title}: chart text under 4.5:1 on white: {faint[:5]}"
    faint = [t for t in page.evaluate(PAGE_TEXT) if contrast_on_white(t["colour"], t["opacity"]) < 4.5]
    assert not faint, f"{page_entry.title}: words under 4.5:1 on white: {faint[:5]}"
    assert all(size >= 36 for size in page.evaluate(SIZES_OF, '[data-testid="stMetricValue"]'))
    assert all(size >= 16 for size in page.evaluate(SIZES_OF, '[data-testid="stTable"] td'))
    assert page.evaluate(TABLES_CLIPPED) == 0, f"{page_entry.title}: a table is cut off at the right"
    assert page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').count() == 0, \
        "the room gets plain tables with large text, not scrolling grids"

    main = page.get_by_test_id("stMain")
    for control in ('[data-testid="stDownloadButton"]', '[data-testid="stFileUploader"]', '[data-testid="stForm"]'):
        assert main.locator(control).count() == 0, f"{page_entry.title}: {control} shown in meeting mode"
    text = seen["text"]
    for words in OFFICER_WORDS:
        assert words not in text, f"{page_entry.title}: {words!r} shown in meeting mode"


def test_contrast_is_computed_as_wcag_does():
    assert contrast_on_white("rgb(0, 0, 0)") == pytest.approx(21, abs=0.01)
    assert contrast_on_white("rgb(118, 118, 118)") == pytest.approx(4.54, abs=0.02)  # the lightest AA grey
    assert contrast_on_white("rgba(0, 0, 0, 0)") == pytest.approx(1)
    assert contrast_on_white("rgb(51, 51, 51)", opacity=0.6) < 4.5  # Streamlit's caption, faded by its container
