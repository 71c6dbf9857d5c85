"""Creating a store, with the bundled sample data loaded as one batch of uploads marked as sample."""
from __future__ import annotations

from pathlib import Path

from . import config
from .ingest import BatchResult, UploadFile, ingest
from .sample import write_sample
from .store import connect

SAMPLE_UPLOADER = "sample data"


def load_sample(db: Path) -> BatchResult:
    files = sorted(config.SAMPLE_DIR.glob("*.csv"))
    if not files:  # a checkout without the generated files
        write_sample(config.SAMPLE_DIR)
        files = sorted(config.SAMPLE_DIR.glob("*.csv"))
    return ingest(db, [UploadFile.from_path(f) for f in files], uploaded_by=SAMPLE_UPLOADER, is_sample=True)


def init_store(db: Path, *, with_sample: bool = True) -> BatchResult | None:
    """Create the store; load the sample unless asked not to or the store has ever had an upload."""
    with connect(db) as con:
        has_uploads = con.execute("SELECT count(*) FROM uploads").fetchone()[0] > 0
    if not with_sample or has_uploads:
        return None
    return load_sample(db)
