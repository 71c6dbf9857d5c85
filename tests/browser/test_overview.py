"""The overview page in headless Chromium: success measures, links into each page carrying the filters, and the
command line writing while the server runs."""
import re
import subprocess
import sys

import pytest

from .conftest import ROOT, full_page_screenshot

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

NEW_ORGANISATION = "org_id,name,ward\nORG-900,Sample Late Joiner Group,Poplar\n"


def _organisation_count(page) -> str:
    tile = page.get_by_test_id("stMetric").filter(has_text="Organisations in the register")
    return tile.get_by_test_id("stMetricValue").inner_text()


def test_overview_shows_sample_store(server, page, screenshot_dir):
    page.goto(server["url"])
    page.get_by_role("heading", name="Data freshness").first.wait_for(timeout=30_000)
    assert page.get_by_text("Sample data, not real evidence.", exact=False).first.is_visible()
    assert _organisation_count(page) == "30"
    assert page.get_by_text("The store holds 293 rows of 8 of the 9 kinds, all of them sample data").is_visible()
    full_page_screenshot(page, screenshot_dir / "overview-1280x720.png", 1280, 720)


def test_cli_ingest_while_serving_shows_on_reload(server, page, tmp_path):
    page.goto(server["url"])
    page.get_by_role("heading", name="Data freshness").first.wait_for(timeout=30_000)
    assert _organisation_count(page) == "30"
    new_file = tmp_path / "late.csv"
    new_file.write_text(NEW_ORGANISATION)
    done = subprocess.run([sys.executable, "-m", "disparities", "ingest", str(new_file)],
                          cwd=ROOT, env=server["env"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout
    page.reload()
    page.get_by_role("heading", name="Data freshness").first.wait_for(timeout=30_000)
    assert _organisation_count(page) == "31"


def test_success_measures_and_a_way_into_each_page(server, page, screenshot_dir):
    page.goto(server["url"])
    page.get_by_role("heading", name="Data freshness").first.wait_for(timeout=30_000)
    main = page.get_by_test_id("stMain")
    assert main.get_by_text("Of 6 indicators, 3 are on track (green), 1 amber and 2 red.").is_visible()
    tile = main.get_by_test_id("stColumn").filter(
        has_text="Number of Tower Hamlets residents benefitting from this project")
    tile.get_by_text("On track (green)").wait_for(timeout=30_000)  # the badge and the figure may follow the name
    tile.get_by_text("3,050", exact=True).wait_for(timeout=30_000)
    assert "Latest reading, 31 Oct 2021" in tile.inner_text() and "Target 3,000 by 31 Oct 2021." in tile.inner_text()
    full_page_screenshot(page, screenshot_dir / "overview-1920x1080.png", 1920, 1080)

    community = page.get_by_test_id("stMultiSelect").filter(has_text="Community")
    community.locator("input").click()
    community.locator("input").fill("Somali")
    page.get_by_role("option", name="Somali", exact=True).click()
    somali = re.compile(r"This view covers 5 of \d+ organisations")  # the CLI test above may have added one
    page.get_by_text(somali).wait_for(timeout=30_000)
    assert "community=Somali" in page.url
    page.keyboard.press("Escape")  # close the open list: while it is open the main area is hidden from role queries
    outcomes = main.get_by_role("link", name="Outcomes", exact=True)
    # The rerun replaces the page top down: until it reaches the links, the old ones (without the filter) stay.
    expect(outcomes).to_have_attribute("href", re.compile(r"community=Somali"), timeout=30_000)
    outcomes.click()
    page.get_by_role("heading", name="Outcomes", exact=True).wait_for(timeout=30_000)
    page.get_by_text(somali).wait_for(timeout=30_000)
    assert "/Outcomes" in page.url and "community=Somali" in page.url
