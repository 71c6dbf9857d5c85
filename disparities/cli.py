"""python -m disparities: the store from the command line, for automation and checks without a browser."""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from disparities import config
from disparities.kinds import KINDS
from disparities.report import Refused

# The rest (pandas, DuckDB, SQLModel...) is imported once a command runs, not for --help: see _load.
auth = history = surveys = templates = ingest = init_store = connect = q = None
REFUSED = BatchResult = UploadFile = StoreBusy = StoreError = None


def _load() -> None:
    """Import what the commands need into this module, once the arguments are parsed (`--help` answers at once)."""
    global auth, history, surveys, templates, ingest, init_store, connect, q
    global REFUSED, BatchResult, UploadFile, StoreBusy, StoreError
    from . import auth, history, surveys, templates  # noqa: F811
    from .bootstrap import init_store  # noqa: F811
    from .ingest import REFUSED, BatchResult, UploadFile, ingest  # noqa: F811
    from .store import StoreBusy, StoreError, connect  # noqa: F811
    from .validate import q  # noqa: F811

PROGRESS_FROM_BYTES = 2_000_000  # files this large take about a second: say what is happening


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m disparities", description="The BAME Disparities Project evidence store.")
    p.add_argument("--db", help="store file (default: $DISPARITIES_DB or data/disparities.duckdb)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser("init", help="create the store and load the bundled sample data")
    init.add_argument("--no-sample", action="store_true", help="do not load the sample data")
    init.add_argument("--sample", action="store_true",
                      help="load the sample data again (after it was removed), flagged as sample")
    ing = sub.add_parser("ingest", help="check and load CSV files (kind detected from the headers)")
    ing.add_argument("--kind", choices=list(KINDS), help="the kind of every file (default: detected)")
    ing.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    ing.add_argument("--json", action="store_true", help="print the report as JSON")
    ing.add_argument("--mapping", metavar="MAP.json",
                     help="read survey exports through this mapping (from `mapping suggest`); it is saved in the "
                          "store when applied, and offered again for the same export shape")
    ing.add_argument("--sheet", help="the workbook sheet to read (default: the first)")
    ing.add_argument("files", nargs="+", metavar="FILE")
    mp = sub.add_parser("mapping", help="survey exports: suggest a mapping onto a kind; list, show, delete saved ones")
    msub = mp.add_subparsers(dest="action", required=True, metavar="ACTION")
    sg = msub.add_parser("suggest", help="write the suggested mapping of a survey export as JSON to edit")
    sg.add_argument("--kind", choices=list(KINDS), required=True)
    sg.add_argument("--sheet", help="the workbook sheet to read (default: the first)")
    sg.add_argument("-o", "--output", help="file to write (default: standard output)")
    sg.add_argument("file", metavar="FILE")
    msub.add_parser("list", help="saved mappings")
    for action, what in (("show", "a saved mapping as JSON"), ("delete", "forget a saved mapping")):
        one = msub.add_parser(action, help=what)
        one.add_argument("name", help="its name or signature (see `mapping list`)")
    st = sub.add_parser("status", help="rows per kind, uploads, last upload, sample data")
    st.add_argument("--json", action="store_true")
    dump = sub.add_parser("dump", help="the current rows of a kind as CSV")
    dump.add_argument("kind", choices=list(KINDS))
    dump.add_argument("-o", "--output", help="file to write (default: standard output)")
    up = sub.add_parser("uploads", help="upload history, oldest first")
    up.add_argument("--json", action="store_true")
    undo = sub.add_parser("undo", help="undo an upload (and the files uploaded with it)")
    undo.add_argument("upload_id", type=int)
    undo.add_argument("--with-dependents", action="store_true",
                      help="also undo later uploads that refer to rows this undo takes away")
    tpl = sub.add_parser("template", help="a template CSV: header row and one example row")
    tpl.add_argument("kind", choices=list(KINDS))
    tpl.add_argument("-o", "--output", help="file to write (default: standard output)")
    pw = sub.add_parser("set-password", help="set the officer's password (stores only its scrypt hash)")
    pw.add_argument("--secrets-file", help="file to write (default: .streamlit/secrets.toml)")
    if "export" in (sys.argv[1:] if argv is None else argv):
        _export_parser(sub)
    else:  # listed in the help without importing the exports (and every page) it describes
        sub.add_parser("export", add_help=False, help="a view as CSV, Excel, PNG, SVG or an HTML meeting pack, as "
                                                      "the dashboard exports it (`export --help` for the views)")
    return p


def _export_help() -> str:
    """The views and filter keys, read from the code so the help stays true as pages are added."""
    from . import export
    from .views import VIEWS
    views = [f"  {name:<12} {module.TITLE}" for name, module in VIEWS.items()]
    views.append(f"  {export.ALL_VIEWS:<12} every page (html only: the whole meeting pack)")
    keys = [f"  {key:<12} {export.FILTER_HELP.get(key, '')}".rstrip() for key in export.filter_keys()]
    return ("views:\n" + "\n".join(views) + "\n\nfilter keys (as in the dashboard's URL):\n" + "\n".join(keys)
            + "\n\nexample:\n  python -m disparities export health --format xlsx --filter community=Somali "
              "--filter ward=Whitechapel -o health.xlsx")


def _export_parser(sub) -> None:
    from .export import FORMATS
    ex = sub.add_parser(
        "export", help="a view as CSV, Excel, PNG, SVG or an HTML meeting pack, as the dashboard exports it",
        description="A filtered view as the dashboard's \"Export this view\" gives it (the same bytes for the same "
                    "view, filters and day), with its provenance and the small-number policy applied.",
        epilog=_export_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("view", metavar="VIEW", help="a view name (listed below), or 'all' for the meeting pack")
    holds = {"table": "one table", "chart": "one chart", "page": "every table of the view", "pack": "every page"}
    ex.add_argument("--format", required=True, choices=list(FORMATS), help="; ".join(
        f"{name}: {holds[fmt.holds]}" for name, fmt in FORMATS.items()))
    ex.add_argument("--table", metavar="KEY", help="the table or chart for csv, png and svg (default: the first "
                    "with data); an unknown key lists the keys")
    ex.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                    help="a filter, as in the dashboard's URL (repeatable)")
    ex.add_argument("--no-suppression", action="store_true",
                    help="exact counts for internal use (default: the small-number policy, safe to publish)")
    ex.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")


def main(argv: list[str] | None = None) -> int:
    args = parser(argv).parse_args(argv)
    _load()
    db = config.db_path(args.db)
    try:
        return COMMANDS[args.command](args, db)
    except (StoreBusy, StoreError, Refused, history.UndoRefused, OSError) as problem:  # noqa: F821
        print(f"error: {getattr(problem, 'message', None) or problem}", file=sys.stderr)
        return 1


def _who() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except Exception:  # no user name in some containers
        return "command line"


def _write_text(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)


def cmd_init(args, db: Path) -> int:
    result = init_store(db, with_sample=not args.no_sample, again=args.sample)
    if result is None:
        reason = "as asked" if args.no_sample else (
            "the sample data is already in use" if args.sample else
            "the store already has data; `init --sample` loads the sample beside it")
        print(f"Store ready at {db} (sample data not loaded: {reason}).")
        return 0
    if not result.ok:
        _print_report(result)
        return 1
    print(f"Store ready at {db} with the sample data ({sum(f.added for f in result.files)} rows).")
    return 0


def cmd_ingest(args, db: Path) -> int:
    given = _read_mapping(args.mapping) if args.mapping else None
    uploads, mapped = [], []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"error: cannot read {name}: no such file", file=sys.stderr)
            return 1
        upload = UploadFile.from_path(path, args.kind)
        try:
            upload, mapping = _through_mapping(db, upload, given, args.sheet)
        except _Usage as unmapped:
            print(f"error: {unmapped}", file=sys.stderr)
            return 1
        uploads.append(upload)
        if mapping is not None:
            mapped.append((mapping, path.name))
    big = sum(len(u.data) for u in uploads) >= PROGRESS_FROM_BYTES
    progress = (lambda message: print(f"... {message}", file=sys.stderr, flush=True)) if big else None
    result = ingest(db, uploads, dry_run=args.dry_run, uploaded_by=_who(), progress=progress)
    if result.status == "applied" and mapped:  # remembered for the next round of the same survey
        with connect(db) as con:
            for mapping, file_name in mapped:
                if surveys.saved(con, mapping.signature) is None:
                    surveys.save(con, mapping, surveys.default_name(mapping, file_name), _who())
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, default=str))
        if result.status == REFUSED:
            _print_report(result, stream=sys.stderr)
    else:
        _print_report(result)
    return 1 if result.status == REFUSED else 0


