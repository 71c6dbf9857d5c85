"""Survey exports built to each tool's layout: the toolkit survey answered by two groups (one typing its name
a little differently, one answering "approx" and with a US-ordered date), read, mapped, applied, ingested."""
from __future__ import annotations

import csv
import io
import shutil

import pytest
from openpyxl import Workbook

from disparities import surveys
from disparities.ingest import UploadFile, ingest
from disparities.store import connect

QUESTIONS = ["Organisation name", "Does your organisation offer mental health support?",
             "Which mental health services do you offer?", "How many people did you support in the last 12 months?",
             "Which age groups do you work with?", "How do people reach you?",
             "What stops your beneficiaries getting help?", "Until when is your funding secured?"]
RESPONSES = [  # (when submitted, answers as the respondent gave them)
    ("2021-08-16 09:12:45", ["Sylheti Elders Association", "Yes", ["Peer support groups", "Counselling"], "approx 200",
                             ["Older people"], ["Self-referral / walk-in", "NHS Talking Therapies (IAPT)"],
                             ["Stigma", "Language barriers"], "2022-03-31"]),
    ("2021-08-17 14:30:00", ["sample bangla wellbeing group ltd", "No", [], "45", ["Adults", "Young people"], ["GP"],
                             [], ""]),
]
EXPECTED = {  # org_id -> (returned_on, offers, services, beneficiaries, age groups, referral routes, barriers, funding)
    "ORG-003": ("2021-08-16", True, ["peer support", "counselling"], 200, ["older people (65+)"],
                ["self-referral", "NHS Talking Therapies"], ["stigma", "language"], "2022-03-31"),
    "ORG-001": ("2021-08-17", False, [], 45, ["adults (26-64)", "young people (12-25)"], ["GP"], [], None),
}
PERSONAL = ["Jane Smith", "jane@example.org"]


def _google_forms() -> bytes:
    rows = [["Timestamp", "Email address", "Your name", *QUESTIONS]]
    for when, answers in RESPONSES:
        stamp = when.replace("-", "/").replace(" ", " ") + " GMT+1"
        rows.append([stamp, *PERSONAL, *[", ".join(a) if isinstance(a, list) else a for a in answers]])
    return _csv(rows)


def _microsoft_forms() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *QUESTIONS])
    for n, (when, answers) in enumerate(RESPONSES, start=1):
        year, month, day = when[:10].split("-")
        us = f"{int(month)}/{int(day)}/{year} {when[11:]}"
        sheet.append([n, us, us, PERSONAL[1], PERSONAL[0],
                      *["".join(f"{item};" for item in a) if isinstance(a, list) else a for a in answers]])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _surveymonkey() -> bytes:
    options = {2: ["Peer support groups", "Counselling", "Befriending"], 4: ["Adults", "Young people", "Older people"],
               5: ["Self-referral / walk-in", "GP", "NHS Talking Therapies (IAPT)"],
               6: ["Stigma", "Language barriers", "Waiting times"]}
    first = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    second = ["", "", "", "", "", ""]
    for index, question in enumerate(QUESTIONS):
        for n, option in enumerate(options.get(index, ["Response"])):
            first.append(question if n == 0 else "")
            second.append(option if index in options else ("Open-Ended Response" if index in (0, 3) else "Response"))
    rows = [first, second]
    for n, (when, answers) in enumerate(RESPONSES, start=1):
        year, month, day = when[:10].split("-")
        stamp = f"{month}/{day}/{year} {when[11:]}"
        row = [str(1000 + n), "42", stamp, stamp, "192.0.2.1", PERSONAL[1]]
        for index, answer in enumerate(answers):
            if index in options:
                row += [option if option in answer else "" for option in options[index]]
            else:
                row.append(answer)
        rows.append(row)
    return _csv(rows)


def _kobo() -> bytes:
    names = {"Peer support groups": "peer_support", "Counselling": "counselling", "Older people": "older_people",
             "Adults": "adults", "Young people": "young_people", "Self-referral / walk-in": "self_referral",
             "NHS Talking Therapies (IAPT)": "iapt", "GP": "gp", "Stigma": "stigma", "Language barriers": "language"}
    header = ["start", "end", "group_org/Organisation name", *[f"group_work/{q}" for q in QUESTIONS[1:]],
              "group_work/Which mental health services do you offer?/peer_support",
              "group_work/Which mental health services do you offer?/counselling", "_id", "_uuid",
              "_submission_time"]
    rows = [header]
    for n, (when, answers) in enumerate(RESPONSES, start=1):
        stamp = when.replace(" ", "T") + ".000+01:00"
        cells = [" ".join(names.get(i, i) for i in a) if isinstance(a, list) else a for a in answers]
        services = answers[2]
        rows.append([stamp, stamp, *cells, "1" if "Peer support groups" in services else "0",
                     "1" if "Counselling" in services else "0", str(n), f"uuid-{n}", when.replace(" ", "T")])
    return _csv(rows, delimiter=";")


