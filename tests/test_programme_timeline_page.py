"""The Programme timeline page through AppTest: sample store, filters from the URL, an empty store."""
PAGE = "pages/3_Programme_timeline.py"

TIMELINE = ("The programme ran from Nov 2020 to Oct 2021 in 4 phases: Phase 1 (Nov 2020 to Mar 2021), Phase 2 (Apr "
            "to May 2021), Phase 3 (Jun to Sep 2021) and Ending (Oct 2021). 15 of 16 items are done and 1 delayed. "
            "Delayed: Promote and implement recommendations.")
# Participants as published: the four advisory groups of 6 or 7 people are too small to publish, the others are
# rounded to 5 (341 exactly).
ALL_EVENTS = ("18 events with 330 participants in all (participants too small to publish for 4 of them); the largest "
              "was ‘BAME Disparities Project Networking event’ on 27 Jan 2021 (50 participants).")
ALL_NETWORKING = "By 15 Jun 2022, 30 distinct organisations had taken part in 12 network events"


def texts(app) -> str:
    return " ".join(m.value for m in app.markdown)


def captions(app) -> str:
    return " ".join(c.value for c in app.caption)


def infos(app) -> str:
    return " ".join(i.value for i in app.info)


def charts(app) -> int:
    return len(app.get("plotly_chart"))


def test_sample_view(sample_store, run_page):
    app = run_page(sample_store, PAGE)
    assert TIMELINE in texts(app)
    assert ALL_EVENTS in texts(app)
    assert ALL_NETWORKING in texts(app)
    assert "The related success measure is DP\\-1" in texts(app)
    assert "the data's \"as of\" date, 15 Jun 2022" in captions(app)  # the sample ends years before today
    assert "does not filter the timeline or the events" in captions(app)
    assert "except advisory-group meetings" in captions(app)
    assert "Only events attended" not in captions(app)
    assert charts(app) == 3
    listed = app.dataframe[0].value
    assert len(listed) == 18
    assert listed.loc[listed["Event"] == "EV-001", "Participants"].tolist() == ["*"]  # 7 people
    assert [h.value for h in app.subheader] == ["Phases, workstreams and milestones", "Events and participants",
                                                "Events, in date order", "Groups supported to network"]
    assert "**Small numbers.**" in captions(app)
    assert not app.info


def test_community_from_the_url_narrows_events_but_not_the_timeline(sample_store, run_page):
    app = run_page(sample_store, PAGE, community="Somali")
    assert app.multiselect(key="f_communities").value == ["Somali"]
    assert TIMELINE in texts(app)
    assert "11 events with 280 participants in all" in texts(app)
    assert "By 15 Jun 2022, 5 distinct organisations in view had taken part in 11 network events" in texts(app)
    assert "Only events attended by at least one organisation in view: 11 of 18." in captions(app)
    assert "only organisations in view are counted" in captions(app)
    assert "not only the organisations in view" in texts(app)
    assert charts(app) == 3


def test_one_organisation(sample_store, run_page):
    app = run_page(sample_store, PAGE, org="ORG-001")
    assert "5 events with 160 participants in all" in texts(app)
    assert "By 13 Oct 2021, 1 distinct organisation in view had taken part in 5 network events." in texts(app)
    assert len(app.dataframe[0].value) == 5


def test_date_filter_does_not_filter_the_timeline_or_events(sample_store, run_page):
    app = run_page(sample_store, PAGE, **{"from": "2021-01-01", "to": "2021-02-01"})
    assert TIMELINE in texts(app)
    assert ALL_EVENTS in texts(app)
    assert ALL_NETWORKING in texts(app)


def test_filters_leaving_no_organisation_keep_the_timeline_and_say_what_to_do(sample_store, run_page):
    app = run_page(sample_store, PAGE, community="Roma")
    assert "No organisation matches all these filters together: without *Community*, 30 organisations" in texts(app)
    assert TIMELINE in texts(app)  # programme-wide: drawn whatever the filters
    assert not infos(app)  # the empty sections leave it to the one message at the top
    assert charts(app) == 1


def test_empty_store_says_what_to_upload(empty_store, run_page):
    app = run_page(empty_store, PAGE)
    assert "upload a timeline file (template: `python -m disparities template timeline`)" in infos(app)
    assert "upload an events file (template: `python -m disparities template events`)" in infos(app)
    assert charts(app) == 0
