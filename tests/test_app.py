"""The overview page through Streamlit's AppTest, on a sample store, an empty store and after undo."""
import pytest
from streamlit.testing.v1 import AppTest

from disparities import bootstrap, history

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
    assert metric(app, "Uploads in use") == "7"
    assert any("Sample data" in w.value for w in app.warning)
    table = app.dataframe[0].value.set_index("kind")
    assert table.loc["organisations", "rows"] == 30
    assert table.loc["population", "rows"] == 0


def test_overview_creates_store_with_sample_on_first_use(tmp_path, monkeypatch):
    app = run_app(tmp_path / "fresh.duckdb", monkeypatch)
    assert metric(app, "Organisations in the register") == "30"


def test_empty_store_says_what_to_upload(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    bootstrap.init_store(db, with_sample=False)
    app = run_app(db, monkeypatch)
    assert metric(app, "Last upload (UTC)") == "never"
    assert any("store is empty" in i.value for i in app.info)
    assert not app.warning


def test_sample_notice_leaves_with_the_sample(tmp_path, monkeypatch):
    db = tmp_path / "undone.duckdb"
    result = bootstrap.init_store(db)
    history.undo(db, result.files[0].upload_id, undone_by="test")
    app = run_app(db, monkeypatch)
    assert not any("Sample data" in w.value for w in app.warning)
    assert metric(app, "Organisations in the register") == "0"
