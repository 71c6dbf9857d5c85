"""The Health disparities page in headless Chromium: charts drawn, screenshots, a filter kept in a shareable URL."""
import subprocess
import sys

from .conftest import ROOT, full_page_screenshot

URL_PATH = "Health_disparities"
CHARTS = 7  # main disparity, ranking, heat map, by ward, by income band, beneficiaries, population (once uploaded)
SAMPLE_FIGURE = "Mental health is the main disparity for 15 of 30 organisations (50%)"

# Literal figures for the test only (not Census data): enough to draw the population chart.
POPULATION_CSV = """community,year,residents,source
Bangladeshi,2021,100000,Illustrative test figures
African,2021,12000,Illustrative test figures
Caribbean,2021,6000,Illustrative test figures
"English, Welsh, Scottish, Northern Irish or British",2021,77000,Illustrative test figures
"""


def _open(page, url: str, charts: int) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Health disparities", exact=True).wait_for(timeout=30_000)
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                           timeout=30_000)


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_sample_view_screenshots_and_a_shared_filter(server, page, screenshot_dir):
    _open(page, f"{server['url']}/{URL_PATH}", CHARTS - 1)
    assert page.get_by_text(SAMPLE_FIGURE).is_visible()
    assert "upload a population file" in _main_text(page)
    full_page_screenshot(page, screenshot_dir / "health-disparities-1280x720.png", 1280, 720)
    full_page_screenshot(page, screenshot_dir / "health-disparities-1920x1080.png", 1920, 1080)

    community = page.get_by_test_id("stMultiSelect").filter(has_text="Community")
    community.locator("input").click()
    community.locator("input").fill("Somali")
    page.get_by_role("option", name="Somali", exact=True).click()
    page.get_by_text("This view covers 5 of 30 organisations").wait_for(timeout=30_000)
    page.get_by_text("Based on only 5 organisations").first.wait_for(timeout=30_000)
    assert "community=Somali" in page.url
    assert SAMPLE_FIGURE not in _main_text(page)

    shared = page.context.new_page()
    _open(shared, page.url, CHARTS - 1)
    assert shared.get_by_text("This view covers 5 of 30 organisations").is_visible()
    assert shared.get_by_test_id("stMultiSelect").filter(has_text="Community").get_by_text("Somali").is_visible()
    shared.close()


def test_population_upload_adds_the_comparison(server, page, screenshot_dir, tmp_path):
    population = tmp_path / "population.csv"
    population.write_text(POPULATION_CSV)
    done = subprocess.run([sys.executable, "-m", "disparities", "ingest", str(population)],
                          cwd=ROOT, env=server["env"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    _open(page, f"{server['url']}/{URL_PATH}?level=census", CHARTS)
    text = _main_text(page)
    assert ("Fewer groups in view serve English, Welsh, Scottish, Northern Irish or British (0% of organisations, "
            "95% CI 0% to 11%; 39% of residents) than their share of residents.") in text
    assert "African (higher)" in page.locator(".js-plotly-plot").last.inner_text()  # 33% against 6%
    full_page_screenshot(page, screenshot_dir / "health-disparities-population-1280x720.png", 1280, 720)
