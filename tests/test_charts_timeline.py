"""Charts and sentences of the Programme timeline page, from the queries' output on the literal store."""
import datetime as dt
import html

import pandas as pd
import pytest

from disparities.pages.timeline import charts
from disparities.filters import Filters
from disparities.palette import STATUS_COLOURS, color_for
from disparities.pages.timeline import queries
from disparities.store import connect
from disparities.pages.timeline import sentences
from disparities.suppression import SUPPRESSED, suppress

from .test_queries_timeline import EVENTS_CSV, INDICATORS_CSV, ORGANISATIONS_CSV, READINGS_CSV, TIMELINE_CSV

SOMALI = Filters(communities=("Somali",))
AS_OF = dt.date(2021, 10, 31)


@pytest.fixture
def frames(load, db):
    """The queries' output on the literal store: items, events, reach and measure, all and for Somali groups."""
    result = load(("organisations.csv", ORGANISATIONS_CSV), ("events.csv", EVENTS_CSV, "events"),
                  ("timeline.csv", TIMELINE_CSV, "timeline"), ("indicators.csv", INDICATORS_CSV, "indicators"),
                  ("readings.csv", READINGS_CSV, "readings"))
    assert result.status == "applied", result.as_dict()
    with connect(db, read_only=True) as con:
        return {"items": queries.timeline_items(con), "rows": queries.programme_rows(con, Filters()),
                "events": queries.events_in_view(con, Filters()),
                "somali events": queries.events_in_view(con, SOMALI),
                "reach": queries.network_reach(con, Filters()), "somali reach": queries.network_reach(con, SOMALI),
                "measure": queries.network_measure(con)}


# ---- the 'now' line ----------------------------------------------------------------------------

@pytest.mark.parametrize("today, as_of, day, label", [
    (dt.date(2021, 11, 20), AS_OF, dt.date(2021, 11, 20), "Today, 20 Nov 2021"),
    (dt.date(2022, 5, 1), AS_OF, dt.date(2022, 5, 1), "Today, 1 May 2022"),  # within six months: still today
    (dt.date(2026, 11, 21), AS_OF, AS_OF, "Data as of 31 Oct 2021"),
    (dt.date(2026, 11, 21), None, dt.date(2026, 11, 21), "Today, 21 Nov 2026"),  # nothing to be 'as of'
    (dt.date(2020, 1, 1), AS_OF, dt.date(2020, 1, 1), "Today, 1 Jan 2020"),  # a programme still to come
])
def test_reference_line(today, as_of, day, label):
    line = sentences.reference_line(today, as_of)
    assert (line.day, line.label) == (day, label)
    assert ("as of" in line.explanation) is (day == as_of)


@pytest.mark.parametrize("start, end, text", [
    ("2020-11-01", "2021-03-31", "Nov 2020 to Mar 2021"), ("2021-04-01", "2021-05-31", "Apr to May 2021"),
    ("2021-10-01", "2021-10-31", "Oct 2021"), ("2021-01-27", "2021-01-27", "Jan 2021")])
def test_month_span(start, end, text):
    assert sentences.month_span(pd.Timestamp(start), pd.Timestamp(end)) == text


# ---- sentences -----------------------------------------------------------------------------------

TIMELINE_TEXT = ("from Nov 2020 to Oct 2021 in 3 phases: Phase 1 (Nov 2020 to Mar 2021), Phase 2 (Apr to Jun 2021) "
                 "and Ending (Oct 2021). 2 of 6 items are done, 1 planned, 1 in progress, 1 delayed and 1 with no "
                 "status. Delayed: Training.")


@pytest.mark.parametrize("reference_day, verb", [(dt.date(2022, 1, 1), "ran"), (dt.date(2021, 8, 1), "runs")])
def test_timeline_summary(frames, reference_day, verb):
    assert sentences.timeline_summary(frames["items"], reference_day) == f"The programme {verb} {TIMELINE_TEXT}"