SHOWN_CHANGES = 20


def _read_mapping(path: str) -> surveys.Mapping:
    try:
        return surveys.Mapping.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (json.JSONDecodeError, AttributeError, TypeError) as problem:
        raise Refused(f"{path} is not a mapping written by `mapping suggest` ({problem}).") from problem


def _through_mapping(db: Path, upload: UploadFile, given, sheet: str | None):
    """A survey export (or any workbook) read through a mapping: the one given, else one saved for its header;
    a template-shaped workbook as its CSV. Anything else is returned as it is."""
    workbook = surveys.is_workbook(upload.data)
    if not workbook and given is None and not surveys.looks_like_export(upload.data):
        return upload, None
    export = surveys.read_export(upload.name, upload.data, sheet)
    mapping, register, closest = given, {}, None
    if db.exists():
        with connect(db, read_only=True) as con:
            register = surveys.register(con)
            mapping = mapping or surveys.saved(con, export.signature)
            closest = surveys.closest_saved(con, export) if mapping is None else None
    if mapping is None and export.tool is None and workbook:  # our own columns, in a workbook
        return UploadFile(upload.name, surveys.as_csv(export), upload.kind), None
    if mapping is None and closest is not None:
        raise _Usage(f"{upload.name} looks like a new round of a mapped survey, with questions changed: "
                     f"{', '.join(closest[1][:5]) or 'none'} no longer there; {', '.join(closest[2][:5]) or 'none'} "
                     "new. Map it again: `python -m disparities mapping suggest ...` (see below), then ingest "
                     "--mapping.")
    if mapping is None:
        raise _Usage(f"{upload.name} is a {export.tool or 'survey'} export. Map it once: `python -m disparities "
                     f"mapping suggest --kind toolkit {upload.name} -o map.json`, check or edit map.json, then "
                     f"`python -m disparities ingest --mapping map.json {upload.name}` (the kind may be another).")
    return surveys.as_upload(export, mapping, register), mapping


