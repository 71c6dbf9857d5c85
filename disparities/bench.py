"""python -m disparities.bench ingest: validated ingestion against DuckDB's own read_csv.

Generates (deterministically, in a temporary folder) a readings file of 200,000
rows and an organisations file of 30,000 rows, times validated ingestion of each
into a fresh store and DuckDB's plain `read_csv` of the same file into a plain
table in a fresh database file, and prints the times, peak memory and the ratio.
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

from .ingest import UploadFile, ingest
from .vocabularies import COMMUNITY, INCOME, WARD

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
        print(f"ingest_ratio={ratios['readings']:.2f}")
        return ratios["readings"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m disparities.bench")
    parser.add_argument("what", choices=["ingest"], help="which benchmark to run")
    args = parser.parse_args(argv)
    if args.what == "ingest":
        bench_ingest()
    return 0


if __name__ == "__main__":
    sys.exit(main())
