"""The user's bookmarks (with a note and tags each) and saved searches."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from db.connection import transaction
from db.errors import InvalidValueError, NotFoundError


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def get_bookmark(conn: sqlite3.Connection, entry_id: str) -> dict | None:
    row = conn.execute(
        "SELECT note, created_at, updated_at FROM bookmarks WHERE entry_id = ?", (entry_id,)
    ).fetchone()
    if row is None:
        return None
    return {"note": row["note"], "tags": _tags(conn, entry_id), "created_at": row["created_at"],
            "updated_at": row["updated_at"]}


def bookmarked_title(conn: sqlite3.Connection, entry_id: str) -> str | None:
    """The title an entry had when it was bookmarked (kept after the entry left the library)."""
    row = conn.execute("SELECT title FROM bookmarks WHERE entry_id = ?", (entry_id,)).fetchone()
    return row[0] if row else None


def _tags(conn: sqlite3.Connection, entry_id: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT tag FROM bookmark_tags WHERE entry_id = ? ORDER BY tag COLLATE NOCASE",
        (entry_id,))]


def clean_tags(tags) -> list[str]:
    """Tags trimmed, without empties or duplicates (case-insensitive), in the order given."""
    out: list[str] = []
    for tag in tags or []:
        tag = " ".join(str(tag).split())
        if tag and tag.casefold() not in (t.casefold() for t in out):
            out.append(tag)
    return out


def set_bookmark(conn: sqlite3.Connection, entry_id: str, *, note: str | None = None,
                 tags: list[str] | None = None) -> dict:
    """Bookmark an entry (or update its note/tags) in one transaction; ``None`` keeps a field."""
    title_row = conn.execute("SELECT title FROM entries WHERE id = ?", (entry_id,)).fetchone()
    existing = get_bookmark(conn, entry_id)
    if title_row is None and existing is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    now = _now()
    with transaction(conn):
        if existing is None:
            conn.execute(
                "INSERT INTO bookmarks (entry_id, title, note, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)", (entry_id, title_row[0], note or "", now, now))
        else:
            conn.execute(
                "UPDATE bookmarks SET note = coalesce(?, note), updated_at = ?, "
                "title = coalesce(?, title) WHERE entry_id = ?",
                (note, now, title_row[0] if title_row else None, entry_id))
        if tags is not None:
            conn.execute("DELETE FROM bookmark_tags WHERE entry_id = ?", (entry_id,))
            conn.executemany("INSERT INTO bookmark_tags (entry_id, tag) VALUES (?, ?)",
                             [(entry_id, t) for t in clean_tags(tags)])
    return get_bookmark(conn, entry_id)


def remove_bookmarks(conn: sqlite3.Connection, entry_ids: list[str]) -> int:
    """Remove bookmarks (with their tags); returns how many were there."""
    with transaction(conn):
        cur = conn.executemany("DELETE FROM bookmarks WHERE entry_id = ?",
                               [(i,) for i in entry_ids])
    return cur.rowcount


def list_bookmarks(conn: sqlite3.Connection, *, tag: str | None = None) -> list[dict]:
    """Every bookmark, newest first; ``exists`` is false for entries no longer in the library."""
    sql = ("SELECT b.entry_id, b.title, b.note, b.created_at, b.updated_at, e.kind, "
           "e.title AS current_title, e.id IS NOT NULL AS present FROM bookmarks b "
           "LEFT JOIN entries e ON e.id = b.entry_id")
    params: tuple = ()
    if tag:
        sql += " WHERE b.entry_id IN (SELECT entry_id FROM bookmark_tags WHERE tag = ?)"
        params = (tag,)
    sql += " ORDER BY b.created_at DESC, b.rowid DESC"
    out = []
    for r in conn.execute(sql, params):
        out.append({"id": r["entry_id"], "title": r["current_title"] or r["title"],
                    "kind": r["kind"], "note": r["note"], "tags": _tags(conn, r["entry_id"]),
                    "exists": bool(r["present"]), "created_at": r["created_at"],
                    "updated_at": r["updated_at"]})
    return out


def bookmark_tags(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every bookmark tag with how many bookmarks carry it."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT tag, count(*) FROM bookmark_tags GROUP BY tag ORDER BY tag COLLATE NOCASE")]


def save_search(conn: sqlite3.Connection, name: str, query: str) -> None:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidValueError("A saved search needs a name.")
    with transaction(conn):
        conn.execute(
            "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query", (name, query, _now()))


def saved_searches(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(
        "SELECT name, query, created_at FROM saved_searches ORDER BY name COLLATE NOCASE")]


def delete_saved_search(conn: sqlite3.Connection, name: str) -> None:
    with transaction(conn):
        if conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount == 0:
            raise NotFoundError(f"no saved search named {name!r}")
