"""A real Streamlit server on a free port and headless Chromium (the system one) driven by Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, extra_env: dict[str, str] | None = None):
    """`streamlit run app.py` on `db` (created with the sample data by the app itself); yields its details."""
    port = _free_port()
    env = {**os.environ, "DISPARITIES_DB": str(db),
           "DISPARITIES_SECRETS_FILE": str(db.parent / "no-secrets.toml"), **(extra_env or {})}
    if not (extra_env or {}).get("DISPARITIES_OFFICER_PASSWORD_HASH"):
        env.pop("DISPARITIES_OFFICER_PASSWORD_HASH", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("streamlit did not start: " + process.stdout.read().decode()[-2000:])
            time.sleep(0.3)
    try:
        yield {"url": url, "db": db, "env": env}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a fresh store with the sample data, no officer password: a module's own, for tests that
    write to the store (uploads from the command line or the sidebar)."""
    yield from start_server(tmp_path_factory.mktemp("store") / "browser.duckdb")


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory):
    """One server on the sample store for the modules that only read (each says `server = shared_server`):
    a server start and its first page cost several seconds."""
    yield from start_server(tmp_path_factory.mktemp("shared") / "browser.duckdb")


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium package)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def full_page_screenshot(page, path, width: int, height: int) -> None:
    """Streamlit scrolls its main block, not the page, so a full-page shot needs a viewport as tall as the content."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)
    content = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(height, content)})
    page.wait_for_timeout(1000)  # plotly redraws charts at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": height})
