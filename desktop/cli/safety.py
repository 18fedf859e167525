"""``roadbook backup``, ``backups``, ``restore`` and ``check --repair``.

``backups``, ``restore`` and ``check --repair`` work on the file itself, so they also help when
the library is too damaged to open.
"""

from __future__ import annotations

import sys

from desktop.cli.arguments import library_path, open_library
from desktop.cli.output import one_record, print_json


def add_parsers(sub) -> None:
    """The data-safety commands: backup, backups, restore."""
    p = sub.add_parser("backup", help="take a verified backup of the library now")
    p.set_defaults(func=run_backup)
    p.add_argument("--reason", default="manual", help="a word saying why (kept in the name)")

    p = sub.add_parser("backups", help="list the library's backups, newest first")
    p.set_defaults(func=run_backups)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("restore", help="put a backup back (the current state is backed up "
                                       "first)")
    p.set_defaults(func=run_restore)
    p.add_argument("backup", nargs="?", metavar="BACKUP",
                   help="number or file name from `roadbook backups`, or a file path "
                        "(default: the newest backup)")


def run_backup(args) -> int:
    with open_library(args) as lib:
        info = lib.backup(args.reason)
    print(info.path)
    print(f"backed up to {info.path}", file=sys.stderr)
    return 0


def run_backups(args) -> int:
    from db.backup import list_backups

    backups = list_backups(library_path(args))
    if args.json:
        print_json([b.as_dict() for b in backups])
        return 0
    for number, b in enumerate(backups, 1):
        when = b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{number:>3}  {when}  {b.reason:<28} {b.size / 1024:>8,.0f} KB  {b.path.name}")
    print(f"{len(backups)} backup(s) in {library_path(args).name}.backups", file=sys.stderr)
    return 0


def _refuse_read_only(args, doing: str) -> None:
    if getattr(args, "read_only", False):
        from db.errors import RoadbookError

        raise RoadbookError(f"--read-only: {doing} writes the library; drop --read-only to "
                            "let it, or run roadbook check to only look")


def run_restore(args) -> int:
    from db.backup import find_backup
    from db.restore import restore_backup

    _refuse_read_only(args, "restore")
    path = library_path(args)
    result = restore_backup(path, find_backup(path, args.backup))
    print(f"restored {path} from {result.restored.name} ({result.counts['entries']} entries, "
          f"{result.counts['bookmarks']} bookmarks)", file=sys.stderr)
    if result.previous is not None:
        print(f"the state before was kept in {result.previous}", file=sys.stderr)
    return 0


def run_repair(args) -> int:
    """``roadbook check --repair``: back up, repair, and say what was found and done."""
    from db.repair import repair_library

    _refuse_read_only(args, "check --repair")
    report = repair_library(library_path(args),
                            progress=lambda step: print(f"{step}…", file=sys.stderr))
    if not report.found:
        print("library is sound; nothing to repair")
        return 0
    print(f"{len(report.found)} problem(s) found:")
    print("\n".join(f"  {one_record(p)}" for p in report.found))
    print(f"a copy was kept first in {report.safety_copy}")
    print("\n".join(one_record(line) for line in report.repaired))
    if report.ok:
        print("library repaired; a second check finds nothing")
        return 0
    print(f"{len(report.remaining)} problem(s) remain:")
    print("\n".join(f"  {one_record(p)}" for p in report.remaining))
    print("restore a backup with: roadbook restore")
    return 1
