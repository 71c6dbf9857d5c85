"""Benchmarks: `python -m disparities.bench ingest` and `python -m disparities.bench pages`.

ingest: generates (deterministically, in a temporary folder) a readings file of 200,000
rows and an organisations file of 30,000 rows, times validated ingestion of each
into a fresh store and DuckDB's plain `read_csv` of the same file into a plain
table in a fresh database file, and prints the times, peak memory and the ratio.

pages: builds a store at 1x (the sample) and at 100x (the sample's organisations,
assessments, toolkit returns, events and indicators copied 100 times, and
100,000 readings), renders every dashboard page with Streamlit's AppTest, and
prints each page's time at both scales: cold (the query cache emptied first, as
after an upload) and warm (cached, as when a filter is set back). It also renders
a bare page (four plotly charts over the 100,000 readings, read and cached the
same way) and prints page_ratio_100x: the slowest page cold at 100x / the bare
page cold. Target: 1.5 or less.

first-chart: in headless Chromium (Playwright's Python package and a system
Chromium), the seconds from starting a server to the first chart drawn, for the
Health disparities page on a fresh sample store and for a bare Streamlit page
with one plotly chart; prints first_chart_ratio. Target: 1.2 or less.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from disparities.ingest import UploadFile, ingest
from disparities.vocabularies import COMMUNITY, INCOME, WARD

READINGS_ROWS, ORGANISATIONS_ROWS, INDICATORS = 200_000, 30_000, 400
REPEATS = 3


def write_indicators(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["indicator_id", "framework", "theme", "indicator", "unit", "target"])
        for i in range(INDICATORS):
            w.writerow([f"BX-{i:04d}", "Disparities project", "Benchmark", f"Benchmark indicator {i}", "count", 1000])


def write_readings(path: Path, rows: int = READINGS_ROWS) -> None:
    rng = random.Random(2021)
    start = dt.date(2000, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["indicator_id", "period_end", "value", "note"])
        for n in range(rows):
            day = start + dt.timedelta(days=n // INDICATORS)
            date = day.isoformat() if n % 3 else day.strftime("%d/%m/%Y")
            w.writerow([f"BX-{n % INDICATORS:04d}", date, f"{rng.randint(0, 250_000):,}", f"reading {n}"])


def write_organisations(path: Path, rows: int = ORGANISATIONS_ROWS) -> None:
    rng = random.Random(2020)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["org_id", "name", "ward", "communities_served", "income_band", "beneficiaries_per_year",
                    "staff", "volunteers", "joined_network_on"])
        for n in range(rows):
            communities = "; ".join(rng.sample(COMMUNITY.labels, rng.randint(1, 3)))
            joined = dt.date(2020, 11, 1) + dt.timedelta(days=rng.randint(0, 700))
            w.writerow([f"ORG-{n:05d}", f"Sample benchmark group {n}", rng.choice(WARD.labels), communities,
                        rng.choice(INCOME.labels), rng.randint(10, 5000), rng.randint(0, 30), rng.randint(0, 80),
                        joined.strftime("%d/%m/%Y")])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def read_csv_baseline(folder: Path, source: Path, tag: str) -> float:
    db = folder / f"plain-{tag}.duckdb"

    def run() -> None:
        with duckdb.connect(str(db)) as con:
            con.execute("CREATE OR REPLACE TABLE plain AS SELECT * FROM read_csv(?)", [str(source)])

    return timed(run)


def validated_ingest(folder: Path, source: Path, tag: str, prerequisites: list[Path]) -> float:
    db = folder / f"store-{tag}.duckdb"
    if prerequisites:
        ingest(db, [UploadFile.from_path(p) for p in prerequisites])
    upload = UploadFile.from_path(source)

    def run() -> None:
        result = ingest(db, [upload])
        if result.status != "applied":
            raise SystemExit(f"benchmark ingestion was refused: {result.files[0].errors[:3]}")

    return timed(run)


def bench_ingest() -> float:
    with tempfile.TemporaryDirectory(prefix="disparities-bench-") as name:
        folder = Path(name)
        indicators, readings, orgs = folder / "indicators.csv", folder / "readings.csv", folder / "organisations.csv"
        write_indicators(indicators)
        write_readings(readings)
        write_organisations(orgs)
        print(f"files: readings {READINGS_ROWS:,} rows ({readings.stat().st_size / 1e6:.1f} MB), "
              f"organisations {ORGANISATIONS_ROWS:,} rows ({orgs.stat().st_size / 1e6:.1f} MB); best of {REPEATS}")
        ratios = {}
        for label, source, prerequisites in (("readings", readings, [indicators]), ("organisations", orgs, [])):
            plain = min(read_csv_baseline(folder, source, f"{label}{i}") for i in range(REPEATS))
            checked = min(validated_ingest(folder, source, f"{label}{i}", prerequisites) for i in range(REPEATS))
            ratios[label] = checked / plain
            print(f"{label:<14} read_csv {plain:.3f} s   validated ingest {checked:.3f} s   "
                  f"ratio {ratios[label]:.2f}   peak RSS so far {peak_rss_mb():.0f} MB")
        worst = bench_hostile(folder)
        print(f"ingest_ratio={ratios['readings']:.2f} hostile_max_s={worst:.2f}")
        return ratios["readings"]


def hostile_files() -> dict[str, bytes]:
    """The worst files known, as the tester made them: a list cell of 100,000 items (once quadratic: more than
    five minutes), 10,000 columns (once 45 s and 2.2 GB), a 140,000-character cell, a 20,000-row CR-only file."""
    deep = "org_id,returned_on,services\nORG-001,2021-08-16," + ";".join(f"item{i}" for i in range(100_000))
    wide = ",".join(f"col{i}" for i in range(10_000)) + "\n" + ",".join("1" * 10_000)
    long_cell = "org_id,name,notes\nORG-1,A," + "x" * 140_000 + "\n\nORG-2,B,\n"
    cr_only = "org_id,name\r" + "".join(f"ORG-{i},Group {i}\r" for i in range(20_000))
    return {"deep list (100,000 items)": deep.encode(), "wide (10,000 columns)": wide.encode(),
            "long cell (140,000 characters)": long_cell.encode(), "CR-only (20,000 rows)": cr_only.encode()}


def bench_hostile(folder: Path) -> float:
    """Each hostile file checked (dry run) against a store holding the register; the slowest time."""
    db = folder / "hostile.duckdb"
    ingest(db, [UploadFile("organisations.csv", b"org_id,name\nORG-001,A\n")])
    worst = 0.0
    for label, data in hostile_files().items():
        seconds = timed(lambda: ingest(db, [UploadFile("hostile.csv", data)], dry_run=True))
        worst = max(worst, seconds)
        print(f"hostile: {label:<32} {seconds:.2f} s   peak RSS so far {peak_rss_mb():.0f} MB")
    return worst


# ---- pages ------------------------------------------------------------------------------------------

READINGS_PER_FACTOR = 1_000  # 100,000 readings at 100x, as the issue sets


def _copy_id(code: str, copy: int) -> str:
    return code if copy == 0 else f"{code}-C{copy:03d}"


def _copies(rows: list[dict], factor: int, ids: dict[str, Callable[[object, int], object]]) -> list[dict]:
    """`factor` copies of `rows`; in copy k the columns in `ids` are rewritten by their function."""
    return [{**row, **{column: rewrite(row[column], copy) for column, rewrite in ids.items()}}
            for copy in range(factor) for row in rows]


def _weekly_readings(indicators: list[dict], total: int) -> list[dict]:
    """About total/len(indicators) weekly readings per indicator, rising from baseline towards target."""
    rng = random.Random(100)
    per_indicator = max(1, total // len(indicators))
    rows = []
    for n, indicator in enumerate(indicators):
        start = indicator.get("start_date") or dt.date(2020, 11, 1)
        target = float(indicator.get("target") or 100)
        count = per_indicator + (1 if n < total - per_indicator * len(indicators) else 0)
        for week in range(count):
            value = round(target * (week + 1) / count * rng.uniform(0.7, 1.1))
            rows.append({"indicator_id": indicator["indicator_id"], "period_end": start + dt.timedelta(weeks=week),
                         "value": value, "note": "benchmark"})
    return rows


def scaled_sample(factor: int) -> dict[str, list[dict]]:
    """The sample tables at `factor` times their size (1 = the sample itself)."""
    from .sample import build_sample
    tables = build_sample()
    if factor == 1:
        return tables
    org = lambda code, k: _copy_id(code, k)  # noqa: E731 - a column rewrite, named for the mapping below
    scaled = {
        "organisations": _copies(tables["organisations"], factor,
                                 {"org_id": org, "name": lambda name, k: name if k == 0 else f"{name} {k + 1}"}),
        "assessment": _copies(tables["assessment"], factor, {"org_id": org}),
        "toolkit": _copies(tables["toolkit"], factor, {"org_id": org}),
        "events": _copies(tables["events"], factor, {
            "event_id": org, "organisations": lambda ids, k: [_copy_id(i, k) for i in ids or []]}),
        "indicators": _copies(tables["indicators"], factor, {"indicator_id": org}),
        "timeline": tables["timeline"],  # programme-wide: one programme, however many groups
    }
    scaled["readings"] = _weekly_readings(scaled["indicators"], READINGS_PER_FACTOR * factor)
    return scaled


def build_store(folder: Path, factor: int) -> Path:
    from .kinds import KINDS
    from .sample import write_csv
    db = folder / f"pages-{factor}x.duckdb"
    files = []
    for kind, rows in scaled_sample(factor).items():
        path = folder / f"{kind}-{factor}x.csv"
        write_csv(path, KINDS[kind].names, rows)
        files.append(UploadFile.from_path(path, kind))
    result = ingest(db, files, uploaded_by="benchmark", is_sample=True)
    if result.status != "applied":
        raise SystemExit(f"benchmark store was refused: {[f.errors[:3] for f in result.files]}")
    return db


def _quiet_streamlit() -> None:
    """AppTest runs without a server, and Streamlit's loggers say so on every run: keep the figures readable."""
    import logging
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def render_seconds(db: Path, page: str | None, *, cold: bool, script: Path | None = None) -> float:
    """One AppTest run of `page` (or of a `script` of its own, the bare page) against `db`; cold empties
    Streamlit's data cache first."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest
    os.environ["DISPARITIES_DB"] = str(db)
    _quiet_streamlit()
    if cold:
        st.cache_data.clear()
    app = AppTest.from_file(str(script or Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120)
    if page:
        app.switch_page(page)
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    if app.exception:
        raise SystemExit(f"{page or script} raised: {app.exception[0].message}")
    return elapsed


# A page as bare as Streamlit allows, drawing four plotly charts over the same 100,000 readings, read from the
# store the same way as the dashboard (a read-only connection, results in st.cache_data): what the dashboard's
# slowest page is measured against.
BARE_PAGE = """
import os
import duckdb
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Bare page", layout="wide")

