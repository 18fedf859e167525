"""The ``roadbook`` command's parser and its entry point: with no command it opens the window;
otherwise each command module runs a thin layer over db/.

Every error is one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from desktop import __version__
from desktop.cli.output import EXIT_ERROR, EXIT_INTERNAL, EXIT_USAGE, one_line

# Each module adds its subcommands with ``add_parsers(sub)`` and sets ``func`` to run them.
# Keep these modules light to import: heavy libraries are imported inside the ``run_*`` functions.
COMMAND_MODULES = ("desktop.cli.entries", "desktop.cli.safety", "desktop.cli.briefings",
                   "desktop.cli.importing", "desktop.cli.sharing", "desktop.cli.authoring",
                   "desktop.cli.graph", "desktop.cli.sources")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line, then the usage exit status
        self.exit(EXIT_USAGE, f"roadbook: {message} (see roadbook --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="roadbook", description="Offline reference library for analysts. "
                     "With no command, opens the Roadbook window.")
    _add_library_options(parser)
    parser.add_argument("--version", action="version", version=f"roadbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for module in COMMAND_MODULES:
        importlib.import_module(module).add_parsers(sub)
    return parser


def _add_library_options(parser: argparse.ArgumentParser) -> None:
    """The options every use of ``roadbook`` shares, the window's start among them."""
    parser.add_argument("--library", metavar="PATH",
                        help="library file to use (default: $ROADBOOK_LIBRARY, else the user's "
                             "data folder)")
    parser.add_argument("--read-only", action="store_true", help="open the library read-only")


def window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """``argv`` when it only opens the window (``--library PATH``, ``--read-only``), parsed
    without building every command's parser (some 30 ms of every window start); else None."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    _add_library_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = window_arguments(argv) or build_parser().parse_args(argv)
    from db.errors import RoadbookError
    from desktop.cli.output import guard_terminal_output

    guard_terminal_output()  # text from a library never steers the terminal
    _failures.clear()
    sys.unraisablehook = _after_the_error_line  # "Exception ignored in …" never follows it

    try:
        undecodable_argument(args)
        if args.command is None:
            return _open_window(args)
        return args.func(args)
    except RoadbookError as exc:
        return _failed(str(exc), EXIT_ERROR)
    except KeyboardInterrupt:
        return _failed("interrupted", 130)
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # a bug (still one line, with where to look), or a planted trigger
        if _refused_by_a_trigger(exc):
            return _failed(f"the library refused the change: a trigger in it says “{exc}”. "
                           "Roadbook puts no such trigger in a library; run roadbook check",
                           EXIT_ERROR)
        return _internal_error(exc)


def _refused_by_a_trigger(exc: Exception) -> bool:
    import sqlite3

    return (isinstance(exc, sqlite3.IntegrityError)
            and getattr(exc, "sqlite_errorname", "") == "SQLITE_CONSTRAINT_TRIGGER")


_failures: list[int] = []


def _failed(message: str, status: int) -> int:
    print(f"roadbook: {one_line(message)}", file=sys.stderr)
    _failures.append(status)
    return status


def _internal_error(exc: Exception) -> int:
    return _failed(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)


def _after_the_error_line(unraisable) -> None:
    """Errors raised where nothing can catch them (a library's clean-up after a full disk):
    silent once the command has said why it failed, else one line."""
    if not _failures:
        print(f"roadbook: ignored while cleaning up: {type(unraisable.exc_value).__name__}: "
              f"{one_line(str(unraisable.exc_value))}", file=sys.stderr)


# Arguments that name files: bytes that are not UTF-8 are part of a valid file name there.
PATH_ARGUMENTS = frozenset({"library", "file", "out"})


def undecodable_argument(args) -> None:
    """Refuse text arguments (a query, a note, an id) holding bytes that are not valid in the
    terminal's encoding: they cannot be searched for or stored as text."""
    from db.errors import RoadbookError

    for name, value in vars(args).items():
        values = value if isinstance(value, list | tuple) else (value,)
        for text in values:
            if name in PATH_ARGUMENTS or not isinstance(text, str):
                continue
            bad = next((ch for ch in text if "\udc80" <= ch <= "\udcff"), None)
            if bad is not None:
                raise RoadbookError(
                    f"the {name.replace('_', ' ')} given is not valid text in this terminal's "
                    f"encoding ({sys.getfilesystemencoding()}): byte 0x{ord(bad) - 0xDC00:02x} "
                    "cannot be read; type it again or set a UTF-8 locale")


def _open_window(args) -> int:
    from desktop.common.qt_libraries import check_message

    problem = check_message()  # before Qt loads: its own message names the wrong library
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_ERROR
    from desktop.app import main as app_main

    return app_main(library_path=Path(args.library) if args.library else None,
                    read_only=args.read_only)



if __name__ == "__main__":
    sys.exit(main())
