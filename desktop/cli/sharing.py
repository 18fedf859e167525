"""``roadbook snapshot``: a consistent, compacted, read-only copy of the library to hand on."""

from __future__ import annotations

import sys

from desktop.cli.arguments import open_library
from desktop.cli.output import print_json


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "snapshot", help="write a read-only copy of the library for Datasette or a colleague",
        description="Write one consistent, compacted, read-only file holding everything "
                    "committed to the library (it needs no -wal file beside it).")
    p.set_defaults(func=run_snapshot)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the file to write (replaced if it exists), e.g. obor.sqlite")
    p.add_argument("--json", action="store_true", help="print JSON")


def run_snapshot(args) -> int:
    with open_library(args) as lib:
        snap = lib.snapshot(args.out)
    if args.json:
        print_json(snap.as_dict())
    else:
        print(snap.path)
        print(f"wrote a snapshot of {snap.entries:,} entries ({snap.bytes / 1024:,.0f} KB)",
              file=sys.stderr)
    return 0
