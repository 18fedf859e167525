"""Which write-ahead log a library's writers last saw, kept beside the library.

SQLite applies any valid ``-wal`` beside a database, and after a crash nothing else tells the
library's own log from one put in its place. So every Roadbook connection that writes a library
reads the log's 32-byte header at the start of each write transaction, under the write lock (no
other writer can be changing it then), and notes its identity — the salts and the checkpoint
sequence — in ``LIBRARY.sessions/wal.json`` when the salts changed. The file is replaced
atomically and never synced; records are written one at a time, under the lock, so a later one
never loses to an earlier. ``db.wal`` compares a log found after a crash with it.

The salts change whenever SQLite starts the log afresh. A restart adds one to salt-1 (salt-2 is
new and random), so the commit that follows a record may restart the log once more before the
next write records it: a log a few restarts ahead of the record is still this one. The
checkpoint sequence is kept for the record only: each connection counts it separately, so it does
not tell logs apart. Only the first frame written to an empty log (a new one, or one truncated to
nothing) gets random salts; before writing into an empty log, a connection therefore first
commits a change that changes nothing (the schema version set to itself) and records the log
that made, so no write of the user's ever sits in a log nobody recorded.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from db.wal import HEADER_BYTES, RECORD, parse_header, sessions_folder, side_file


class WalWatch:
    """Kept on a connection that writes the library at ``path`` (``conn.wal_watch``)."""

    def __init__(self, path: Path):
        self.wal = side_file(path, "-wal")
        self.record = sessions_folder(path) / RECORD
        self.seen = b""  # the salts (as stored) this connection last recorded

    def before_write(self, conn: sqlite3.Connection,
                     begin: Callable[[sqlite3.Connection], object]) -> None:
        """Inside ``BEGIN IMMEDIATE``: record the log's identity when it changed; an empty log
        is first given its header by a commit that changes nothing, and ``begin`` begins the
        write again."""
        head = self._head()
        if head == b"":
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
            begin(conn)
            head = self._head()
        if head and head[16:24] != self.seen:
            self._note(head)

    def _note(self, head: bytes) -> None:
        header = parse_header(head)
        if header is None or not header.sound:
            return
        self.seen = head[16:24]
        write_record(self.record, {"salts": list(header.salts), "sequence": header.sequence})

    def _head(self) -> bytes | None:
        """The log's first 32 bytes (``b""`` when it is empty), or ``None`` when unreadable."""
        try:
            fd = os.open(self.wal, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            return b""
        except OSError:
            return None
        try:
            head = os.read(fd, HEADER_BYTES)
        except OSError:
            return None
        finally:
            os.close(fd)
        return head if len(head) == HEADER_BYTES else b""


def write_record(record: Path, identity: dict) -> None:
    """Replace the record atomically; when it cannot be written (a full disk, a folder gone),
    remove it, so that a stale identity never turns the library's own log away."""
    temp = record.with_name(f".{os.urandom(8).hex()}.wal-new")
    try:
        temp.write_text(json.dumps(identity))
        os.replace(temp, record)
    except OSError:
        for leftover in (temp, record):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