def _typeform() -> bytes:
    rows = [["#", *QUESTIONS, "Start Date (UTC)", "Submit Date (UTC)", "Network ID", "Submitted At"]]
    for n, (when, answers) in enumerate(RESPONSES, start=1):
        rows.append([f"t{n}", *[", ".join(a) if isinstance(a, list) else a for a in answers], when, when,
                     "abc", when])
    return _csv(rows)


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


EXPORTS = {"Google Forms": ("responses.csv", _google_forms), "Microsoft Forms": ("responses.xlsx", _microsoft_forms),
           "SurveyMonkey": ("Sheet_1.csv", _surveymonkey), "KoboToolbox": ("kobo.csv", _kobo),
           "Typeform": ("typeform.csv", _typeform)}


@pytest.fixture
def store(sample_store, tmp_path):
    copy = tmp_path / "store.duckdb"
    shutil.copyfile(sample_store, copy)
    return copy


def _register(db) -> dict[str, str]:
    with connect(db, read_only=True) as con:
        return dict(con.execute("SELECT org_id, name FROM organisations").fetchall())


@pytest.mark.parametrize("tool", list(EXPORTS))
def test_each_tool_is_recognised_mapped_and_ingested(tool, store):
    name, make = EXPORTS[tool]
    export = surveys.read_export(name, make())
    assert export.tool == tool
    mapping = surveys.suggest(export, "toolkit", _register(store))
    ignored = [t for t, how in mapping.columns.items() if "personal" in how.get("ignore", "")]
    personal = [t for t in export.header if "mail" in t.lower() or t.lower() in ("name", "your name", "ip address")]
    assert set(personal) <= set(ignored)  # e-mail addresses, names and IP addresses are never stored
    applied = surveys.apply(mapping, export)
    assert not any(p in applied.csv_text for p in PERSONAL)
    result = ingest(store, [UploadFile(name, applied.csv_text.encode(), "toolkit")])
    assert result.status == "applied", result.as_dict()
    with connect(store, read_only=True) as con:
        stored = {row[0]: row[1:] for row in con.execute(
            "SELECT org_id, returned_on::VARCHAR, offers_mental_health_support, services, beneficiaries_supported, "
            "age_groups, referral_routes, barriers, funding_secured_until::VARCHAR FROM toolkit "
            "WHERE returned_on >= '2021-08-16' AND returned_on <= '2021-08-17' AND upload_id = ?",
            [result.files[0].upload_id]).fetchall()}
    for org_id, expected in EXPECTED.items():
        got = stored[org_id]
        assert got[:2] == expected[:2] and got[3] == expected[3] and got[7] == expected[7], (tool, got)
        for position in (2, 4, 5, 6):  # lists: the same items (tools keep or lose their order)
            assert sorted(got[position] or []) == sorted(expected[position]), (tool, position, got)
    assert any("approx 200" in note for note in applied.notes)


def test_a_second_round_with_a_reworded_question_is_flagged(store):
    export = surveys.read_export("responses.csv", _google_forms())
    mapping = surveys.suggest(export, "toolkit", _register(store))
    reworded = _google_forms().replace(b"Which age groups do you work with?", b"Which ages do you serve?")
    with pytest.raises(surveys.Refused, match="Which age groups do you work with"):
        surveys.apply(mapping, surveys.read_export("round2.csv", reworded))


@pytest.mark.parametrize("written, order, day", [
    ("2021/08/16 10:12:45 AM GMT+1", "day-first", "2021-08-16"), ("16/08/2021 10:12", "day-first", "2021-08-16"),
    ("08/16/2021 10:12:45 AM", "month-first", "2021-08-16"), ("2021-08-16 09:12:45", "day-first", "2021-08-16"),
    ("3/4/2022", "month-first", "2022-03-04"), ("3/4/2022", "day-first", "2022-04-03"),
    ("2021-08-16T23:30:00.000+00:00", "day-first", "2021-08-17"),  # 00:30 in London (summer time)
])
def test_dates_as_survey_tools_write_them(written, order, day):
    assert surveys.parse_date(written, order).isoformat() == day


def test_us_ordered_dates_are_detected_from_the_export():
    export = surveys.read_export("Sheet_1.csv", _surveymonkey())
    assert surveys.suggest(export, "toolkit", {}).date_order == "month-first"


# ---- the command line: suggest, ingest through the mapping, remembered, listed, deleted ---------------------

