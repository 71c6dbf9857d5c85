"""Shared fixtures: small stores built from literal CSV text in tmp_path.

Helpers are handed out as fixtures (not imported from this module) so that the
test modules never depend on how pytest names conftest modules.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from disparities import history
from disparities.ingest import BatchResult, UploadFile, ingest
from disparities.kinds import KINDS
from disparities.store import connect
from disparities.validate import q

# Every test publishes with one known cell-key secret, so perturbed figures are the same every run, in
# module-wide fixtures too (tests of the secret file itself unset it with monkeypatch).
TEST_CELL_KEY_SECRET = "tests: a fixed cell-key secret"
os.environ["DISPARITIES_CELL_KEY_SECRET"] = TEST_CELL_KEY_SECRET


ORGANISATIONS_CSV = """\
org_id,name,ward,communities_served,income_band,beneficiaries_per_year,staff,volunteers,joined_network_on
ORG-001,Alpha Wellbeing Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k,350,3,12,2021-01-27
ORG-002,Beta Women's Network,Bow East,Somali,under £10k,120,1,8,2021-03-15
ORG-003,Gamma Elders Club,Poplar,Caribbean,,60,0,5,
"""

INDICATORS_CSV = """\
indicator_id,framework,theme,indicator,unit,baseline,target,target_date,start_date,higher_is_better
DP-1,Disparities project,Community Leadership,Number of groups supported to network,count,0,30,2021-10-31,2020-11-01,yes
DP-2,Appendix 1,Education,Children and young people at risk of NEET supported,count,0,800,2022-03-31,2020-11-01,
"""


def encode_csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


@pytest.fixture
def csv_bytes() -> Callable[..., bytes]:
    """csv_bytes(text, encoding="utf-8"): literal CSV text as the bytes of an uploaded file."""
    return encode_csv


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store file that does not exist yet (created on first connection)."""
    return tmp_path / "store.duckdb"


def _upload(spec) -> UploadFile:
    if isinstance(spec, UploadFile):
        return spec
    name, content, *kind = spec
    data = content if isinstance(content, bytes) else encode_csv(content)
    return UploadFile(name, data, kind[0] if kind else None)


@pytest.fixture
def load(db: Path) -> Callable[..., BatchResult]:
    """load(("orgs.csv", text), ..., dry_run=False): one batch into the `db` store.

    Each file is an UploadFile or (name, text-or-bytes[, kind])."""
    def load(*files, dry_run: bool = False, uploaded_by: str = "tests") -> BatchResult:
        return ingest(db, [_upload(f) for f in files], dry_run=dry_run, uploaded_by=uploaded_by)
    return load


@pytest.fixture(scope="session")
def _store_with_orgs_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("original") / "store.duckdb"
    result = ingest(path, [UploadFile("organisations.csv", encode_csv(ORGANISATIONS_CSV)),
                           UploadFile("indicators.csv", encode_csv(INDICATORS_CSV))], uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A closed DuckDB store is one file (plus a write-ahead log if it was not checkpointed)."""
    for suffix in ("", ".wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


@pytest.fixture
def store_with_orgs(db: Path, _store_with_orgs_original: Path) -> Path:
    """The `db` store holding three organisations (ORG-001..003) and two indicators (DP-1, DP-2),
    loaded as one batch: upload #1 (organisations.csv) and #2 (indicators.csv). A copy of one
    session-wide original, so each test starts from the same bytes."""
    return copy_store(_store_with_orgs_original, db)


def _dump_all(path: Path) -> dict[str, list[tuple]]:
    """Every kind's current rows (with the upload each came from), sorted, plus the uploads table."""
    with connect(path) as con:
        dumped = {name: sorted(con.execute(f"SELECT {', '.join(q(c) for c in kind.names)}, upload_id "
                                           f"FROM {name}").fetchall(), key=repr)
                  for name, kind in KINDS.items()}
        dumped["uploads"] = con.execute("SELECT * FROM uploads ORDER BY id").fetchall()
    return dumped


@pytest.fixture
def dump_all() -> Callable[[Path], dict[str, list[tuple]]]:
    return _dump_all


@pytest.fixture
def counts() -> Callable[[Path], dict[str, int]]:
    """counts(path): current rows per kind (history.row_counts)."""
    def counts(path: Path) -> dict[str, int]:
        with connect(path) as con:
            return history.row_counts(con)
    return counts


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled sample batch; session-wide, so tests must only read it."""
    from disparities import bootstrap
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    bootstrap.init_store(path)
    return path


OFFICER_PASSWORD = "a long test password"


@pytest.fixture
def app_on(monkeypatch: pytest.MonkeyPatch):
    """app_on(store, page, password=False, officer=None): the app through AppTest on `store`, not yet run; with
    an officer password configured if `password`, and `officer` signed in (as the sign-in form records it after
    the password check). Starts from app.py so page links resolve; page=None is app.py."""
    from streamlit.testing.v1 import AppTest

    from disparities import auth

    def make(store: Path, page: str | None = None, *, password: bool = False, officer: str | None = None) -> AppTest:
        monkeypatch.setenv("DISPARITIES_DB", str(store))
        # No officer password unless a test sets one: a developer's own secrets.toml must not change results.
        monkeypatch.setenv("DISPARITIES_SECRETS_FILE", str(store.parent / "no-secrets.toml"))
        if password:
            monkeypatch.setenv("DISPARITIES_OFFICER_PASSWORD_HASH", auth.hash_password(OFFICER_PASSWORD))
        else:
            monkeypatch.delenv("DISPARITIES_OFFICER_PASSWORD_HASH", raising=False)
        app = AppTest.from_file("../app.py", default_timeout=60)
        if page:
            app.switch_page(page)
        if officer:
            app.session_state["officer"] = officer
        return app
    return make


@pytest.fixture
def run_page(app_on):
    """run_page(store, "pages/2_...py", community="Somali", ...): the page run through AppTest with those URL
    query parameters, asserted to raise nothing."""
    from streamlit.testing.v1 import AppTest

    def run(store: Path, page: str | None = None, **query: str | list[str]) -> AppTest:
        app = app_on(store, page)
        for key, value in query.items():
            app.query_params[key] = value
        app.run()
        assert not app.exception, app.exception
        return app
    return run


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the schema and no rows; session-wide, read only."""
    from disparities import bootstrap
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    bootstrap.init_store(path, with_sample=False)
    return path
