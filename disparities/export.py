"""Exports of a filtered view: CSV, an Excel workbook, chart images and a self-contained meeting pack.

The browser's "Export this view" panel and `python -m disparities export` call
the same functions with the same date, so a file made either way has the same
bytes. Every export carries its provenance (when made, data as of, filters,
uploads, the small-number rule, a sample-data warning) and is written from
sections already made publishable, so the numbers in a file are the numbers on
screen. Nothing executable leaves: CSV text that a spreadsheet would read as a
formula is neutralised (OWASP's CSV injection guidance), workbook strings are
never formulas or links, and the meeting pack escapes every text it writes.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import html
import inspect
import io
import os
import re
import shutil
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from disparities import filters as filters_module
from disparities import consent, formats, intervals, render_image, suppression
from disparities.filters import Filters
from disparities.kinds import KINDS
from disparities.sections import PageView, Section
from disparities.views import VIEWS

PROJECT = "BAME Disparities Project evidence dashboard (Tower Hamlets CVS)"
SAMPLE_WARNING = ("CONTAINS SAMPLE DATA, NOT REAL: some or all of the figures come from the bundled illustrative "
                  "sample, not from real organisations. Do not use them as evidence.")
ALL_VIEWS = "all"  # the meeting pack of every page
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PACK_TABLE_ROWS = 500  # longer tables are cut in the meeting pack (the workbook has them whole)
PACK_OPEN_ROWS = 20  # longer tables are folded in the meeting pack
PACK_CHART_WIDTH = 860  # px on screen; the print stylesheet scales charts to an A4 page

# What each URL filter key takes, for the command line's help. Keys come from filters.py, so the help lists
# every key there is; a key without a description here is still listed.
FILTER_HELP = filters_module.HELP  # URL key -> what it does, for `export --help`


class ExportUnavailable(Exception):
    """An export this server cannot make (no Chromium for chart images); the message says how to fix it."""


def today() -> dt.date:
    """The date an export is made on: the server's date, as the pages use it (a Gantt chart's "today")."""
    return dt.date.today()


def filter_keys() -> list[str]:
    """The URL keys of the filters, as the sidebar writes them into a shared link."""
    return list(filters_module.URL_KEYS.values())


# ---- provenance ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    id: int
    file_name: str
    kind: str


@dataclass(frozen=True)
class Provenance:
    made_on: dt.date  # a date only, so the same export made twice in a day has the same bytes
    as_of: dt.datetime | None  # the latest upload in use (UTC); None for an empty store
    filters: str  # plain English
    filter_params: str  # the same as URL parameters
    uploads: tuple[Upload, ...]
    rule: str  # the small-number rule used, or OFF_RULE
    contains_sample: bool
    filtered: bool
    names: tuple[tuple[str, str], ...] = ()  # organisations without consent to be named, and their pseudonyms

    def lines(self) -> list[str]:
        """The provenance as short lines, the sample warning first."""
        found = [SAMPLE_WARNING] if self.contains_sample else []
        uploads = "; ".join(f"#{u.id} {u.file_name} ({u.kind})" for u in self.uploads) or "none"
        return found + [
            f"Source: {PROJECT}",
            f"Made on: {self.made_on.isoformat()}",
            f"Data as of: {_as_of(self.as_of)}",
            f"Filters: {self.filters}",
            f"Filters as URL parameters: {self.filter_params or '(none)'}",
            f"Uploads drawn on: {uploads}",
            f"Small numbers: {self.rule}",
            f"Methods: {intervals.METHODS}",
        ]


def _as_of(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "no data uploaded"


def _uploads_in_use(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Uploads with at least one row in the current state (kind names are the code's, not the user's)."""
    in_use = " UNION ".join(f"SELECT upload_id FROM {name}" for name in KINDS)
    return con.execute(
        f"SELECT id, file_name, kind, uploaded_at, is_sample FROM uploads "
        f"WHERE undone_at IS NULL AND id IN ({in_use}) ORDER BY id").df()


