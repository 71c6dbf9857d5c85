"""The Recommendations page: the register of recommendations for system change, each with its status and the
dashboard views that are its evidence (links that open the view with its filters), and how many have got how far.

Recommendations are programme-wide: the sidebar's organisation and date filters do not narrow them.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import duckdb
import pandas as pd
import plotly.graph_objects as go

from disparities import filters as filters_module
from disparities import registry
from disparities.charts import LAYOUT
from disparities.filters import Filters
from disparities.palette import OKABE_ITO, OTHER, RAG
from disparities.sections import Section
from disparities.summaries import count_phrase, join_words
from disparities.vocabularies import RECOMMENDATION_STATUS

TITLE = "Recommendations"
CAPTION = ("Recommendations for system change: where each was raised, to whom it went, how far it has got, and "
           "the evidence it rests on. Programme-wide: the sidebar's filters do not narrow them.")
NO_RECOMMENDATIONS = ("No recommendations yet. The signed-in officer can add one on the Data page, or upload a "
                      "recommendations file (template: `python -m disparities template recommendations`).")
STATUSES = RECOMMENDATION_STATUS.labels  # proposed ... dropped, the order a recommendation goes through
STATUS_COLOURS = {"proposed": OTHER, "accepted": OKABE_ITO[4], "in progress": RAG["amber"],
                  "implemented": RAG["green"], "dropped": "#666666"}
# Query keys a page reads besides the filters (the Organisations page's chosen organisation).
PAGE_KEYS = ("show",)


# ---- evidence links: a page and its filters, as the address after the dashboard's own -----------------------

def evidence_link(text: str) -> tuple[registry.Page | None, dict[str, list[str] | str]]:
    """The registry page and the query parameters an evidence link names, in their canonical form (filters
    that mean the same give the same parameters); (None, {}) when it names no page. A full address works too."""
    parts = urlsplit(text.strip())
    path = parts.path.strip("/").split("/")[-1].lower()
    page = next((p for p in registry.PAGES if path in (p.url_path.lower(), p.key)), None)
    if page is None:
        return None, {}
    raw = parse_qs(parts.query)
    params = filters_module.to_query_params(filters_module.from_query_params(raw))
    params |= {key: raw[key][-1] for key in PAGE_KEYS if raw.get(key)}
    return page, params


def evidence_text(page: registry.Page, params: dict) -> str:
    """An evidence link as stored: the page's address and its parameters ('Outcomes?community=Somali')."""
    query = urlencode(params, doseq=True)
    return page.url_path + (f"?{query}" if query else "")


def evidence_label(page: registry.Page, params: dict) -> str:
    """'Mental-health mapping: Organisations serving Somali communities, all dates'."""
    return f"{page.title}: {filters_module.describe(filters_module.from_query_params(params))}"


# ---- queries ------------------------------------------------------------------------------------------------

def register(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every recommendation, furthest along first (implemented, in progress, accepted, proposed, dropped last),
    then the newest; with the title of the event it was raised at."""
    return con.execute(
        """SELECT r.recommendation_id, r.title, r.status, r.status_on, r.raised_on, e.title AS raised_at,
                  r.addressed_to, r.recommendation, r.example, r.evidence
           FROM recommendations r LEFT JOIN events e ON e.event_id = r.raised_at
           ORDER BY CASE r.status WHEN 'implemented' THEN 1 WHEN 'in progress' THEN 2 WHEN 'accepted' THEN 3
                                  WHEN 'proposed' THEN 4 ELSE 5 END, r.raised_on DESC, r.recommendation_id""").df()


def status_counts(table: pd.DataFrame) -> pd.DataFrame:
    counts = table["status"].value_counts()
    return pd.DataFrame({"status": STATUSES, "recommendations": [int(counts.get(s, 0)) for s in STATUSES]})


# ---- chart and sentences ---------------------------------------------------------------------------------------

def status_bars(table: pd.DataFrame) -> go.Figure:
    figure = go.Figure(go.Bar(
        x=table["recommendations"], y=[s.capitalize() for s in table["status"]], orientation="h",
        marker_color=[STATUS_COLOURS[s] for s in table["status"]], text=table["recommendations"],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x} recommendations<extra></extra>"))
    figure.update_layout(**LAYOUT, height=300, xaxis_title="recommendations",
                         yaxis=dict(autorange="reversed"), xaxis_range=[0, max(1, table["recommendations"].max()) * 1.2])
    return figure


def status_summary(table: pd.DataFrame) -> str:
    """'4 recommendations: 1 implemented, 1 in progress, 1 accepted and 1 proposed.'"""
    total = int(table["recommendations"].sum())
    parts = [f"{int(n):,} {s}" for s, n in zip(table["status"], table["recommendations"]) if n]
    return f"{count_phrase(total, 'recommendation')}: {join_words(parts)}."


def register_summary(table: pd.DataFrame) -> str:
    implemented = table[table["status"] == "implemented"]
    if implemented.empty:
        return f"{count_phrase(len(table), 'recommendation')} in the register; none implemented yet."
    return (f"{count_phrase(len(table), 'recommendation')} in the register; implemented: "
            f"{join_words([str(t) for t in implemented['title']])}.")


def sections(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Section]:
    table = register(con, filters)
    counts = status_counts(table)
    return [
        Section("recommendation-status", "How far the recommendations have got", counts if len(table) else
                counts.iloc[0:0], status_bars, status_summary, empty=NO_RECOMMENDATIONS,
                note="Success measures 5 (recommendations for system change: those not dropped) and 6 (examples "
                     "implemented) are counted from this register on the Outcomes page and the Overview."),
        Section("recommendations", "The register", table, None, register_summary, empty=NO_RECOMMENDATIONS,
                note="Evidence: the dashboard views each recommendation rests on; on the page each opens the view "
                     "with its filters."),
    ]


# ---- the Data page's form --------------------------------------------------------------------------------------

def form_csv(values: dict) -> bytes:
    """One recommendation typed into the form, as the recommendations upload's CSV (checked like any file)."""
    import csv
    import io

    from disparities.kinds import RECOMMENDATIONS
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECOMMENDATIONS.names)
    cells = []
    for name in RECOMMENDATIONS.names:
        value = values.get(name)
        if isinstance(value, (list, tuple)):
            value = "; ".join(v.strip() for v in value if v and v.strip())
        cells.append("" if value is None else str(value).strip())
    writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def unknown_evidence(links: list[str]) -> list[str]:
    """The evidence links that name no page of this dashboard."""
    return [link for link in links if link.strip() and evidence_link(link)[0] is None]