@st.cache_data
def read(sql):
    with duckdb.connect(os.environ["DISPARITIES_DB"], read_only=True) as con:
        return con.execute(sql).df()

readings = "SELECT * FROM readings"
st.title("Bare page")
per_indicator = read(f"SELECT indicator_id, count(*) AS n, avg(value) AS mean FROM ({readings}) GROUP BY 1 ORDER BY 1")
per_month = read(f"SELECT date_trunc('month', period_end) AS month, sum(value) AS total FROM ({readings}) GROUP BY 1 "
                 "ORDER BY 1")
values = read(f"SELECT round(value, -1) AS value, count(*) AS n FROM ({readings}) GROUP BY 1 ORDER BY 1")
top = per_indicator.nlargest(20, "mean")
for figure in (px.bar(top, x="mean", y="indicator_id", orientation="h"), px.line(per_month, x="month", y="total"),
               px.bar(values, x="value", y="n"), px.scatter(per_indicator, x="n", y="mean")):
    st.plotly_chart(figure, width="stretch")
"""


def bench_pages(factors: tuple[int, ...] = (1, 100), repeats: int = REPEATS) -> float:
    from .registry import PAGES
    slowest = {}
    with tempfile.TemporaryDirectory(prefix="disparities-pages-") as name:
        stores = {}
        for factor in factors:
            started = time.perf_counter()
            stores[factor] = build_store(Path(name), factor)
            print(f"{factor}x store built in {time.perf_counter() - started:.1f} s")
        print(f"{'page':<24}" + "".join(f"{f'{f}x cold':>10}{f'{f}x warm':>10}" for f in factors))
        for page in PAGES:
            cells = []
            for factor in factors:
                render_seconds(stores[factor], page.path, cold=False)  # imports and first-run compile, not timed
                cold = min(render_seconds(stores[factor], page.path, cold=True) for _ in range(repeats))
                warm = min(render_seconds(stores[factor], page.path, cold=False) for _ in range(repeats))
                slowest[factor] = max(slowest.get(factor, 0.0), cold)
                cells.append(f"{cold:>10.3f}{warm:>10.3f}")
            print(f"{page.title:<24}" + "".join(cells), flush=True)
        bare_script = Path(name) / "bare_page.py"
        bare_script.write_text(BARE_PAGE, encoding="utf-8")
        top = max(factors)
        render_seconds(stores[top], None, cold=False, script=bare_script)
        bare = min(render_seconds(stores[top], None, cold=True, script=bare_script) for _ in range(repeats))
        print(f"{'Bare page (4 charts)':<24}{'':>20}{bare:>10.3f}")
    print(f"seconds, best of {repeats}; cold = query cache emptied first (as after an upload)")
    print(f"page_max_s_{top}x={slowest[top]:.3f}")
    print(f"bare_page_s_{top}x={bare:.3f}")
    print(f"page_ratio_{top}x={slowest[top] / bare:.2f}")
    return slowest[top] / bare


BARE_CHART_PAGE = """
import plotly.express as px
import streamlit as st

