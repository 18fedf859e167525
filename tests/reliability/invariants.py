"""What must hold of a library file after anything at all happened to the process writing it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

FTS_TABLES = ("entries_fts", "passages_fts")


def file_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check``, ``foreign_key_check`` and both FTS integrity checks.

    Opens the file read-write, as the next Roadbook would: SQLite first recovers a hot WAL
    or rollback journal left by a killed process.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else [f"integrity: {p}" for p in problems]
        problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
        for table in FTS_TABLES:
            try:
                conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{table}: {exc}")
        return problems
    finally:
        conn.close()


def bookmark_states(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every bookmark as ``id -> (note, sorted tags)``."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        tags: dict[str, list[str]] = {}
        for entry_id, tag in conn.execute("SELECT entry_id, tag FROM bookmark_tags"):
            tags.setdefault(entry_id, []).append(tag)
        return {entry_id: (note, tuple(sorted(tags.get(entry_id, []))))
                for entry_id, note in conn.execute("SELECT entry_id, note FROM bookmarks")}
    finally:
        conn.close()


def batch_rows(path: Path, title_prefix: str) -> dict[int, tuple[int, int]]:
    """Import batch id -> (rows it says it imported, its entries whose title has the prefix):
    a partial batch has fewer entries than rows."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return {batch: (imported, conn.execute(
            "SELECT count(*) FROM entries WHERE batch_id = ? AND title LIKE ?",
            (batch, title_prefix + "%")).fetchone()[0])
            for batch, imported in conn.execute("SELECT id, rows_imported FROM imports")}
    finally:
        conn.close()


def schema_state(path: Path) -> tuple[int, set[str]]:
    """``(user_version, table names)``."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return version, tables
    finally:
        conn.close()


def source_states(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """Every analyst's source as ``id -> (non-blank lines of its text, passages, suggestions,
    accepted suggestions tied to an entry but without their citation)``: a source added whole
    has a passage per line and its suggestions, an accepted mention its citation."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return {source_id: (
            sum(1 for line in text.splitlines() if line.strip()),
            conn.execute("SELECT count(*) FROM passages WHERE source_id = ?",
                         (source_id,)).fetchone()[0],
            conn.execute("SELECT count(*) FROM suggestions WHERE source_id = ?",
                         (source_id,)).fetchone()[0],
            conn.execute("SELECT count(*) FROM suggestions g WHERE g.source_id = ? AND "
                         "g.status = 'accepted' AND g.entry_id IS NOT NULL AND NOT EXISTS "
                         "(SELECT 1 FROM citations c WHERE c.num = g.citation_num)",
                         (source_id,)).fetchone()[0])
            for source_id, text in conn.execute(
                "SELECT id, text FROM sources WHERE origin = 'analyst'")}
    finally:
        conn.close()
