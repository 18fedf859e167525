"""Compacting a library: giving the space that removed rows left back to the disk.

SQLite keeps freed pages for reuse, so after a large import is undone the file (and every later
backup of it) keeps its size. ``VACUUM`` writes the library anew without them; it needs about
as much free disk as the library itself, and nothing else may write meanwhile.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from db.connection import library_error
from db.errors import RoadbookError

# (done, total): (0, 0) a few times a second while SQLite writes (it cannot say how far it
# is), (1, 1) when the library is compact.
Progress = Callable[[int, int], object]
HEARTBEAT_STEPS = 20_000  # SQLite steps between two looks at the clock
HEARTBEAT_S = 0.25


class CompactCancelledError(RoadbookError):
    """Compacting was cancelled before it finished; nothing changed."""


@dataclass(frozen=True)
class Compacted:
    """Sizes before and after, in bytes."""

    before: int
    after: int


def file_bytes(conn: sqlite3.Connection) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return pages * conn.execute("PRAGMA page_size").fetchone()[0]


def free_share(conn: sqlite3.Connection) -> float:
    """The share of the file's pages that hold nothing (0 to 1)."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return conn.execute("PRAGMA freelist_count").fetchone()[0] / pages if pages else 0.0


def compact_library(conn: sqlite3.Connection, *, progress: Progress | None = None) -> Compacted:
    """Write the library anew without its free pages, then fold the log into it."""
    before = file_bytes(conn)
    report = progress or (lambda done, total: None)
    last = [time.monotonic()]

    def beat() -> int:
        if time.monotonic() - last[0] >= HEARTBEAT_S:
            last[0] = time.monotonic()
            return 1 if report(0, 0) is False else 0  # a cancel stops VACUUM, undone whole
        return 0

    report(0, 0)
    conn.set_progress_handler(beat, HEARTBEAT_STEPS)
    try:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise CompactCancelledError("compacting was cancelled; the library is as it "
                                        "was") from None
        raise library_error(exc, conn) from None
    finally:
        conn.set_progress_handler(None, 0)
    report(1, 1)
    return Compacted(before, file_bytes(conn))
