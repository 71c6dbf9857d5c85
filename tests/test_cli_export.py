"""python -m disparities export: the same bytes as the functions the browser uses, help that lists the views and
filter keys, and friendly refusals (exit 2) for an unknown view, filter or table."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from disparities import cli, export, suppression
from disparities.filters import Filters
from disparities.store import connect
from disparities.views import VIEWS

ROOT = Path(__file__).resolve().parent.parent
ORGANISATIONS = """\
org_id,name,ward,communities_served,income_band
ORG-001,Alpha Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k
ORG-002,Beta Group,Whitechapel,Somali,under £10k
ORG-003,Gamma Group,Poplar,Somali; Caribbean,£10k-£50k
"""
ASSESSMENT = """\
org_id,assessed_on,disparity,rank,beneficiaries_affected
ORG-001,2021-06-10,mental health,1,120
ORG-002,2021-03-01,mental health,1,40
ORG-002,2021-03-01,obesity,2,3
ORG-003,2021-03-05,diabetes,1,
"""
SOMALI_IN_POPLAR = ["--filter", "community=Somali", "--filter", "ward=Poplar"]


@pytest.fixture
def store(load, db):
    assert load(("organisations.csv", ORGANISATIONS), ("assessment.csv", ASSESSMENT)).status == "applied"
    return db


def call(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), "export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def browser_bytes(db: Path, name: str, fmt: str, filters: Filters, policy=suppression.POLICY,
                  table: str | None = None) -> bytes:
    """What the 'Export this view' panel makes: the same functions, today's date."""
    made_on = export.today()
    with connect(db, read_only=True) as con:
        provenance = export.provenance(con, filters, policy, made_on)
        names = list(VIEWS) if name == "all" else [name]
        views = [export.page_view(con, n, filters, policy, made_on) for n in names]
    if fmt == "html":
        return export.meeting_pack_html(views, provenance)
    if fmt == "xlsx":
        return export.xlsx_bytes(views[0], provenance)
    return export.csv_bytes(next(s for s in views[0].sections if s.key == table), provenance)


@pytest.mark.parametrize("name, fmt, table, extra", [
    ("health", "csv", "main-disparity", ["--table", "main-disparity"]),
    ("health", "csv", "beneficiaries-affected", ["--table", "beneficiaries-affected"]),
    ("health", "xlsx", None, []),
    ("health", "html", None, []),
    ("all", "html", None, []),
])
def test_the_command_line_gives_the_browsers_bytes(capsys, store, tmp_path, name, fmt, table, extra):
    target = tmp_path / f"out.{fmt}"
    code, _, err = call(capsys, store, name, "--format", fmt, *extra, *SOMALI_IN_POPLAR, "-o", str(target))
    assert code == 0, err
    assert "Organisations serving Somali communities in Poplar" in err
    assert target.read_bytes() == browser_bytes(store, name, fmt, Filters(communities=("Somali",),
                                                                           wards=("Poplar",)), table=table)


def test_csv_defaults_to_the_first_table_with_data(capsys, store, tmp_path):
    target = tmp_path / "out.csv"
    assert call(capsys, store, "health", "--format", "csv", "-o", str(target))[0] == 0
    assert target.read_bytes() == browser_bytes(store, "health", "csv", Filters(), table="main-disparity")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf# Main disparity (rank 1)")


def test_no_suppression_gives_exact_counts_and_says_so(capsys, store, tmp_path):
    target = tmp_path / "out.csv"
    args = ["health", "--format", "csv", "--table", "beneficiaries-affected", "-o", str(target)]
    assert call(capsys, store, *args)[0] == 0
    assert "\r\nObesity,*," in target.read_bytes().decode("utf-8-sig")
    code, _, err = call(capsys, store, *args, "--no-suppression")
    assert code == 0 and "NO SUPPRESSION" in err
    text = target.read_bytes().decode("utf-8-sig")
    assert "\r\nObesity,3," in text and suppression.OFF_RULE in text


def test_workbook_from_the_command_line_opens(capsys, store, tmp_path):
    target = tmp_path / "out.xlsx"
    assert call(capsys, store, "health", "--format", "xlsx", "-o", str(target))[0] == 0
    workbook = load_workbook(io.BytesIO(target.read_bytes()))
    assert workbook.sheetnames[:2] == ["About", "Main disparity (rank 1)"]


def test_help_lists_every_view_and_filter_key(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["export", "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    for name, module in VIEWS.items():
        assert f"  {name:<12} {module.TITLE}" in shown
    assert "  all " in shown
    for key in ("community", "level", "ward", "income", "org", "from", "to"):
        assert f"\n  {key:<12} " in shown
    assert set(export.filter_keys()) == {"community", "level", "ward", "income", "org", "from", "to"}


@pytest.mark.parametrize("args, message", [
    (["nope", "--format", "csv"], "unknown view 'nope': use one of "),
    (["all", "--format", "csv"], "'all' is the meeting pack of every page"),
    (["health", "--format", "csv", "--filter", "colour=red"], "--filter 'colour=red': give KEY=VALUE"),
    (["health", "--format", "csv", "--filter", "community"], "give KEY=VALUE"),
    (["health", "--format", "csv", "--filter", "ward=Narnia"], "not a value the dashboard knows for 'ward'"),
    (["health", "--format", "csv", "--filter", "from=2021-13-01"], "not a value the dashboard knows for 'from'"),
    (["health", "--format", "csv", "--table", "nope"], "health has main-disparity, disparity-ranking"),
    (["health", "--format", "xlsx", "--table", "main-disparity"], "--table picks one table for csv"),
])
def test_mistakes_exit_2_with_a_plain_message(capsys, store, tmp_path, args, message):
    target = tmp_path / "never-written"
    code, _, err = call(capsys, store, *args, "-o", str(target))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not target.exists()


def test_png_without_chromium_says_how_to_fix_it(capsys, store, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    code, _, err = call(capsys, store, "health", "--format", "png", "-o", str(tmp_path / "x.png"))
    assert code == 1 and "apt-get install chromium" in err


def test_the_real_command(store, tmp_path):
    """One run in a fresh interpreter: `python -m disparities export` as an officer would type it."""
    target = tmp_path / "health.csv"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DISPARITIES_")}
    done = subprocess.run([sys.executable, "-m", "disparities", "--db", str(store), "export", "health", "--format",
                           "csv", "--filter", "community=Somali", "-o", str(target)],
                          cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == browser_bytes(store, "health", "csv", Filters(communities=("Somali",)),
                                                table="main-disparity")


def test_a_registered_format_is_offered_by_the_command_line(capsys, store, tmp_path, monkeypatch):
    """A format is one registration: `export --format` then offers it and makes it, under the same policy."""
    as_json = export.Format("json", "application/json", "table",
                            lambda section, provenance: section.display_table().to_json(orient="records").encode(),
                            "JSON")
    monkeypatch.setitem(export.FORMATS, "json", as_json)
    target = tmp_path / "out.json"
    code, _, err = call(capsys, store, "health", "--format", "json", "--table", "beneficiaries-affected",
                        "-o", str(target))
    assert code == 0, err
    assert '"*"' in target.read_text() and '"3"' not in target.read_text()  # obesity's 3 is suppressed
    assert call(capsys, store, "all", "--format", "json", "-o", str(target))[0] == 2
