"""Opening SQLite connections to a library file, and transactions that are all-or-nothing."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
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

BUSY_TIMEOUT_MS = 5000  # opening and reading wait this long for another program's lock
# A write waits longer for another program's write to finish: long enough for an import of
# several hundred thousand rows to copy its batch in (about 5 s for 300,000 rows here).
WRITE_WAIT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"


class LibraryConnection(sqlite3.Connection):
    """A connection that, once it writes a library for a session, records the identity of the
    library's log as each write begins (``wal_watch``: ``db.wal_identity.WalWatch``)."""

    wal_watch = None


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), rows as ``sqlite3.Row``,
    that treats the file's schema as untrusted (``harden``)."""
    uri = f"{Path(path).absolute().as_uri()}?mode={'ro' if read_only else 'rwc'}"
    if read_only and _unshareable(Path(path)):
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                               factory=LibraryConnection)
        harden(conn)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def harden(conn: sqlite3.Connection) -> None:
    """No SQL function with side effects runs from the file's views, triggers, indexes or
    defaults (``trusted_schema=OFF``); where the driver allows it (Python 3.12+), defensive
    mode also keeps the schema and the full-text indexes' own tables from being written
    directly."""
    conn.execute("PRAGMA trusted_schema = OFF")
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None:
        setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)


def _unshareable(path: Path) -> bool:
    """No WAL beside the library, and SQLite could not make its shared-memory file (a folder
    that cannot be written, a full disk): the file is read as one that nothing changes."""
    wal, shm = (path.with_name(path.name + extra) for extra in ("-wal", "-shm"))
    if wal.exists() and wal.stat().st_size:
        return False
    if not os.access(path.parent, os.W_OK) and not shm.exists():
        return True
    return disk_is_full(path) and not _shm_ready(shm)


def _shm_ready(shm: Path) -> bool:
    try:
        return shm.stat().st_size >= SHM_BYTES
    except OSError:
        return False


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
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back. A connection
    watching the library's log records its identity first (``db.wal_identity``)."""
    if conn.in_transaction:  # nested: the outer transaction decides
        yield conn
        return
    try:
        begin_write(conn)
    except sqlite3.Error as exc:
        raise library_error(exc, conn) from None
    watch = getattr(conn, "wal_watch", None)
    try:
        if watch is not None:
            watch.before_write(conn, begin_write)
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise library_error(exc, conn) from None
        raise


def begin_write(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting up to ``WRITE_WAIT_MS`` for another writer."""
    conn.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_MS}")
    try:
        conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


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
    if is_full_disk(exc, path):
        return full_disk_error(path)
    if "unable to open" in text:
        return LibraryReadOnlyError(f"{path} cannot be opened: {exc}. Check the folder exists "
                                    "and can be written.")
    return LibraryCorruptError(f"{path} is damaged or not a Roadbook library ({exc}). It was "
                               "left as it is; restore a backup or open another library.")


# -- a full disk is not damage ----------------------------------------------------------------

SHM_BYTES = 32768  # SQLite's shared-memory file for the WAL
ROOM_TO_WORK = 1 << 20  # below this much free space, a failed write is the full disk
_IO_CONDITIONS = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN")


def free_space(path: Path | str) -> int | None:
    """Bytes free on the disk holding ``path`` (``None`` when that cannot be told)."""
    try:
        return shutil.disk_usage(Path(path).parent).free
    except OSError:
        return None


def disk_is_full(path: Path | str, needed: int = ROOM_TO_WORK) -> bool:
    free = free_space(path)
    return free is not None and free < needed


def is_full_disk(exc: BaseException, path: Path | str) -> bool:
    """SQLITE_FULL, ENOSPC, or an I/O failure on a disk with next to no room left."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT) or (
            exc.errno == errno.EIO and disk_is_full(path))
    name = getattr(exc, "sqlite_errorname", None) or ""
    if name.startswith("SQLITE_FULL") or "database or disk is full" in str(exc).lower():
        return True
    io_failure = name.startswith(_IO_CONDITIONS) or "disk i/o error" in str(exc).lower()
    return io_failure and disk_is_full(path)


def full_disk_error(path: Path | str, *, needed: int = ROOM_TO_WORK,
                    doing: str = "") -> LibraryFullError:
    """The disk is full: say so, how much the work needs, and what to free."""
    free = free_space(path)
    has = "" if free is None or free >= needed else \
        " (no space left)" if free < 1024 else f" (only {human_size(free)} free)"
    doing = f" to {doing}" if doing else ""
    return LibraryFullError(
        f"The disk holding {path} is full{has}; the library itself is fine and nothing was "
        f"changed. Free some space on that disk — at least {human_size(needed)}{doing} — by "
        "emptying the trash or moving large files away, then try again. It can still be "
        "opened read-only.")


def import_needs_room(library: Path, file: Path) -> LibraryFullError:
    """A full disk during an import: it needs room for the rows, their indexes and the log."""
    try:
        size = file.stat().st_size
    except OSError:
        size = 0
    return full_disk_error(library, needed=max(ROOM_TO_WORK, 4 * size),
                           doing=f"import {file.name}")


def human_size(size: int) -> str:
    """``446 KB``, ``2.1 MB``: a size as people say it."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{max(1, round(size / 1024)) if size else 0} KB"