def provenance(con: duckdb.DuckDBPyConnection, filters: Filters, policy: suppression.Policy | None,
               made_on: dt.date) -> Provenance:
    uploads = _uploads_in_use(con)
    as_of = uploads["uploaded_at"].max() if len(uploads) else None
    names = consent.pseudonyms(con)
    return Provenance(
        made_on=made_on,
        as_of=None if as_of is None or pd.isna(as_of) else pd.Timestamp(as_of).to_pydatetime(),
        filters=consent.text(filters_module.describe(filters), names),
        filter_params=urlencode({key: consent.text(value, names) if isinstance(value, str) else  # before encoding:
                                 [consent.text(v, names) for v in value]             # "H 9/X" is "H+9%2FX"
                                 for key, value in filters_module.to_query_params(filters).items()}, doseq=True),
        names=names,
        uploads=tuple(Upload(int(i), str(f), str(k)) for i, f, k in
                      zip(uploads["id"], uploads["file_name"], uploads["kind"])),
        rule=policy.rule if policy else suppression.OFF_RULE,
        contains_sample=bool(uploads["is_sample"].any()) if len(uploads) else False,
        filtered=not filters_module.is_default(filters),
    )


def sections_args(name: str, filters: Filters, made_on: dt.date) -> tuple:
    """The arguments after the connection for VIEWS[name].sections: the filters, and the day as `today` where
    the page places a "today" line, so an export made on a day shows that day."""
    if "today" in inspect.signature(VIEWS[name].sections).parameters:
        return (filters, made_on)
    return (filters,)


def page_view(con: duckdb.DuckDBPyConnection, name: str, filters: Filters,
              policy: suppression.Policy | None, made_on: dt.date | None = None) -> PageView:
    """A page's sections for `filters` on `made_on` (default today), made publishable under `policy` (None:
    exact)."""
    module = VIEWS[name]
    found = module.sections(con, *sections_args(name, filters, made_on or today()))
    return PageView(name, module.TITLE, module.CAPTION, tuple(found)).publishable(policy)


# ---- names ------------------------------------------------------------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "export"


def file_name(view: str, filters: Filters, made_on: dt.date, ext: str, part: str | None = None) -> str:
    """E.g. health-disparities_main-disparity_filtered_2026-11-21.csv; `_all_` when no filter is applied."""
    title = "all-pages" if view == ALL_VIEWS else _slug(VIEWS[view].TITLE if view in VIEWS else view)
    scope = "all" if filters_module.is_default(filters) else "filtered"
    parts = [title, *([_slug(part)] if part else []), scope, made_on.isoformat()]
    return "_".join(parts) + f".{ext}"


# ---- plain text from the sections' markdown -----------------------------------------------------------------

_MARKDOWN = re.compile(r"\\(.)|\*\*|`([^`]*)`", re.S)


def _markdown(text: str | None, *, as_html: bool) -> str:
    """The little markdown summaries use (backslash escapes, **bold**, `code`, two-space line breaks) as plain
    text or as escaped HTML."""
    if not text:
        return ""
    out, position, bold = [], 0, False
    escape = html.escape if as_html else str
    for match in _MARKDOWN.finditer(text):
        out.append(escape(text[position:match.start()]))
        if match.group(1) is not None:
            out.append(escape(match.group(1)))
        elif match.group(0) == "**":
            out.append(("</strong>" if bold else "<strong>") if as_html else "")
            bold = not bold
        else:
            code = escape(match.group(2))
            out.append(f"<code>{code}</code>" if as_html else code)
        position = match.end()
    out.append(escape(text[position:]))
    if bold and as_html:
        out.append("</strong>")
    joined = "".join(out)
    return joined.replace("  \n", "<br>") if as_html else joined.replace("  \n", "\n")


def plain(text: str | None) -> str:
    return _markdown(text, as_html=False)


# ---- tables ------------------------------------------------------------------------------------------------

