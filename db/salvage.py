"""Rebuilding a library from its data: the last step of repairing damaged pages, and the clean
copy of a library that holds SQL Roadbook did not make.

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
from dataclasses import dataclass
from pathlib import Path

from db.backup import sync_folder
from db.connection import ROOM_TO_WORK, full_disk_error, is_full_disk
from db.schema import APPLICATION_ID, migrate

# Tables that the bundled dataset fills again on its own.
FROM_DATASET = {"sources", "passages", "aliases", "links", "citations", "notes", "entry_tags"}
MAX_VALUE_BYTES = 256 << 20  # no single value of a library is anywhere near this


class SalvageFailed(Exception):
    """Rows of the user's own could not be read back; the library was left as it was."""


@dataclass(frozen=True)
class CleanCopy:
    """A library rebuilt from another's data: where it is, what was made again from the
    dataset, and what of the original was left out (planted or altered SQL, missing tables)."""

    path: Path
    remade: tuple[str, ...]
    left_out: tuple[str, ...]


def rebuild_file(path: Path) -> str:
    """Copy ``path`` into a new library file and put that in its place; returns what was done.

    Raises ``SalvageFailed`` (nothing changed) when the user's own rows cannot all be read.
    """
    fresh = path.with_name(path.name + ".rebuilding")
    copy = build_clean_copy(path, fresh)
    _swap(fresh, path)
    made = f"; made again from the dataset: {', '.join(copy.remade)}" if copy.remade else ""
    left = f"; left out: {', '.join(copy.left_out)}" if copy.left_out else ""
    return f"copied every readable row of Roadbook's own tables into a new file{made}{left}"


def clean_copy(path: Path) -> CleanCopy:
    """A clean copy of the library at ``path`` in a new file beside it (``NAME.clean.sqlite``),
    the original left exactly as it is. Raises ``SalvageFailed`` (no file left) when rows of
    the user's own cannot be read."""
    return build_clean_copy(path, _free_name(path))


def build_clean_copy(source: Path, target: Path) -> CleanCopy:
    """Make ``target`` a new library holding every readable row of ``source``'s own tables,
    with Roadbook's schema only: nothing of ``source``'s SQL is carried over or run."""
    from db.bundled import refresh_bundled
    from db.dataset import load_dataset

    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target.absolute().as_uri(), uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)  # no value may balloon
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = DELETE")
        migrate(conn)
        conn.execute("ATTACH DATABASE ? AS damaged", (f"{source.absolute().as_uri()}?mode=ro",))
        left_out = _foreign_objects(conn)
        skipped = _copy_tables(conn)
        conn.execute("DETACH DATABASE damaged")
        refresh_bundled(conn, load_dataset())
        for table in ("entries_fts", "passages_fts"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
            raise SalvageFailed("the rebuilt copy does not verify")
        conn.close()
    except (sqlite3.Error, SalvageFailed) as exc:
        conn.close()
        target.unlink(missing_ok=True)
        if is_full_disk(exc, target):
            raise full_disk_error(source, needed=source.stat().st_size + ROOM_TO_WORK,
                                  doing="make a rebuilt copy (about the library's size)") from None
        raise SalvageFailed(str(exc)) from None
    return CleanCopy(path=target, remade=tuple(sorted(skipped)), left_out=tuple(left_out))


def _foreign_objects(conn: sqlite3.Connection) -> list[str]:
    """What of the source is not Roadbook's (left out of the copy), as readable phrases."""
    from db.schema_check import schema_differences

    try:
        version = conn.execute("PRAGMA damaged.user_version").fetchone()[0]
        found = schema_differences(conn, version, "damaged")
    except sqlite3.DatabaseError:
        return []
    return [d.describe() + _rows_left(conn, d.object) for d in found if d.kind != "missing"]


def _rows_left(conn: sqlite3.Connection, obj) -> str:
    """For a table that is not Roadbook's, how many rows stay behind with it (only in the copy
    kept aside): a user whose bookmarks were moved into one must be told."""
    if obj.type != "table":
        return ""
    try:
        rows = conn.execute(f"SELECT count(*) FROM damaged.[{obj.name}]").fetchone()[0]
    except sqlite3.DatabaseError:
        return ""
    return f" ({rows:,} row{'s' if rows != 1 else ''} in it, not copied)" if rows else ""


def _free_name(path: Path) -> Path:
    stem, suffix = path.stem, path.suffix or ".sqlite"
    for n in range(1, 1000):
        target = path.with_name(f"{stem}.clean{'' if n == 1 else f'-{n}'}{suffix}")
        if not target.exists():
            return target
    raise SalvageFailed(f"too many clean copies beside {path}")


def _copy_tables(conn: sqlite3.Connection) -> set[str]:
    """Copy each table of the new schema from the damaged file; returns tables left to the
    dataset. The first table of the user's own that cannot be read stops everything. Only real
    tables are read: a view standing in for one is never run."""
    skipped = set()
    conn.execute("PRAGMA foreign_keys = OFF")
    real = _real_tables(conn)
    for table in _plain_tables(conn):
        columns = _shared_columns(conn, table) if table in real else []
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


def _real_tables(conn: sqlite3.Connection) -> set[str]:
    try:
        return {r[0] for r in conn.execute(
            "SELECT name FROM damaged.sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:  # an unreadable schema: try each table by name
        return {r[0] for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'")}


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
