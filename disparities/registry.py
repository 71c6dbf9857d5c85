"""The dashboard's pages, listed once: the menu, the Overview's links, the links after an upload, the exports,
the meeting pack and the command line's `export` views all read this list.

A page has a home, `disparities/pages/<key>/` (its queries, charts, sentences and `sections(connection,
filters)`, which the page, the exports and the meeting pack all draw), and one line here. A page with a layout
of its own (widgets, tiles) also has a script in `pages/`; without one, the page draws its sections in order.
`app.py` builds the menu (`st.navigation`) from this list; the first page is the default.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str  # "health": the view's name in exports and on the command line
    path: str | None  # its script in pages/, or None: the page draws its home's sections in order
    title: str  # in the menu
    icon: str
    description: str  # one line, on the Overview
    kinds: tuple[str, ...] = ()  # upload kinds it shows: where an upload's confirmation links to
    exported: bool = True  # has a home in disparities/pages (sections for exports and the meeting pack)

    @property
    def url_path(self) -> str:
        """The page's address after the app's: from its script's name as Streamlit makes it ("" for the first
        page), else its key."""
        if self is PAGES[0]:
            return ""
        return self.path.split("/")[-1].removesuffix(".py").split("_", 1)[-1] if self.path else self.key


PAGES: tuple[Page, ...] = (
    Page("overview", "pages/0_Overview.py", "Overview", ":material/home:",
         "The project's success measures, how fresh the evidence is and what the store holds."),
    Page("health", "pages/1_Health_disparities.py", "Health disparities", ":material/monitor_heart:",
         "Which health disparities groups see among their beneficiaries, from the pilot assessment.",
         ("assessment", "population")),
    Page("mapping", "pages/2_Mental_health_mapping.py", "Mental-health mapping", ":material/psychology:",
         "What mental-health support groups offer, to whom, and what stands in the way, from the mapping-toolkit "
         "returns.", ("toolkit",)),
    Page("timeline", "pages/3_Programme_timeline.py", "Programme timeline", ":material/timeline:",
         "The programme's phases, workstreams, milestones and events.", ("events", "timeline")),
    Page("outcomes", "pages/4_Outcomes.py", "Outcomes", ":material/flag:",
         "Appendix 1 deliverables and the success measures against their targets, with a red, amber or green "
         "status for each.", ("indicators", "readings")),
    Page("recommendations", "pages/7_Recommendations.py", "Recommendations", ":material/lightbulb:",
         "Recommendations for system change: their status, to whom they went, and the evidence behind each.",
         ("recommendations",)),
    Page("organisations", "pages/5_Organisations.py", "Organisations", ":material/groups:",
         "The register of participating groups: who they are, where they work and whom they serve.",
         ("organisations",)),
    Page("data", "pages/6_Data.py", "Data (officer)", ":material/database:",
         "For the partnerships officer: upload history, undo, templates and the data dictionary.", exported=False),
)

BY_KEY = {page.key: page for page in PAGES}


def page_for_kind(kind: str) -> Page | None:
    """The page showing an upload kind's rows (an upload's confirmation links to it)."""
    return next((page for page in PAGES if kind in page.kinds), None)