def test_programme_summary_is_the_timeline_items_summary(frames):
    day = dt.date(2022, 1, 1)
    assert sentences.programme_summary(frames["rows"], day) == sentences.timeline_summary(frames["items"], day)


@pytest.mark.parametrize("statuses, text", [
    (["done", "done"], "All 2 items are done."),
    (["done"], "The 1 item is done."),
    (["planned", "delayed"], "0 of 2 items are done, 1 planned and 1 delayed. Delayed: Item 1."),
])
def test_timeline_summary_status_phrases(statuses, text):
    items = pd.DataFrame({"phase": "Phase 1", "title": [f"Item {i}" for i in range(len(statuses))],
                          "start": pd.Timestamp("2021-01-01"), "end": pd.Timestamp("2021-02-01"),
                          "status": statuses})
    assert sentences.timeline_summary(items, dt.date(2022, 1, 1)).endswith(text)


def test_timeline_summary_escapes_titles_and_names_only_a_few():
    items = pd.DataFrame({"phase": "*Phase*", "title": ["[a](javascript:x)", "B", "C", "D", "E"],
                          "start": pd.Timestamp("2021-01-01"), "end": pd.NaT, "status": "delayed"})
    text = sentences.timeline_summary(items, dt.date(2022, 1, 1))
    assert "\\*Phase\\* (Jan 2021)" in text
    assert text.endswith("Delayed: \\[a\\]\\(javascript\\:x\\), B, C and 2 more.")


def test_events_summary(frames):
    assert sentences.events_summary(frames["events"]) == (
        "6 events with 118 participants in all (participants not recorded for 1 of them); the largest was "
        "‘Networking event’ on 27 Jan 2021 (50 participants).")
    assert sentences.events_summary(frames["somali events"]) == (
        "4 events with 41 participants in all (participants not recorded for 1 of them); the largest was "
        "‘Network meeting \\(March\\)’ on 24 Mar 2021 (24 participants).")
    assert sentences.events_summary(frames["events"].iloc[0:0]) == "No events match these filters."


def test_events_summary_of_published_counts(frames):
    # 7 is too small to publish; 10 goes too, or the total would give it away; 27 is published as 25.
    published = suppress(frames["events"], ["participants"])
    assert published["participants"].isna().tolist() == [True, False, False, True, False, True]
    assert sentences.events_summary(published) == (
        "6 events with 100 participants in all (participants not recorded for 1 and too small to publish for 2 "
        "of them); the largest was ‘Networking event’ on 27 Jan 2021 (50 participants).")


@pytest.mark.parametrize("participants, recorded, text", [
    ([None], [True], "1 event; participants too small to publish."),
    ([None, None], [False, False], "2 events; participants not recorded."),
    ([None, None], [True, False], "2 events; participants not recorded for 1 and too small to publish for 1 of them."),
    ([None, 25.0], [True, True], "2 events with 25 participants in all (participants too small to publish for 1 "
                                 "of them); the largest was ‘Network meeting \\(March\\)’ on 24 Mar 2021 "
                                 "(25 participants)."),
])
def test_events_summary_without_published_counts(frames, participants, recorded, text):
    events = frames["events"].iloc[[0, 2][:len(participants)]].assign(
        participants=pd.array(participants, dtype="Float64"), participants_recorded=recorded)
    assert sentences.events_summary(events) == text


def test_events_summary_ties_and_a_single_event(frames):
    tied = frames["events"].assign(participants=[7, 30, 30, None, 30, 30])
    assert sentences.events_summary(tied).endswith(
        "the largest were ‘Networking event’ on 27 Jan 2021, ‘Network meeting \\(March\\)’ on 24 Mar 2021, "
        "‘Community of Practice’ on 14 Jul 2021 and 1 more (30 participants each).")
    assert sentences.events_summary(frames["events"].iloc[[1]]) == "1 event with 50 participants in all."


