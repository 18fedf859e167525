"""The ``roadbook`` command's parser and its entry point: with no command it opens the window;
otherwise each command module runs a thin layer over db/.

Every error is one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from desktop.cli.output import EXIT_ERROR, EXIT_INTERNAL, EXIT_USAGE, one_line

# Each module adds its subcommands with ``add_parsers(sub)`` and sets ``func`` to run them.
# Keep these modules light to import: heavy libraries are imported inside the ``run_*`` functions.
COMMAND_MODULES = ("desktop.cli.entries", "desktop.cli.safety", "desktop.cli.briefings",
                   "desktop.cli.importing", "desktop.cli.sources")


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

    for module in COMMAND_MODULES:
        importlib.import_module(module).add_parsers(sub)
    return parser



def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from db.errors import RoadbookError
    from desktop.cli.output import guard_terminal_output

    guard_terminal_output()  # text from a library never steers the terminal

    try:
        if args.command is None:
            return _open_window(args)
        return args.func(args)
    except RoadbookError as exc:
        print(f"roadbook: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("roadbook: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line, with where to look
        print(f"roadbook: internal error: {type(exc).__name__}: {one_line(str(exc))}",
              file=sys.stderr)
        return EXIT_INTERNAL


def _open_window(args) -> int:
    from desktop.app import main as app_main

    return app_main(library_path=Path(args.library) if args.library else None,
                    read_only=args.read_only)



if __name__ == "__main__":
    sys.exit(main())
