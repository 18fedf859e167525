"""The conditions a batch is read and written under: what keeps a large import quick, and the
window answering, while it runs, and what is put back as it was after.

- the cycle collector paused: a file's rows are millions of small objects with no cycles,
  which it would walk again and again as they pile up (a tenth of a big import);
- a larger page cache (a third faster for 100,000 rows);
- the write-ahead log copied into the file as a step of its own, after the commit;
- long lists freed a slice at a time.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
from collections.abc import Callable, Iterator

IMPORT_CACHE_KIB = 128 * 1024
RELEASE_SLICE = 5_000  # objects freed between two chances for the window to take the interpreter


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off meanwhile, on again after (unless it was off already)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextlib.contextmanager
def roomy_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A larger page cache meanwhile."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


@contextlib.contextmanager
def checkpoint_apart(conn: sqlite3.Connection, report: Callable[[], object]) -> Iterator[None]:
    """Copy the committed batch from the write-ahead log into the library file as a step of
    its own, after ``report()`` (else the commit does it, silently: seconds for a million
    rows). Nothing is weakened: the batch is in the log, committed, either way."""
    before = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
        if not conn.in_transaction:  # committed here, not by an outer transaction
            _after_commit(conn, report)
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")


def _after_commit(conn: sqlite3.Connection, report: Callable[[], object]) -> None:
    """Report, then copy the log into the file. The batch is in: nothing here may make the
    import look failed (a retry would be refused as a second import of the same file). A
    checkpoint that fails (a full disk) leaves the batch in the log, where it is safe and
    read, for the next checkpoint to copy."""
    with contextlib.suppress(Exception):  # no cancel now, and no error from the report
        report()
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def release(items: list) -> None:
    """Empty a long list a slice at a time. Freed at once, a million rows' objects hold the
    interpreter for half a second, and the window (which needs it to paint) stands still."""
    while items:
        del items[-RELEASE_SLICE:]