def test_network_summary(frames):
    assert sentences.network_summary(frames["reach"]) == (
        "By 14 Jul 2021, 4 distinct organisations had taken part in 5 network events; the biggest step was "
        "2 organisations taking part for the first time on 27 Jan 2021.")
    assert sentences.network_summary(frames["somali reach"], in_view=True) == (
        "By 14 Jul 2021, 2 distinct organisations in view had taken part in 3 network events.")
    assert sentences.network_summary(frames["reach"].iloc[0:0]) == "No network events match these filters."
    assert sentences.network_summary(frames["somali reach"], in_view=True, measure_sentence="Then this.") == (
        "By 14 Jul 2021, 2 distinct organisations in view had taken part in 3 network events. Then this.")
    nobody = frames["reach"].assign(new_organisations=0, organisations_to_date=0)
    assert sentences.network_summary(nobody) == "No organisations in the register took part in the 5 network events."


def test_network_measure_sentence(frames):
    measure = frames["measure"]
    assert sentences.network_measure_sentence(measure) == (
        "The related success measure is DP\\-1, ‘Number of groups supported to network with others’, with a "
        "target of 30 by 31 Oct 2021; its latest reading is 20 (30 Jun 2021).")
    assert sentences.network_measure_sentence(measure, in_view=True).endswith(
        "The measure covers the whole programme, not only the organisations in view.")
    unread = measure.assign(latest_value=None, latest_period_end=pd.NaT, target=None)
    assert sentences.network_measure_sentence(unread).endswith("others’; it has no readings yet.")
    assert sentences.network_measure_sentence(measure.iloc[0:0]) is None


# ---- charts ----------------------------------------------------------------------------------------

def test_gantt_rows_colours_milestones_events_and_reference_line(frames):
    line = sentences.reference_line(dt.date(2026, 11, 21), AS_OF)
    figure = charts.gantt(frames["rows"], line)
    assert list(figure.layout.yaxis.ticktext) == [
        "<b>Phase 1</b>", "Set-up", "", "Evidence gathering", "<b>Phase 2</b>", "Capacity building", "",
        "<b>Ending</b>", "Recommendations", "<b>Events</b>", "Network meeting", "Community of practice",
        "Networking event", "Training", "Advisory group"]
    bars = {trace.name: trace for trace in figure.data if trace.type == "bar"}
    assert list(bars) == ["Phase", "In progress", "Done", "Delayed", "No status"]  # the vocabulary's order
    assert bars["Done"].marker.color == STATUS_COLOURS["done"]
    assert bars["Delayed"].marker.color == STATUS_COLOURS["delayed"]
    assert list(bars["Done"].y) == ["item|TL-01"]
    assert bars["Done"].x[0] == 151 * 24 * 60 * 60 * 1000  # 1 Nov 2020 to 31 Mar 2021, both days included
    milestones = next(trace for trace in figure.data if trace.name == "Milestone (diamond)")
    assert list(milestones.y) == ["item|TL-03", "item|TL-05"]
    assert list(milestones.marker.color) == [STATUS_COLOURS["done"], STATUS_COLOURS["planned"]]
    training = next(trace for trace in figure.data if trace.name == "Training")
    assert training.marker.color == color_for("event_type", "training")
    assert figure.layout.shapes[0].x0 == "2021-10-31"
    assert figure.layout.annotations[0].text == "<b>Data as of 31 Oct 2021</b>"
    assert figure.layout.height == charts.ROW_HEIGHT * 15 + 150


def test_gantt_without_events_and_with_markup_in_titles(frames):
    rows = frames["rows"][frames["rows"]["kind"] != "event"]
    rows = rows.assign(title=rows["title"].where(rows["id"] != "TL-01", "<script>x</script>"))
    figure = charts.gantt(rows, sentences.reference_line(dt.date(2021, 8, 1), AS_OF))
    assert "<b>Events</b>" not in figure.layout.yaxis.ticktext
    done = next(trace for trace in figure.data if trace.name == "Done")
    assert done.text[0] == "&lt;script&gt;x&lt;/script&gt;"
    assert figure.layout.shapes[0].x0 == "2021-08-01"