def cmd_mapping(args, db: Path) -> int:
    if args.action == "suggest":
        path = Path(args.file)
        export = surveys.read_export(path.name, path.read_bytes(), args.sheet)
        register = {}
        if db.exists():
            with connect(db, read_only=True) as con:
                register = surveys.register(con)
        mapping = surveys.suggest(export, args.kind, register)
        _write_text(json.dumps(mapping.as_dict(), indent=2, ensure_ascii=False) + "\n", args.output)
        unmatched = [name for name, org in mapping.organisations.items() if org is None]
        print(f"{export.tool or 'Survey'} export, {len(export.rows)} responses; "
              f"{sum('field' in c for c in mapping.columns.values())} of {len(export.header)} columns mapped"
              + (f"; organisations not matched: {', '.join(unmatched)}" if unmatched else "")
              + ". Check the mapping (and set any null organisation to its org_id), then use it with "
                "`ingest --mapping`.", file=sys.stderr)
        return 0
    if args.action == "list":
        with connect(db, read_only=True) as con:
            table = surveys.saved_list(con)
        if table.empty:
            print("No saved mappings: one is saved when an export is first applied through a mapping.")
        for row in table.itertuples():
            print(f"{row.signature}  {row.kind:<12} {row.tool or '':<16} {row.name}  ({row.uploads} uploads)")
        return 0
    with connect(db, read_only=args.action == "show") as con:
        signature = surveys.find_saved(con, args.name)
        if signature is None:
            raise Refused(f"No saved mapping named {args.name!r}; `python -m disparities mapping list` lists them.")
        if args.action == "show":
            print(json.dumps(surveys.saved(con, signature).as_dict(), indent=2, ensure_ascii=False))
        else:
            surveys.delete(con, signature)
            print(f"Forgot the mapping {args.name}; uploads read through it keep their history.")
    return 0


