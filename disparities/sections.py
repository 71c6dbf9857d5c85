"""A Section: one chart (or table) of a page with everything needed to show it, export it or read it aloud.

Pages draw sections (ui.sections), exports write them (export.py), and the
meeting pack prints them, so the numbers in a file are the numbers on screen.
A section's chart and summary are functions of its table, so that the
small-number policy can be applied to the table once and everything drawn
from it follows.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from disparities import suppression


@dataclass(frozen=True, eq=False)
class Section:
    key: str  # stable and file-name safe: "main-disparity-by-ward"
    title: str
    table: pd.DataFrame  # what the chart draws and what an export holds
    chart: Callable[[pd.DataFrame], go.Figure] | None = None  # module-level functions or partials (cached)
    summarise: Callable[[pd.DataFrame], str] | None = None
    note: str = ""  # how to read it: rules, what counts
    empty: str = ""  # said instead when there is nothing to show
    based_on: int | None = None  # organisations behind it, for the small-sample caution
    caution: str | None = None  # a further caution (e.g. which rows are small)
    people: tuple[str, ...] = ()  # columns counting people: the small-number policy applies to them
    shares: tuple[tuple[str, str], ...] = ()  # (share column, the people column it was computed from)
    keyed: tuple[suppression.Keyed, ...] = ()  # per people column: its contributors and measure (cell key)
    suppressed: bool = False
    published: bool = False  # passed through `publishable` (suppressed, or exact for the signed-in officer)
    hidden: pd.DataFrame | None = None  # after suppression: which cells the policy hid

    @property
    def has_data(self) -> bool:
        return not self.table.empty

    def figure(self) -> go.Figure | None:
        return self.chart(self.table) if self.chart and self.has_data else None

    def summary(self) -> str:
        return self.summarise(self.table) if self.summarise and self.has_data else ""

    def publishable(self, policy: suppression.Policy | None = suppression.POLICY) -> Section:
        """The section with its people counts made safe under `policy` (None: exact, for the signed-in officer
        only). Contributor columns (the cell keys) are dropped either way."""
        if self.published or not (self.people or self.keyed):
            return self
        contributors = [k.contributors for k in self.keyed if k.contributors in self.table.columns and not k.shown]
        if policy is None:
            exact = suppression.mark_exact(self.table.drop(columns=contributors))
            return replace(self, table=exact, published=True)
        unkeyed = set(self.people) - {k.column for k in self.keyed}
        if unkeyed and not self.table.empty and unkeyed & set(self.table.columns):
            raise suppression.UnsafeTable(f"section {self.key!r}: people columns without a cell key: {unkeyed}")
        safe = suppression.suppress(self.table, self.people, dict(self.shares), policy, self.keyed)
        columns = [*self.people, *(share for share, _ in self.shares)]
        return replace(self, table=safe, suppressed=True, published=True,
                       hidden=suppression.hidden_cells(self.table, safe, columns))

    def display_table(self) -> pd.DataFrame:
        """The table as shown and exported: suppressed cells written as `*`. Refused before `publishable`."""
        suppression.require_published(self.table)
        if not self.suppressed:
            return self.table
        return suppression.for_display(self.table, [*self.people, *(share for share, _ in self.shares)],
                                       self.hidden)


@dataclass(frozen=True, eq=False)
class PageView:
    """One page's sections for a set of filters: what exports and the meeting pack need."""
    key: str  # "health"
    title: str
    caption: str
    sections: tuple[Section, ...]

    def publishable(self, policy: suppression.Policy | None = suppression.POLICY) -> PageView:
        return replace(self, sections=tuple(s.publishable(policy) for s in self.sections))
