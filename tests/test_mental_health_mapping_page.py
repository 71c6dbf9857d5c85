"""The Mental-health mapping page through AppTest: sample store, URL filters, one organisation, an empty store."""
import datetime as dt

from streamlit.testing.v1 import AppTest

PAGE = "pages/2_Mental_health_mapping.py"


def texts(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown)


def cautions(app: AppTest) -> list[str]:
    return [w.value for w in app.warning if "caution" in w.value]


def infos(app: AppTest) -> str:
    return " ".join(i.value for i in app.info)


def test_sample_view(sample_store, run_page):
    app = run_page(sample_store, PAGE)
    text = texts(app)
    assert app.title[0].value == "Mental-health mapping"
    assert "24 of 30 organisations in view have returned the toolkit (80%); 6 have not yet." in text
    waiting = app.dataframe[0].value
    assert list(waiting["Org ID"]) == ["ORG-021", "ORG-025", "ORG-007", "ORG-024", "ORG-005", "ORG-014"]
    assert list(waiting.columns) == ["Org ID", "Name", "Ward", "Joined the network"]
    assert waiting["Joined the network"].iloc[0] == "27 Jan 2021"  # as every table and sentence writes a date
    assert "21 of 24 returns (88%) say the group offers mental-health support; 3 say it does not." in text
    assert "Signposting is the service offered most often: by 13 of 24 returns (54%)" in text
    assert ("NHS Talking Therapies and self-referral are tied as the referral route named most often, each by 18 of "
            "24 returns (75%)") in text
    assert "Stigma is the barrier named most often: by 16 of 24 returns (67%)" in text
    assert "Funding is the support need named most often: by 21 of 24 returns (88%)" in text
    # People counts are publication-safe by default: totals perturbed and rounded, the median to the nearest 5.
    assert "Groups supported 4,195 people in the last 12 months, a median of 85 per group (from 0 to 1,035)" in text
    assert "Groups serving adults (26-64) supported the most people: 3,665, from 18 returns." in text
    assert "NHS Talking Therapies as a referral route rose from 28% to 100%" in text  # the second round
    assert "Returns name 16 languages in all." in text
    assert "Secured funding for 24 of 24 groups ends on or before today" in text  # every date is before 2024
    assert "The most in one quarter is 7, in the quarter to 31 Mar 2023. Every return gave a date." in text
    assert [s.value for s in app.subheader] == [
        "Returns received", "Services and mental-health support", "Referral routes",
        "Barriers to getting help, ranked", "Support the groups need", "Beneficiaries supported",
        "People supported, by age group served", "Languages", "Funding cliff: when secured funding runs out",
        "Change since the previous round"]
    assert len(app.get("plotly_chart")) == 9
    assert not cautions(app)
    assert not app.info
    assert any("Small numbers." in c.value for c in app.caption)


def test_community_from_the_url(sample_store, run_page):
    app = run_page(sample_store, PAGE, community="Somali")
    text = texts(app)
    assert "All 5 organisations in view have returned the toolkit." in infos(app)
    assert "Stigma is the barrier named most often: by 4 of 5 returns (80%), followed by language (3, 60%)." in text
    # nobody left to chase; the change between rounds, over 4 groups, is numbers rather than a chart
    assert [list(d.value.columns)[:2] for d in app.dataframe] == [["Question", "Item"]]
    assert any("Only 4 organisations in this view: the numbers are shown instead of a chart" in w.value
               for w in app.warning)
    assert any("Based on only 5 organisations" in c for c in cautions(app))
    assert app.multiselect(key="f_communities").value == ["Somali"]


def test_date_range_from_the_url_keeps_returns_in_range(sample_store, run_page):
    app = run_page(sample_store, PAGE, **{"from": "2021-08-01", "to": "2021-08-20"})
    assert "7 of 30 organisations in view have returned the toolkit (23%); 23 have not yet." in texts(app)
    assert len(app.dataframe[0].value) == 23
    assert any("Based on only 7 organisations" in c for c in cautions(app))


def test_one_organisation(sample_store, run_page):
    app = run_page(sample_store, PAGE, org="ORG-001")
    text = texts(app)
    assert "The 1 organisation in view has returned the toolkit." in infos(app)
    assert "Wellbeing activities is the service offered most often: by 1 of 1 return (100%)." in text
    assert "The one return that gave a figure reports 155 people supported in the last 12 months." in text
    assert any("Based on only 1 organisation:" in c for c in cautions(app))


def test_filters_leaving_no_organisation(sample_store, run_page):
    app = run_page(sample_store, PAGE, community="Roma")
    assert any("No organisation matches all these filters together: without *Community*, 30 organisations"
               in m.value for m in app.markdown)
    assert not any("match these filters" in i.value for i in app.info)  # once, at the top: not a box per chart
    assert not app.dataframe
    assert not app.get("plotly_chart")


def test_empty_store_says_what_to_upload(empty_store, run_page):
    app = run_page(empty_store, PAGE)
    assert any("upload a toolkit file (template: `python -m disparities template toolkit`)" in i.value
               for i in app.info)
    assert not app.get("plotly_chart")