def _print_report(result: BatchResult, stream=None) -> None:
    refused = result.status == REFUSED
    stream = stream or (sys.stderr if refused else sys.stdout)
    for f in result.files:
        if f.already_loaded:
            print(f"{f.file_name}: unchanged, this exact file was already loaded ({f.already_loaded}).", file=stream)
            continue
        counts = f"{f.added} added, {f.replaced} replaced, {f.unchanged} unchanged"
        print(f"{f.file_name} ({f.kind or 'unknown kind'}): {'refused' if f.errors else counts}", file=stream)
        for issue in f.errors + f.warnings:
            print(f"  {issue.severity}: {issue}", file=stream)
        for change in f.changes[:SHOWN_CHANGES]:
            print(f"  change: row {change['row']}, {change['key']}, {change['column']}: "
                  f"{change['old'] if change['old'] is not None else '(blank)'} -> "
                  f"{change['new'] if change['new'] is not None else '(blank)'}", file=stream)
        if len(f.changes) > SHOWN_CHANGES:
            print(f"  ... and more changes ({f.replaced:,} rows replaced in all; --json lists up to "
                  f"{len(f.changes):,} changes)", file=stream)
    verdicts = {"refused": "Nothing was changed: fix the errors above and upload again.",
                "checked": "Dry run: nothing was changed.", "unchanged": "Nothing to change.",
                "applied": "Applied."}
    print(verdicts[result.status], file=stream)


def cmd_status(args, db: Path) -> int:
    with connect(db, read_only=True) as con:
        status = history.status(con)
    if args.json:
        print(json.dumps(status.as_dict(), indent=2))
        return 0
    for kind, count in status.rows.items():
        print(f"{kind:<14} {count:>8}")
    print(f"uploads: {status.uploads}; last upload: {status.last_upload or 'never'}; "
          f"sample data: {'present' if status.sample_data else 'none'}")
    return 0


def cmd_dump(args, db: Path) -> int:
    kind = KINDS[args.kind]
    with connect(db, read_only=True) as con:
        records = con.execute(f"SELECT {', '.join(q(c) for c in kind.names)} FROM {kind.name} "
                              f"ORDER BY {', '.join(q(k) for k in kind.key)}").fetchall()
    _write_text(templates.rows_csv(kind, records), args.output)
    return 0


def cmd_uploads(args, db: Path) -> int:
    with connect(db, read_only=True) as con:
        table = history.uploads(con)
    if args.json:
        print(table.to_json(orient="records", date_format="iso", indent=2))
        return 0
    if table.empty:
        print("No uploads yet.")
    for u in table.itertuples():
        state = f"undone {u.undone_at:%Y-%m-%d %H:%M}" if u.undone_at is not None and str(u.undone_at) != "NaT" else ""
        sample = " [sample]" if u.is_sample else ""
        print(f"#{u.id:<4} {u.uploaded_at:%Y-%m-%d %H:%M} {u.kind:<13} {u.file_name}{sample}  "
              f"+{u.rows_added} ~{u.rows_replaced} ={u.rows_unchanged}  by {u.uploaded_by} {state}".rstrip())
    return 0


def cmd_undo(args, db: Path) -> int:
    result = history.undo(db, args.upload_id, undone_by=_who(), with_dependents=args.with_dependents)
    for f in result["undone"]:
        print(f"Undone upload #{f['id']}: {f['file_name']} ({f['kind']}).")
    for kind, before in result["rows_before"].items():
        after = result["rows_after"][kind]
        if before != after:
            print(f"  {kind}: {before} -> {after} rows")
    return 0


def cmd_template(args, db: Path) -> int:
    _write_text(templates.template_csv(KINDS[args.kind]), args.output)
    return 0


def _read_new_password() -> str:
    """Asked twice at a terminal; one line from standard input otherwise (for scripts)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New officer password: ")
    if getpass.getpass("Again: ") != first:
        raise ValueError("The two passwords differ; nothing was changed.")
    return first


def cmd_set_password(args, db: Path) -> int:
    try:
        password = _read_new_password()
    except ValueError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    if problem := auth.password_problem(password):
        print(f"error: {problem} Nothing was changed.", file=sys.stderr)
        return 1
    target = Path(args.secrets_file) if args.secrets_file else config.secrets_file()
    auth.write_hash(target, auth.hash_password(password))
    print(f"The officer password is set: its scrypt hash is in {target} (the password itself is not stored).")
    return 0


class _Usage(Exception):
    """A mistake in the command's arguments: said plainly, exit code 2."""


