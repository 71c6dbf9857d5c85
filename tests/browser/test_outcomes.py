"""The Outcomes page in headless Chromium: status by theme, the success measures' trajectories and readings,
Appendix 1, screenshots, a filter kept in the URL (which leaves the programme-wide indicators as they are)."""
import pytest

from .conftest import full_page_screenshot


@pytest.fixture(scope="module")
def server(shared_server):
    """This module only reads: the session's sample server will do."""
    return shared_server


URL_PATH = "Outcomes"
SAMPLE_SUMMARY = "Of 11 indicators, 4 are on track (green), 3 amber and 4 red."
SUCCESS_MEASURE_CHARTS = 1 + 6  # status by theme, and one trajectory per success measure (the page opens on them)
APPENDIX_1_CHARTS = 1 + 5


def _open(page, url: str, charts: int) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Outcomes", exact=True).wait_for(timeout=30_000)
    _wait_for_charts(page, charts)


def _wait_for_charts(page, charts: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                           timeout=30_000)


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_sample_view_screenshots_and_a_shared_filter(server, page, screenshot_dir):
    _open(page, f"{server['url']}/{URL_PATH}", SUCCESS_MEASURE_CHARTS)
    assert page.get_by_text(SAMPLE_SUMMARY).is_visible()
    text = _main_text(page)
    assert "do not apply on this page" in text
    assert ("Well behind (red): A1-02 (Number of residents who completed the…), A1-04 (Number of children and "
            "young people…), DP-2 (Number of people gaining skills and…) and DP-6 (Examples of successful system "
            "change implemented). Behind (amber): A1-01 (Percentage of council staff who completed…), A1-05 "
            "(Number of residents supported into senior…) and DP-4 (Impact for participating groups).") in text
    assert "Behind (amber): 80% of the way to the 75% expected by 31 Oct 2021." in text
    assert "22 readings of 6 success measures, from 31 Dec 2020 to 31 Oct 2021; none yet for DP-6 (Examples of successful system change implemented)." in text
    assert page.get_by_role("heading", name="Readings of the success measures against their targets").is_visible()
    full_page_screenshot(page, screenshot_dir / "outcomes-1280x720.png", 1280, 720)
    full_page_screenshot(page, screenshot_dir / "outcomes-1920x1080.png", 1920, 1080)

    community = page.get_by_test_id("stMultiSelect").filter(has_text="Community")
    community.locator("input").click()
    community.locator("input").fill("Somali")
    page.get_by_role("option", name="Somali", exact=True).click()
    page.get_by_text("This view covers 5 of 30 organisations").wait_for(timeout=30_000)
    assert "community=Somali" in page.url
    assert page.get_by_text(SAMPLE_SUMMARY).is_visible()  # indicators are programme-wide: unchanged

    shared = page.context.new_page()
    _open(shared, page.url, SUCCESS_MEASURE_CHARTS)
    assert shared.get_by_text("This view covers 5 of 30 organisations").is_visible()
    assert shared.get_by_text(SAMPLE_SUMMARY).is_visible()
    chip = shared.get_by_test_id("stMultiSelect").filter(has_text="Community").get_by_text("Somali")
    chip.wait_for(timeout=30_000)  # the sidebar's widgets may follow the page's first charts
    shared.close()


def test_appendix_1_and_its_trajectories(server, page, screenshot_dir):
    _open(page, f"{server['url']}/{URL_PATH}", SUCCESS_MEASURE_CHARTS)
    page.get_by_test_id("stRadio").filter(has_text="Framework").get_by_text("Appendix 1").click()
    page.get_by_text("Community Leadership: 1 well behind").wait_for(timeout=30_000)
    page.get_by_role("paragraph").filter(has_text="(A1-04): 420 on 31 Dec 2022").wait_for(timeout=30_000)
    _wait_for_charts(page, APPENDIX_1_CHARTS)
    text = _main_text(page)
    assert "Well behind (red): 79% of the way to the 533 expected by 31 Dec 2022." in text
    assert "Examples of successful system change implemented (DP-6)" not in text  # the expanders follow the choice
    full_page_screenshot(page, screenshot_dir / "outcomes-appendix-1-1280x720.png", 1280, 720)
