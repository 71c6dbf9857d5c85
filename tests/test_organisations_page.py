"""The Organisations page through AppTest: the sample register, URL filters, search, one organisation kept
in the URL as ?show=, hostile names shown as text, and an empty store."""

import pytest

PAGE = "pages/5_Organisations.py"

HOSTILE_ORGANISATIONS = """\
org_id,name,ward,communities_served
ORG-666,<script>alert(1)</script>,Whitechapel,Somali
ORG-667,"=HYPERLINK(""http://evil.example"",""click"")",Whitechapel,Somali
ORG-668,**bold** [x](javascript:alert(1)),Whitechapel,Somali
"""
HOSTILE_ASSESSMENT = """\
org_id,assessed_on,disparity,rank,beneficiaries_affected,notes
ORG-666,2021-03-01,mental health,1,20,<script>alert(2)</script> [y](javascript:alert(3))
"""
HOSTILE_EVENTS = """\
event_id,held_on,title,type,participants,organisations
EV-666,2021-05-01,**Loud** [z](javascript:alert(4)),training,5,ORG-666
"""


def texts(app) -> str:
    return " ".join(m.value for m in app.markdown)


def register(app):
    return app.dataframe[0].value


def test_sample_register(run_page, sample_store):
    app = run_page(sample_store, PAGE)
    assert "Showing all 30 organisations in view." in texts(app)
    table = register(app)
    assert len(table) == 30 and table["Org ID"].iloc[0] == "ORG-001"
    first = table.iloc[0]
    assert (first["Name"], first["Main disparity"], first["Events"]) == (
        "Sample Bangla Wellbeing Group", "Mental health", 5)  # a category as the charts write it
    assert app.selectbox(key="org_show").value is None
    assert len(app.selectbox(key="org_show").options) == 30
    assert [s.value for s in app.subheader] == ["The register", "One organisation"]


def test_the_page_renders_again_from_its_caches(run_page, sample_store):
    app = run_page(sample_store, PAGE, show="ORG-001")  # the first run fills the caches; speed: bench pages
    app.run()
    assert not app.exception and app.selectbox(key="org_show").value == "ORG-001"


def test_community_from_the_url_narrows_the_register(run_page, sample_store):
    app = run_page(sample_store, PAGE, community="Somali")
    assert "This view covers 5 of 30 organisations" in texts(app)
    assert "Showing all 5 organisations in view." in texts(app)
    assert len(register(app)) == 5
    assert all("Somali" in c for c in register(app)["Communities served"])
    assert len(app.selectbox(key="org_show").options) == 5


def test_filters_leaving_no_organisation_say_what_to_do(run_page, sample_store):
    app = run_page(sample_store, PAGE, community="Roma")
    assert "No organisation matches all these filters together: without *Community*, 30 organisations" in texts(app)
    assert not app.dataframe


def test_one_organisation_filter(run_page, sample_store):
    app = run_page(sample_store, PAGE, org="ORG-001")
    assert register(app)["Org ID"].tolist() == ["ORG-001"]
    assert "Showing 1 organisation in view." in texts(app)


@pytest.mark.parametrize("search, expected", [
    ("bangla", 'Showing 11 of 30 organisations in view, matching "bangla".'),  # names, a ward, communities
    ("org-01", 'Showing 10 of 30 organisations in view, matching "org\\-01".'),
    ("SOMALI", 'Showing 5 of 30 organisations in view, matching "SOMALI".'),
])
def test_search_narrows_the_table_and_says_so(run_page, sample_store, search, expected):
    app = run_page(sample_store, PAGE)
    app.text_input(key="org_search").input(search).run()
    assert expected in texts(app)
    assert len(register(app)) == int(expected.split()[1])
    assert len(app.selectbox(key="org_show").options) == 30  # a search never takes the chosen one away


def test_search_without_matches(run_page, sample_store):
    app = run_page(sample_store, PAGE)
    app.text_input(key="org_search").input("zzz").run()
    assert any('No organisation in view matches "zzz"' in i.value for i in app.info)
    assert not app.dataframe


