"""``roadbook import``, ``roadbook imports`` and ``roadbook undo-import``, over ``db.Library``."""

from __future__ import annotations

import sys

from desktop.cli.arguments import open_library, positive_int
from desktop.cli.output import one_record, print_json, raw_stderr

KINDS = ("actor", "deal", "event", "figure", "place")


def add_parsers(sub) -> None:
    """Importing analysts' files as batches, listing batches, undoing one."""
    p = sub.add_parser("import", help="import a CSV, TSV, XLSX, JSON or JSON Lines file, or a "
                                      "dataset folder",
                       description="Import a file as one batch (undo it with undo-import). "
                                   "Every row is imported or listed as rejected with a reason. "
                                   "A folder written by `export --format toml` adds its "
                                   "entries and sources as your own.")
    p.set_defaults(func=run_import)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sheet", metavar="S", help="the sheet of a workbook (default: the first)")
    p.add_argument("--encoding", metavar="E",
                   help="text encoding of a CSV/TSV/JSON file (default: detected)")
    p.add_argument("--mapping", metavar="NAME",
                   help="a saved mapping or a preset: aiddata-gcofd-1.0, aei-heritage-cgit, "
                        "bu-cgef, roadbook-export (default: the preset the file's headers "
                        "match, else guessed from them)")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help="map a column to a field, over the mapping or the guesses (repeatable); "
                        "FIELD may carry an option: actor:financier, value:millions, "
                        "value:CNY, extra:date, ignore")
    p.add_argument("--title", metavar="TEMPLATE", dest="title_template",
                   help="compose titles from columns, e.g. "
                        "'{Investor} → {Transaction Party} ({Country}, {Year})'")
    p.add_argument("--kind", choices=KINDS, help="kind of the entries (default: the mapping's, "
                                                 "else deal)")
    p.add_argument("--dry-run", action="store_true",
                   help="check every row and report, writing nothing")
    p.add_argument("--again", action="store_true",
                   help="import a file even though the same file was imported before")
    p.add_argument("--save-mapping", metavar="NAME",
                   help="keep the mapping used under this name in the library")
    p.add_argument("--credit", metavar="TEXT",
                   help="whom to credit for the data (kept with the batch and shown with each "
                        "entry; replaces the preset's credit line)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = sub.add_parser("imports", help="list import batches")
    p.set_defaults(func=run_imports)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("undo-import", help="remove an import batch and its entries")
    p.set_defaults(func=run_undo_import)
    p.add_argument("batch", type=positive_int, metavar="BATCH")


def run_import(args) -> int:
    from desktop.cli.authoring import is_dataset_path, run_import_dataset

    if is_dataset_path(args.file):  # a dataset folder, as `export --format toml` writes
        return run_import_dataset(args)
    from db.errors import AlreadyImportedError, RoadbookError
    from db.importing.mapping import rule_from_spec
    from db.importing.run import mapping_for, table_for

    table = table_for(args.file, sheet=args.sheet, encoding=args.encoding)
    with open_library(args) as lib:
        mapping = mapping_for(lib.conn, args.mapping, table)
        for spec in args.map:
            column, sep, field = spec.partition("=")
            if not sep or not column.strip():
                raise RoadbookError(f"--map {spec}: write COLUMN=FIELD, e.g. --map Investor=actor")
            mapping = mapping.with_column(column.strip(), rule_from_spec(column.strip(), field))
        if args.title_template:
            mapping = with_title_template(mapping, args.title_template)
        try:
            report = lib.import_file(table, mapping=mapping, kind=args.kind,
                                     dry_run=args.dry_run, again=args.again,
                                     progress=_progress_printer(), credit=args.credit)
        except AlreadyImportedError as exc:
            raise RoadbookError(f"{table.path.name} was imported before (batch {exc.batch}); "
                                "add --again to import it again, or undo-import "
                                f"{exc.batch} first") from None
        if args.save_mapping and not args.dry_run:
            lib.save_import_mapping(args.save_mapping, mapping)
    _clear_progress()
    if args.mapping is None and _mapping_chosen(mapping):
        print(_mapping_chosen(mapping), file=sys.stderr)
    if args.json:
        print_json(report.to_dict() | {"mapping": mapping_json(mapping, table.columns)})
        return 0
    print(_summary(report, one_record(table.path.name)))
    for rejection in report.rejections:
        print(f"  row {rejection.row}: {one_record(rejection.reason)}")
    return 0


def with_title_template(mapping, template: str):
    """The mapping with titles composed by ``template``: a column mapped to the title gives
    way to it (it is kept as an extra property)."""
    from dataclasses import replace

    from db.importing.mapping import ColumnRule, check_template

    check_template("--title", template)
    columns = {c: (ColumnRule("extra") if r.field == "title" else r)
               for c, r in mapping.columns.items()}
    return replace(mapping, columns=columns, title_template=template)


def _mapping_chosen(mapping) -> str | None:
    """A line for stderr saying which preset an import without --mapping followed, or how
    its titles were composed; ``None`` for a plain guess."""
    if mapping.headers and mapping.name:
        return (f"using the {mapping.label or mapping.name} preset; --mapping to choose "
                f"another")
    if mapping.title_template:
        return (f"mapping guessed from the headers; titles: {mapping.title_template} "
                "(--dry-run --json shows the mapping)")
    return None


def mapping_json(mapping, columns: list[str]) -> dict:
    """The mapping an import follows, as ``import --json`` shows it: every column's field."""
    from db.importing.mapping import resolve

    rules = resolve(mapping, columns)
    return {"name": mapping.name or "guessed", "title": mapping.title_template,
            "summary": mapping.summary_template,
            "columns": {c: (r.field if r else "ignore") for c, r in zip(columns, rules,
                                                                         strict=True)}}


def _summary(report, name: str) -> str:
    made = f", {report.created:,} new linked entries" if report.created else ""
    if report.flagged:
        made += f", {report.flagged:,} flagged (is:flagged)"
    where = " (dry run: nothing was written)" if report.dry_run else f" as batch {report.batch}"
    return (f"{name}: {report.rows:,} rows, {report.imported:,} imported, "
            f"{report.rejected:,} rejected{made}{where}")


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        raw_stderr().write(f"\r{stage} {done:,} of {total:,}…   ")  # its own \r, not escaped
        raw_stderr().flush()

    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        raw_stderr().write("\r" + " " * 60 + "\r")


def run_imports(args) -> int:

    with open_library(args) as lib:
        batches = lib.imports()
    if args.json:
        print_json(batches)
        return 0
    for b in batches:
        mapping = f" ({b['mapping']})" if b["mapping"] else ""
        print(f"{b['batch']:>5}  {b['created_at'][:10]}  {b['rows']:>7,} rows  "
              f"{b['imported']:>7,} imported  {b['rejected']:>6,} rejected  "
              f"{b['entries']:>7,} entries  {one_record(b['file'] + mapping)}")
    print(f"{len(batches)} import batch(es)", file=sys.stderr)
    return 0


def run_undo_import(args) -> int:

    with open_library(args) as lib:
        result = lib.undo_import(args.batch, progress=_compact_progress())
    kept = f"; {result['kept']} entries still linked from later imports were kept" \
        if result["kept"] else ""
    print(f"undid import batch {result['batch']}: removed {result['removed']:,} entries{kept}",
          file=sys.stderr)
    if result["compacted"] is not None:
        print(f"compacted the library: {_mib(result['compacted'].before)} → "
              f"{_mib(result['compacted'].after)}", file=sys.stderr)
    return 0


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MiB"


def _compact_progress():
    said = []

    def show(done: int, total: int) -> None:
        if not said:
            said.append(True)
            print("compacting the library (the batch was more than a quarter of it)…",
                  file=sys.stderr, flush=True)

    return show
