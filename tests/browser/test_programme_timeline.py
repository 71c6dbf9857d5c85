"""The Programme timeline page in headless Chromium: the sample view, screenshots, and a filter kept in the URL."""
import re

import pytest

from .conftest import full_page_screenshot


@pytest.fixture(scope="module")
def server(shared_server):
    """This module only reads: the session's sample server will do."""
    return shared_server


expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

ALL_ORGANISATIONS = "30 distinct organisations had taken part in 12 network events"
SOMALI = "5 distinct organisations in view had taken part in 11 network events"


def _open(page, url: str) -> None:
    """Open the page and wait for the script's run to reach its last chart, so a filter set next is not
    racing the first run."""
    page.goto(url)
    page.get_by_role("heading", name="Programme timeline").wait_for(timeout=30_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)
    page.get_by_text("distinct organisation", exact=False).first.wait_for(timeout=30_000)


def test_programme_timeline_sample_view_and_screenshots(server, page, screenshot_dir):
    _open(page, f"{server['url']}/Programme_timeline")
    expect(page.get_by_text(ALL_ORGANISATIONS)).to_be_visible()
    expect(page.get_by_text("18 events with 330 participants in all")).to_be_visible()
    expect(page.get_by_text("Data as of 15 Jun 2022").first).to_be_visible()  # the chart's reference line
    full_page_screenshot(page, screenshot_dir / "programme-timeline-1280x720.png", 1280, 720)
    full_page_screenshot(page, screenshot_dir / "programme-timeline-1920x1080.png", 1920, 1080)


def test_community_filter_changes_the_view_and_the_url(server, page):
    _open(page, f"{server['url']}/Programme_timeline")
    community = page.get_by_role("combobox", name="Community")
    community.click()
    community.fill("Somali")  # the option list is long and virtual: narrow it first
    page.get_by_role("option", name="Somali", exact=True).click()
    # expect() retries while Streamlit reruns the script and replaces the page's elements.
    expect(page.get_by_text(SOMALI)).to_be_visible(timeout=30_000)
    expect(page.get_by_text(ALL_ORGANISATIONS)).to_have_count(0, timeout=30_000)
    expect(page).to_have_url(re.compile(r"community=Somali"), timeout=30_000)
    expect(page.get_by_text("Only events attended by at least one organisation in view: 11 of 18.")).to_be_visible()

    shared = page.context.new_page()
    _open(shared, page.url)
    expect(shared.get_by_text(SOMALI)).to_be_visible(timeout=30_000)
    expect(shared.get_by_text("Organisations serving Somali communities", exact=False).first).to_be_visible()