@pytest.mark.parametrize("show", ["ORG-001", "org-001 "])
def test_one_organisation_from_the_url(run_page, sample_store, show):
    app = run_page(sample_store, PAGE, show=show)
    assert app.selectbox(key="org_show").value == "ORG-001"
    assert "ORG\\-001\\: Sample Bangla Wellbeing Group" in [s.value for s in app.subheader]
    assert {m.label: m.value for m in app.metric} == {
        "Beneficiaries a year": "295", "Paid staff": "0", "Volunteers": "10", "Events attended": "5"}
    page = texts(app)
    assert "**Ward:** Whitechapel" in page
    assert ("On 12 Mar 2021 mental health was ranked first, affecting an estimated 160 beneficiaries, followed by "
            "COVID\\-19 (50) and high blood pressure (50); 4 disparities ranked in all.") in page
    assert ("2 toolkit returns; the latest, on 18 Mar 2022, reports 155 beneficiaries supported in the last 12 "
            "months, with funding secured until 30 Jun 2023.") in page
    assert "Attended 5 events, the latest on 13 Oct 2021" in page
    returns, events = app.dataframe[1].value, app.dataframe[2].value
    assert returns.set_index("Question").loc["Barriers", "Returned 16 Aug 2021"] == (
        "stigma; cultural appropriateness; waiting times; awareness of services")
    assert len(events) == 5


def test_a_shown_organisation_outside_the_filters_says_so(run_page, sample_store):
    app = run_page(sample_store, PAGE, community="Somali", show="ORG-001")
    assert app.selectbox(key="org_show").value is None
    assert any("ORG\\-001 is not among the organisations in view" in i.value for i in app.info)


def test_choice_goes_into_the_url_and_survives_a_filter_change(run_page, sample_store):
    app = run_page(sample_store, PAGE)
    app.selectbox(key="org_show").select("ORG-002").run()
    assert app.query_params["show"] == "ORG-002"
    app.multiselect(key="f_communities").select("Somali").run()  # the sidebar rewrites the whole URL
    assert not app.exception
    assert app.query_params["community"] == "Somali" and app.query_params["show"] == "ORG-002"
    assert "Somali Women" in " ".join(s.value for s in app.subheader)
    app.selectbox(key="org_show").set_value(None).run()
    assert "show" not in app.query_params


def test_empty_sections_say_so(run_page, sample_store):
    # ORG-005 was assessed in March 2021 and sent no toolkit return
    app = run_page(sample_store, PAGE, show="ORG-005", **{"from": "2020-01-01", "to": "2021-01-31"})
    messages = [i.value for i in app.info]
    assert any(m.startswith("No assessment of this organisation between the chosen dates") for m in messages)
    assert any(m.startswith("No toolkit return between the chosen dates from this organisation") for m in messages)


def test_hostile_names_and_notes_show_as_plain_text(run_page, load, db):
    result = load(("organisations.csv", HOSTILE_ORGANISATIONS), ("assessment.csv", HOSTILE_ASSESSMENT),
                  ("events.csv", HOSTILE_EVENTS))
    assert result.status == "applied", result.as_dict()
    app = run_page(db, PAGE, show="ORG-666")
    assert register(app)["Name"].tolist() == [  # st.dataframe shows cells as text
        "<script>alert(1)</script>", '=HYPERLINK("http://evil.example","click")', "**bold** [x](javascript:alert(1))"]
    assert app.selectbox(key="org_show").options[0] == "ORG-666: <script>alert(1)</script>"
    assert "ORG\\-666\\: \\<script\\>alert\\(1\\)\\</script\\>" in [s.value for s in app.subheader]
    assert "(\\*\\*Loud\\*\\* \\[z\\]\\(javascript\\:alert\\(4\\)\\))" in texts(app)
    assert "javascript:" not in texts(app)
    notes = app.dataframe[1].value
    assert notes["Notes"].tolist() == ["<script>alert(2)</script> [y](javascript:alert(3))"]
    app = run_page(db, PAGE, show="ORG-668")
    assert "ORG\\-668\\: \\*\\*bold\\*\\* \\[x\\]\\(javascript\\:alert\\(1\\)\\)" in [s.value for s in app.subheader]
    assert any("No toolkit return yet from this organisation" in i.value for i in app.info)
    assert any("No event lists this organisation" in i.value for i in app.info)


