"""Settings from the environment, with defaults. Nothing here reads files."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
DEFAULT_DB = ROOT / "data" / "disparities.duckdb"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The store file: an explicit path (--db), else $DISPARITIES_DB, else data/disparities.duckdb."""
    chosen = explicit or os.environ.get("DISPARITIES_DB") or DEFAULT_DB
    return Path(chosen).expanduser()


def max_upload_bytes() -> int:
    """Files above this size are refused before parsing (default 20 MB, $DISPARITIES_MAX_UPLOAD_MB)."""
    return int(float(os.environ.get("DISPARITIES_MAX_UPLOAD_MB", "20")) * 1024 * 1024)


def busy_timeout_seconds() -> float:
    """How long to wait for another process that is writing to the store ($DISPARITIES_BUSY_TIMEOUT)."""
    return float(os.environ.get("DISPARITIES_BUSY_TIMEOUT", "15"))


SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"


def secrets_file() -> Path:
    """Where the officer's password hash is kept ($DISPARITIES_SECRETS_FILE for tests and other set-ups)."""
    return Path(os.environ.get("DISPARITIES_SECRETS_FILE") or SECRETS_FILE)
