"""``roadbook check --repair`` / Check Library: find what is wrong and repair what can be.

A copy of the library is always taken first (a verified backup, or a byte-for-byte copy of a
file too damaged to back up). A file with damaged pages is never written into: it is rebuilt
from what can be read (``db.salvage``). Then indexes are rebuilt, rows pointing to entries that
are gone are dropped, the full-text indexes are rebuilt and the bundled entries are refreshed
from the dataset. The user's own rows (bookmarks, saved searches, imports) are never dropped
for being unreadable: then nothing changes and a backup must be restored. A second run finds
nothing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from db.backup import BackupNotSoundError, backup_connection, damaged_copy
from db.connection import (
    ROOM_TO_WORK,
    connect,
    full_disk_error,
    is_full_disk,
    transaction,
)
from db.errors import (
    LibraryCorruptError,
    LibraryError,
    LibraryMissingError,
    LibraryTooNewError,
)
from db.schema import APPLICATION_ID, SCHEMA_VERSION, schema_version
from db.schema_check import trust_own_schema

# Rows that stay when what they point to is gone: the column is cleared instead.
KEEP_ROWS = {("entries", "batch_id")}
FTS_TABLES = ("entries_fts", "passages_fts")


@dataclass
class RepairReport:
    """Problems found before repairing, what was done, and what is still wrong after."""

    found: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    remaining: list[str] = field(default_factory=list)
    safety_copy: Path | None = None
    replaced_file: bool = False  # rebuilt into a new file: open connections must reopen it

    @property
    def ok(self) -> bool:
        return not self.remaining


def find_problems(conn: sqlite3.Connection) -> list[str]:
    """Everything ``roadbook check`` reports, plus bundled entries missing from the library."""
    from db.check import check_library

    try:
        problems = list(check_library(conn).problems)
        return problems + _missing_bundled(conn)
    except sqlite3.DatabaseError as exc:
        return [f"SQLite: {exc}"]


def _missing_bundled(conn: sqlite3.Connection) -> list[str]:
    from db.dataset import read_dataset

    present = {r[0] for r in conn.execute("SELECT id FROM entries WHERE origin = 'bundled'")}
    wanted = [e.get("id") for e in read_dataset().entries]
    return [f"bundled entry {i} is missing" for i in wanted if i and i not in present]


def check_file(path: Path | str) -> list[str]:
    """What a repair would find in the library at ``path``, changing nothing."""
    conn = _open_file(Path(path), missing=f"There is no library at {path}.")
    try:
        return find_problems(conn)
    finally:
        conn.close()


def _open_file(path: Path, *, missing: str) -> sqlite3.Connection:
    """A connection to the Roadbook library at ``path``, opened without ``Library.open``'s
    refusals (so a damaged file can still be examined). A log that is not the library's own
    is set aside first and refused (``db.wal``)."""
    from db.library_file import guard_library_file

    if not guard_library_file(path, read_only=False):
        raise LibraryMissingError(missing)
    conn = connect(path)
    try:
        _require_library(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def repair_library(path: Path | str, *,
                   progress: Callable[[str], object] | None = None) -> RepairReport:
    """Check the library at ``path`` and repair it; works on a file ``Library.open`` refuses.

    Raises a ``LibraryError`` for files that are not a Roadbook library at all (restore a
    backup instead) and ``BackupError`` when no copy could be taken first (nothing changed).
    """
    # Through a link, the file it names is repaired and the link kept (a new file is put in
    # the file's place, never the link's).
    path = Path(path)
    if path.is_symlink() and os.path.isfile(os.path.realpath(path)):
        path = Path(os.path.realpath(path))  # (anything else at the link: refused below)
    conn = _open_file(path, missing=f"There is no library at {path} to repair.")
    try:
        report = RepairReport(found=find_problems(conn))
        if not report.found:
            return report
        foreign = _foreign_schema(conn)
        report.safety_copy = damaged_copy(path, "before-repair") if foreign else \
            _safety_copy(conn, path)
        if foreign or not _pages_sound(conn):  # rebuild from a reading: never write into
            # damaged pages, and never run SQL Roadbook did not make
            conn.close()
            text, report.replaced_file = _rebuild(path, progress, foreign)
            report.repaired.append(text)
            conn = connect(path)
            if not report.replaced_file:
                report.remaining = find_problems(conn)
                return report
        trust_own_schema(conn)
        for describe, step in STEPS:
            if progress is not None:
                progress(describe)
            report.repaired.append(_run(conn, describe, step))
        report.remaining = find_problems(conn)
        return report
    finally:
        conn.close()


def _foreign_schema(conn: sqlite3.Connection) -> bool:
    """The file holds SQL objects Roadbook did not make, or lacks some it did."""
    from db.schema_check import schema_differences

    try:
        return bool(schema_differences(conn, schema_version(conn)))
    except sqlite3.DatabaseError:
        return False  # an unreadable schema is damage: the pages check rebuilds it


def _pages_sound(conn: sqlite3.Connection) -> bool:
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    except sqlite3.DatabaseError:
        return False


def _rebuild(path: Path, progress, foreign: bool) -> tuple[str, bool]:
    from db.salvage import SalvageFailed, rebuild_file

    describe = ("Rebuilt the file from its data with Roadbook's own schema" if foreign else
                "Rebuilt the file from its readable pages")
    if progress is not None:
        progress(describe)
    try:
        return f"{describe}: {rebuild_file(path)}", True
    except SalvageFailed as exc:
        return f"{describe}: not possible ({exc}); restore a backup", False


def _require_library(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if is_full_disk(exc, path):
            raise full_disk_error(path, needed=path.stat().st_size + ROOM_TO_WORK,
                                  doing="take the copy kept first") from None
        raise LibraryCorruptError(f"{path} is too damaged to repair ({exc}). Restore a backup "
                                  "(roadbook restore).") from None
    if app_id != 0 and app_id != APPLICATION_ID:
        raise LibraryCorruptError(f"{path} is an SQLite file but not a Roadbook library.")
    if version > SCHEMA_VERSION:
        raise LibraryTooNewError(f"{path} was written by a newer Roadbook; repair it there.")


def _safety_copy(conn: sqlite3.Connection, path: Path) -> Path:
    try:
        return backup_connection(conn, path, "before-repair").path
    except BackupNotSoundError:  # too damaged to back up: keep its bytes instead
        return damaged_copy(path, "before-repair")


def _run(conn: sqlite3.Connection, describe: str, step) -> str:
    try:
        done = step(conn)
    except (sqlite3.Error, LibraryError) as exc:
        return f"{describe}: failed ({exc})"
    return f"{describe}: {done}" if done else describe


def _reindex(conn: sqlite3.Connection) -> str:
    with transaction(conn):
        conn.execute("REINDEX")
    return ""


def _drop_orphans(conn: sqlite3.Connection) -> str:
    removed = cleared = 0
    with transaction(conn):
        for table, column, parent, key in _foreign_keys(conn):
            where = (f"[{column}] IS NOT NULL AND [{column}] NOT IN "
                     f"(SELECT [{key}] FROM [{parent}] WHERE [{key}] IS NOT NULL)")
            if (table, column) in KEEP_ROWS:
                cleared += conn.execute(
                    f"UPDATE [{table}] SET [{column}] = NULL WHERE {where}").rowcount
            else:
                removed += conn.execute(f"DELETE FROM [{table}] WHERE {where}").rowcount
    return f"{removed} row(s) removed, {cleared} link(s) to missing import batches cleared"


def _foreign_keys(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'sqlite_%'")]
    out = []
    for table in tables:
        for fk in conn.execute(f"PRAGMA foreign_key_list([{table}])"):
            parent, column, key = fk[2], fk[3], fk[4]
            out.append((table, column, parent, key or _primary_key(conn, parent)))
    return out


def _primary_key(conn: sqlite3.Connection, table: str) -> str:
    pk = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])") if r[5]]
    return pk[0] if len(pk) == 1 else "rowid"


def _rebuild_fts(conn: sqlite3.Connection) -> str:
    """Rebuild and optimise each full-text index from its table, as sqlite-utils does for the
    indexes it makes (the library follows its conventions: ``entries`` → ``entries_fts``)."""
    import sqlite_utils  # with pandas: loaded for a repair only

    tools = sqlite_utils.Database(conn, recursive_triggers=False)
    with transaction(conn):
        for table in FTS_TABLES:
            tools[table.removesuffix("_fts")].rebuild_fts().optimize()
    return ""


def _refresh_bundled(conn: sqlite3.Connection) -> str:
    from db.bundled import refresh_bundled
    from db.dataset import load_dataset

    counts = refresh_bundled(conn, load_dataset())
    return f"{counts['entries']} entries checked against the dataset"


def _vacuum_if_damaged(conn: sqlite3.Connection) -> str:
    if [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]:
        return "not needed"
    conn.execute("VACUUM")
    return "file rewritten"


STEPS: tuple[tuple[str, Callable[[sqlite3.Connection], str]], ...] = (
    ("Rebuilt the indexes", _reindex),
    ("Dropped rows pointing to missing entries", _drop_orphans),
    ("Rebuilt the full-text indexes", _rebuild_fts),
    ("Refreshed the bundled entries", _refresh_bundled),
)