def _cli(store, *args):
    import subprocess
    import sys
    from disparities.config import ROOT
    done = subprocess.run([sys.executable, "-m", "disparities", "--db", str(store), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_command_line_maps_an_export_once_and_remembers_it(store, tmp_path):
    export = tmp_path / "responses.csv"
    export.write_bytes(_google_forms())
    refused = _cli(store, "ingest", export)
    assert refused.returncode == 1 and "is a Google Forms export. Map it once" in refused.stderr
    suggested = _cli(store, "mapping", "suggest", "--kind", "toolkit", export, "-o", tmp_path / "map.json")
    assert suggested.returncode == 0
    import json
    mapping = json.loads((tmp_path / "map.json").read_text())
    assert mapping["tool"] == "Google Forms" and mapping["organisations"]["Sylheti Elders Association"] == "ORG-003"
    applied = _cli(store, "ingest", "--json", "--mapping", tmp_path / "map.json", export)
    assert applied.returncode == 0 and json.loads(applied.stdout)["files"][0]["added"] == 2
    listed = _cli(store, "mapping", "list")
    assert "Google Forms" in listed.stdout and "(1 uploads)" in listed.stdout
    second_round = tmp_path / "round2.csv"
    second_round.write_bytes(_google_forms().replace(b"2021/08/17", b"2022/02/01"))
    again = _cli(store, "ingest", "--dry-run", second_round)  # the saved mapping is used, no --mapping needed
    assert again.returncode == 0 and "1 added" in again.stdout
    signature = surveys.read_export("responses.csv", _google_forms()).signature
    assert _cli(store, "mapping", "delete", signature).returncode == 0
    assert _cli(store, "ingest", "--dry-run", second_round).returncode == 1


def test_a_template_shaped_workbook_is_read_like_its_csv(store, tmp_path):
    book = Workbook()
    book.active.append(["org_id", "name", "ward"])
    book.active.append(["ORG-777", "Workbook Group", "Poplar"])
    path = tmp_path / "organisations.xlsx"
    book.save(path)
    done = _cli(store, "ingest", path)
    assert done.returncode == 0 and "1 added" in done.stdout, done.stderr


# ---- wide answers to the long form: ranked questions and ranking grids ----------------------------------------

def test_main_second_and_third_questions_become_ranked_assessment_rows(store):
    rows = [["Timestamp", "Email address", "Organisation name", "Main health disparity among your beneficiaries",
             "Second health disparity", "Third health disparity"],
            ["2021/03/12 10:00:00 AM GMT", "a@x.org", "Sylheti Elders Association", "Mental health", "Type 2 diabetes",
             "Hypertension"],
            ["2021/03/13 11:00:00 AM GMT", "b@x.org", "Sample Bangla Wellbeing Group", "Diabetes", "", ""]]
    export = surveys.read_export("assessment.csv", _csv(rows))
    mapping = surveys.suggest(export, "assessment", _register(store))
    assert mapping.columns["Second health disparity"] == {"field": "disparity", "rank": 2}
    applied = surveys.apply(mapping, export)
    got = list(csv.DictReader(io.StringIO(applied.csv_text)))
    assert [(r["org_id"], r["assessed_on"], r["disparity"], r["rank"]) for r in got] == [
        ("ORG-003", "2021-03-12", "Mental health", "1"), ("ORG-003", "2021-03-12", "Type 2 diabetes", "2"),
        ("ORG-003", "2021-03-12", "Hypertension", "3"), ("ORG-001", "2021-03-13", "Diabetes", "1")]
    result = ingest(store, [UploadFile("assessment.csv", applied.csv_text.encode(), "assessment")])
    assert result.status == "applied", result.as_dict()
    with connect(store, read_only=True) as con:
        assert con.execute("SELECT disparity, rank FROM assessment WHERE org_id = 'ORG-003' AND assessed_on = "
                           "'2021-03-12' ORDER BY rank").fetchall() == [
            ("mental health", 1), ("diabetes", 2), ("high blood pressure", 3)]


def test_a_ranking_grid_becomes_ranked_assessment_rows(store):
    rows = [["Timestamp", "Organisation name", "Rank these health issues [Mental health]",
             "Rank these health issues [Diabetes]", "Rank these health issues [Obesity]"],
            ["2021/03/12 10:00:00 AM GMT", "Sylheti Elders Association", "2", "1", ""]]
    export = surveys.read_export("grid.csv", _csv(rows))
    mapping = surveys.suggest(export, "assessment", _register(store))
    assert mapping.columns["Rank these health issues [Diabetes]"] == {"field": "disparity", "option": "diabetes"}
    got = list(csv.DictReader(io.StringIO(surveys.apply(mapping, export).csv_text)))
    assert [(r["disparity"], r["rank"]) for r in got] == [("diabetes", "1"), ("mental health", "2")]
