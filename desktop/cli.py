"""The ``roadbook`` command: with no command it opens the window; otherwise a thin layer over db/.

Every error is one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line, then the usage exit status
        self.exit(EXIT_USAGE, f"roadbook: {message} (see roadbook --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="roadbook", description="Offline reference library for analysts. "
                     "With no command, opens the Roadbook window.")
    parser.add_argument("--library", metavar="PATH",
                        help="library file to use (default: $ROADBOOK_LIBRARY, else the user's "
                             "data folder)")
    parser.add_argument("--read-only", action="store_true", help="open the library read-only")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("search", help="search the library")
    p.add_argument("query", help='query, e.g. \'gas kind:deal year:2014..2016 "state visit"\'')
    p.add_argument("--kind", choices=["actor", "deal", "event", "figure", "place"])
    p.add_argument("--limit", type=_positive_int, default=20)
    p.add_argument("--passages", action="store_true", help="search the source texts instead")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("show", help="show one entry")
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="write entries to a JSON or CSV file")
    p.add_argument("--query", default="", help="only entries matching this query")
    p.add_argument("--format", choices=["json", "csv"], required=True)
    p.add_argument("--out", required=True, metavar="FILE")

    p = sub.add_parser("bookmark", help="add or remove a bookmark")
    p.add_argument("action", choices=["add", "remove"])
    p.add_argument("id")
    p.add_argument("--note", help="note to keep with the bookmark")
    p.add_argument("--tag", action="append", dest="tags", metavar="T", help="tag (repeatable)")

    p = sub.add_parser("bookmarks", help="list bookmarks")
    p.add_argument("--tag", help="only bookmarks with this tag")
    p.add_argument("--json", action="store_true", help="print JSON")

    sub.add_parser("check", help="check the library file and the bundled dataset")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from db.errors import RoadbookError

    try:
        if args.command is None:
            return _open_window(args)
        from desktop import cli_commands

        return getattr(cli_commands, f"run_{args.command}")(args)
    except RoadbookError as exc:
        print(f"roadbook: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("roadbook: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line, with where to look
        print(f"roadbook: internal error: {type(exc).__name__}: {_one_line(str(exc))}",
              file=sys.stderr)
        return EXIT_INTERNAL


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines) if len(lines) <= 3 else "; ".join(lines[:3]) + f" (+{len(lines) - 3})"


def _open_window(args) -> int:
    from desktop.app import main as app_main

    return app_main(library_path=Path(args.library) if args.library else None,
                    read_only=args.read_only)


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    sys.exit(main())
