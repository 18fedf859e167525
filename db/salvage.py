"""Rebuilding a library whose pages SQLite reports as damaged: the last step of a repair.

Every table is copied row by row into a freshly made library file; what the bundled dataset
holds (sources, passages, bundled entries and their aliases, links, citations, notes) is made
again from the dataset if its pages cannot be read, and the full-text indexes are rebuilt. The
user's own rows (bookmarks, tags, saved searches, imports and imported entries) must all be
read back, or nothing is changed and a backup has to be restored. The damaged file was copied
aside before (``db.repair``); the rebuilt one replaces it whole.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from db.backup import sync_folder
from db.schema import APPLICATION_ID, migrate

# Tables that the bundled dataset fills again on its own.
FROM_DATASET = {"sources", "passages", "aliases", "links", "citations", "notes", "entry_tags"}


class SalvageFailed(Exception):
    """Rows of the user's own could not be read back; the library was left as it was."""


def rebuild_file(path: Path) -> str:
    """Copy ``path`` into a new library file and put that in its place; returns what was done.

    Raises ``SalvageFailed`` (nothing changed) when the user's own rows cannot all be read.
    """
    from db.bundled import refresh_bundled
    from db.dataset import load_dataset

    fresh = path.with_name(path.name + ".rebuilding")
    fresh.unlink(missing_ok=True)
    conn = sqlite3.connect(fresh.absolute().as_uri(), uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = DELETE")
        migrate(conn)
        conn.execute("ATTACH DATABASE ? AS damaged", (f"{path.absolute().as_uri()}?mode=ro",))
        skipped = _copy_tables(conn)
        conn.execute("DETACH DATABASE damaged")
        refresh_bundled(conn, load_dataset())
        for table in ("entries_fts", "passages_fts"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
            raise SalvageFailed("the rebuilt copy does not verify")
        conn.close()
        _swap(fresh, path)
    except (sqlite3.Error, SalvageFailed) as exc:
        conn.close()
        fresh.unlink(missing_ok=True)
        raise SalvageFailed(str(exc)) from None
    made = f"; made again from the dataset: {', '.join(sorted(skipped))}" if skipped else ""
    return f"copied every readable row into a new file{made}"


def _copy_tables(conn: sqlite3.Connection) -> set[str]:
    """Copy each table of the new schema from the damaged file; returns tables left to the
    dataset. The first table of the user's own that cannot be read stops everything."""
    skipped = set()
    conn.execute("PRAGMA foreign_keys = OFF")
    for table in _plain_tables(conn):
        columns = _shared_columns(conn, table)
        if not columns:
            continue
        names = ", ".join(f"[{c}]" for c in columns)
        try:  # one statement each: a table that fails part-way leaves no rows behind
            conn.execute(f"INSERT OR IGNORE INTO main.[{table}] ({names}) "
                         f"SELECT {names} FROM damaged.[{table}]")
            continue
        except sqlite3.DatabaseError as exc:
            error = exc
        if table in FROM_DATASET:
            skipped.add(table)
        elif table == "entries" and _copy_user_entries(conn, names):
            skipped.add("bundled entries")
        else:
            raise SalvageFailed(f"the table {table} cannot be read ({error})")
    conn.execute("PRAGMA foreign_keys = ON")
    return skipped


def _copy_user_entries(conn: sqlite3.Connection, names: str) -> bool:
    """Entries: the bundled ones come back from the dataset; the others must be read."""
    try:
        conn.execute(f"INSERT OR IGNORE INTO main.entries ({names}) SELECT {names} "
                     "FROM damaged.entries WHERE origin != 'bundled'")
    except sqlite3.DatabaseError:
        return False
    return True


def _plain_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'").fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    return [name for name, _ in rows
            if name not in virtual and not any(name.startswith(v + "_") for v in virtual)]


def _shared_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    new = [r[1] for r in conn.execute(f"PRAGMA main.table_info([{table}])")]
    try:
        old = {r[1] for r in conn.execute(f"PRAGMA damaged.table_info([{table}])")}
    except sqlite3.DatabaseError:
        return []
    return [c for c in new if c in old]


def _swap(fresh: Path, path: Path) -> None:
    for extra in ("-wal", "-shm"):  # the damaged file's log must never meet the new file
        path.with_name(path.name + extra).unlink(missing_ok=True)
    with open(fresh, "r+b") as handle:
        os.fsync(handle.fileno())
    os.replace(fresh, path)
    sync_folder(path.parent)
