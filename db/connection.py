"""Opening SQLite connections to a library file, and transactions that are all-or-nothing."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from db.errors import (
    LibraryCorruptError,
    LibraryError,
    LibraryFullError,
    LibraryLockedError,
    LibraryReadOnlyError,
)

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), rows as ``sqlite3.Row``."""
    uri = f"{Path(path).absolute().as_uri()}?mode={'ro' if read_only else 'rwc'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def check_header(path: Path) -> None:
    """Refuse, with a clear reason, a file that is empty or not an SQLite database."""
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        raise LibraryCorruptError(
            f"{path} is empty (0 bytes). It is not a library; it was left as it is. "
            "Open another library or restore a backup.")
    if head != SQLITE_HEADER:
        raise LibraryCorruptError(
            f"{path} is not a Roadbook library (not an SQLite database). It was left as it is.")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back."""
    if conn.in_transaction:  # nested: the outer transaction decides
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def translate(exc: sqlite3.Error, path: Path | str) -> LibraryError:
    """The user-facing library error for an SQLite error (locked, read-only, corrupt, full)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return LibraryLockedError(
            f"{path} is locked by another program. Close it there, or open the library "
            "read-only.")
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return LibraryReadOnlyError(
            f"{path} cannot be written (read-only file or folder). Open it read-only, or copy "
            "it somewhere writable.")
    if "full" in text:
        return LibraryFullError(f"The disk holding {path} is full; nothing was changed.")
    if "unable to open" in text:
        return LibraryReadOnlyError(f"{path} cannot be opened: {exc}. Check the folder exists "
                                    "and can be written.")
    return LibraryCorruptError(f"{path} is damaged or not a Roadbook library ({exc}). It was "
                               "left as it is; restore a backup or open another library.")
