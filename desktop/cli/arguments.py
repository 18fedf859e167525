"""What the command line's shared arguments mean: the library to use, a positive number."""

from __future__ import annotations

import argparse
from pathlib import Path

from db import Library

LARGEST_NUMBER = 2**63 - 1  # SQLite's largest integer: batches, statements, suggestions


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    if value > LARGEST_NUMBER:
        raise argparse.ArgumentTypeError(f"{text} is larger than any number the library holds")
    return value


def library_path(args) -> Path:
    """The library file the command works on: ``--library``, else the default."""
    from db.paths import default_library_path

    return Path(args.library).expanduser() if args.library else default_library_path()


def open_library(args) -> Library:
    """The library the command works on, opened as ``--read-only`` says."""
    return Library.open(library_path(args), read_only=args.read_only)
