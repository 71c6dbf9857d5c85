"""The Health disparities page through AppTest: sample store, a filter from the URL, an empty store."""
import pytest
from streamlit.testing.v1 import AppTest

from disparities import bootstrap

PAGE = "pages/1_Health_disparities.py"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("hd") / "sample.duckdb"
    bootstrap.init_store(db)
    return db


def run_page(db, monkeypatch, **query) -> AppTest:
    monkeypatch.setenv("DISPARITIES_DB", str(db))
    app = AppTest.from_file("../app.py", default_timeout=60)  # the main script, so page links resolve
    app.switch_page(PAGE)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def texts(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown)


def test_sample_view_names_mental_health_first(sample_db, monkeypatch):
    app = run_page(sample_db, monkeypatch)
    assert "Mental health is the main disparity for 15 of 30 organisations (50%)" in texts(app)
    assert "followed by diabetes (9, 30%)" in texts(app)
    assert not any("caution" in w.value for w in app.warning)


def test_filter_from_the_url_narrows_the_view_and_warns_on_small_numbers(sample_db, monkeypatch):
    app = run_page(sample_db, monkeypatch, community="Somali")
    assert "This view covers 5 of 30 organisations" in texts(app)
    assert any("Based on only 5 organisations" in w.value for w in app.warning)
    assert app.multiselect(key="f_communities").value == ["Somali"]


def test_filters_leaving_no_organisation_say_what_to_do(sample_db, monkeypatch):
    app = run_page(sample_db, monkeypatch, community="Roma")  # no sample group serves Roma residents
    assert "This view covers 0 of 30 organisations" in texts(app)
    assert any("No assessments match these filters" in i.value for i in app.info)


def test_empty_store(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    bootstrap.init_store(db, with_sample=False)
    app = run_page(db, monkeypatch)
    assert any("upload an assessment file" in i.value for i in app.info)
