"""The Outcomes page through AppTest: sample store, URL filters (which do not apply to indicators), an empty
store, indicators without readings, and a store at 100 times the sample's scale."""
import csv
import datetime as dt
import io

import pytest

from disparities.ui import SHOWN_ROWS
from disparities.ingest import UploadFile, ingest

PAGE = "pages/4_Outcomes.py"
SAMPLE_SUMMARY = "Of 11 indicators, 4 are on track (green), 3 amber and 4 red."

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def texts(app) -> str:
    return " ".join(m.value for m in app.markdown)


def captions(app) -> str:
    return " ".join(c.value for c in app.caption)


def test_sample_store(sample_store, run_page):
    app = run_page(sample_store, PAGE)
    assert app.title[0].value == "Outcomes"
    assert [h.value for h in app.subheader] == [
        "Status by theme", "Every indicator's status", "Themes, outcomes and actions",
        "Trajectories towards the targets", "Readings of the success measures against their targets"]
    assert SAMPLE_SUMMARY in texts(app)
    assert "do not apply on this page" in captions(app)
    assert "**Amber (behind):**" in captions(app)  # the rule, written on the page
    table = app.dataframe[0].value.set_index("ID")
    assert len(table) == 11
    assert table.loc["DP-4", ["Latest", "Target", "Status"]].tolist() == ["60%", "75%", "Behind (amber)"]
    assert table.loc["DP-6", ["Latest", "Status"]].tolist() == ["1", "Well behind (red)"]  # from the register
    assert table.loc["A1-04", "Status"] == "Well behind (red)"
    assert (r"Well behind (red): A1\-02 \(Number of residents who completed the…\), A1\-04 \(Number of children "
            r"and young people…\), DP\-2 \(Number of people gaining skills and…\) and DP\-6 \(Examples of "
            r"successful system change implemented\). Behind (amber): A1\-01 \(Percentage of council staff who "
            r"completed…\), A1\-05 \(Number of residents supported into senior…\) and DP\-4 \(Impact for "
            r"participating groups\).") in texts(app)  # each indicator named in words, not by its code alone
    readings = app.dataframe[1].value
    assert len(readings) == 22 + 1  # the success measures' readings, and DP-6 without any
    assert readings.iloc[-1][["ID", "Target"]].tolist() == ["DP-6", 2]
    assert r"22 readings of 6 success measures, from 31 Dec 2020 to 31 Oct 2021; none yet for DP\-6 \(Examples of successful system change implemented\)." in texts(app)
    assert "Download this table (CSV)" in [b.label for b in app.get("download_button")]


def test_sample_store_opens_on_the_success_measures(sample_store, run_page):
    app = run_page(sample_store, PAGE)
    assert app.radio(key="outcomes_framework").value == "Disparities project"
    assert [e.label for e in app.expander if e.label != "Export this view"] == ["Success measures: 3 on track, 1 behind, 2 well behind"]
    assert ("Examples of successful system change implemented (DP\\-6): 1 on 1 Mar 2022 (counted from the "
            "recommendations register)") in texts(app)
    # one trajectory per success measure, each with its sentence and its readings to download
    assert len(app.get("plotly_chart")) == 1 + 6
    assert ("**Impact for participating groups** (DP\\-4): 60% on 31 Oct 2021; target 75% by 31 Oct 2021. "
            "Behind (amber): 80% of the way to the 75% expected by 31 Oct 2021.") in texts(app)
    app.selectbox(key="outcomes_theme_Disparities project").set_value("Success measures").run()
    assert len(app.get("plotly_chart")) == 1 + 6


def test_choosing_appendix_1_and_one_theme(sample_store, run_page):
    app = run_page(sample_store, PAGE)
    app.radio(key="outcomes_framework").set_value("Appendix 1").run()
    assert [e.label for e in app.expander if e.label != "Export this view"] == [
        "Anti\\-Racist Borough: 1 behind", "Community Leadership: 1 well behind", "Health: 1 on track",
        "Education: 1 well behind", "Employment: 1 behind"]
    assert "an anti\\-racism education programme for all staff" in texts(app)
    assert len(app.get("plotly_chart")) == 1 + 5
    assert ("**Number of children and young people at risk of being NEET receiving targeted interventions** "
            "(A1\\-04): 420 on 31 Dec 2022; target 800 by 31 Aug 2023. Well behind (red): 79% of the way to the "
            "533 expected by 31 Dec 2022.") in texts(app)
    app.selectbox(key="outcomes_theme_Appendix 1").set_value("Education").run()
    assert len(app.get("plotly_chart")) == 1 + 1
    assert "(A1\\-04): 420 on 31 Dec 2022" in texts(app)
    # the readings table below follows the framework chosen: Appendix 1's 32 readings and A1-03 without any
    assert app.dataframe[1].value["ID"].str.startswith("A1-").all()
    assert any(s.value == "Readings of the Appendix 1 indicators against their targets" for s in app.subheader)


@pytest.mark.parametrize("query, coverage", [
    ({"community": "Somali"}, "This view covers 5 of 30 organisations"),
    ({"community": "Roma"}, "No organisation matches all these filters together"),  # no sample group serves Roma
    ({"org": "ORG-001"}, "This view covers 1 of 30 organisations"),
    ({"from": "2021-06-01", "to": "2021-06-30"}, "This view covers all 30 organisations"),
])
def test_sidebar_filters_do_not_change_the_indicators(sample_store, run_page, query, coverage):
    app = run_page(sample_store, PAGE, **query)
    assert coverage in texts(app)
    assert SAMPLE_SUMMARY in texts(app)
    assert len(app.dataframe[0].value) == 11
    assert not app.info  # no "nothing to show" message: indicators are programme-wide


