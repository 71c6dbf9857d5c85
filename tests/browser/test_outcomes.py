"""The Outcomes page in headless Chromium: status by theme, trajectories, screenshots, a filter kept in the URL
(which leaves the programme-wide indicators as they are)."""
URL_PATH = "Outcomes"
SAMPLE_SUMMARY = "Of 11 indicators, 4 are on track (green), 3 amber, 3 red and 1 has no data."
APPENDIX_1_CHARTS = 1 + 5  # status by theme, and one trajectory per Appendix 1 indicator
SUCCESS_MEASURE_CHARTS = 1 + 6


def _open(page, url: str, charts: int) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Outcomes", exact=True).wait_for(timeout=30_000)
    _wait_for_charts(page, charts)


def _wait_for_charts(page, charts: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                           timeout=30_000)


def _full_page(page, path, width: int, height: int) -> None:
    """Streamlit scrolls its main block, not the page, so a full-page shot needs a viewport as tall as the content."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)
    content = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(height, content)})
    page.wait_for_timeout(1000)  # plotly redraws charts at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": height})


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_sample_view_screenshots_and_a_shared_filter(server, page, screenshot_dir):
    _open(page, f"{server['url']}/{URL_PATH}", APPENDIX_1_CHARTS)
    assert page.get_by_text(SAMPLE_SUMMARY).is_visible()
    text = _main_text(page)
    assert "do not apply on this page" in text
    assert "Well behind (red): 79% of the way to the 533 expected by 31 Dec 2022." in text
    _full_page(page, screenshot_dir / "outcomes-1280x720.png", 1280, 720)
    _full_page(page, screenshot_dir / "outcomes-1920x1080.png", 1920, 1080)

    community = page.get_by_test_id("stMultiSelect").filter(has_text="Community")
    community.locator("input").click()
    community.locator("input").fill("Somali")
    page.get_by_role("option", name="Somali", exact=True).click()
    page.get_by_text("This view covers 5 of 30 organisations").wait_for(timeout=30_000)
    assert "community=Somali" in page.url
    assert page.get_by_text(SAMPLE_SUMMARY).is_visible()  # indicators are programme-wide: unchanged

    shared = page.context.new_page()
    _open(shared, page.url, APPENDIX_1_CHARTS)
    assert shared.get_by_text("This view covers 5 of 30 organisations").is_visible()
    assert shared.get_by_text(SAMPLE_SUMMARY).is_visible()
    assert shared.get_by_test_id("stMultiSelect").filter(has_text="Community").get_by_text("Somali").is_visible()
    shared.close()


def test_success_measures_and_their_trajectories(server, page, screenshot_dir):
    _open(page, f"{server['url']}/{URL_PATH}", APPENDIX_1_CHARTS)
    page.get_by_test_id("stRadio").filter(has_text="Framework").get_by_text("Disparities project").click()
    page.get_by_text("Success measures: 3 on track, 1 behind, 1 well behind, 1 no data").wait_for(timeout=30_000)
    _wait_for_charts(page, SUCCESS_MEASURE_CHARTS)
    text = _main_text(page)
    assert "Examples of successful system change implemented (DP-6): no readings yet" in text
    assert "Behind (amber): 80% of the way to the 75% expected by 31 Oct 2021." in text
    _full_page(page, screenshot_dir / "outcomes-success-measures-1280x720.png", 1280, 720)
