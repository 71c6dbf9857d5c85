"""The overview page in headless Chromium, and the command line writing while the server runs."""
import subprocess
import sys

from .conftest import ROOT

NEW_ORGANISATION = "org_id,name,ward\nORG-900,Sample Late Joiner Group,Poplar\n"


def _organisation_count(page) -> str:
    tile = page.get_by_test_id("stMetric").filter(has_text="Organisations in the register")
    return tile.get_by_test_id("stMetricValue").inner_text()


def test_overview_shows_sample_store(server, page, screenshot_dir):
    page.goto(server["url"])
    page.get_by_text("What the store holds").wait_for(timeout=30_000)
    assert page.get_by_text("Sample data.", exact=False).first.is_visible()
    assert _organisation_count(page) == "30"
    page.screenshot(path=str(screenshot_dir / "overview-1280x720.png"), full_page=True)


def test_cli_ingest_while_serving_shows_on_reload(server, page, tmp_path):
    page.goto(server["url"])
    page.get_by_text("What the store holds").wait_for(timeout=30_000)
    assert _organisation_count(page) == "30"
    new_file = tmp_path / "late.csv"
    new_file.write_text(NEW_ORGANISATION)
    done = subprocess.run([sys.executable, "-m", "disparities", "ingest", str(new_file)],
                          cwd=ROOT, env=server["env"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout
    page.reload()
    page.get_by_text("What the store holds").wait_for(timeout=30_000)
    assert _organisation_count(page) == "31"
