"""Library files as someone else might hand them over: a real library with SQL planted in it,
a log from another library beside it, or something other than a file at its path."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from db.bundled import CHECKSUM_KEY

GROWTH = 40_000_000  # what the zeroblob trigger would add to the file, were it to run


def _plant(path: Path, *statements: str) -> None:
    """Run ``statements`` on the library with plain SQLite (as a third party would), with the
    dataset checksum removed so that opening it writes (a refresh) and any trigger fires."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("INSERT OR REPLACE INTO bookmarks VALUES ('gazprom', 'Gazprom', 'mine', "
                     "'2026-01-01', '2026-01-01')")
        conn.execute("DELETE FROM meta WHERE key = ?", (CHECKSUM_KEY,))
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def trigger_wipes_bookmarks(path: Path) -> None:
    _plant(path, "CREATE TRIGGER wipe AFTER INSERT ON aliases BEGIN DELETE FROM bookmarks; END")


def trigger_rewrites_notes(path: Path) -> None:
    _plant(path, "CREATE TRIGGER rewrite AFTER INSERT ON bookmarks BEGIN "
                 "UPDATE bookmarks SET note = 'rewritten' WHERE entry_id = new.entry_id; END")


def trigger_grows_the_file(path: Path) -> None:
    _plant(path, "CREATE TRIGGER grow AFTER INSERT ON meta BEGIN INSERT INTO meta "
                 f"VALUES (hex(randomblob(8)), zeroblob({GROWTH})); END")


def view_swallows_bookmarks(path: Path) -> None:
    _plant(path, "DROP TABLE bookmark_tags", "ALTER TABLE bookmarks RENAME TO kept",
           "CREATE VIEW bookmarks AS SELECT * FROM kept",
           "CREATE TRIGGER swallow INSTEAD OF INSERT ON bookmarks BEGIN SELECT 1; END",
           "CREATE TABLE bookmark_tags (entry_id TEXT, tag TEXT)")


def bookmark_tables_missing(path: Path) -> None:
    _plant(path, "DROP TABLE bookmark_tags", "DROP TABLE bookmarks")


def planted_table_and_index(path: Path) -> None:
    _plant(path, "CREATE TABLE exfil (data TEXT)",
           "CREATE INDEX bookmarks_odd ON bookmarks (length(note))")


def index_definition_altered(path: Path) -> None:
    _plant(path, "DROP INDEX entries_value", "CREATE INDEX entries_value ON entries (title)")


# name → (make it, the objects the refusal must name, whether the user's bookmark survives)
PLANTED = {
    "trigger deleting bookmarks": (trigger_wipes_bookmarks, ["trigger wipe"], True),
    "trigger rewriting notes": (trigger_rewrites_notes, ["trigger rewrite"], True),
    "trigger growing the file": (trigger_grows_the_file, ["trigger grow"], True),
    "view standing in for bookmarks": (view_swallows_bookmarks,
                                       ["view bookmarks", "trigger swallow"], False),
    "bookmark tables missing": (bookmark_tables_missing, ["table bookmarks is missing"], False),
    "planted table and index": (planted_table_and_index, ["table exfil", "index bookmarks_odd"],
                                True),
    "index definition altered": (index_definition_altered, ["index entries_value"], True),
}


# -- write-ahead logs -------------------------------------------------------------------------

LEAVE_A_LOG = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
if sys.argv[3:]:
    conn.execute(sys.argv[3])
for n in range(int(sys.argv[2])):
    conn.execute("INSERT OR REPLACE INTO bookmarks VALUES (?, 'from elsewhere', 'theirs', "
                 "'2026-02-02', '2026-02-02')", (f"theirs-{n}",))
os._exit(0)  # dies with the library open: its log stays beside it, never checkpointed
"""


def leave_a_log(path: Path, rows: int = 3, create: str = "") -> Path:
    """Write ``rows`` bookmarks into ``path``'s log (after ``create``, if given) and die
    without closing; returns the log."""
    subprocess.run([sys.executable, "-c", LEAVE_A_LOG, str(path), str(rows),
                    *([create] if create else [])], check=True, timeout=60)
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0
    return wal


def foreign_log_beside(path: Path, other: Path, create: str = "") -> None:
    """Put the log of ``other`` (another library, left open by a process that died) beside
    ``path``."""
    shutil.copyfile(leave_a_log(other, create=create), path.with_name(path.name + "-wal"))


def log_of_other_page_size(path: Path, folder: Path) -> None:
    """A log from an unrelated database with 1,024-byte pages."""
    other = folder / "unrelated.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    foreign_log_beside(path, other, create="CREATE TABLE bookmarks (entry_id TEXT, title TEXT, "
                                           "note TEXT, created_at TEXT, updated_at TEXT)")


def log_of_another_kind(path: Path, folder: Path) -> None:
    """A log from an unrelated database with the library's page size, which made its tables
    in that log (so it holds a first page of its own)."""
    other = folder / "unrelated.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute(f"PRAGMA page_size = {int.from_bytes(path.read_bytes()[16:18], 'big')}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    foreign_log_beside(path, other, create="CREATE TABLE bookmarks (entry_id, title, note, "
                                           "created_at, updated_at)")


def log_of_an_unrelated_file(path: Path, folder: Path) -> None:
    """A log from an unrelated database with the library's page size whose frames leave the
    first page alone: nothing in it names the file it belongs to."""
    other = folder / "unrelated.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute(f"PRAGMA page_size = {int.from_bytes(path.read_bytes()[16:18], 'big')}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE bookmarks (entry_id, title, note, created_at, updated_at)")
    conn.close()  # folded into the file: the log left below holds rows only
    foreign_log_beside(path, other)


def garbage_log(path: Path) -> None:
    path.with_name(path.name + "-wal").write_bytes(os.urandom(8192))


# -- what stands at the library's path --------------------------------------------------------


def fifo(path: Path) -> None:
    os.mkfifo(path)


def dangling_symlink(path: Path) -> None:
    path.symlink_to(path.with_name("gone.sqlite"))


def symlink_loop(path: Path) -> None:
    other = path.with_name("loop.sqlite")
    path.symlink_to(other)
    other.symlink_to(path)


def device(path: Path) -> None:
    path.symlink_to("/dev/zero")


SPECIAL = {
    "a FIFO": (fifo, "FIFO"),
    "a dangling symlink": (dangling_symlink, "does not exist"),
    "a symlink loop": (symlink_loop, "loops"),
    "a device": (device, "device"),
}
