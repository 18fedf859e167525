"""A snapshot of a library: one consistent, compacted, read-only file to hand on.

Datasette, a colleague or an archive get a copy that needs no write-ahead log beside it: it is
written with ``VACUUM INTO`` (a consistent read of everything committed, the WAL included, with
the free pages left out) into a temporary file beside the target, switched to a rollback
journal, checked, made read-only and only then renamed into place. The library itself is only
read, so a snapshot can be taken while Roadbook has the library open, and from a read-only one.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from db.errors import RoadbookError


class SnapshotError(RoadbookError):
    """A snapshot cannot be written where asked; the message says why and what to do."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    bytes: int
    entries: int

    def as_dict(self) -> dict:
        return {"path": str(self.path), "bytes": self.bytes, "entries": self.entries}


def write_snapshot(conn: sqlite3.Connection, library_path: Path, out: Path) -> Snapshot:
    """Write a snapshot of the library open on ``conn`` to ``out`` (replacing a file there)."""
    out = Path(out).expanduser().absolute()
    _check_target(Path(library_path), out)
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _vacuum_into(conn, partial)
        entries = _finish(partial)
        os.replace(partial, out)
    except sqlite3.Error as exc:
        raise _failure(exc, out) from None
    except OSError as exc:
        raise SnapshotError(f"cannot write the snapshot {out}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return Snapshot(path=out, bytes=out.stat().st_size, entries=entries)


def _vacuum_into(conn: sqlite3.Connection, partial: Path) -> None:
    """``VACUUM INTO`` only reads the library; a read-only one lets it through for that."""
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    if query_only:
        conn.execute("PRAGMA query_only = OFF")
    try:
        conn.execute("VACUUM INTO ?", (str(partial),))
    finally:
        if query_only:
            conn.execute("PRAGMA query_only = ON")


def _check_target(library_path: Path, out: Path) -> None:
    if out.exists() and (out.is_dir() or out.samefile(library_path)):
        raise SnapshotError(f"{out} is {'a folder' if out.is_dir() else 'the library itself'};"
                            " give the snapshot a file name of its own")
    if not out.parent.is_dir():
        raise SnapshotError(f"there is no folder {out.parent}; create it first")
    if not os.access(out.parent, os.W_OK):
        raise SnapshotError(f"the folder {out.parent} cannot be written; choose another")


def _finish(partial: Path) -> int:
    """Make the copy stand alone (no WAL), check it, make it read-only; its entry count."""
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        copy.execute("PRAGMA journal_mode = DELETE")
        problems = [row[0] for row in copy.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise SnapshotError(f"the snapshot did not check out ({problems[0]}); nothing was "
                                "written")
        entries = copy.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        copy.close()
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    # Created as any new file is (the umask decides who may read it); nobody may write it.
    os.chmod(partial, partial.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return entries


def _failure(exc: sqlite3.Error, out: Path) -> SnapshotError:
    if "full" in str(exc).lower():
        return SnapshotError(f"the disk is full: the snapshot {out} needs about the library's "
                             "size in free space; free some and try again")
    return SnapshotError(f"cannot write the snapshot {out}: {exc}")