def test_empty_store(run_page, empty_store):
    app = run_page(empty_store, PAGE)
    assert any("upload an organisations file (template: `python -m disparities template organisations`)" in i.value
               for i in app.info)


def test_coming_back_to_a_link_with_the_same_choice_shows_it(run_page, sample_store):
    """E.g. the browser's Back button after a visit to another page, which forgets the selectbox."""
    app = run_page(sample_store, PAGE, show="ORG-002")
    app.switch_page("pages/1_Health_disparities.py").run()
    app.switch_page(PAGE)
    app.query_params["show"] = "ORG-002"
    app.run()
    assert app.selectbox(key="org_show").value == "ORG-002"
    assert app.query_params["show"] == "ORG-002"


def test_small_beneficiary_figures_are_starred_on_screen_as_in_the_export(tmp_path, load, db, run_page):
    load(("orgs.csv", "org_id,name,beneficiaries_per_year\nORG-1,A,3\nORG-2,B,120\nORG-3,C,48\n"))
    app = run_page(db, "pages/5_Organisations.py", show="ORG-1")
    shown = app.dataframe[0].value.set_index("Org ID")["Beneficiaries"].astype(str)
    assert shown["ORG-1"] == "*" and shown["ORG-3"] == "*" and shown["ORG-2"] in {"115", "120", "125"}
    assert [m.value for m in app.metric][0] == "*"  # the one organisation's tile too


def test_register_reads_for_people(run_page, sample_store):
    """Dates as '14 Jul 2021' and a dash for a return not yet made (never None/NaT/ISO); names get room; the
    people counts are right-aligned like numbers, with the suppression sign kept."""
    import re
    app = run_page(sample_store, PAGE)
    table = register(app)
    day = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")
    for column in ("Joined", "Last assessed", "Last return"):
        assert all(day.match(v) or v == "–" for v in table[column]), table[column].tolist()
    assert "–" in set(table["Last return"])  # the sample has groups that never returned the toolkit
    shown = table.astype(str).to_numpy().ravel().tolist()
    assert not {"None", "nan", "NaT", "<NA>"} & set(shown)
    assert not any(re.match(r"^\d{4}-\d\d-\d\d", v) for v in shown)
    assert all(v == "*" or v == "–" or v.isdigit() for v in table["Beneficiaries"])
    import json
    config = json.loads(app.dataframe[0].proto.columns)
    assert config["Name"]["width"] == "large"  # not cut to 235 px: names are the table's point
    assert {config[c]["alignment"] for c in ("Beneficiaries", "Staff", "Volunteers")} == {"right"}

def test_register_keeps_the_suppression_sign_in_counts(sample_store):
    import pandas as pd
    from disparities import suppression
    from disparities.pages.organisations import sentences
    published = pd.DataFrame({c: [None] for c in sentences.REGISTER_HEADERS})
    published = published.assign(org_id=["ORG-1"], name=["A"], beneficiaries_per_year=["*"], staff=[1250],
                                 volunteers=[None], latest_return=[pd.NaT],
                                 joined_network_on=[pd.Timestamp("2021-07-14")])
    with pytest.raises(suppression.UnsafeTable):
        sentences.register_table(published)  # not passed through the policy: refused
    published.attrs[suppression.PUBLISHED] = "suppressed"
    row = sentences.register_table(published).iloc[0]
    assert (row["Beneficiaries"], row["Staff"], row["Volunteers"]) == ("*", "1250", "–")
    assert (row["Joined"], row["Last return"], row["Ward"]) == ("14 Jul 2021", "–", "–")


def test_meeting_mode_shows_hostile_names_as_text(run_page, load, db):
    """In meeting mode tables are st.table, which renders Markdown: a name must not become a link or bold."""
    consenting = HOSTILE_ORGANISATIONS.replace("communities_served\n", "communities_served,consent_to_name\n")
    consenting = consenting.replace(",Somali\n", ",Somali,yes\n")  # named: meeting mode shows consenting names
    result = load(("organisations.csv", consenting))
    assert result.status == "applied", result.as_dict()
    app = run_page(db, PAGE, meeting="1")
    names = list(app.table[0].value.index)
    assert "\\*\\*bold\\*\\* \\[x\\]\\(javascript\\:alert\\(1\\)\\)" in names
    assert "**bold** [x](javascript:alert(1))" not in names
