"""Import batches recorded in a library: listing them and undoing one in a single step."""

from __future__ import annotations

import json
import sqlite3

from db.connection import transaction
from db.errors import NotFoundError


def list_imports(conn: sqlite3.Connection) -> list[dict]:
    """Every batch, newest first, with how many of its entries are in the library now."""
    sql = ("SELECT i.id, i.file, i.checksum, i.sheet, i.mapping, i.rows_in, i.rows_imported, "
           "i.rows_rejected, i.created_at, i.dataset, i.version, i.credit, i.licence, "
           "(SELECT count(*) FROM entries e WHERE e.batch_id = i.id) AS entries "
           "FROM imports i ORDER BY i.id DESC")
    return [_batch(row) for row in conn.execute(sql)]


def get_import(conn: sqlite3.Connection, batch: int) -> dict:
    """One batch with its rejected rows; ``NotFoundError`` if there is no such batch."""
    row = conn.execute(
        "SELECT i.*, (SELECT count(*) FROM entries e WHERE e.batch_id = i.id) AS entries "
        "FROM imports i WHERE i.id = ?", (batch,)).fetchone()
    if row is None:
        raise NotFoundError(f"there is no import batch {batch}")
    out = _batch(row)
    out["rejections"] = json.loads(row["rejections"]) if row["rejections"] else []
    return out


def _batch(row: sqlite3.Row) -> dict:
    mapping = json.loads(row["mapping"]) if row["mapping"] else {}
    return {"batch": row["id"], "file": row["file"], "checksum": row["checksum"],
            "sheet": row["sheet"], "mapping": mapping.get("name"), "rows": row["rows_in"],
            "imported": row["rows_imported"], "rejected": row["rows_rejected"],
            "created_at": row["created_at"], "entries": row["entries"],
            "dataset": row["dataset"], "version": row["version"], "credit": row["credit"],
            "licence": row["licence"]}


def undo_import(conn: sqlite3.Connection, batch: int) -> dict:
    """Remove a batch and every entry it made, in one transaction.

    Entries the batch created for names (an actor, a place) that a later batch links to are
    handed to that batch instead of being removed, so the later batch keeps its links.
    Returns ``{"batch", "removed", "kept"}``.
    """
    get_import(conn, batch)
    with transaction(conn):
        heirs = conn.execute(
            "SELECT l.to_id, max(o.batch_id) FROM links l "
            "JOIN entries t ON t.id = l.to_id JOIN entries o ON o.id = l.from_id "
            "WHERE t.batch_id = ? AND o.batch_id IS NOT ? AND o.batch_id IS NOT NULL "
            "GROUP BY l.to_id", (batch, batch)).fetchall()
        conn.executemany("UPDATE entries SET batch_id = ? WHERE id = ?",
                         [(heir, entry_id) for entry_id, heir in heirs])
        removed = conn.execute("SELECT count(*) FROM entries WHERE batch_id = ?",
                               (batch,)).fetchone()[0]
        conn.execute("DELETE FROM imports WHERE id = ?", (batch,))
    return {"batch": batch, "removed": removed, "kept": len(heirs)}
