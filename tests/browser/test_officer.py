"""The officer's workflow in Chromium: a visitor cannot change data; the officer signs in, uploads an Excel-saved
file, sees it on the dashboard, is shown a bad file's problems (and downloads them) with nothing changed, undoes."""
from __future__ import annotations

import re

import pytest

from disparities import auth

from .conftest import full_page_screenshot, start_server

PASSWORD = "browser test password"
# What Excel on Windows writes for "CSV (Comma delimited)": Windows-1252, CRLF, no BOM.
GOOD = "org_id,name,ward,income_band\r\nORG-950,Sample Café Women’s Group,Bow East,£10k-£50k\r\n".encode("cp1252")
BAD = "org_id,name,ward,income_band\r\nORG-951,,Bow East,plenty\r\n".encode("cp1252")


@pytest.fixture(scope="module")
def officer_server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("officer") / "officer.duckdb",
                            {"DISPARITIES_OFFICER_PASSWORD_HASH": auth.hash_password(PASSWORD)})


def wait_for_app(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)  # let Streamlit finish the run it announced


def organisations_tile(page) -> str:
    tile = page.get_by_test_id("stMetric").filter(has_text="Organisations in the register")
    return tile.get_by_test_id("stMetricValue").inner_text()


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/Data")
    wait_for_app(page, "Officer password")
    sidebar(page).get_by_label("Your name (shown in the upload history)").fill("Aisha Rahman")
    sidebar(page).get_by_label("Officer password").fill(PASSWORD)
    sidebar(page).get_by_role("button", name="Sign in").click()
    wait_for_app(page, "Signed in as")


def upload(page, tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    sidebar(page).get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    sidebar(page).get_by_text(name).first.wait_for(timeout=30_000)
    sidebar(page).get_by_role("button", name="Check files").click()
    wait_for_app(page, "Check before applying")


def test_visitor_cannot_upload_or_undo(officer_server, page):
    page.goto(f"{officer_server['url']}/Data")
    wait_for_app(page, "This page is for the partnerships officer")
    assert sidebar(page).get_by_text("CSV files or workbooks (one or more)").count() == 0
    assert page.get_by_role("button", name=re.compile("^Undo upload")).count() == 0
    assert page.get_by_text("No officer password is set").count() == 0


def test_officer_uploads_checks_applies_and_undoes(officer_server, page, tmp_path, screenshot_dir):
    url = officer_server["url"]
    page.goto(url)
    wait_for_app(page, "Data freshness")
    assert organisations_tile(page) == "30"
    sign_in(page, url)

    upload(page, tmp_path, "excel-organisations.csv", GOOD)
    page.get_by_text("Applying would add 1 row").wait_for(timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "check-step-1280x720.png"), full_page=True)
    page.get_by_role("button", name="Apply").click()
    wait_for_app(page, "Applied 1 file")
    page.get_by_role("link", name="See it on Organisations").click()
    wait_for_app(page, "This view covers all 31 organisations")

    upload(page, tmp_path, "bad-organisations.csv", BAD)
    page.get_by_text("Nothing can be applied yet").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Apply").count() == 0
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the problems (CSV)").click()
    problems = download.value.path().read_text(encoding="utf-8-sig")
    assert problems.startswith("file,severity,row,column,value,message") and "income_band" in problems
    page.screenshot(path=str(screenshot_dir / "check-errors-1280x720.png"), full_page=True)
    page.get_by_role("button", name="Discard these files").click()

    page.goto(url)
    wait_for_app(page, "Data freshness")
    assert organisations_tile(page) == "31"  # the bad file changed nothing

    sign_in(page, url)
    wait_for_app(page, "Undoing upload #9")
    page.get_by_text("Yes, undo upload #9").click()
    page.get_by_role("button", name="Undo upload #9").click()
    wait_for_app(page, "Undone: #9 excel-organisations.csv")
    page.screenshot(path=str(screenshot_dir / "data-page-1280x720.png"), full_page=True)
    page.goto(url)
    wait_for_app(page, "Data freshness")
    assert organisations_tile(page) == "30"


RENAMES = b"org_id,name\rORG-001,Jane Smith\rORG-002,John Doe\rORG-003,Ann Lee\r"  # old Mac line endings too


def test_a_file_renaming_the_register_is_flagged_and_its_changes_listed(officer_server, page, tmp_path):
    from playwright.sync_api import expect
    sign_in(page, officer_server["url"])
    upload(page, tmp_path, "respondents.csv", RENAMES)
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stAlert").filter(has_text="CHECK THIS FILE").wait_for(timeout=30_000)
    changes = main.get_by_test_id("stExpander").filter(has_text="What respondents.csv changes in 3 stored rows")
    changes.get_by_text("What respondents.csv changes").click()
    changes.get_by_test_id("stDataFrame").wait_for(timeout=30_000)  # its cells are drawn on a canvas
    page.get_by_role("button", name="Discard these files").click()
    expect(page.get_by_role("button", name="Discard these files")).to_have_count(0, timeout=30_000)


def _returned_sentence(page, url: str) -> str:
    page.goto(f"{url}/Mental_health_mapping")
    wait_for_app(page, "have returned the toolkit")
    return page.get_by_text(re.compile(r"\d+ of \d+ organisations in view have returned")).first.inner_text()


def test_a_google_forms_export_is_mapped_once_then_remembered(officer_server, page, tmp_path, screenshot_dir):
    from playwright.sync_api import expect

    from ..test_surveys import _google_forms
    export = _google_forms().replace(b"sample bangla wellbeing group ltd", b"TKAC")  # an unmatched name
    before = _returned_sentence(page, officer_server["url"])
    sign_in(page, officer_server["url"])
    path = tmp_path / "Mapping toolkit (Responses).csv"
    path.write_bytes(export)
    sidebar(page).get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    sidebar(page).get_by_text(path.name).first.wait_for(timeout=30_000)
    sidebar(page).get_by_role("button", name="Check files").click()
    wait_for_app(page, "Map the survey export")
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stAlert").filter(has_text="Not in the register: TKAC").wait_for(timeout=30_000)
    choice = main.get_by_test_id("stSelectbox").filter(has_text="“TKAC” is")
    choice.locator("input").click()
    choice.locator("input").fill("ORG-007")  # the Turkish and Kurdish Advice Centre, which had not returned
    page.get_by_role("option", name=re.compile("ORG-007")).click()
    expect(main.get_by_test_id("stAlert").filter(has_text="Not in the register")).to_have_count(0, timeout=30_000)
    full_page_screenshot(page, screenshot_dir / "mapping-step-1280x720.png", 1280, 720)
    main.get_by_role("button", name="Use this mapping and check").click()
    wait_for_app(page, "Check before applying")
    main.get_by_role("button", name="Apply").click()
    wait_for_app(page, "Applied 1 file")
    after = _returned_sentence(page, officer_server["url"])
    assert int(after.split(" of ")[0]) == int(before.split(" of ")[0]) + 1, (before, after)  # ORG-007's first

    second = tmp_path / "Mapping toolkit round 2 (Responses).csv"
    second.write_bytes(export.replace(b"2021/08/1", b"2022/02/1"))
    sign_in(page, officer_server["url"])  # a page opened by address is a new session
    upload(page, tmp_path, second.name, second.read_bytes())  # straight to the check: the mapping is remembered
    assert page.get_by_text("Map the survey export").count() == 0
