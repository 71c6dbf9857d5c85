"""The recommendations register: the upload kind's checks, evidence links that round-trip through the URL form,
success measures 5 and 6 counted from it, and the page drawing each recommendation with links to its views."""
from __future__ import annotations

import pytest

from disparities import registry
from disparities.filters import Filters
from disparities.ingest import UploadFile, ingest
from disparities.pages import recommendations as home
from disparities.pages.outcomes import queries as outcome_queries
from disparities.store import connect

HEADER = ("recommendation_id,title,recommendation,raised_at,raised_on,addressed_to,status,status_on,example,"
          "evidence\n")
GOOD = HEADER + (
    "R-1,One,Do one thing.,,2022-01-10,Board A,implemented,2022-05-01,It was done.,Outcomes\n"
    "R-2,Two,Do another.,,2022-02-10,Board B,agreed,,,Mental_health_mapping?community=Somali\n"
    "R-3,Three,Do a third.,,2022-03-10,Board B,dropped,2022-04-01,,\n")


@pytest.mark.parametrize("link, key, params", [
    ("Mental_health_mapping?community=Somali", "mapping", {"community": ["Somali"]}),
    ("mental_health_mapping?ward=whitechapel&community=somali", "mapping",
     {"community": ["Somali"], "ward": ["Whitechapel"]}),  # matched as the sidebar matches, in canonical order
    ("http://localhost:8501/Health_disparities?level=census&community=Bangladeshi", "health",
     {"community": ["Bangladeshi"], "level": "census"}),
    ("Organisations?show=ORG-001", "organisations", {"show": "ORG-001"}),
    ("outcomes", "outcomes", {}),
])
def test_evidence_links_round_trip_through_the_url_form(link, key, params):
    page, found = home.evidence_link(link)
    assert page is registry.BY_KEY[key] and found == params
    assert home.evidence_link(home.evidence_text(page, found)) == (page, found)


def test_an_evidence_link_to_no_page_is_said_so():
    assert home.evidence_link("Nowhere?community=Somali") == (None, {})


def test_a_file_whose_evidence_names_no_page_is_warned_of(db):
    file = HEADER + "R-7,Seven,Do it.,,2022-01-10,Board,proposed,,,javascript:alert(1); Outcomes; Nowhere?x=1\n"
    result = ingest(db, [UploadFile("recommendations.csv", file.encode())], uploaded_by="tests")
    assert result.status == "applied"  # kept, as the page shows it as text and never as a link
    warned = [(i.row, i.value) for i in result.files[0].issues if "names no page" in i.message]
    assert warned == [(2, "javascript:alert(1)"), (2, "Nowhere?x=1")]


def test_the_kind_checks_its_status_and_dates(db):
    bad = HEADER + "R-9,Bad,Do it.,,2022-13-40,Board,maybe,,,\n"
    result = ingest(db, [UploadFile("recommendations.csv", bad.encode())], uploaded_by="tests")
    assert result.status == "refused"
    messages = " ".join(issue.message for issue in result.files[0].issues)
    assert "maybe" in messages and "2022-13-40" in messages


def test_measures_5_and_6_are_counted_from_the_register(sample_store, tmp_path):
    store = tmp_path / "store.duckdb"
    store.write_bytes(sample_store.read_bytes())
    with connect(store, read_only=True) as con:  # the sample's five recommendations, one implemented
        assert outcome_queries.register_counts(con)["made"][0] == 5
    # a register replacing the sample's: 2 made (the dropped one does not count), 1 implemented
    with connect(store) as con:
        con.execute("DELETE FROM recommendations_versions")
    assert ingest(store, [UploadFile("recommendations.csv", GOOD.encode())], uploaded_by="tests").status == "applied"
    with connect(store, read_only=True) as con:
        status = outcome_queries.indicator_status(con, outcome_queries.SUCCESS_MEASURES).set_index("indicator")
    made = status.loc["Recommendations for system change"]
    done = status.loc["Examples of successful system change implemented"]
    assert (made["latest_value"], made["source"]) == (2.0, outcome_queries.FROM_REGISTER)
    assert (done["latest_value"], str(done["latest_date"].date())) == (1.0, "2022-05-01")
    assert status.loc["Number of Tower Hamlets residents benefitting from this project", "source"] == "readings"


def test_without_a_register_the_readings_count(empty_store):
    with connect(empty_store, read_only=True) as con:
        assert outcome_queries.register_counts(con) == {}


def test_the_page_lists_each_recommendation_with_links_to_its_views(sample_store, run_page):
    app = run_page(sample_store, "pages/7_Recommendations.py")
    texts = " ".join(m.value for m in app.markdown)
    assert "5 recommendations: 1 proposed, 2 accepted, 1 in progress and 1 implemented." in texts
    links = {link.label: link.proto.query_string for link in app.main.page_link}
    assert links["Health disparities: Organisations serving Bangladeshi communities (2021 Census group), all dates"] \
        == "community=Bangladeshi&level=census"
    assert links["Mental-health mapping: Organisations in Whitechapel, all dates"] == "ward=Whitechapel"


def test_the_data_page_form_adds_a_recommendation(sample_store, tmp_path, run_page):
    """With no officer password anyone may edit (the sidebar says so): the form adds a row, checked like a file."""
    import datetime as dt
    store = tmp_path / "store.duckdb"
    store.write_bytes(sample_store.read_bytes())
    app = run_page(store, "pages/6_Data.py")
    app.text_input(key="rec_id").input("REC-06")
    app.text_input(key="rec_title").input("Peer support in Somali")
    app.text_area(key="rec_text").input("Fund Somali-speaking peer support workers.")
    app.text_input(key="rec_to").input("Public Health")
    app.date_input(key="rec_raised_on").set_value(dt.date(2022, 1, 12))
    app.text_area(key="rec_evidence").input("Mental_health_mapping?community=Somali\nNowhere")
    app.get("form_submit_button")[0].click().run()
    assert any("name no page of this dashboard: Nowhere" in e.value for e in app.error)
    app.text_area(key="rec_evidence").input("Mental_health_mapping?community=Somali")
    app.get("form_submit_button")[0].click().run()
    with connect(store, read_only=True) as con:
        row = con.execute("SELECT title, status, evidence FROM recommendations WHERE recommendation_id = 'REC-06'"
                          ).fetchone()
    assert row == ("Peer support in Somali", "proposed", ["Mental_health_mapping?community=Somali"])