st.title("Bare page")
st.plotly_chart(px.bar(x=["Mental health", "Diabetes", "Obesity"], y=[15, 8, 4]), width="stretch")
"""


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_chart_seconds(script: Path, url_path: str, env: dict, browser) -> float:
    """Seconds from starting `streamlit run script` to the first plotly chart drawn at `url_path`."""
    import os
    import subprocess
    import urllib.request
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=Path(__file__).resolve().parent.parent, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:  # the server answers its health check once it listens
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.perf_counter() - started > 120:
                    raise SystemExit(f"{script.name}: the server did not start within 120 s")
                time.sleep(0.05)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"http://127.0.0.1:{port}/{url_path}")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_first_chart(repeats: int = REPEATS) -> float:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("first-chart needs Playwright's Python package: pip install -r requirements-dev.txt")
    import shutil
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise SystemExit("first-chart needs Chromium (apt-get install -y chromium)")
    from .bootstrap import init_store
    from .registry import BY_KEY
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="disparities-first-chart-") as name, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        bare_script = Path(name) / "bare_chart.py"
        bare_script.write_text(BARE_CHART_PAGE, encoding="utf-8")
        dashboard, bare = [], []
        for n in range(repeats):
            db = Path(name) / f"store-{n}.duckdb"
            init_store(db)  # a fresh sample store each time: nothing cached from the run before
            env = {"DISPARITIES_DB": str(db), "DISPARITIES_SECRETS_FILE": str(Path(name) / "none.toml")}
            dashboard.append(first_chart_seconds(root / "app.py", BY_KEY["health"].url_path, env, browser))
            bare.append(first_chart_seconds(bare_script, "", {}, browser))
            print(f"run {n + 1}: dashboard {dashboard[-1]:.2f} s, bare page {bare[-1]:.2f} s", flush=True)
        browser.close()
    best, best_bare = min(dashboard), min(bare)
    print(f"first_chart_s={best:.2f}")
    print(f"bare_first_chart_s={best_bare:.2f}")
    print(f"first_chart_ratio={best / best_bare:.2f}")
    return best / best_bare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m disparities.bench")
    parser.add_argument("what", choices=["ingest", "pages", "first-chart"], help="which benchmark to run")
    args = parser.parse_args(argv)
    if args.what == "ingest":
        bench_ingest()
    elif args.what == "pages":
        bench_pages()
    else:
        bench_first_chart()
    return 0


if __name__ == "__main__":
    sys.exit(main())