def test_empty_store(empty_store, run_page):
    app = run_page(empty_store, PAGE)
    assert any("upload an indicators file (template: `python -m disparities template indicators`)" in i.value.lower()
               for i in app.info)
    assert not app.get("plotly_chart")


def test_indicators_without_readings_are_grey(store_with_orgs, run_page):
    app = run_page(store_with_orgs, PAGE)  # DP-1 (Disparities project) and DP-2 (Appendix 1), no readings
    assert "Of 2 indicators, none is on track (green) and 2 have no data." in texts(app)
    assert app.dataframe[0].value["Status"].tolist() == ["No data (grey)", "No data (grey)"]
    assert "no readings yet" in texts(app)


# ---- at 100 times the sample's scale -------------------------------------------------------------

SCALE_INDICATORS, SCALE_READINGS, SCALE_ORGANISATIONS = 1_100, 100_000, 3_000
THEMES = (("Appendix 1", "Anti-Racist Borough"), ("Appendix 1", "Community Leadership"), ("Appendix 1", "Health"),
          ("Appendix 1", "Education"), ("Appendix 1", "Employment"), ("Disparities project", "Success measures"))


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def large_store(tmp_path_factory):
    """3,000 organisations, 1,100 indicators and 100,000 monthly readings (about 91 per indicator)."""
    db = tmp_path_factory.mktemp("outcomes-scale") / "large.duckdb"
    organisations = _csv(["org_id", "name", "ward"],
                         ([f"ORG-{n:05d}", f"Sample group {n}", "Poplar"] for n in range(SCALE_ORGANISATIONS)))
    indicators = _csv(
        ["indicator_id", "framework", "theme", "outcome", "action", "indicator", "unit", "baseline", "target",
         "target_date", "start_date"],
        ([f"X-{n:04d}", *THEMES[n % len(THEMES)], f"Outcome {n % 40}", f"Action {n % 90}", f"Indicator {n}",
          "count", 0, 1000, "2029-12-31", "2020-01-01"] for n in range(SCALE_INDICATORS)))
    per_indicator = SCALE_READINGS // SCALE_INDICATORS + 1
    readings = _csv(["indicator_id", "period_end", "value"], (
        [f"X-{n % SCALE_INDICATORS:04d}", (dt.date(2020, 1, 1) + dt.timedelta(days=31 * (n // SCALE_INDICATORS))
                                           ).isoformat(), (n // SCALE_INDICATORS) * (n % 13)]
        for n in range(SCALE_READINGS)))
    assert per_indicator == 91
    result = ingest(db, [UploadFile("organisations.csv", organisations), UploadFile("indicators.csv", indicators),
                         UploadFile("readings.csv", readings)], uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    return db


def test_large_store_shows_one_chart_and_tables_in_part(large_store, run_page):
    """At 100x the page still picks one success measure and shows long tables in part. How fast it is belongs to
    the benchmark (`python -m disparities.bench pages`), not to a test a busy machine could fail."""
    import streamlit as st
    app = run_page(large_store, PAGE)
    st.cache_data.clear()  # as on the first visit after an upload
    app.run()
    assert not app.exception, app.exception
    assert "Of 1,100 indicators" in texts(app)
    assert len(app.dataframe[0].value) == min(SCALE_INDICATORS, SHOWN_ROWS)  # the rest scroll in the download
    # 183 success measures: one picked, not hundreds of charts
    assert len(app.get("plotly_chart")) == 1 + 1
    assert app.selectbox(key="outcomes_indicator_Disparities project_All themes").value == "X-0005"
    readings = app.dataframe[-1].value  # the first rows of every success-measure reading (the CSV has all)
    assert len(readings) == min(SHOWN_ROWS, sum(91 if n < 1_000 else 90 for n in range(5, SCALE_INDICATORS,
                                                                                       len(THEMES))))
    assert readings["ID"].iloc[0] == "X-0005"


def test_overview_at_scale_shows_a_few_tiles_and_a_link_to_the_rest(large_store, run_page):
    import streamlit as st
    app = run_page(large_store)
    st.cache_data.clear()
    app.run()
    assert not app.exception, app.exception
    measures = SCALE_INDICATORS // len(THEMES)  # every sixth indicator is a Disparities project one
    assert f"Of {measures:,} indicators" in " ".join(m.value for m in app.main.markdown)
    assert len([m for m in app.main.metric if m.label.startswith("Latest reading")]) == 9
    assert f"{measures - 9:,} more success measures on the Outcomes page" in [p.value for p in app.main.page_link]


def test_the_framework_radio_opens_on_its_first_option_and_the_choice_survives(sample_store, run_page):
    app = run_page(sample_store, PAGE)
    radio = app.radio(key="outcomes_framework")
    assert radio.options[0] == "Success measures (Disparities project)" and radio.index == 0
    assert any(s.value == "Readings of the success measures against their targets" for s in app.subheader)
    radio.set_value("Appendix 1").run()
    assert app.query_params["framework"] in ("Appendix 1", ["Appendix 1"])
    # another page, then back: Streamlit drops the radio's own state, the choice is kept
    app.switch_page("pages/5_Organisations.py").run()
    assert not app.radio or "outcomes_framework" not in [r.key for r in app.radio]
    app.query_params.pop("framework", None)  # the menu's links carry the filters only
    app.switch_page(PAGE).run()
    assert app.radio(key="outcomes_framework").value == "Appendix 1"
    assert any(s.value == "Readings of the Appendix 1 indicators against their targets" for s in app.subheader)


def test_a_link_with_a_framework_opens_on_it(sample_store, run_page):
    app = run_page(sample_store, PAGE, framework="Appendix 1")
    assert app.radio(key="outcomes_framework").value == "Appendix 1"
