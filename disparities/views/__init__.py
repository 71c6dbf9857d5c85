"""Each dashboard page as data: `sections(con, filters) -> list[Section]` per page, for the page itself, the
exports and the meeting pack alike. VIEWS names them for the command line and the exports."""
from __future__ import annotations

from types import ModuleType

from . import health, mapping, organisations, outcomes, overview, timeline

# name -> module with TITLE, CAPTION and sections(con, filters); in the menu's order. Pages still being
# converted to sections are added here as they are.
VIEWS: dict[str, ModuleType] = {
    "overview": overview, "health": health, "mapping": mapping, "timeline": timeline, "outcomes": outcomes,
    "organisations": organisations,
}