def _export_filters(pairs: list[str]):
    from . import export
    from . import filters as filters_module
    params: dict[str, list[str]] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key = key.strip().lower()
        if not equals or key not in export.filter_keys():
            raise _Usage(f"--filter {pair!r}: give KEY=VALUE with KEY one of {', '.join(export.filter_keys())}.")
        params.setdefault(key, []).append(value.strip())
    level = {"level": params["level"]} if "level" in params else {}
    for key, values in params.items():  # a value the dashboard would silently drop is a mistake here
        for value in values:
            understood = filters_module.to_query_params(filters_module.from_query_params({**level, key: [value]}))
            if key not in understood and not (key == "level" and value.lower() == "local"):
                raise _Usage(f"--filter {key}={value}: not a value the dashboard knows for {key!r}.")
    return filters_module.from_query_params(params)


def _export_section(found, key: str | None, image: bool):
    if key is None:
        usable = [s for s in found.sections if s.has_data and (s.chart or not image)]
        if usable:
            return usable[0]
        if image:
            raise _Usage("nothing to draw: no chart of this view has data for these filters.")
        return found.sections[0]
    for section in found.sections:
        if section.key == key:
            return section
    raise _Usage(f"--table {key!r}: {found.key} has {', '.join(s.key for s in found.sections)}.")


def cmd_export(args, db: Path) -> int:
    from . import export, suppression
    from .views import VIEWS
    try:
        if args.view != export.ALL_VIEWS and args.view not in VIEWS:
            raise _Usage(f"unknown view {args.view!r}: use one of {', '.join([*VIEWS, export.ALL_VIEWS])}.")
        fmt = export.FORMATS[args.format]
        packs = [f.extension for f in export.formats_holding("pack")]
        if args.view == export.ALL_VIEWS and fmt.holds != "pack":
            raise _Usage(f"'all' is the meeting pack of every page: use --format {' or '.join(packs)}, "
                         "or name one view.")
        one = [f.extension for f in export.FORMATS.values() if f.holds in ("table", "chart")]
        if args.table and fmt.holds not in ("table", "chart"):
            raise _Usage(f"--table picks one table for {', '.join(one)}; {args.format} holds every table.")
        filters = _export_filters(args.filter)
        # The same cell keys as the app's (the store's secret), so the file holds the numbers the page shows.
        policy = None if args.no_suppression else suppression.POLICY.keyed(suppression.store_secret(db))
        made_on = export.today()
        names = list(VIEWS) if args.view == export.ALL_VIEWS else [args.view]
        with connect(db, read_only=True) as con:
            provenance = export.provenance(con, filters, policy, made_on)
            found = [export.page_view(con, name, filters, policy, made_on) for name in names]
        if fmt.holds == "pack":
            data = fmt.make(found, provenance)
        elif fmt.holds == "page":
            data = fmt.make(found[0], provenance)
        else:
            section = _export_section(found[0], args.table, image=fmt.holds == "chart")
            if fmt.holds == "chart" and (section.chart is None or not section.has_data):
                raise _Usage(f"--table {section.key!r} has no chart to draw for these filters.")
            data = fmt.make(section, provenance)
    except _Usage as mistake:
        print(f"error: {mistake}", file=sys.stderr)
        return 2
    except export.ExportUnavailable as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    Path(args.output).write_bytes(data)
    print(f"Wrote {args.output} ({len(data):,} bytes): {provenance.filters}; "
          f"{'small numbers suppressed' if policy else 'NO SUPPRESSION, internal use only'}"
          f"{'; CONTAINS SAMPLE DATA' if provenance.contains_sample else ''}.", file=sys.stderr)
    return 0


COMMANDS = {"init": cmd_init, "ingest": cmd_ingest, "status": cmd_status, "dump": cmd_dump,
            "uploads": cmd_uploads, "undo": cmd_undo, "template": cmd_template, "mapping": cmd_mapping,
            "set-password": cmd_set_password, "export": cmd_export}
