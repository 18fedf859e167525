"""What each ``roadbook`` command does, over ``db.Library``."""

from __future__ import annotations

import sys
from pathlib import Path

from db import Library
from db.citing import cited_place
from db.dates import format_interval, interval_from_iso
from db.entry_shape import public_entry
from db.money import format_usd
from db.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN
from desktop.cli.arguments import library_path, open_library, positive_int
from desktop.cli.output import one_record, print_json


def add_parsers(sub) -> None:
    """The library's own commands: search, show, export, bookmark, bookmarks, check."""
    p = sub.add_parser("search", help="search the library")
    p.set_defaults(func=run_search)
    p.add_argument("query", help='query, e.g. \'gas kind:deal year:2014..2016 "state visit"\'')
    p.add_argument("--kind", choices=["actor", "deal", "event", "figure", "place"],
                   help="only entries of this kind")
    p.add_argument("--limit", type=positive_int, default=20, metavar="N",
                   help="show at most N hits (default 20)")
    p.add_argument("--passages", action="store_true", help="search the source texts instead")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("show", help="show one entry")
    p.set_defaults(func=run_show)
    p.add_argument("id", help="the entry's id, e.g. gas-deal-2014 (as listed by search)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="write entries to a CSV, XLSX, JSON file or a dataset")
    p.set_defaults(func=run_export)
    p.add_argument("--query", default="", help="only entries matching this query")
    p.add_argument("--bookmarks", action="store_true", help="the bookmarked entries instead")
    p.add_argument("--origin", choices=["analyst", "import", "bundled"],
                   help="only entries of this origin (analyst: the ones written here)")
    p.add_argument("--format", choices=["json", "csv", "xlsx", "toml"], required=True,
                   help="json: a list of `show --json` objects; csv and xlsx: one row per "
                        "entry; toml: a dataset folder in the bundled dataset's format, with "
                        "the sources cited (use with --origin)")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the file to write (toml: a new or empty folder)")

    p = sub.add_parser("bookmark", help="add or remove a bookmark")
    p.set_defaults(func=run_bookmark)
    p.add_argument("action", choices=["add", "remove"], help="add (or update) or remove")
    p.add_argument("id", help="the entry's id")
    p.add_argument("--note", help="note to keep with the bookmark")
    p.add_argument("--tag", action="append", dest="tags", metavar="T", help="tag (repeatable)")

    p = sub.add_parser("bookmarks", help="list bookmarks")
    p.set_defaults(func=run_bookmarks)
    p.add_argument("--tag", help="only bookmarks with this tag")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("check", help="check the library file and the bundled dataset")
    p.set_defaults(func=run_check)
    p.add_argument("--repair", action="store_true",
                   help="back up, then repair what can be repaired (works on a damaged file)")


def plain_snippet(snippet: str) -> str:
    return snippet.replace(HIGHLIGHT_OPEN, "[").replace(HIGHLIGHT_CLOSE, "]")


def run_search(args) -> int:
    with open_library(args) as lib:
        if args.passages:
            hits = lib.search_passages(args.query, limit=args.limit)
            if args.json:
                print_json({"query": args.query, "total": len(hits), "hits": hits})
            for hit in [] if args.json else hits:
                print(one_record(f"{hit['source_id']} ¶{hit['ordinal']}: "
                                 f"{plain_snippet(hit['snippet'])}"))
            return 0
        result = lib.search(args.query, kind=args.kind, limit=args.limit)
    for hint in result["hints"]:
        print(f"note: {one_record(hint)}", file=sys.stderr)
    if args.json:
        print_json({k: result[k] for k in ("query", "total", "hits")})
        return 0
    for hit in result["hits"]:
        when = format_interval(interval_from_iso(hit["date_start"], hit["date_end"],
                                                 hit["date_precision"]))
        extra = "  ".join(x for x in (when, format_usd(hit["value_usd"])) if x)
        extra = f"  ({extra})" if extra else ""
        print(one_record(f"{hit['id']:<36} {hit['kind']:<7} {hit['title']}{extra}"))
    shown = len(result["hits"])
    print(f"{shown} of {result['total']} shown" if result["total"] > shown
          else f"{result['total']} found", file=sys.stderr)
    return 0


def run_show(args) -> int:
    with open_library(args) as lib:
        entry = public_entry(lib.get(args.id))
    if args.json:
        print_json(entry)
        return 0
    print(format_entry_text(entry))
    return 0


def format_entry_text(entry: dict) -> str:
    """An entry as readable plain text for the terminal, each fact, link, quote and note on a
    line of its own (a line break inside one is spelled out)."""
    return "\n".join(one_record(line) for line in _entry_lines(entry))


def _entry_lines(entry: dict) -> list[str]:
    kind = ", ".join(k for k in (entry["kind"], entry["category"]) if k)
    lines = [f"{entry['title']}  [{kind}]"]
    when = format_interval(interval_from_iso(entry["date_start"], entry["date_end"],
                                             entry["date_precision"]))
    facts = [("Date", f"{when} (“{entry['date_text']}”)" if entry["date_text"] else when),
             ("Value", f"{format_usd(entry['value_usd'])} (“{entry['value_text']}”)"
              if entry["value_text"] else ""),
             ("Status", entry["status"] or ""),
             ("Also", ", ".join(a["name"] for a in entry["aliases"]))]
    lines += [f"  {k}: {v}" for k, v in facts if v]
    if entry["summary"]:
        lines += ["", entry["summary"]]
    if entry["links"]:
        lines += ["", "Links:"] + [
            f"  {lk['role']} {'→' if lk['direction'] == 'out' else '←'} {lk['title']} ({lk['id']})"
            for lk in entry["links"]]
    if entry["citations"] or entry["notes"]:
        lines += ["", "Sources:"] + [
            f"  “{c['quote']}” — {cited_place(c['source_title'], c.get('page'))}"
            for c in entry["citations"]]
    for note in entry["notes"]:
        lines.append(f"  Analyst note ({note['kind']}): {note['text']}")
    lines += _provenance_lines(entry.get("provenance") or [])
    lines += _statement_lines(entry)
    if entry["bookmark"]:
        tags = ", ".join(entry["bookmark"]["tags"])
        lines += ["", f"Bookmarked. {entry['bookmark']['note']}" + (f" [{tags}]" if tags else "")]
    return lines


def _provenance_lines(provenance: list[dict]) -> list[str]:
    """Where an imported entry came from: each dataset with its credit and licence, the file,
    sheet and row, and the batch."""
    from desktop.common.provenance_text import provenance_lines

    return ["", "From:"] + [f"  {line}" for line in provenance_lines(provenance)] \
        if provenance else []


ORIGIN_QUERIES = {"analyst": "is:authored", "import": "is:imported", "bundled": "is:bundled"}


def _statement_lines(entry: dict) -> list[str]:
    """Each value the sources state, side by side where they disagree; and the fields the
    dataset changed under the analyst's edits."""
    from desktop.common.edit_text import shipped_change_text, statement_line

    lines = []
    if entry.get("statements"):
        disputed = entry.get("disagreements") or []
        head = f"Sources disagree on {', '.join(disputed)}:" if disputed else "Statements:"
        lines += ["", head] + [f"  {statement_line(s)}" for s in entry["statements"]]
    if entry.get("dataset_changes"):
        lines += ["", "Edited here:"] + [f"  {shipped_change_text(c)}"
                                         for c in entry["dataset_changes"]]
    return lines


def run_export(args) -> int:
    if args.format == "toml":
        return run_export_dataset(args)
    query = " ".join(q for q in (args.query, ORIGIN_QUERIES.get(args.origin or "")) if q)
    with open_library(args) as lib:
        ids = lib.export_ids("bookmarks" if args.bookmarks else "results", query=query)
        count = lib.export(ids, Path(args.out), args.format)
    print(f"wrote {count} entries to {args.out}", file=sys.stderr)
    return 0


def run_export_dataset(args) -> int:
    from db.errors import InvalidValueError

    if args.query or args.bookmarks:
        raise InvalidValueError("--format toml writes every entry of an --origin "
                                "(--query and --bookmarks do not apply)")
    with open_library(args) as lib:
        report = lib.export_dataset(Path(args.out), origin=args.origin or "analyst")
    for problem in report["problems"]:
        print(f"note: {problem}", file=sys.stderr)
    amended = (f", with your quotes and statements on {report['amended']} entries you did "
               "not write" if report.get("amended") else "")
    print(f"wrote {report['entries']} entries and {report['sources']} source(s){amended} to "
          f"{args.out}", file=sys.stderr)
    return 0


def run_bookmark(args) -> int:
    with open_library(args) as lib:
        if args.action == "remove":
            if not lib.unbookmark(args.id):
                print(f"roadbook: {args.id} was not bookmarked", file=sys.stderr)
                return 1
            print(f"removed bookmark {args.id}", file=sys.stderr)
            return 0
        lib.bookmark(args.id, note=args.note, tags=args.tags)
    print(f"bookmarked {args.id}", file=sys.stderr)
    return 0


def run_bookmarks(args) -> int:
    with open_library(args) as lib:
        marks = lib.bookmarks(tag=args.tag)
    if args.json:
        print_json(marks)
        return 0
    for mark in marks:
        gone = "" if mark["exists"] else "  (no longer in the library)"
        tags = f"  [{', '.join(mark['tags'])}]" if mark["tags"] else ""
        print(one_record(f"{mark['id']:<36} {mark['title']}{tags}{gone}"))
        if mark["note"]:
            print(f"    {one_record(mark['note'])}")
    print(f"{len(marks)} bookmark(s)", file=sys.stderr)
    return 0


def run_check(args) -> int:
    if args.repair:
        from desktop.cli.safety import run_repair

        return run_repair(args)
    report = Library.check_file(library_path(args), read_only=args.read_only)
    for name, state in report.checks:
        print(f"{name:<20} {state}")
    for problem in report.problems:
        print(f"  {one_record(problem)}")
    print("library is sound" if report.ok else f"{len(report.problems)} problem(s) found")
    return 0 if report.ok else 1
