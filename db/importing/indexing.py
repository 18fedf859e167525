"""Indexing and counting a batch's entries in bulk once they are in the library, inside the
import's transaction (a rollback undoes every step, the triggers and indexes included)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator

from db.schema import FTS_COLUMNS

INDEX_TRIGGER = "entries_ai"  # keeps entries_fts in step with inserts into entries
COUNT_TRIGGER = "entries_count_ai"  # keeps kind_counts in step with inserts into entries
# The tables a batch writes, whose secondary indexes a batch as big as the library makes anew.
WRITTEN_TABLES = ("entries", "aliases", "entry_tags", "links", "provenance")
FTS_BUFFER_BYTES = 64 << 20  # the full-text index's in-memory buffer while a batch is indexed
FTS_BUFFER_DEFAULT = 1 << 20  # FTS5's own
INDEX_STEP = 5_000  # entries added to the full-text index between two progress reports
Tick = Callable[[str, int, int], None]


@contextlib.contextmanager
def indexed_afterwards(conn: sqlite3.Connection, batch: int, count: int,
                       tick: Tick) -> Iterator[None]:
    """Index and count the batch's entries in bulk once they are written.

    The insert triggers are set aside meanwhile and put back as they were. Any insert trigger,
    even one that does nothing, makes SQLite keep a statement journal for every row written;
    without them 100,000 entries are written three times faster. A batch at least as big as
    the library also sets aside the secondary indexes of the tables it writes and makes them
    anew afterwards: one sort of a million keys is far cheaper than a million insertions in
    random places of a tree bigger than the page cache.
    """
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
        (INDEX_TRIGGER, COUNT_TRIGGER)).fetchall()
    first = conn.execute("SELECT coalesce(max(num), 0) + 1 FROM entries").fetchone()[0]
    indexes = _secondary_indexes(conn) if count >= first - 1 else []
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER [{name}]")
    for name, _ in indexes:
        conn.execute(f"DROP INDEX [{name}]")
    yield
    for _, sql in indexes:
        tick("indexing", 0, count)
        conn.execute(sql)
    names = {name for name, _ in triggers}
    if COUNT_TRIGGER in names:
        _count(conn, batch, first)
    if INDEX_TRIGGER in names:
        _index(conn, batch, first, count, tick)
    for _, sql in triggers:
        conn.execute(sql)


def _secondary_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The indexes of the written tables that can be made again (not those of their keys)."""
    marks = ", ".join("?" * len(WRITTEN_TABLES))
    return [tuple(r) for r in conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name", WRITTEN_TABLES)]


def _count(conn: sqlite3.Connection, batch: int, first: int) -> None:
    """Add the batch's entries to the count of entries of each kind."""
    added = conn.execute("SELECT count(*), kind FROM entries WHERE num >= ? "
                         "AND batch_id = ? GROUP BY kind", (first, batch)).fetchall()
    conn.executemany("UPDATE kind_counts SET n = n + ? WHERE kind = ?", added)


def _index(conn: sqlite3.Connection, batch: int, first: int, count: int, tick: Tick) -> None:
    """Add the batch's entries to the full-text index, with a roomy buffer meanwhile (the
    index then writes fewer, bigger segments and merges them less often)."""
    columns = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
    sql = (f"INSERT INTO entries_fts (rowid, {columns}) SELECT num, {columns} FROM entries "
           "WHERE num >= ? AND num < ? AND batch_id = ?")
    last = conn.execute("SELECT max(num) FROM entries").fetchone()[0] or 0
    buffer = conn.execute("SELECT v FROM entries_fts_config WHERE k = 'hashsize'").fetchone()
    _fts_setting(conn, "hashsize", FTS_BUFFER_BYTES)
    for low in range(first, last + 1, INDEX_STEP):
        tick("indexing", min(low - first, count), count)
        conn.execute(sql, (low, low + INDEX_STEP, batch))
    tick("indexing", count, count)
    _fts_setting(conn, "hashsize", buffer[0] if buffer else FTS_BUFFER_DEFAULT)


def _fts_setting(conn: sqlite3.Connection, name: str, value: int) -> None:
    conn.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES (?, ?)", (name, value))
