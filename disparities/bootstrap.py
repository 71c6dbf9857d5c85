"""Creating a store, with the bundled sample data loaded as one batch of uploads marked as sample."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from disparities import config, history
from disparities.ingest import BatchResult, UploadFile, ingest
from disparities.sample import write_sample
from disparities.store import connect

SAMPLE_UPLOADER = "sample data"


def load_sample(db: Path) -> BatchResult:
    files = sorted(config.SAMPLE_DIR.glob("*.csv"))
    if not files:  # a checkout without the generated files
        write_sample(config.SAMPLE_DIR)
        files = sorted(config.SAMPLE_DIR.glob("*.csv"))
    return ingest(db, [UploadFile.from_path(f) for f in files], uploaded_by=SAMPLE_UPLOADER, is_sample=True)


def init_store(db: Path, *, with_sample: bool = True, again: bool = False) -> BatchResult | None:
    """Create the store; load the sample unless asked not to or the store holds current rows. `again`: load
    the sample into a store whose sample was removed, even beside real data (flagged as sample, as ever)."""
    with connect(db) as con:
        current = sum(history.row_counts(con).values())
        sample_in_use = history.sample_rows(con) > 0
    if not with_sample or sample_in_use or (current and not again):
        return None
    return load_sample(db)


@lru_cache(maxsize=1)  # every ingest asks; the bundled files do not change while the program runs
def sample_hashes() -> frozenset[str]:
    """SHA-256 of the bundled sample files: the same bytes uploaded by hand are still sample data."""
    return frozenset(hashlib.sha256(f.read_bytes()).hexdigest() for f in config.SAMPLE_DIR.glob("*.csv"))
