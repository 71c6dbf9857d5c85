"""The overview page through Streamlit's AppTest, on a sample store, an empty store and after undo."""
import pytest
from streamlit.testing.v1 import AppTest

from disparities import bootstrap, history, registry, suppression, ui

TITLES = {page.title for page in registry.PAGES}

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def run_app(db, monkeypatch) -> AppTest:
    monkeypatch.setenv("DISPARITIES_DB", str(db))
    app = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not app.exception, app.exception
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def test_overview_on_sample_data(tmp_path, monkeypatch):
    db = tmp_path / "sample.duckdb"
    bootstrap.init_store(db)
    app = run_app(db, monkeypatch)
    assert metric(app, "Organisations in the register") == "30"
    assert metric(app, "Uploads in use") == "8"
    assert any("Sample data" in w.value for w in app.warning)
    assert len(app.dataframe) == 0  # the success measures are tiles; the store's table is on the Data page
    assert [h.value for h in app.subheader][0] == "Success measures"  # the key message first
    assert any(c.value.startswith("The store holds 293 rows of 8 of the 9 kinds, all of them sample data; "
                                  "nothing yet for population.") for c in app.caption)


def test_overview_creates_store_with_sample_on_first_use(tmp_path, monkeypatch):
    app = run_app(tmp_path / "fresh.duckdb", monkeypatch)
    assert metric(app, "Organisations in the register") == "30"


def test_empty_store_says_what_to_upload(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    bootstrap.init_store(db, with_sample=False)
    app = run_app(db, monkeypatch)
    assert metric(app, "Last upload (UTC)") == "never"
    assert any("store is empty" in i.value for i in app.info)
    assert any(c.value.startswith("The store is empty.") for c in app.caption)  # beside the data's freshness
    assert not app.main.warning  # no sample notice (the sidebar may warn that no officer password is set)


def test_sample_notice_leaves_with_the_sample(tmp_path, monkeypatch):
    db = tmp_path / "undone.duckdb"
    result = bootstrap.init_store(db)
    history.undo(db, result.files[0].upload_id, undone_by="test")
    app = run_app(db, monkeypatch)
    assert not any("Sample data" in w.value for w in app.warning)
    assert metric(app, "Organisations in the register") == "0"


# ---- success measures and the way into each page ----------------------------------------------------

SUCCESS_MEASURES_SUMMARY = "Of 6 indicators, 3 are on track (green), 1 amber and 2 red."


def tiles(app: AppTest) -> list[tuple[str, str, str]]:
    """(latest-reading label, value, target caption) of each success-measure tile, in order."""
    readings = [m for m in app.main.metric if m.label.startswith(("Latest reading", "Recommendations register"))]
    targets = [c.value for c in app.main.caption if c.value.startswith(("Target", "No target"))]
    return [(m.label, m.value, t) for m, t in zip(readings, targets)]


def test_success_measures_on_sample_data(sample_store, run_page):
    app = run_page(sample_store)
    assert app.title[0].value == "BAME Disparities Project: evidence dashboard"
    texts = [m.value for m in app.main.markdown]
    assert SUCCESS_MEASURES_SUMMARY in texts
    assert "**Number of Tower Hamlets residents benefitting from this project**" in texts
    assert tiles(app) == [
        ("Latest reading, 31 Oct 2021", "30", "Target 30 by 31 Oct 2021."),
        ("Latest reading, 31 Oct 2021", "104", "Target 150 by 31 Oct 2021."),
        ("Latest reading, 31 Oct 2021", "3,050", "Target 3,000 by 31 Oct 2021."),
        ("Latest reading, 31 Oct 2021", "60%", "Target 75% by 31 Oct 2021."),
        ("Recommendations register, 13 Oct 2021", "5", "Target 5 by 31 Oct 2021."),
        ("Recommendations register, 1 Mar 2022", "1", "Target 2 by 31 Oct 2021."),
    ]
    badges = [h.value for h in app.main.html]
    assert [b.split(">")[1].split("<")[0] for b in badges] == [
        "On track (green)", "Well behind (red)", "On track (green)", "Behind (amber)", "On track (green)",
        "Well behind (red)"]
    assert "background:#E69F00" in badges[3]  # palette.RAG amber


def test_overview_links_into_every_page_with_the_filters(sample_store, run_page):
    app = run_page(sample_store, community="Somali")
    links = [(link.value, link.proto.query_string) for link in app.main.page_link]
    assert [label for label, _ in links if label in TITLES] == [page.title for page in registry.PAGES[1:]]
    assert "The change on the Mental-health mapping page" in [label for label, _ in links]  # the toolkit rounds
    assert "Outcomes" in [label for label, _ in links]
    assert all(query == "community=Somali" for _, query in links)
    assert "This view covers 5 of 30 organisations." in [m.value for m in app.main.markdown]
    assert SUCCESS_MEASURES_SUMMARY in [m.value for m in app.main.markdown]  # programme-wide: not filtered
    assert app.multiselect(key="f_communities").value == ["Somali"]


def test_overview_links_without_filters_carry_none(sample_store, run_page):
    app = run_page(sample_store)
    assert [link.proto.query_string for link in app.main.page_link] == [""] * len(app.main.page_link)
    # every other page, the toolkit rounds, and a link per line of "since the last meeting"
    assert len(app.main.page_link) == len(registry.PAGES) - 1 + 1 + 5
    assert all(m.value for m in app.main.markdown)  # every page has its one-line description


def test_success_measures_without_readings_are_grey(store_with_orgs, run_page):
    app = run_page(store_with_orgs)  # DP-1 is a Disparities project indicator with no readings
    assert "Of 1 indicator, none is on track (green) and 1 has no data." in [m.value for m in app.main.markdown]
    assert tiles(app) == [("Latest reading", "none yet", "Target 30 by 31 Oct 2021.")]


def test_no_success_measures_says_what_to_upload(load, db, run_page):
    from .conftest import ORGANISATIONS_CSV
    load(("organisations.csv", ORGANISATIONS_CSV))
    app = run_page(db)
    assert any("upload an indicators file" in i.value.lower() for i in app.info)
    assert not tiles(app)


def test_empty_store_shows_no_tiles(empty_store, run_page):
    app = run_page(empty_store)
    assert any("store is empty" in i.value for i in app.info)
    assert not tiles(app) and not app.main.html
    assert len(app.main.page_link) == len(registry.PAGES) - 1  # the way in is still there


def test_the_sample_banner_counts_what_the_view_shows(sample_store, run_page):
    app = run_page(sample_store, "pages/1_Health_disparities.py", community="Somali")
    banner = next(w.value for w in app.warning if w.value.startswith("**Sample data"))
    assert "All 5 organisations in this view are invented" in banner


def test_meeting_mode_offers_no_file_and_states_the_rule_in_a_line(sample_store, run_page):
    app = run_page(sample_store, "pages/1_Health_disparities.py", meeting="1")
    assert not app.get("download_button") and not app.expander  # no downloads, no "Export this view"
    rule = next(c.value for c in app.caption if c.value.startswith("**Small numbers.**"))
    assert rule == f"**Small numbers.** {suppression.POLICY.short_rule}"
    desk = run_page(sample_store, "pages/1_Health_disparities.py")
    assert desk.get("download_button") and any(c.value.endswith(suppression.POLICY.rule) for c in desk.caption)
