"""Each dashboard page as data: `sections(con, filters) -> list[Section]` per page, for the page itself, the
exports and the meeting pack alike. VIEWS names them for the command line and the exports."""
from __future__ import annotations

from types import ModuleType

import importlib

from disparities.registry import PAGES

# name -> module with TITLE, CAPTION and sections(con, filters), for every exported page of the registry, in the
# menu's order: the module is the page's home, disparities/pages/<key>/.
VIEWS: dict[str, ModuleType] = {page.key: importlib.import_module(f"disparities.pages.{page.key}")
                                for page in PAGES if page.exported}
