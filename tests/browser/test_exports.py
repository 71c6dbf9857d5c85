"""'Export this view' in headless Chromium: each format downloaded from the Health disparities page, checked, and
compared byte for byte with what `python -m disparities export` gives for the same view and filters."""
import io
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def server(shared_server):
    """This module only reads: the session's sample server will do."""
    return shared_server


URL_PATH = "Health_disparities?community=Somali"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _open_panel(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Health disparities", exact=True).wait_for(timeout=30_000)
    page.get_by_text("This view covers 5 of 30 organisations").wait_for(timeout=30_000)
    expander = page.get_by_test_id("stExpander").filter(has_text="Export this view")
    expander.get_by_text("Export this view").click()
    expander.get_by_text("Tables", exact=True).wait_for(timeout=30_000)


def _panel_screenshot(page, path: Path) -> None:
    """Streamlit scrolls its main block, not the page: a viewport as tall as the content shows the whole panel."""
    content = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": max(720, content)})
    page.wait_for_timeout(500)
    page.get_by_test_id("stExpander").filter(has_text="Export this view").screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 720})


def _download(page, button, timeout: int = 60_000) -> tuple[str, bytes]:
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=timeout) as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _button(page, text: str):
    return page.locator("button", has_text=text).first


def _cli(server, tmp_path: Path, *args: str) -> bytes:
    target = tmp_path / "cli-export"
    done = subprocess.run([sys.executable, "-m", "disparities", "export", *args, "--filter", "community=Somali",
                           "-o", str(target)], cwd=ROOT, env=server["env"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return target.read_bytes()


def test_csv_and_workbook_download_with_the_command_lines_bytes(server, page, screenshot_dir, tmp_path):
    from openpyxl import load_workbook

    _open_panel(page, f"{server['url']}/{URL_PATH}")
    _panel_screenshot(page, screenshot_dir / "exports-panel-1280.png")

    name, data = _download(page, _button(page, "Main disparity (rank 1) (CSV)"))
    assert name.startswith("health-disparities_main-disparity_filtered_") and name.endswith(".csv")
    assert data.startswith(b"\xef\xbb\xbf# Main disparity (rank 1)")
    text = data.decode("utf-8-sig")
    assert "CONTAINS SAMPLE DATA, NOT REAL" in text and "Organisations serving Somali communities" in text
    assert "Disparity,Organisations,Assessed,Share (%),Lower 95% limit (%),Upper 95% limit (%)" in text
    assert data == _cli(server, tmp_path, "health", "--format", "csv", "--table", "main-disparity")

    name, data = _download(page, _button(page, "Excel workbook"))
    assert name.startswith("health-disparities_filtered_") and name.endswith(".xlsx")
    assert data.startswith(b"PK\x03\x04")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "About"
    assert "CONTAINS SAMPLE DATA" in str(workbook["About"]["A2"].value)
    assert data == _cli(server, tmp_path, "health", "--format", "xlsx")


def test_chart_image_and_meeting_pack_are_made_when_asked(server, page, screenshot_dir, tmp_path):
    _open_panel(page, f"{server['url']}/{URL_PATH}")

    _button(page, "Make a PNG image").click()
    _button(page, "Download PNG").wait_for(timeout=120_000)
    _panel_screenshot(page, screenshot_dir / "exports-panel-png-ready-1280.png")
    name, data = _download(page, _button(page, "Download PNG"))
    assert name.startswith("health-disparities_main-disparity_filtered_") and name.endswith(".png")
    assert data.startswith(PNG_SIGNATURE)

    _button(page, "Make the meeting pack").click()
    name, data = _download(page, _button(page, "Download the meeting pack"), timeout=120_000)
    assert name.startswith("all-pages_meeting-pack_filtered_") and name.endswith(".html")
    pack = data.decode("utf-8")
    assert pack.startswith("<!DOCTYPE html>")
    assert "CONTAINS SAMPLE DATA, NOT REAL" in pack and "Organisations serving Somali communities" in pack
    first = pack.index("<h3>")  # the pack opens on what changed since the advisory group last met
    assert pack[first:].startswith("<h3>Since the last meeting</h3>")
    assert data == _cli(server, tmp_path, "all", "--format", "html")

    # Opened from disk with the network watched: nothing is fetched and the charts draw.
    saved = tmp_path / name
    saved.write_bytes(data)
    offline = page.context.new_page()
    requests: list[str] = []
    offline.on("request", lambda request: requests.append(request.url))
    offline.goto(saved.as_uri())
    offline.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3",
                              timeout=30_000)
    assert [url for url in requests if not url.startswith("file:")] == []
    offline.close()