def test_events_over_time(frames):
    figure = charts.events_over_time(frames["events"])
    assert [trace.name for trace in figure.data] == [
        "Network meeting", "Community of practice", "Networking event", "Training", "Advisory group"]
    meetings = figure.data[0]
    assert list(meetings.y) == [24, 10] and list(meetings.error_y.arrayminus) == [24, 10]
    assert meetings.marker.color == color_for("event_type", "network meeting")
    assert list(figure.data[3].y) == [0]  # participants not recorded: drawn at zero, said in the hover text
    assert "participants not recorded" in figure.data[3].hovertext[0]
    assert len(charts.events_over_time(frames["events"].iloc[0:0]).data) == 0


def test_split_programme_rows_gives_the_items_and_events_queries(frames):
    items, events = charts.split_programme_rows(frames["rows"])
    assert items.equals(frames["items"])
    assert events.equals(frames["events"][["event_id", "held_on", "title", "type"]])


def test_events_over_time_marks_counts_too_small_to_publish(frames):
    figure = charts.events_over_time(suppress(frames["events"], ["participants"]))
    meetings, advisory = figure.data[0], figure.data[4]
    assert list(meetings.y) == [25, 0]  # 24 rounded; 10 hidden with the 7, as the total would reveal it
    assert "participants too small to publish" in meetings.hovertext[1]
    assert "participants too small to publish" in advisory.hovertext[0]
    assert "participants not recorded" in figure.data[3].hovertext[0]
    signs = figure.data[-1]
    assert signs.mode == "text" and not signs.showlegend
    assert list(signs.text) == [SUPPRESSED, SUPPRESSED] and list(signs.x) == ["2021-01-13", "2021-07-14"]
    assert figure.layout.annotations[0].text == "* too small to publish"
    plain = charts.events_over_time(frames["events"])
    assert len(plain.data) == 5 and not plain.layout.annotations  # nothing hidden: no signs


def test_network_reach_line(frames):
    figure = charts.network_reach_line(frames["reach"], frames["measure"])
    assert list(figure.data[0].y) == [2, 4, 4, 4]
    assert list(figure.data[0].text) == ["+2", "+2", "", ""]
    assert figure.data[0].line.shape == "hv"
    assert figure.layout.shapes[0].y0 == 30
    assert figure.layout.annotations[0].text == "Target (DP-1): 30 by 31 Oct 2021"
    assert not charts.network_reach_line(frames["somali reach"]).layout.shapes  # no target for a filtered view
    assert len(charts.network_reach_line(frames["reach"].iloc[0:0]).data) == 1


def test_gantt_labels_are_whole_and_wrap_at_word_boundaries(frames):
    """A long title is never cut: it wraps with <br> between words, and the rows grow to hold the lines."""
    title = "Recruitment and induction of the Partnerships Officer and the <first> advisory group members"
    rows = frames["rows"].assign(title=frames["rows"]["title"].where(frames["rows"]["id"] != "TL-01", title))
    figure = charts.gantt(rows, sentences.reference_line(dt.date(2021, 8, 1), AS_OF))
    done = next(trace for trace in figure.data if trace.name == "Done")
    label = done.text[list(done.y).index("item|TL-01")]
    assert label == ("Recruitment and induction of the<br>Partnerships Officer and the &lt;first&gt;<br>"
                     "advisory group members")
    assert "…" not in "".join(t for trace in figure.data for t in (trace.text or ()) if isinstance(t, str))
    assert all(len(html.unescape(line)) <= 40 for line in label.split("<br>"))
    keys = len(figure.layout.yaxis.tickvals)
    assert figure.layout.height == (charts.LINE_HEIGHT * 3 + 6) * keys + 150 > charts.ROW_HEIGHT * keys + 150
    assert figure.layout.yaxis.automargin is not False
