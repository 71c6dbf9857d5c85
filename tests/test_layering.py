"""The package's layering: only disparities/ui imports streamlit (bench.py drives AppTest, a test tool)."""
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "disparities"
IMPORTS_STREAMLIT = re.compile(r"^\s*(import streamlit|from streamlit)", re.MULTILINE)
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]
                 and p.name != "bench.py")


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_logic_modules_do_not_import_streamlit(module):
    assert not IMPORTS_STREAMLIT.search(module.read_text(encoding="utf-8"))


def test_pages_hold_no_sql():
    for page in [*PACKAGE.parent.glob("pages/*.py"), PACKAGE.parent / "app.py"]:
        assert not re.search(r"\bSELECT\b|\.execute\(", page.read_text(encoding="utf-8")), page.name
