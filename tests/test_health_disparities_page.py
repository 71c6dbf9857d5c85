"""The Health disparities page through AppTest: the sample, filters from the URL, population figures, an empty store."""
import shutil
from pathlib import Path

import pytest

from disparities.ingest import UploadFile, ingest

PAGE = "pages/1_Health_disparities.py"
SECTIONS = ["Main disparity (rank 1)", "Overall ranking, using every rank", "Main disparity by community",
            "Main disparity by ward", "Main disparity by income band", "Beneficiaries affected, where reported",
            "Organisations beside residents", "Change since the previous assessment"]
UPLOAD_POPULATION = "upload a population file (template: `python -m disparities template population`)"

# Literal figures for the test only (not Census data).
POPULATION_CSV = """community,year,residents,source
Bangladeshi,2021,100000,Illustrative test figures
African,2021,12000,Illustrative test figures
Caribbean,2021,6000,Illustrative test figures
"English, Welsh, Scottish, Northern Irish or British",2021,77000,Illustrative test figures
"""


def texts(app) -> str:
    return " ".join(m.value for m in app.markdown)


def warnings(app) -> list[str]:
    return [w.value for w in app.warning]


def infos(app) -> list[str]:
    return [i.value for i in app.info]


@pytest.fixture(scope="module")
def sample_view(sample_store, monkeypatch_module):
    return _run(sample_store, monkeypatch_module)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _run(store: Path, monkeypatch, **query):
    """As the `run_page` fixture does, for module-scoped views that several tests read."""
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("DISPARITIES_DB", str(store))
    app = AppTest.from_file("../app.py", default_timeout=60)
    app.switch_page(PAGE)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def test_sections_come_in_the_issues_order(sample_view):
    assert [h.value for h in sample_view.subheader] == SECTIONS


def test_sample_view_names_mental_health_first(sample_view):
    assert "Mental health is the main disparity for 15 of 30 organisations (50%)" in texts(sample_view)
    assert "followed by diabetes (9, 30%)" in texts(sample_view)
    assert not any("Based on only" in w for w in warnings(sample_view))


def test_sample_view_shows_each_breakdown_with_its_figures(sample_view):
    shown = texts(sample_view)
    assert ("The fullest cell: 5 of the 11 assessed organisations serving Bangladeshi communities (45%) name mental "
            "health as their main disparity.") in shown
    assert "Mental health is the most common main disparity in 8 of 20 wards, diabetes in 4" in shown
    assert "under £10k: mental health (3 of 5 organisations, 60%)" in shown
    assert ("Organisations estimate 3,200 beneficiaries affected by mental health, the most of any disparity. "
            "Figures reported by 28 of 30 organisations (93%).") in shown


def test_sample_view_says_where_breakdowns_are_small(sample_view):
    assert any(w.startswith("Every ward here rests on fewer than 10 organisations (the largest has 2)")
               for w in warnings(sample_view))
    assert ("Fewer than 10 organisations assessed in under £10k (5) and over £250k (2): read these rows as examples, "
            "not as shares.") in warnings(sample_view)


def test_heat_map_says_an_organisation_counts_in_every_community_it_serves(sample_view):
    captions = " ".join(c.value for c in sample_view.caption)
    assert "An organisation serving two communities counts in both rows" in captions


def test_without_population_figures_the_page_says_what_to_upload(sample_view):
    assert any(UPLOAD_POPULATION in i and "Census 2021 table TS021" in i for i in infos(sample_view))


def test_filter_from_the_url_narrows_the_view_and_warns_on_small_numbers(sample_store, run_page):
    app = run_page(sample_store, PAGE, community="Somali")
    assert "This view covers 5 of 30 organisations" in texts(app)
    assert any("Based on only 5 organisations" in w for w in warnings(app))
    assert app.multiselect(key="f_communities").value == ["Somali"]
    assert ("The fullest cell: 2 of the 5 assessed organisations serving Somali communities (40%) name diabetes as "
            "their main disparity.") in texts(app)


def test_communities_rolled_up_to_census_groups(sample_store, run_page):
    app = run_page(sample_store, PAGE, level="census")
    assert "in 8 of 13 communities" in texts(app)
    assert any("communities by 2021 Census group" in c.value for c in app.caption)


def test_one_organisation(sample_store, run_page):
    app = run_page(sample_store, PAGE, org="ORG-001")
    assert "This view covers 1 of 30 organisations" in texts(app)
    assert "Mental health is the main disparity for 1 of 1 organisation (100%)" in texts(app)
    assert ("One of 2 fullest cells: the one assessed organisation serving Bangladeshi communities names mental "
            "health as its main disparity.") in texts(app)  # it serves Sylheti residents too
    assert any("Based on only 1 organisation" in w for w in warnings(app))


def test_filters_leaving_no_organisation_say_what_to_do(sample_store, run_page):
    app = run_page(sample_store, PAGE, community="Roma")  # no sample group serves Roma residents
    # said once, naming the filter that emptied the view, with a reset; not once per chart
    assert ("No organisation matches all these filters together: without *Community*, 30 organisations would "
            "match.") in texts(app)
    assert not any("match these filters" in i for i in infos(app))
    assert not app.get("plotly_chart")
    app.button(key="empty-view-reset").click().run()
    assert "This view covers all 30 organisations." in texts(app) and app.get("plotly_chart")


def test_population_figures_set_organisations_beside_residents(sample_store, tmp_path, run_page):
    store = tmp_path / "with-population.duckdb"
    for suffix in ("", ".wal"):  # a closed DuckDB store is its file, plus a write-ahead log if not checkpointed
        if Path(f"{sample_store}{suffix}").exists():
            shutil.copyfile(f"{sample_store}{suffix}", f"{store}{suffix}")
    result = ingest(store, [UploadFile("population.csv", POPULATION_CSV.encode())], uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    app = run_page(store, PAGE, level="census")
    assert ("Fewer groups in view serve English, Welsh, Scottish, Northern Irish or British (0% of organisations, "
            "95% CI 0% to 11%; 39% of residents) than their share of residents.") in texts(app)
    assert "higher" in texts(app)  # African: 33% of organisations against 6% of residents
    assert any("Illustrative test figures, 2021" in c.value for c in app.caption)
    assert not any(UPLOAD_POPULATION in i for i in infos(app))
    nobody = run_page(store, PAGE, community="Roma")
    assert "No organisation matches all these filters together" in texts(nobody)


def test_empty_store(empty_store, run_page):
    app = run_page(empty_store, PAGE)
    assert any("upload an assessment file" in i for i in infos(app))
    assert any(UPLOAD_POPULATION in i for i in infos(app))