def _value(value: object) -> object:
    """A cell as a plain Python value: missing -> None, numpy and pandas scalars -> Python, lists -> list."""
    if isinstance(value, np.ndarray):
        return [_value(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        moment = pd.Timestamp(value)
        if moment.tzinfo is not None:
            moment = moment.tz_convert("UTC").tz_localize(None)
        return moment.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _table(section: Section) -> pd.DataFrame:
    """The display table as people read it on screen (`formats.for_people`: headers in words, shares as
    percentages, dates as '14 Jul 2021'), people counts (rounded to whole numbers by the policy) as integers."""
    table = section.display_table().copy()
    for column in section.people:
        if column in table.columns:
            table[column] = pd.Series([int(v) if isinstance(_value(v), float) and float(v).is_integer()
                                       else _value(v) for v in table[column]], index=table.index, dtype=object)
    return formats.for_people(table, tuple(share for share, _ in section.shares))


_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """OWASP's CSV injection guidance: text a spreadsheet would run as a formula gets a leading single quote.
    Numbers are left alone, so a negative number stays a number."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def neutralise_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas (see `neutralise`)."""
    return table.map(neutralise)


def table_csv_bytes(table: pd.DataFrame) -> bytes:
    """A bare table (no provenance) as UTF-8 CSV with a byte-order mark, formula-safe."""
    return neutralise_table(table).to_csv(index=False).encode("utf-8-sig")


def csv_bytes(section: Section, provenance: Provenance) -> bytes:
    """UTF-8 with a byte-order mark (Excel then shows £ and ’), provenance as leading `# ...` lines, one blank
    line, then the table as displayed (suppressed cells as `*`)."""
    section = consent.section(section, provenance.names)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in [f"{section.title}", *([plain(section.summary())] if section.has_data else []),
                 *provenance.lines()]:
        writer.writerow([f"# {line}"])
    writer.writerow([])
    table = _table(section)
    writer.writerow([str(c) for c in table.columns])
    for row in table.itertuples(index=False):
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value: object) -> object:
    value = _value(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return neutralise(value)


# ---- Excel -------------------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = "D9E2F3"


def sheet_names(titles: list[str]) -> list[str]:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, no leading or trailing quote, unique
    (case-insensitively, as Excel compares them), and never "About"."""
    taken = {"about"}
    names = []
    for title in titles:
        base = re.sub(r"\s+", " ", _SHEET_FORBIDDEN.sub(" ", title)).strip().strip("'").strip() or "Table"
        name, n = _shorten(base, 31), 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = _shorten(base, 31 - len(suffix)) + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary where there is one, without trailing punctuation."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return (cut[:limit].rstrip(" ,;.-'") or text[:limit]).strip("'")


def _excel_text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]


def _put(sheet, row: int, column: int, value: object, number_format: str | None = None):
    """One cell: numbers and dates as such, text always as text (never a formula, never a link)."""
    value = _value(value)
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        value = _excel_text(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl reads "=..." as a formula; this keeps it a string
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm" if value.time() != dt.time() else "yyyy-mm-dd"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and number_format:
        cell.number_format = number_format
    return cell


def _width(value: object) -> int:
    value = _value(value)
    if value is None:
        return 0
    if isinstance(value, (dt.date, dt.datetime)):
        return 16 if isinstance(value, dt.datetime) and value.time() != dt.time() else 11
    if isinstance(value, float):
        return min(len(f"{value:.4g}"), 12)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _table_sheet(workbook, name: str, section: Section) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(name)
    table = _table(section)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
    for j, column in enumerate(table.columns, start=1):
        values = [_value(v) for v in table[column]]
        # Numbers (and the `*` standing for a suppressed one) line up on the right, under a right-aligned header.
        numeric = any(_is_number(v) for v in values) and all(
            v is None or v == suppression.SUPPRESSED or _is_number(v) for v in values)
        header = _put(sheet, 1, j, str(column))
        header.font, header.fill = bold, fill
        header.alignment = Alignment(vertical="top", wrap_text=True, horizontal="right" if numeric else "left")
        number_format = "0.0" if str(column).endswith("(%)") else None
        widths = [len(str(column))]
        for i, value in enumerate(values, start=2):
            cell = _put(sheet, i, j, value, number_format)
            if numeric and value == suppression.SUPPRESSED:
                cell.alignment = Alignment(horizontal="right")
            widths.append(_width(value))
        sheet.column_dimensions[get_column_letter(j)].width = min(max(widths) + 2, 60)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, title_row=True)
    if len(table):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table) + 1}"


_ABOUT_WIDTH = 100  # characters in the About sheet's text column


def _lines(text: str, width: int) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (Excel and LibreOffice do not
    grow a row for wrapped text written by openpyxl, so the About sheet sets its row heights)."""
    return sum(max(1, -(-len(line) // width)) for line in str(text).split("\n"))


def _about_row(sheet, row: int, label: object, value: object, *, bold_label: bool = True) -> None:
    from openpyxl.styles import Alignment, Font
    wrap = Alignment(wrap_text=True, vertical="top", horizontal="left")
    first = _put(sheet, row, 1, label)
    first.alignment = wrap
    if bold_label:
        first.font = Font(bold=True)
    second = _put(sheet, row, 2, value)
    second.alignment = wrap
    lines = max(_lines(str(label), 28), _lines(str(value), _ABOUT_WIDTH) if isinstance(value, str) else 1)
    if lines > 1:
        sheet.row_dimensions[row].height = 15 * lines + 2


def _about_sheet(workbook, view: PageView, names: dict[str, str], provenance: Provenance) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = workbook.active
    sheet.title = "About"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = _ABOUT_WIDTH + 4
    row = 1
    _put(sheet, row, 1, f"{view.title}: exported tables").font = Font(bold=True, size=14)
    sheet.row_dimensions[row].height = 22
    row += 1
    if provenance.contains_sample:
        warning = _put(sheet, row, 1, SAMPLE_WARNING)
        warning.font = Font(bold=True, color="9C0006", size=12)
        warning.fill = PatternFill("solid", fgColor="FFC7CE")
        warning.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.row_dimensions[row].height = 36
        row += 1
    row += 1
    facts = [("Source", PROJECT), ("Page", view.title), ("About the page", plain(view.caption)),
             ("Made on", provenance.made_on), ("Data as of (UTC)", provenance.as_of or "no data uploaded"),
             ("Filters", provenance.filters), ("Filters as URL parameters", provenance.filter_params or "(none)"),
             ("Uploads drawn on", "\n".join(f"#{u.id} {u.file_name} ({u.kind})" for u in provenance.uploads)
              or "none"),
             ("Small numbers", f"{provenance.rule} Suppressed cells are shown as {suppression.SUPPRESSED}."),
             ("Methods", intervals.METHODS)]
    for label, value in facts:
        _about_row(sheet, row, label, value)
        row += 1
    row += 1
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for j, heading in enumerate(("Sheet", "What it shows"), start=1):
        cell = _put(sheet, row, j, heading)
        cell.font, cell.fill = Font(bold=True), fill
    row += 1
    for section in view.sections:
        text = [section.title]
        if section.has_data:
            text.append(plain(section.summary()))
        else:
            text.append("Nothing to show for these filters. " + plain(section.empty or ""))
        text += [plain(t) for t in (section.note, section.caution) if t]
        _about_row(sheet, row, names.get(section.key) or "(no sheet: no data)", "\n".join(t for t in text if t),
                   bold_label=False)
        row += 1
    _print_setup(sheet)


def _print_setup(sheet, title_row: bool = False) -> None:
    """Printed from Excel: landscape, as wide as one page, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if title_row:
        sheet.print_title_rows = "1:1"


def xlsx_bytes(view: PageView, provenance: Provenance) -> bytes:
    """An About sheet and one sheet per section with data; the same bytes for the same content and date."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    view = consent.page(view, provenance.names)
    with_data = [s for s in view.sections if s.has_data]
    names = dict(zip((s.key for s in with_data), sheet_names([s.title for s in with_data])))
    _about_sheet(workbook, view, names, provenance)
    for section in with_data:
        _table_sheet(workbook, names[section.key], section)
    made = dt.datetime.combine(provenance.made_on, dt.time())
    workbook.properties.creator = PROJECT
    workbook.properties.lastModifiedBy = PROJECT
    workbook.properties.title = view.title
    workbook.properties.created = made
    workbook.properties.modified = made
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp the modified time with the clock.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_zip(raw.getvalue(), provenance.made_on)


def _fixed_zip(data: bytes, made_on: dt.date) -> bytes:
    """The archive again with every entry dated `made_on`, so equal content gives equal bytes."""
    out = io.BytesIO()
    stamp = (made_on.year, made_on.month, made_on.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


# ---- chart images ---------------------------------------------------------------------------------------------

def chromium_path() -> str | None:
    """The browser plotly's image export drives: $BROWSER_PATH, else the system Chromium or Chrome."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen:
        return chosen if os.path.isfile(chosen) and os.access(chosen, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


_NO_CHROMIUM = ("Chart images are made with the system Chromium, which is not installed on this server: install "
                "Chromium (apt-get install chromium) or set BROWSER_PATH to a Chrome or Chromium executable. The "
                "tables, the Excel workbook and the meeting pack do not need it.")


def _footnote_lines(provenance: Provenance) -> list[str]:
    lines = [SAMPLE_WARNING] if provenance.contains_sample else []
    lines += [f"{provenance.filters}. Data as of {_as_of(provenance.as_of)}; made on {provenance.made_on}.",
              provenance.rule]
    return [wrapped for line in lines for wrapped in textwrap.wrap(line, 150)]


def image_figure(section: Section, provenance: Provenance) -> go.Figure:
    """The section's chart with its title and a footnote (sample warning, filters, small-number rule)."""
    section = consent.section(section, provenance.names)
    figure = go.Figure(section.figure())
    lines = _footnote_lines(provenance)
    footnote_height = 16 * len(lines) + 10
    margin = figure.layout.margin
    top, bottom = (margin.t if margin.t is not None else 30), (margin.b if margin.b is not None else 10)
    axis_space = 60  # tick labels and the axis title under the plot
    figure.update_layout(
        title=dict(text=html.escape(section.title, quote=False), x=0.01, xanchor="left", y=1, yref="container",
                   yanchor="top", pad=dict(t=14), font=dict(size=20)),
        width=1200, height=(figure.layout.height or 450) + 50 + footnote_height + axis_space,
        margin=dict(t=top + 50, b=bottom + footnote_height + axis_space))
    figure.add_annotation(
        text="<br>".join(html.escape(line, quote=False) for line in lines), xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="top", yshift=-axis_space, align="left", showarrow=False,
        font=dict(size=12, color="#9C0006" if provenance.contains_sample else "#444"))
    return figure


def _image(section: Section, provenance: Provenance, image_format: str, scale: float) -> bytes:
    if not section.has_data or section.chart is None:
        raise ValueError(f"{section.title}: there is no chart to draw for these filters")
    browser = chromium_path()
    if browser is None:
        raise ExportUnavailable(_NO_CHROMIUM)
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        return render_image.render(image_figure(section, provenance).to_json(), image_format, scale)
    except render_image.ImageTimeout as problem:
        raise ExportUnavailable(f"{section.title}: {problem}. The server may be busy: try again in a minute, or "
                                "download the table or the meeting pack, which do not need Chromium.") from problem
    except render_image.ImageFailed as problem:  # Kaleido's "requires Chrome" when the browser cannot start
        if "chrome" in str(problem).lower():
            raise ExportUnavailable(_NO_CHROMIUM) from problem
        raise


def png_bytes(section: Section, provenance: Provenance, scale: float = 2) -> bytes:
    return _image(section, provenance, "png", scale)


def svg_bytes(section: Section, provenance: Provenance, scale: float = 1) -> bytes:
    return _image(section, provenance, "svg", scale)


# ---- the meeting pack ------------------------------------------------------------------------------------------

PACK_STYLE = """
  body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 960px;
         padding: 1.5rem; line-height: 1.45; }
  h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
  h2 { font-size: 1.6rem; border-bottom: 3px solid #0072B2; padding-bottom: .25rem; margin-top: 2.5rem; }
  h3 { font-size: 1.2rem; margin: 1.8rem 0 .4rem; }
  .sample-warning { background: #FFC7CE; color: #9C0006; border: 2px solid #9C0006; padding: .6rem .9rem;
                    font-weight: bold; font-size: 1.1rem; }
  .provenance dl { display: grid; grid-template-columns: 12rem 1fr; gap: .2rem 1rem; margin: 1rem 0; }
  .provenance dt { font-weight: bold; }
  .provenance dd { margin: 0; }
  .caption, .note { color: #444; }
  .caution { background: #FFF3C4; border-left: 4px solid #E69F00; padding: .4rem .7rem; }
  .empty { background: #EEF3FA; border-left: 4px solid #0072B2; padding: .4rem .7rem; }
  .summary { font-size: 1.05rem; }
  .chart { break-inside: avoid; page-break-inside: avoid; }
  table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .85rem; }
  th, td { border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; vertical-align: top; }
  th { background: #D9E2F3; }
  details.table > summary { cursor: pointer; color: #0058A0; margin: .4rem 0; }
  td.number { text-align: right; font-variant-numeric: tabular-nums; }
  .footnote { border-top: 1px solid #bbb; margin-top: 2rem; padding-top: .5rem; font-size: .9rem; color: #333; }
  @page { size: A4; margin: 14mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 10.5pt; }
    nav, .sidebar, .no-print { display: none !important; }
    .page { break-before: page; page-break-before: always; }
    .section, .chart, tr, .caution { break-inside: avoid; page-break-inside: avoid; }
    .chart { zoom: 0.78; }  /* 860 px charts within A4's printable width */
    h2, h3 { break-after: avoid; page-break-after: avoid; }
    thead { display: table-header-group; }
    .sample-warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
"""


def _format_cell(value: object) -> tuple[str, bool]:
    """A cell of the pack's tables (already in words, `formats.for_people`): counts with thousands separators,
    and whether it is a number (right-aligned)."""
    value = _value(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}", True  # an int with separators; a float (a percentage) as it is
    return formats.text(value), False


def _html_table(section: Section) -> str:
    table = _table(section)
    shown = table.head(PACK_TABLE_ROWS)
    head = "".join(f"<th scope=\"col\">{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for row in shown.itertuples(index=False):
        cells = []
        for column, value in zip(shown.columns, row):
            text, number = _format_cell(value)
            cells.append(f"<td class=\"number\">{html.escape(text)}</td>" if number else f"<td>{html.escape(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cut = (f"<p class=\"note\">The first {PACK_TABLE_ROWS:,} of {len(table):,} rows; the Excel workbook has them "
           "all.</p>") if len(table) > PACK_TABLE_ROWS else ""
    # Short tables open; long ones folded, so the pack reads as charts and summaries (a browser prints a folded
    # table as its one-line label).
    opened = " open" if len(table) <= PACK_OPEN_ROWS else ""
    label = "The table behind the chart" if section.chart is not None else "The table"
    return (f"<details class=\"table\"{opened}><summary>{label} ({len(table):,} "
            f"row{'s' if len(table) != 1 else ''})</summary>\n<table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{cut}</details>")


def _chart_html(section: Section, div_id: str) -> str:
    import plotly.io as pio
    figure = section.figure()
    if figure is None:
        return ""
    # A fixed width (scaled down by the print stylesheet) rather than a responsive one: printing does not
    # re-draw a chart, so a responsive chart keeps its screen width and is cut off on paper.
    figure = go.Figure(figure).update_layout(width=PACK_CHART_WIDTH)
    return pio.to_html(figure, include_plotlyjs=False, full_html=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": False})


def _section_html(page: PageView, section: Section) -> str:
    anchor = f"{page.key}-{section.key}"
    parts = [f"<article class=\"section\" id=\"{html.escape(anchor)}\">",
             f"<h3>{html.escape(section.title)}</h3>"]
    if section.note:
        parts.append(f"<p class=\"note\">{_markdown(section.note, as_html=True)}</p>")
    if not section.has_data:
        parts.append(f"<p class=\"empty\">{_markdown(section.empty or 'Nothing to show for these filters.', as_html=True)}</p>")
        parts.append("</article>")
        return "\n".join(parts)
    from .summaries import small_sample_caution
    for caution in (small_sample_caution(section.based_on) if section.based_on is not None else None,
                    section.caution):
        if caution:
            parts.append(f"<p class=\"caution\">{_markdown(caution, as_html=True)}</p>")
    parts.append(f"<p class=\"summary\">{_markdown(section.summary(), as_html=True)}</p>")
    chart = _chart_html(section, f"chart-{anchor}")
    if chart:
        parts.append(f"<div class=\"chart\">{chart}</div>")
    parts.append(_html_table(section))
    parts.append("</article>")
    return "\n".join(parts)


def _provenance_html(provenance: Provenance) -> str:
    rows = [("Made on", provenance.made_on.isoformat()), ("Data as of", _as_of(provenance.as_of)),
            ("Filters", provenance.filters), ("Filters as URL parameters", provenance.filter_params or "(none)"),
            ("Uploads drawn on", "; ".join(f"#{u.id} {u.file_name} ({u.kind})" for u in provenance.uploads)
             or "none"),
            ("Small numbers", provenance.rule), ("Methods", intervals.METHODS)]
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    warning = f"<p class=\"sample-warning\">{html.escape(SAMPLE_WARNING)}</p>" if provenance.contains_sample else ""
    return f"<header class=\"provenance\">{warning}<dl>{items}</dl></header>"


def meeting_pack_html(page_views: list[PageView] | tuple[PageView, ...], provenance: Provenance) -> bytes:
    """One self-contained HTML file (plotly.js inside, nothing fetched from the network), printable to PDF."""
    from plotly.offline import get_plotlyjs

    page_views = [consent.page(view, provenance.names) for view in page_views]
    title = ("Evidence pack: " + page_views[0].title) if len(page_views) == 1 else "Evidence pack"
    contents = "".join(f"<li><a href=\"#page-{html.escape(p.key)}\">{html.escape(p.title)}</a></li>"
                       for p in page_views)
    pages = []
    for page in page_views:
        body = "\n".join(_section_html(page, s) for s in page.sections)
        pages.append(f"<section class=\"page\" id=\"page-{html.escape(page.key)}\">\n"
                     f"<h2>{html.escape(page.title)}</h2>\n"
                     f"<p class=\"caption\">{_markdown(page.caption, as_html=True)}</p>\n{body}\n</section>")
    document = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{html.escape(PROJECT)}">
<title>{html.escape(title)}</title>
<style>{PACK_STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p class="caption">{html.escape(PROJECT)}. {html.escape(provenance.filters)}.</p>
{_provenance_html(provenance)}
<nav class="no-print"><h2>Contents</h2><ol>{contents}</ol></nav>
{chr(10).join(pages)}
<footer class="footnote"><p><strong>Small numbers.</strong> {html.escape(provenance.rule)} Suppressed cells are
shown as {suppression.SUPPRESSED}.</p>{"<p><strong>" + html.escape(SAMPLE_WARNING) + "</strong></p>"
if provenance.contains_sample else ""}</footer>
</body>
</html>
"""
    return document.encode("utf-8")


# ---- the formats, by registration -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Format:
    """An export format: the panel's buttons and `export --format` list every registered one.

    `holds`: "table" (one section's table: make(section, provenance)), "chart" (one section's chart, same call),
    "page" (every table of a page: make(page_view, provenance)) or "pack" (every page: make(views, provenance)).
    """
    extension: str
    mime: str
    holds: str
    make: Callable[..., bytes]
    label: str  # in the panel and the command line's help


FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    FORMATS[fmt.extension] = fmt
    return fmt


for _format in (
        Format("csv", "text/csv", "table", csv_bytes, "CSV"),
        Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "page", xlsx_bytes,
               "Excel workbook (every table, with an About sheet)"),
        Format("html", "text/html", "pack", meeting_pack_html, "Meeting pack (HTML)"),
        Format("png", "image/png", "chart", png_bytes, "PNG image"),
        Format("svg", "image/svg+xml", "chart", svg_bytes, "SVG image")):
    register_format(_format)


def formats_holding(holds: str) -> list[Format]:
    return [fmt for fmt in FORMATS.values() if fmt.holds == holds]
