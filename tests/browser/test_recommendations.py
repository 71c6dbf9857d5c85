"""The Recommendations page in headless Chromium: each recommendation with its evidence, and an evidence link
that opens the view it names, filters and all."""
import pytest

from .conftest import full_page_screenshot


@pytest.fixture(scope="module")
def server(shared_server):
    """This module only reads: the session's sample server will do."""
    return shared_server


def test_an_evidence_link_opens_the_view_it_names(server, page, screenshot_dir):
    page.goto(f"{server['url']}/Recommendations")
    page.get_by_role("heading", name="Recommendations", exact=True).wait_for(timeout=60_000)
    page.get_by_text("REC-05: Interpreters at GP surgeries").wait_for(timeout=30_000)
    main = page.get_by_test_id("stMain")
    assert "5 recommendations: 1 proposed, 2 accepted, 1 in progress and 1 implemented." in main.inner_text()
    full_page_screenshot(page, screenshot_dir / "recommendations-1280x720.png", 1280, 720)

    main.get_by_role("link", name="Mental-health mapping: Organisations in Whitechapel, all dates").click()
    page.get_by_role("heading", name="Mental-health mapping", exact=True).wait_for(timeout=30_000)
    page.wait_for_function("location.search.includes('ward=Whitechapel')", timeout=30_000)
    assert "/Mental_health_mapping" in page.url
    ward = page.get_by_test_id("stMultiSelect").filter(has_text="Ward")
    ward.get_by_text("Whitechapel").wait_for(timeout=30_000)  # the sidebar shows the filter the link carried
    page.get_by_text("Organisations in Whitechapel, all dates", exact=False).first.wait_for(timeout=30_000)
