"""``roadbook print``: a PDF briefing of a search, some entries or the bookmarks, no window."""

from __future__ import annotations

import argparse
import sys

from desktop.printing.options import (
    DEFAULT_PARTS,
    NOTE_STYLES,
    PAGE_SIZES,
    PARTS,
    PrintOptions,
    parse_parts,
)


def add_parsers(sub) -> None:
    """The ``print`` command."""
    p = sub.add_parser("print", help="write a PDF briefing of a search, entries or bookmarks",
                       description="Write a PDF briefing: a cover line, a summary table, one "
                                   "section per entry, a timeline and the source quotes.")
    p.set_defaults(func=run_print)
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--query", metavar="Q", help="the entries this search finds")
    scope.add_argument("--ids", metavar="ID,…", type=_ids, help="these entries, in this order")
    scope.add_argument("--bookmarks", action="store_true", help="your bookmarks, with notes")
    p.add_argument("--tag", metavar="T", help="with --bookmarks: only bookmarks with this tag")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF file to write")
    p.add_argument("--page-size", choices=PAGE_SIZES, default="A4")
    p.add_argument("--landscape", action="store_true")
    p.add_argument("--include", type=_parts, default=frozenset(DEFAULT_PARTS), metavar="PARTS",
                   help=f"comma-separated parts to print, of {','.join(PARTS)} (default: "
                        f"{','.join(DEFAULT_PARTS)})")
    p.add_argument("--notes", choices=NOTE_STYLES, default="footnotes",
                   help="quotes under each entry (footnotes) or at the end (endnotes)")
    p.add_argument("--title", help="title on the cover and the running header")


def _ids(text: str) -> tuple[str, ...]:
    ids = tuple(i.strip() for i in text.split(",") if i.strip())
    if not ids:
        raise argparse.ArgumentTypeError("give at least one entry id")
    return ids


def _parts(text: str) -> frozenset[str]:
    try:
        return parse_parts(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_print(args) -> int:
    from db.report import ReportError, ReportScope
    from desktop.cli.arguments import open_library
    from desktop.printing import check_writable, write_pdf

    if args.tag and not args.bookmarks:
        raise ReportError("--tag chooses among bookmarks: use it with --bookmarks.")
    if args.bookmarks:
        scope = ReportScope.for_bookmarks(args.tag)
    elif args.ids is not None:
        scope = ReportScope.for_ids(args.ids)
    else:
        scope = ReportScope.for_query(args.query)
    options = PrintOptions(parts=args.include, notes=args.notes, page_size=args.page_size,
                           landscape=args.landscape, title=args.title)
    check_writable(args.out)  # fail before any work
    app = ensure_gui_application()  # noqa: F841 (kept alive while painting)
    with open_library(args) as library:
        report = library.report(scope, title=args.title)
    pages = write_pdf(report, args.out, options)
    count = len(report.entries)
    print(f"wrote {pages} page{'s' * (pages != 1)} ({count} entr{'y' if count == 1 else 'ies'})"
          f" to {args.out}", file=sys.stderr)
    return 0


def ensure_gui_application():
    """Painting text needs a Qt GUI application; make an offscreen one when none is running."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["roadbook", "-platform", "offscreen"])
    return app
