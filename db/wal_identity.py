"""Which write-ahead log a library's writers last saw, kept beside the library.

SQLite applies any valid ``-wal`` beside a database, and after a crash nothing else tells the
library's own log from one put in its place. So every Roadbook connection that writes a library
notes the log's identity — the salts and checkpoint sequence in its 32-byte header — in
``LIBRARY.sessions/wal.json`` after each commit that changed it (one 32-byte read per write
transaction; the file is replaced atomically, never synced, and written only when the salts
change). ``db.wal`` compares a log found after a crash with it.

The salts change whenever SQLite starts the log afresh. A restart adds one to salt-1 (salt-2 is
new and random), so a log a few restarts ahead of the record is still this one (a crash came
between a commit and the record). The checkpoint sequence is kept for the record only: each
connection counts it separately, so it does not tell logs apart. Only the first frame written to
an empty log (a new one, or one truncated to nothing) gets random salts; before a write into an
empty log, a connection therefore first commits a change that changes nothing (the schema
version set to itself) and records the new log, so no write of the user's ever sits in a log
nobody recorded.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

from db.wal import HEADER_BYTES, read_header, side_file

RECORD = "wal.json"


def sessions_folder(path: Path) -> Path:
    return path.with_name(path.name + ".sessions")  # as ``db.recovery.sessions_dir``


class WalWatch:
    """Kept on a connection that writes the library at ``path`` (``conn.wal_watch``)."""

    def __init__(self, path: Path):
        self.wal = side_file(path, "-wal")
        self.record = sessions_folder(path) / RECORD
        self.seen: tuple[int, int] | None = None  # the salts this connection last recorded

    def before_write(self, conn: sqlite3.Connection) -> None:
        """Inside ``BEGIN IMMEDIATE``: when the log is empty, commit a change that changes
        nothing and record the log it made, then begin again."""
        if not self._log_empty():
            return
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {int(version)}")
        conn.execute("COMMIT")
        self.after_commit()
        conn.execute("BEGIN IMMEDIATE")

    def after_commit(self) -> None:
        """Record the log's header when its salts differ from those last recorded here."""
        try:
            header = read_header(self.wal)
        except OSError:
            return
        if header is None or not header.sound or header.salts == self.seen:
            return
        self.seen = header.salts
        write_record(self.record, {"salts": list(header.salts), "sequence": header.sequence})

    def _log_empty(self) -> bool:
        try:
            return self.wal.stat().st_size < HEADER_BYTES
        except FileNotFoundError:
            return True


def write_record(record: Path, identity: dict) -> None:
    """Replace the record atomically; when it cannot be written (a full disk, a folder gone),
    remove it, so that a stale identity never turns the library's own log away."""
    temp = record.with_name(f".{os.urandom(8).hex()}.wal-new")
    try:
        temp.write_text(json.dumps(identity))
        os.replace(temp, record)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
            record.unlink(missing_ok=True)


def recorded_identity(path: Path) -> tuple[int, int] | None:
    """The salts last recorded for the log of the library at ``path``, or ``None`` (a library
    from before the record was kept, or one it could not be written for)."""
    try:
        salts = json.loads((sessions_folder(path) / RECORD).read_text()).get("salts")
    except (OSError, ValueError, AttributeError):
        return None
    valid = (isinstance(salts, list) and len(salts) == 2
             and all(isinstance(s, int) and 0 <= s < 1 << 32 for s in salts))
    return (salts[0], salts[1]) if valid else None
