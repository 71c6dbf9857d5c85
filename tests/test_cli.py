"""python -m disparities: exit codes, reports, JSON shapes, and no tracebacks for bad input.

A few cases run the real command in a subprocess (about a second each); the rest call
disparities.cli.main in-process with captured output.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from disparities import cli, config
from disparities.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
NEW_ORG = "org_id,name,ward\nORG-101,Sample Riverside Carers,Poplar\n"
BAD_ORGS = "org_id,name,staff\nORG-101,Riverside,lots\nORG-102,,2\n"


def run(db: Path | None, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command line in a fresh interpreter, from the repository root, without DISPARITIES_* settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DISPARITIES_")}
    command = [sys.executable, "-m", "disparities", *(["--db", str(db)] if db else []), *args]
    return subprocess.run(command, cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True, timeout=60)


def call(capsys: pytest.CaptureFixture, db: Path, *args: str) -> tuple[int, str, str]:
    """The command line in-process: (exit code, stdout, stderr)."""
    code = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def status(capsys: pytest.CaptureFixture, db: Path) -> dict:
    code, out, _ = call(capsys, db, "status", "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture(scope="module")
def _sample_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "sample.duckdb"
    done = run(path, "init")
    assert done.returncode == 0, done.stderr
    assert f"Store ready at {path} with the sample data" in done.stdout
    return path


@pytest.fixture
def sample_db(_sample_original: Path, tmp_path: Path) -> Path:
    """A store made by `init` (the sample data as one batch of 7 uploads); each test gets its own copy."""
    path = tmp_path / "sample.duckdb"
    shutil.copyfile(_sample_original, path)
    return path


@pytest.fixture
def write(tmp_path: Path):
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    return write


# ---- init -------------------------------------------------------------------------------------

def test_init_loads_the_sample(sample_db: Path, capsys) -> None:
    found = status(capsys, sample_db)
    assert found["rows"]["organisations"] == 30
    assert all(found["rows"][name] > 0 for name in KINDS if name != "population")
    assert found["sample_data"] is True and found["uploads"] == 8


def test_init_again_keeps_the_data(sample_db: Path, capsys) -> None:
    before = status(capsys, sample_db)
    code, out, _ = call(capsys, sample_db, "init")
    assert code == 0
    assert "sample data not loaded: the store already has data" in out
    assert status(capsys, sample_db) == before


def test_init_without_sample(db: Path, capsys) -> None:
    code, out, _ = call(capsys, db, "init", "--no-sample")
    assert (code, "sample data not loaded: as asked" in out) == (0, True)
    assert db.exists()
    found = status(capsys, db)
    assert (found["rows"], found["uploads"], found["sample_data"]) == ({name: 0 for name in KINDS}, 0, False)


# ---- ingest exit codes and reports ------------------------------------------------------------

def test_ingest_applied(sample_db: Path, write, capsys) -> None:
    done = run(sample_db, "ingest", str(write("new.csv", NEW_ORG)))
    assert done.returncode == 0, done.stderr
    assert "new.csv (organisations): 1 added, 0 replaced, 0 unchanged" in done.stdout
    assert done.stdout.rstrip().endswith("Applied.")
    assert status(capsys, sample_db)["rows"]["organisations"] == 31


def test_ingest_byte_identical_file_is_unchanged(sample_db: Path) -> None:
    done = run(sample_db, "ingest", str(config.SAMPLE_DIR / "organisations.csv"))
    assert done.returncode == 0, done.stderr
    assert "unchanged, this exact file was already loaded (upload #1 on " in done.stdout
    assert "Nothing to change." in done.stdout


def test_ingest_refused(sample_db: Path, write, capsys) -> None:
    before = status(capsys, sample_db)
    done = run(sample_db, "ingest", str(write("new.csv", NEW_ORG)), str(write("bad.csv", BAD_ORGS)))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "bad.csv (organisations): refused" in done.stderr
    assert "error: row 2, column staff: 'lots' is not a whole number" in done.stderr
    assert "error: row 3, column name: is required but empty" in done.stderr
    assert "Nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr
    assert status(capsys, sample_db) == before


def test_ingest_json(sample_db: Path, write) -> None:
    done = run(sample_db, "ingest", "--json", str(write("orgs.csv", NEW_ORG + "ORG-001,Renamed,Atlantis\n")))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "applied"
    [one] = report["files"]
    assert {"kind", "added", "replaced", "unchanged", "errors", "warnings"} <= set(one)
    assert (one["kind"], one["added"], one["replaced"], one["unchanged"], one["errors"]) == (
        "organisations", 1, 1, 0, [])
    [warning] = one["warnings"]
    assert {"row", "column", "message"} <= set(warning)
    assert (warning["row"], warning["column"]) == (3, "ward")


def test_ingest_json_refused(sample_db: Path, write) -> None:
    done = run(sample_db, "ingest", "--json", str(write("bad.csv", BAD_ORGS)))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["status"] == "refused"
    errors = report["files"][0]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "staff"), (3, "name")]
    assert all(set(e) >= {"row", "column", "message"} for e in errors)
    assert "row 2, column staff" in done.stderr


def test_ingest_dry_run(sample_db: Path, write, capsys) -> None:
    before = status(capsys, sample_db)
    code, out, _ = call(capsys, sample_db, "ingest", "--dry-run", str(write("new.csv", NEW_ORG)))
    assert code == 0
    assert "1 added, 0 replaced, 0 unchanged" in out and "Dry run: nothing was changed." in out
    code, out, _ = call(capsys, sample_db, "ingest", "--dry-run", "--json", str(write("new.csv", NEW_ORG)))
    assert (code, json.loads(out)["status"]) == (0, "checked")
    assert status(capsys, sample_db) == before


def test_ingest_with_an_explicit_kind(db: Path, write, capsys) -> None:
    code, out, err = call(capsys, db, "ingest", "--kind", "toolkit", str(write("orgs.csv", NEW_ORG)))
    assert code == 1
    assert "required column 'returned_on' is missing" in err


def test_ingest_missing_file(db: Path, tmp_path: Path, capsys) -> None:
    code, out, err = call(capsys, db, "ingest", str(tmp_path / "nowhere.csv"))
    assert (code, out) == (1, "")
    assert "cannot read" in err and "nowhere.csv" in err


def test_ingest_undetectable_kind(db: Path, write, capsys) -> None:
    code, out, err = call(capsys, db, "ingest", str(write("what.csv", "colour,size\nred,big\n")))
    assert code == 1
    assert "Could not tell what kind of file this is" in err


@pytest.mark.parametrize("content, code, message", [
    (b"", 1, "The file is empty."),
    (b"org_id,name\n", 1, "header row but no data rows"),
    (b"PK\x03\x04" + bytes(200), 1, "workbook could not be opened"),  # a zip is read as a workbook
    (b"%PDF-1.5\n", 1, "PDF document"),
    (bytes(range(1, 256)) * 8, 1, "cannot be read"),
    (bytes(range(256)) * 8, 1, "binary file"),
    (b"\x00\x01\x02\x03" * 300, 1, "binary file"),
    ("org_id;name\nORG-1;Caf\u00e9 \u00a3 \u2013 \u2019\n".encode("cp1252"), 0, "Applied."),
    ("org_id\tname\nORG-1\tA\n".encode("utf-16"), 0, "Applied."),
    (b'org_id,name\nORG-1,"never closed\n', 1, "closing quote"),
    (b"org_id,name\nORG-1,A,B\n", 1, "3 cells but the header has 2"),
])
def test_bad_input_is_reported_not_raised(db: Path, write, capsys, content: bytes, code: int, message: str) -> None:
    found, out, err = call(capsys, db, "ingest", str(write("upload.csv", content)))
    assert found == code
    assert message in (out if code == 0 else err)


@pytest.mark.parametrize("content, code, message", [
    pytest.param(bytes(range(256)) * 8, 1, "binary file", id="binary"),
    pytest.param("org_id,name,income_band\nORG-1,St Peter\u2019s \u2013 Caf\u00e9,under \u00a310k\n".encode("cp1252"),
                 0, "1 added", id="windows-1252"),
])
def test_no_traceback_from_the_real_command(db: Path, write, content: bytes, code: int, message: str) -> None:
    done = run(db, "ingest", str(write("upload.csv", content)))
    assert done.returncode == code
    assert "Traceback" not in done.stderr
    assert message in done.stdout + done.stderr


def test_a_busy_or_broken_store_is_an_error_not_a_traceback(tmp_path: Path, write, capsys) -> None:
    broken = write("broken.duckdb", b"not a database" * 100)
    for args in (["status"], ["ingest", str(write("new.csv", NEW_ORG))], ["dump", "organisations"], ["uploads"]):
        code, _, err = call(capsys, broken, *args)
        assert code == 1 and err.startswith("error: Cannot open the data store"), args


# ---- usage errors -----------------------------------------------------------------------------

def test_unknown_subcommand_exits_2(db: Path) -> None:
    done = run(db, "frobnicate")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [
    ["ingest", "--frobnicate", "x.csv"],  # unknown option
    ["ingest"],  # missing argument
    ["undo"],
    ["undo", "three"],
    ["dump", "organisation"],  # unknown kind
    ["template"],
    [],
])
def test_usage_errors_exit_2(db: Path, capsys, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--db", str(db), *args])
    assert exited.value.code == 2
    assert "usage:" in capsys.readouterr().err
    assert not db.exists()


# ---- status, dump, uploads, undo, template ----------------------------------------------------

def test_status_json_shape(sample_db: Path, capsys) -> None:
    found = status(capsys, sample_db)
    assert set(found) == {"rows", "uploads", "last_upload", "sample_data"}
    assert list(found["rows"]) == list(KINDS)
    assert isinstance(found["last_upload"], str) and found["last_upload"].endswith("UTC")


def test_status_text(sample_db: Path, capsys) -> None:
    code, out, _ = call(capsys, sample_db, "status")
    assert code == 0
    assert out.splitlines()[0].split() == ["organisations", "30"]
    assert "uploads: 8;" in out and "sample data: present" in out


def test_dump_round_trip(sample_db: Path, tmp_path: Path, capsys) -> None:
    for name in ("organisations", "assessment"):
        code, _, _ = call(capsys, sample_db, "dump", name, "-o", str(tmp_path / f"{name}.csv"))
        assert code == 0
    code, out, _ = call(capsys, sample_db, "ingest", "--json", str(tmp_path / "organisations.csv"),
                        str(tmp_path / "assessment.csv"))
    assert code == 0
    report = json.loads(out)
    assert report["status"] == "unchanged"
    organisations, assessment = report["files"]
    # the dumped organisations are the sample file byte for byte; the assessment is in another order
    assert organisations["already_loaded"] is not None
    assert assessment["already_loaded"] is None
    assert (assessment["added"], assessment["replaced"], assessment["unchanged"]) == (0, 0, assessment["rows"])
    assert assessment["rows"] > 100


def test_dump_to_standard_output(sample_db: Path, capsys) -> None:
    code, out, _ = call(capsys, sample_db, "dump", "organisations")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ",".join(KINDS["organisations"].names)
    assert len(lines) == 31
    assert out == (config.SAMPLE_DIR / "organisations.csv").read_text(encoding="utf-8")


def test_uploads_undo_and_status(sample_db: Path, capsys) -> None:
    code, out, _ = call(capsys, sample_db, "uploads", "--json")
    assert code == 0
    uploads = json.loads(out)
    assert [u["id"] for u in uploads] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert {"id", "kind", "file_name", "rows_added", "uploaded_at", "undone_at"} <= set(uploads[0])
    readings = next(u for u in uploads if u["kind"] == "readings")

    before = status(capsys, sample_db)
    code, out, _ = call(capsys, sample_db, "undo", str(readings["id"]))
    assert code == 0
    assert f"Undone upload #{readings['id']}: readings.csv (readings)." in out
    assert "organisations: 30 -> 0 rows" in out  # the sample is one batch, undone as one
    after = status(capsys, sample_db)
    assert sum(after["rows"].values()) < sum(before["rows"].values())
    assert after["rows"] == {name: 0 for name in KINDS}

    code, _, err = call(capsys, sample_db, "undo", str(readings["id"]))
    assert code == 1 and "was already undone" in err
    code, _, err = call(capsys, sample_db, "undo", "999")
    assert code == 1 and "There is no upload #999" in err
    code, out, _ = call(capsys, sample_db, "uploads")
    assert code == 0 and out.count("undone") == 8


def test_template_to_a_file(db: Path, tmp_path: Path, capsys) -> None:
    out_file = tmp_path / "readings-template.csv"
    code, out, _ = call(capsys, db, "template", "readings", "-o", str(out_file))
    assert (code, out) == (0, "")
    assert out_file.read_text(encoding="utf-8").splitlines()[0] == "indicator_id,period_end,value,note"
    code, _, err = call(capsys, db, "ingest", str(out_file))  # a valid file, but EXAMPLE-IND-1 is not defined here
    assert code == 1 and "row 2, column indicator_id: 'EXAMPLE-IND-1' is not in the indicators" in err


# ---- where the store is -----------------------------------------------------------------------

def test_disparities_db_environment_variable(sample_db: Path) -> None:
    done = run(None, "status", "--json", env={"DISPARITIES_DB": str(sample_db)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"]["organisations"] == 30


def test_db_option_wins_over_the_environment(sample_db: Path, db: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DISPARITIES_DB", str(sample_db))
    code, _, err = call(capsys, db, "status", "--json")
    assert code == 1 and str(db) in err and "init" in err  # it looked at --db, not at the sample store
    assert not db.exists()  # reading commands never create a store
    monkeypatch.delenv("DISPARITIES_DB")
    assert config.db_path() == config.DEFAULT_DB


def test_help_imports_none_of_the_heavy_modules() -> None:
    """`--help` answers at once: pandas, DuckDB, plotly and streamlit are imported only when a command runs."""
    import subprocess
    import sys
    from disparities.config import ROOT
    probe = ("import sys, runpy; sys.argv = ['disparities', '--help']\n"
             "try:\n    runpy.run_module('disparities', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pandas', 'duckdb', 'plotly', 'streamlit', 'sqlmodel') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
