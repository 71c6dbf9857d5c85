"""The Mental-health mapping page in headless Chromium: key figures, screenshots, and a filter kept in the URL."""
import re

import pytest

from .conftest import full_page_screenshot


@pytest.fixture(scope="module")
def server(shared_server):
    """This module only reads: the session's sample server will do."""
    return shared_server


ALL_RETURNED = "24 of 30 organisations in view have returned the toolkit (80%); 6 have not yet."
SOMALI_RETURNED = "All 5 organisations in view have returned the toolkit."


def _open(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Mental-health mapping").wait_for(timeout=60_000)  # first visit builds the store
    page.get_by_role("heading", name="Change since the previous round", exact=True).wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")


def _charts_drawn(page) -> int:
    page.locator(".js-plotly-plot .plot-container").last.wait_for(timeout=30_000)
    return page.locator(".js-plotly-plot").count()


def test_mapping_page_filter_and_shared_link(server, page, screenshot_dir):
    _open(page, f"{server['url']}/Mental_health_mapping")
    assert page.get_by_text(ALL_RETURNED).is_visible()
    assert page.get_by_text("Stigma is the barrier named most often", exact=False).is_visible()
    assert _charts_drawn(page) == 9  # eight from the latest returns, and the change since the previous round
    full_page_screenshot(page, screenshot_dir / "mental-health-mapping-1280x720.png", 1280, 720)
    full_page_screenshot(page, screenshot_dir / "mental-health-mapping-1920x1080.png", 1920, 1080)

    community = page.get_by_test_id("stMultiSelect").filter(has_text="Community")
    community.locator("input").click()
    page.keyboard.type("Somali")
    page.keyboard.press("Enter")
    page.get_by_text(SOMALI_RETURNED).wait_for(timeout=30_000)
    assert not page.get_by_text(ALL_RETURNED).is_visible()
    page.wait_for_url(re.compile(r"[?&]community=Somali"), timeout=10_000)
    shared = page.url

    other = page.context.new_page()
    _open(other, shared)
    other.get_by_text(SOMALI_RETURNED).wait_for(timeout=30_000)
    assert other.get_by_text("Based on only 5 organisations", exact=False).first.is_visible()
    other.close()
