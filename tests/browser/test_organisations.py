"""The Organisations page in headless Chromium: register, search, one organisation kept in a shareable URL
alongside the filters, screenshots, and hostile names shown as plain text."""
import subprocess
import sys

from .conftest import ROOT, full_page_screenshot

URL_PATH = "Organisations"
SOMALI_GROUP = "ORG-002: Sample Somali Women's Wellbeing Group"
HOSTILE_NAME = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"
HOSTILE_CSV = f"""org_id,name,ward,communities_served
ORG-950,{HOSTILE_NAME},Whitechapel,Somali
ORG-951,"=HYPERLINK(""http://evil.example"",""click"")",Whitechapel,Somali
"""


def _open(page, url: str, charts: int = 0) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Organisations", exact=True).wait_for(timeout=30_000)
    page.get_by_text("organisations in view").first.wait_for(timeout=30_000)
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                           timeout=30_000)


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_register_one_organisation_and_a_shared_link(server, page, screenshot_dir):
    _open(page, f"{server['url']}/{URL_PATH}?show=ORG-002", charts=1)
    assert page.get_by_text("Showing all 30 organisations in view.").is_visible()
    assert page.get_by_role("heading", name=SOMALI_GROUP).is_visible()
    page.get_by_text("Attended 2 events").wait_for(timeout=30_000)
    full_page_screenshot(page, screenshot_dir / "organisations-1280x720.png", 1280, 720)
    full_page_screenshot(page, screenshot_dir / "organisations-1920x1080.png", 1920, 1080)

    community = page.get_by_test_id("stMultiSelect").filter(has_text="Community")
    community.locator("input").click()
    community.locator("input").fill("Somali")
    page.get_by_role("option", name="Somali", exact=True).click()
    page.get_by_text("Showing all 5 organisations in view.").wait_for(timeout=30_000)
    page.wait_for_function("location.search.includes('show=ORG-002')", timeout=30_000)
    assert "community=Somali" in page.url  # the filter joined the URL, and the chosen organisation stayed
    page.keyboard.press("Escape")  # an open option list hides the rest of the page from role queries
    page.get_by_role("heading", name=SOMALI_GROUP).wait_for(timeout=30_000)

    shared = page.context.new_page()
    _open(shared, page.url, charts=1)
    assert shared.get_by_text("Showing all 5 organisations in view.").is_visible()
    assert shared.get_by_role("heading", name=SOMALI_GROUP).is_visible()
    assert shared.get_by_test_id("stMultiSelect").filter(has_text="Community").get_by_text("Somali").is_visible()
    shared.close()


def test_search_and_choosing_an_organisation(server, page):
    _open(page, f"{server['url']}/{URL_PATH}")
    search = page.get_by_label("Search the register")
    search.fill("bangla")
    search.press("Enter")
    page.get_by_text('Showing 11 of 30 organisations in view, matching "bangla".').wait_for(timeout=30_000)

    chooser = page.get_by_test_id("stSelectbox").filter(has_text="Show one organisation")
    chooser.locator("input").click()
    chooser.locator("input").fill("Eritrean")
    page.get_by_role("option", name="ORG-005: Sample Eritrean Community Support").click()
    page.get_by_role("heading", name="ORG-005: Sample Eritrean Community Support").wait_for(timeout=30_000)
    page.wait_for_function("location.search.includes('show=ORG-005')", timeout=30_000)
    page.get_by_text("No toolkit return yet from this organisation").wait_for(timeout=30_000)


def test_hostile_names_show_as_plain_text(server, page, screenshot_dir, tmp_path):
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(HOSTILE_CSV)
    done = subprocess.run([sys.executable, "-m", "disparities", "ingest", str(hostile)], check=False,
                          cwd=ROOT, env=server["env"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, f"{server['url']}/{URL_PATH}?show=ORG-950&community=Somali")
    heading = page.get_by_role("heading", name=f"ORG-950: {HOSTILE_NAME}", exact=True)
    heading.wait_for(timeout=30_000)
    assert heading.inner_text() == f"ORG-950: {HOSTILE_NAME}"
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.get_by_test_id("stMain").locator("strong", has_text="bold").count() == 0
    assert page.get_by_text("Showing all 7 organisations in view.").is_visible()
    full_page_screenshot(page, screenshot_dir / "organisations-hostile-names-1280x720.png", 1280, 720)
    assert not dialogs


ADDRESS_CSV = """org_id,name,ward,communities_served,beneficiaries_per_year
ORG-952,Group at https://evil.example and www.evil.example (help@evil.example),Whitechapel,Somali,5
"""


def test_no_links_in_names_no_toolbar_download_and_small_figures_starred(server, page, tmp_path):
    named = tmp_path / "address.csv"
    named.write_text(ADDRESS_CSV)
    done = subprocess.run([sys.executable, "-m", "disparities", "ingest", str(named)], check=False,
                          cwd=ROOT, env=server["env"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    _open(page, f"{server['url']}/{URL_PATH}?show=ORG-952")
    heading = page.get_by_role("heading", name="ORG-952:")
    heading.wait_for(timeout=30_000)
    assert heading.inner_text().replace("\u2060", "") == (
        "ORG-952: Group at https://evil.example and www.evil.example (help@evil.example)")
    assert page.get_by_test_id("stMain").locator("a[href*='evil']").count() == 0  # plain text, not a link
    tile = page.get_by_test_id("stMetric").filter(has_text="Beneficiaries a year")
    assert tile.get_by_test_id("stMetricValue").inner_text() == "*"  # 5 people: too few to publish
    page.get_by_test_id("stDataFrame").first.hover()
    toolbar = page.get_by_test_id("stElementToolbar").first
    toolbar.wait_for(timeout=10_000)
    labels = [b.get_attribute("aria-label") or "" for b in toolbar.locator("button").all()]
    assert labels and not any("download" in label.lower() for label in labels)  # client.disableDataExport
