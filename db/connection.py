"""Opening SQLite connections to a library file, and transactions that are all-or-nothing."""

from __future__ import annotations

import contextlib
import os
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
    if read_only and _unshareable(Path(path)):
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _unshareable(path: Path) -> bool:
    """A library in a folder that cannot be written and no WAL beside it: SQLite could not make
    its shared-memory file, so the file is read as one that nothing changes."""
    wal, shm = (path.with_name(path.name + extra) for extra in ("-wal", "-shm"))
    if os.access(path.parent, os.W_OK) or shm.exists():
        return False
    return not (wal.exists() and wal.stat().st_size)


def check_header(path: Path) -> None:
    """Refuse, with a clear reason, a file that is empty, not an SQLite database, or cut short."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    head = header[:len(SQLITE_HEADER)]
    if not head:
        raise LibraryCorruptError(
            f"{path} is empty (0 bytes). It is not a library; it was left as it is. "
            "Open another library or restore a backup.")
    if head != SQLITE_HEADER:
        raise LibraryCorruptError(
            f"{path} is not a Roadbook library (not an SQLite database). It was left as it is. "
            "Open another library or restore a backup.")
    _check_length(path, header)


def _check_length(path: Path, header: bytes) -> None:
    """A file shorter than its header says was cut short (a copy or download that stopped)."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        return  # pages may still live in the write-ahead log
    size = path.stat().st_size
    page = int.from_bytes(header[16:18], "big") if len(header) == 100 else 0
    page = 65536 if page == 1 else page
    pages = int.from_bytes(header[28:32], "big")
    counted = pages and header[24:28] == header[92:96]
    if len(header) < 100 or not page or size % page or (counted and size < pages * page):
        raise LibraryCorruptError(
            f"{path} is cut short (truncated to {size:,} bytes), so part of the library is "
            "missing. It was left as it is. Restore a backup or open another library.")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back."""
    if conn.in_transaction:  # nested: the outer transaction decides
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise library_error(exc, conn) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise library_error(exc, conn) from None
        raise


# SQLite result codes that describe the library file (not a bug): the user can act on them.
_FILE_CONDITIONS = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_FULL",
                    "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_IOERR", "SQLITE_CANTOPEN")


def library_error(exc: sqlite3.Error, conn: sqlite3.Connection) -> Exception:
    """The ``LibraryError`` for a locked, read-only, full or damaged file; else ``exc`` itself."""
    if not (getattr(exc, "sqlite_errorname", None) or "").startswith(_FILE_CONDITIONS):
        return exc
    try:
        path = conn.execute("PRAGMA database_list").fetchone()[2] or "the library"
    except sqlite3.Error:
        path = "the library"
    return translate(exc, path)


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
        return LibraryFullError(f"The disk holding {path} is full; nothing was changed. Free "
                                "some space and try again.")
    if "unable to open" in text:
        return LibraryReadOnlyError(f"{path} cannot be opened: {exc}. Check the folder exists "
                                    "and can be written.")
    return LibraryCorruptError(f"{path} is damaged or not a Roadbook library ({exc}). It was "
                               "left as it is; restore a backup or open another library.")
