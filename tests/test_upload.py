"""The officer's workflow through AppTest: check step, apply, byte-identical files, undo, sign-in rules.

AppTest cannot drive a file picker, so tests hand the picked files to the check step through session
state, exactly as the "Check files" button does; the browser tests use the real picker.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from disparities import auth, history
from disparities.ingest import UploadFile
from disparities.store import connect

NEW_GROUP = b"org_id,name,ward\nORG-900,Sample Late Joiner Group,Poplar\n"
BAD_FILE = b"org_id,name,ward,income_band\nORG-901,,Poplar,lots\n"
PASSWORD = "a long officer password"


@pytest.fixture
def store(tmp_path, load):
    """A small store of three organisations (its own file, so tests may write)."""
    from .conftest import ORGANISATIONS_CSV
    load(("organisations.csv", ORGANISATIONS_CSV))
    return tmp_path / "store.duckdb"


@pytest.fixture
def open_page(monkeypatch, tmp_path):
    def open_page(store, page="pages/1_Health_disparities.py", *, password: str | None = None,
                  session: dict | None = None) -> AppTest:
        monkeypatch.setenv("DISPARITIES_DB", str(store))
        monkeypatch.setenv("DISPARITIES_SECRETS_FILE", str(tmp_path / "secrets.toml"))
        if password:
            monkeypatch.setenv("DISPARITIES_OFFICER_PASSWORD_HASH", auth.hash_password(password))
        else:
            monkeypatch.delenv("DISPARITIES_OFFICER_PASSWORD_HASH", raising=False)
        app = AppTest.from_file("../app.py", default_timeout=60)
        app.switch_page(page)
        for key, value in (session or {}).items():
            app.session_state[key] = value
        app.run()
        assert not app.exception, app.exception
        return app
    return open_page


def organisations(store) -> int:
    with connect(store, read_only=True) as con:
        return history.row_counts(con)["organisations"]


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def labels(app: AppTest) -> list[str]:
    return [b.label for b in app.button]


def test_check_says_what_will_happen_and_writes_nothing(store, open_page):
    app = open_page(store, session={"check_files": [UploadFile("new.csv", NEW_GROUP)]})
    assert "Applying would add 1 row, replace 0 and leave 0 unchanged" in app.info[0].value
    assert "Apply" in labels(app)
    assert organisations(store) == 3


def test_apply_writes_and_confirms_with_a_link_to_the_page(store, open_page):
    app = open_page(store, session={"check_files": [UploadFile("new.csv", NEW_GROUP)], "officer": "Test Officer"})
    button(app, "Apply").click().run()
    assert not app.exception
    assert "Applied 1 file. new.csv (organisations): 1 added" in app.success[0].value.replace("\\", "")
    assert organisations(store) == 4
    with connect(store, read_only=True) as con:  # the history names who uploaded
        assert history.uploads(con)["uploaded_by"].iloc[-1] == "Test Officer"


def test_errors_are_listed_and_there_is_no_apply(store, open_page):
    app = open_page(store, session={"check_files": [UploadFile("bad.csv", BAD_FILE)]})
    assert "Nothing can be applied yet" in app.error[0].value
    assert "Apply" not in labels(app)
    problems = app.dataframe[1].value  # summary table, then the problems
    assert list(problems.columns) == ["file", "severity", "row", "column", "value", "message"]
    assert set(problems["column"]) == {"name", "income_band"} and set(problems["row"]) == {2}
    assert organisations(store) == 3


def test_byte_identical_file_says_when_it_was_loaded(store, open_page):
    from .conftest import ORGANISATIONS_CSV
    app = open_page(store, session={"check_files": [UploadFile("again.csv", ORGANISATIONS_CSV.encode())]})
    assert "Nothing to do" in app.info[0].value
    assert "identical to upload #1" in app.dataframe[0].value["note"].iloc[0]
    assert "Apply" not in labels(app)


def test_signed_out_visitor_sees_no_upload_and_no_undo(store, open_page):
    app = open_page(store, "pages/6_Data.py", password=PASSWORD,
                    session={"check_files": [UploadFile("new.csv", NEW_GROUP)]})
    assert "Check files" not in labels(app) and "Apply" not in labels(app)
    assert any("sign in" in i.value for i in app.info)
    assert not any(b.label.startswith("Undo upload") for b in app.button)
    assert organisations(store) == 3


def test_sign_in_with_the_right_password_and_name(store, open_page):
    app = open_page(store, "pages/6_Data.py", password=PASSWORD)
    name, password = app.sidebar.text_input
    name.input("Aisha Rahman")
    password.input(PASSWORD)
    button(app, "Sign in").click().run()
    assert not app.exception
    assert app.session_state["officer"] == "Aisha Rahman"
    assert any("Signed in as" in c.value for c in app.caption)
    assert any(b.label.startswith("Undo upload") for b in app.button)


def test_wrong_password_is_refused(store, open_page):
    auth.THROTTLE.failures = 0
    app = open_page(store, "pages/6_Data.py", password=PASSWORD)
    name, password = app.sidebar.text_input
    name.input("Someone")
    password.input("not the password")
    button(app, "Sign in").click().run()
    assert "That password is not right" in app.error[0].value
    assert "officer" not in app.session_state
    auth.THROTTLE.failures = 0


def test_without_a_password_every_page_warns(store, open_page):
    app = open_page(store)
    assert any("No officer password is set" in w.value for w in app.warning)


def test_meeting_mode_hides_the_upload(store, open_page):
    app = open_page(store, session={"meeting": True})
    assert "Check files" not in labels(app)


def test_undo_needs_confirmation_and_names_the_files(store, open_page):
    app = open_page(store, "pages/6_Data.py", session={"officer": "Test Officer"})
    assert any("Undoing upload #1 takes back 1 file" in m.value.replace("\\", "") for m in app.markdown)
    undo = next(b for b in app.button if b.label.startswith("Undo upload"))
    assert undo.disabled
    app.checkbox(key="undo_sure_1").check().run()
    next(b for b in app.button if b.label.startswith("Undo upload")).click().run()
    assert not app.exception
    assert "Undone: #1 organisations.csv" in app.success[0].value.replace("\\", "")
    assert organisations(store) == 0
    with connect(store, read_only=True) as con:
        assert history.uploads(con)["undone_by"].iloc[0] == "Test Officer"


def test_data_page_lists_history_templates_and_dictionary(store, open_page):
    app = open_page(store, "pages/6_Data.py")
    subheaders = [s.value for s in app.subheader]
    assert subheaders[:3] == ["What the store holds now", "Upload history", "Undo an upload"]
    assert "SHA-256" in app.dataframe[1].value.columns
    assert app.dataframe[-1].value["column"].iloc[0] == "org_id"


def test_file_names_are_only_ever_data(store, open_page):
    name = "[x](javascript:alert(1)) **bold** <script>alert(1)</script>.csv"
    app = open_page(store, session={"check_files": [UploadFile(name, NEW_GROUP)], "officer": "Test Officer"})
    button(app, "Apply").click().run()
    message = app.success[0].value
    assert "\\[x\\]\\(javascript" in message and "\\*\\*bold\\*\\*" in message  # escaped, shown as typed


def test_remove_the_sample_data_in_one_step(tmp_path, open_page):
    from disparities import bootstrap
    store = tmp_path / "with-sample.duckdb"
    bootstrap.init_store(store)
    app = open_page(store, "pages/6_Data.py", session={"officer": "Test Officer"})
    remove = button(app, "Remove the sample data")
    assert remove.disabled
    app.checkbox(key="remove_sample_sure").check().run()
    button(app, "Remove the sample data").click().run()
    assert not app.exception
    with connect(store, read_only=True) as con:
        assert sum(history.row_counts(con).values()) == 0 and not history.sample_upload_ids(con)
    assert not any("Sample data." in w.value for w in app.warning)


def test_an_unexpected_failure_in_the_check_sets_the_files_aside_and_the_session_goes_on(store, open_page,
                                                                                         monkeypatch):
    from disparities.ui import upload as upload_ui

    def broken(*args, **kwargs):
        raise RuntimeError("something nobody expected")
    monkeypatch.setattr(upload_ui, "ingest", broken)
    app = open_page(store, session={"check_files": [UploadFile("new.csv", NEW_GROUP)]})
    assert "check_files" not in app.session_state
    assert not any("Traceback" in e.value for e in app.error)
    app.run()  # the next page view is an ordinary one
    assert not app.exception and organisations(store) == 3


def test_the_check_lists_what_a_file_changes(store, open_page):
    renamed = b"org_id,name\nORG-001,Alpha Renamed\n"
    app = open_page(store, session={"check_files": [UploadFile("names.csv", renamed)]})
    changes = next(e for e in app.expander if e.label.startswith("What names.csv changes"))
    table = changes.dataframe[0].value
    assert table[["key", "column", "old", "new"]].values.tolist() == [
        ["ORG-001", "name", "Alpha Wellbeing Group", "Alpha Renamed"]]


def test_undo_that_a_later_upload_depends_on_asks_to_undo_both(store, open_page, load):
    added = load(("new.csv", "org_id,name\nORG-009,Nine\n"))
    load(("assess.csv", "org_id,assessed_on,disparity,rank\nORG-009,2021-03-15,diabetes,1\n"))
    app = open_page(store, "pages/6_Data.py")
    app.selectbox(key="undo_choice").select(added.files[0].upload_id).run()
    app.checkbox(key=f"undo_sure_{added.files[0].upload_id}").check().run()
    button(app, f"Undo upload #{added.files[0].upload_id}").click().run()
    assert any("assess\\.csv" in w.value for w in app.warning) and organisations(store) == 4
    button(app, f"Undo upload #{added.files[0].upload_id} and the uploads that depend on it").click().run()
    assert organisations(store) == 3


def test_a_survey_export_is_mapped_checked_applied_and_its_mapping_remembered(sample_store, tmp_path, open_page):
    import shutil
    from disparities import surveys
    from .test_surveys import _google_forms
    store = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_store, store)
    export = surveys.read_export("responses.csv", _google_forms())
    with connect(store, read_only=True) as con:
        suggested = surveys.suggest(export, "toolkit", surveys.register(con))
    app = open_page(store, session={"map_files": [{"export": export, "mapping": suggested}]})
    assert "Map the survey export" in [s.value for s in app.subheader]
    assert app.selectbox(key=f"map_org_{export.signature}_0").value == "ORG-003"  # typed without "Sample"
    button(app, "Use this mapping and check").click().run()
    assert "Check before applying" in [s.value for s in app.subheader]
    problems = next(f.value for f in app.dataframe if "message" in f.value.columns)
    assert any("personal data left out" in str(v) for v in problems["message"])
    button(app, "Apply").click().run()
    with connect(store, read_only=True) as con:
        assert surveys.saved(con, export.signature) is not None
        read_through = con.execute("SELECT mapping FROM uploads ORDER BY id DESC LIMIT 1").fetchone()[0]
        emails = con.execute("SELECT count(*) FROM toolkit WHERE list_contains(languages, 'jane@example.org')"
                             ).fetchone()[0]
    assert read_through == export.signature and emails == 0


def test_an_organisation_not_in_the_register_can_be_added_in_the_mapping_step(sample_store, tmp_path, open_page):
    import shutil
    from disparities import surveys
    from .test_surveys import _google_forms
    store = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_store, store)
    export = surveys.read_export("responses.csv", _google_forms().replace(b"sample bangla wellbeing group ltd",
                                                                         b"Poplar Wellbeing Hub"))
    with connect(store, read_only=True) as con:
        suggested = surveys.suggest(export, "toolkit", surveys.register(con))
    app = open_page(store, session={"map_files": [{"export": export, "mapping": suggested}]})
    app.text_input(key=f"map_new_{export.signature}_0").input("ORG-101").run()
    button(app, "Use this mapping and check").click().run()
    button(app, "Apply").click().run()
    with connect(store, read_only=True) as con:
        assert con.execute("SELECT name FROM organisations WHERE org_id = 'ORG-101'").fetchall() == [
            ("Poplar Wellbeing Hub",)]
        assert con.execute("SELECT count(*) FROM toolkit WHERE org_id = 'ORG-101'").fetchone()[0] == 1


def test_after_apply_the_undo_box_proposes_the_upload_just_made(store, open_page, load):
    load(("second.csv", "org_id,name\nORG-008,Eight\n"))
    app = open_page(store, "pages/6_Data.py", session={"officer": "Test Officer"})
    assert app.selectbox(key="undo_choice").value == 2  # the newest, seen once: its state now holds #2
    app.session_state["check_files"] = [UploadFile("new.csv", NEW_GROUP)]
    app.run()
    button(app, "Apply").click().run()
    assert not app.exception and organisations(store) == 5
    assert app.selectbox(key="undo_choice").value == 3
    assert any("Undoing upload #3 takes back 1 file" in m.value.replace("\\", "") for m in app.markdown)
    assert app.checkbox(key="undo_sure_3").value is False


def test_data_page_says_where_to_upload_and_keeps_the_schema_version_small(store, open_page):
    app = open_page(store, "pages/6_Data.py")
    first = next(m.value for m in app.markdown if "Upload new files" in m.value)
    assert "in the sidebar, under **Data upload**" in first
    assert "Schema version" not in [m.label for m in app.metric]
    assert any(c.value.startswith("Schema version ") for c in app.caption)


def test_what_the_store_holds_reads_for_people(store, open_page):
    import re
    app = open_page(store, "pages/6_Data.py")
    table = app.dataframe[0].value
    assert list(table.columns) == ["What it holds", "Rows", "Of them sample data", "Last changed"]
    rows = dict(zip(table["What it holds"], table["Last changed"]))
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", rows["Organisations"])  # '1 Dec 2026', not ISO
    assert rows["Population"] == "never"  # nothing uploaded: never 'None'
    assert "organisations" not in set(table["What it holds"])  # titles, not codes


def test_undo_says_one_short_sentence_and_lists_the_files_in_an_expander(store, open_page, load):
    load(("a.csv", "org_id,name\nORG-008,Eight\n"), ("b.csv", "org_id,name\nORG-009,Nine\n"))
    app = open_page(store, "pages/6_Data.py")
    sentence = next(m.value.replace("\\", "") for m in app.markdown if "Undoing upload \\#3" in m.value)
    assert sentence == ("Undoing upload #3 takes back 2 files (uploaded together, so undone together): "
                        "2 rows leave the store.")
    details = next(e for e in app.expander if e.label.startswith("What undoing upload #3 changes"))
    assert details.dataframe[0].value["File"].tolist() == ["a.csv", "b.csv"]


def test_meeting_mode_shows_no_officer_control_on_the_data_page(tmp_path, open_page):
    from disparities import bootstrap
    store = tmp_path / "with-sample.duckdb"
    bootstrap.init_store(store)
    app = open_page(store, "pages/6_Data.py", session={"officer": "Test Officer", "meeting": True})
    assert any("meeting mode hides it" in i.value for i in app.info)
    assert not [b.label for b in app.button if "Undo" in b.label or "Remove" in b.label]
    assert not app.selectbox and not app.checkbox and not app.text_input and not app.dataframe
    assert [s.value for s in app.subheader] == []
