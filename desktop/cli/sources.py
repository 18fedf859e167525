"""``roadbook source add|replace|orphans``, ``roadbook sources`` and ``roadbook suggestions``:
adding documents to the library and reviewing what Roadbook found in them."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.cli.arguments import open_library, positive_int
from desktop.cli.output import print_json

_ADDED = ("id", "title", "author", "publisher", "date", "passages", "characters", "suggestions",
          "suggestions_left_out")
_SUGGESTION = ("n", "kind", "text", "quote", "start", "end", "entry_id", "value_usd",
               "date_start", "date_end", "date_precision", "status", "hidden_reason")


def add_parsers(sub) -> None:
    """Sources an analyst adds, and the review of their suggestions."""
    p = sub.add_parser("source", help="add a source document, or a newer version of one")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True,
                               parser_class=type(p))
    _add_source_add(actions)
    _add_source_versions(actions)
    p = sub.add_parser("sources", help="list the sources with their passages and citations")
    p.set_defaults(func=run_sources)
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_suggestions(sub)


def _add_source_add(actions) -> None:
    add = actions.add_parser("add", help="add a text, Markdown, HTML, PDF or DOCX file",
                             description="Add a document: its readable text is stored once, "
                                         "split into passages, and searched for suggestions.")
    add.set_defaults(func=run_source_add)
    add.add_argument("file", metavar="FILE", help="the document, or - for text on standard input")
    add.add_argument("--markdown", action="store_true",
                     help="read standard input as Markdown (a file's format is known by its name)")
    add.add_argument("--title", metavar="T", help="title (default: the file's own, else its "
                                                 "first line)")
    add.add_argument("--author", metavar="A")
    add.add_argument("--publisher", metavar="P")
    add.add_argument("--date", metavar="YYYY-MM-DD",
                     help="publication date (also 2016-07 or 2016); relative dates in the text "
                          "(\"last year\") are resolved against it")
    add.add_argument("--url", metavar="U", help="where the document was published (kept, "
                                               "never opened)")
    add.add_argument("--json", action="store_true", help="print JSON")


def _add_source_versions(actions) -> None:
    replace = actions.add_parser("replace", help="put a newer version of a source in its place",
                                 description="Citations are re-anchored in the new text; any "
                                             "that cannot be found are kept as orphans.")
    replace.set_defaults(func=run_source_replace)
    replace.add_argument("source_id", metavar="SOURCE_ID")
    replace.add_argument("file", metavar="FILE")
    replace.add_argument("--json", action="store_true", help="print JSON")

    orphans = actions.add_parser("orphans", help="list quotes a newer version no longer holds")
    orphans.set_defaults(func=run_source_orphans)
    orphans.add_argument("source_id", metavar="SOURCE_ID", nargs="?")
    orphans.add_argument("--json", action="store_true", help="print JSON")


def _add_suggestions(sub) -> None:
    p = sub.add_parser("suggestions", help="list, accept or reject a source's suggestions",
                       description="With no decision, lists the suggestions; 'accept N…' or "
                                   "'reject N…' decides them (an accepted mention becomes a "
                                   "citation on its entry).")
    p.set_defaults(func=run_suggestions)
    p.add_argument("source_id", metavar="SOURCE_ID")
    p.add_argument("decision", nargs="?", choices=["accept", "reject"], metavar="accept|reject")
    p.add_argument("numbers", nargs="*", type=positive_int, metavar="N")
    p.add_argument("--every-occurrence", action="store_true",
                   help="decide every suggestion of the same words in the source too")
    p.add_argument("--status", choices=["pending", "accepted", "rejected"],
                   help="only suggestions with this status")
    p.add_argument("--json", action="store_true", help="print JSON")


def run_source_add(args) -> int:
    source = _standard_input() if args.file == "-" else Path(args.file)
    with open_library(args) as lib:
        added = lib.add_source(source, title=args.title, author=args.author,
                               publisher=args.publisher, date=args.date, url=args.url,
                               markdown=args.markdown)
    if args.json:
        print_json({k: added[k] for k in _ADDED})
        return 0
    print(f"added {added['id']}: “{added['title']}”, {added['passages']:,} passages, "
          f"{added['characters']:,} characters, {added['suggestions']:,} suggestions")
    if added["suggestions_left_out"]:
        print(f"{added['suggestions_left_out']:,} more suggestions were left out: a source "
              f"keeps its best {added['suggestions']:,} (mentions of known entries first)",
              file=sys.stderr)
    print(f"review them with: roadbook suggestions {added['id']}", file=sys.stderr)
    return 0


def _standard_input() -> str:
    """Text piped in, read up to just past the longest source allowed (which is then refused
    with its length, not read to the end)."""
    from db.sourcing.document import MAX_TEXT_CHARS

    return sys.stdin.read(MAX_TEXT_CHARS + 1)


def run_source_replace(args) -> int:
    with open_library(args) as lib:
        counts = lib.replace_source(args.source_id, Path(args.file))
    if args.json:
        print_json(counts)
        return 0
    print(f"replaced {counts['id']}: {counts['kept']} citations in place, {counts['moved']} "
          f"moved, {counts['changed']} matched closely, {counts['orphaned']} orphaned")
    if counts.get("suggestions_left_out"):
        print(f"{counts['suggestions_left_out']:,} more suggestions were left out (the best "
              "are kept, mentions of known entries first)", file=sys.stderr)
    return 0


def run_source_orphans(args) -> int:
    with open_library(args) as lib:
        orphans = lib.orphaned_citations(args.source_id)
    if args.json:
        print_json(orphans)
        return 0
    for o in orphans:
        print(f"{o['entry_id']:<36} {o['source_id']}: “{o['quote']}”")
    print(f"{len(orphans)} orphaned quote(s)", file=sys.stderr)
    return 0


def run_sources(args) -> int:
    with open_library(args) as lib:
        sources = lib.sources()
    if args.json:
        print_json(sources)
        return 0
    for s in sources:
        print(f"{s['id']:<40} {s['passages']:>5} passages {s['citations']:>5} citations "
              f"{s['pending']:>5} pending  {s['title']}")
    print(f"{len(sources)} source(s)", file=sys.stderr)
    return 0


def run_suggestions(args) -> int:
    from db.errors import RoadbookError

    if args.decision and not args.numbers:
        raise RoadbookError(f"{args.decision}: give the numbers of the suggestions, e.g. "
                            f"roadbook suggestions {args.source_id} {args.decision} 1 2 3")
    if args.numbers and not args.decision:
        raise RoadbookError("say what to do with them: accept N… or reject N…")
    with open_library(args) as lib:
        if args.decision:
            status = "accepted" if args.decision == "accept" else "rejected"
            done = lib.decide_suggestions(args.source_id, args.numbers, status,
                                          every_occurrence=args.every_occurrence)
            if status == "accepted":
                _say_names_need_entries(lib, args.source_id, done["decided"])
            return _print_decided(args, status, done)
        rows = lib.suggestions(args.source_id, status=args.status)
    if args.json:
        print_json([{k: r[k] for k in _SUGGESTION} for r in rows])
        return 0
    for r in rows:
        hidden = f"  (hidden: {r['hidden_reason']})" if r["hidden_reason"] else ""
        target = f" → {r['entry_id']}" if r["entry_id"] else ""
        print(f"{r['n']:>5}  {r['status']:<8} {r['kind']:<7} {r['text']}{target}{hidden}")
    print(f"{len(rows)} suggestion(s)", file=sys.stderr)
    return 0


def _say_names_need_entries(lib, source_id: str, decided: list[int]) -> None:
    """An accepted name that no entry has yet is only marked reviewed: say how to write its
    entry (the window opens the entry editor for it instead)."""
    import shlex

    wanted = set(decided)
    for row in lib.suggestions(source_id, status="accepted"):
        if row["n"] in wanted and row["kind"] == "name" and not row["entry_id"]:
            print(f"note: {row['n']} “{row['text']}” names no entry yet; write it "
                  f"with: roadbook entry add --kind actor --title {shlex.quote(row['text'])} "
                  f"--from-suggestion {source_id}:{row['n']}", file=sys.stderr)


def _print_decided(args, status: str, done: dict) -> int:
    if args.json:
        print_json(done)
        return 0
    made = f", {len(done['citations'])} citation(s)" if status == "accepted" else ""
    print(f"{status} {len(done['decided'])} suggestion(s){made}", file=sys.stderr)
    return 0
