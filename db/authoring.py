"""Entries an analyst writes and corrects: create, edit a field, delete, and undo the last change.

Every change is recorded in ``entry_edits`` (when, field, old → new as JSON); the edits of one
save share a ``change_num`` and are undone together. A deleted entry is kept whole in its edit
(its row, names, links both ways, quotes, notes, tags, statements), so undoing brings it back.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from db.entry_fields import (
    FIELDS,
    NAMING_FIELDS,
    check_text,
    new_slug,
    read_field,
    refresh_search_columns,
    write_field,
)
from db.errors import InvalidValueError, NotFoundError, RoadbookError

ORIGIN = "analyst"
RANK_EDIT = "rank:"  # the edit field of a statement's rank: "rank:12" (db.statements)
# Tables holding an entry's parts, with the column naming the entry (links: both ways).
_PARTS = (("aliases", "entry_id"), ("links", "from_id"), ("links", "to_id"),
          ("notes", "entry_id"), ("entry_tags", "entry_id"), ("citations", "entry_id"),
          ("statements", "entry_id"), ("dataset_changes", "entry_id"))

_ORDER = {"aliases": "rowid", "notes": "ordinal", "citations": "num", "statements": "num"}


class NothingToUndoError(RoadbookError):
    """There is no edit left to undo."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def next_change(conn: sqlite3.Connection) -> int:
    """The number that groups the edits of one save."""
    return conn.execute("SELECT coalesce(max(change_num), 0) + 1 FROM entry_edits").fetchone()[0]


def record_edit(conn: sqlite3.Connection, change: int, entry_id: str, action: str, *,
                field: str | None = None, old=None, new=None) -> None:
    conn.execute(
        "INSERT INTO entry_edits (entry_id, at, action, field, old, new, change_num) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (entry_id, now(), action, field, _json(old), _json(new), change))


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def create_entry(conn: sqlite3.Connection, kind: str, title: str, values: dict | None = None,
                 *, entry_id: str | None = None) -> str:
    """A new entry of ``kind`` titled ``title`` with ``values`` ({field: parsed value}), its id a
    slug of the title; returns the id. The caller holds the write transaction."""
    check_text("kind", kind)
    title = check_text("title", (title or "").strip())
    entry_id = entry_id or new_slug(conn, title)
    conn.execute("INSERT INTO entries (id, kind, title, origin) VALUES (?, ?, ?, ?)",
                 (entry_id, kind, title, ORIGIN))
    change = next_change(conn)
    record_edit(conn, change, entry_id, "create", new={"kind": kind, "title": title})
    for field, value in (values or {}).items():
        _check_field(field)
        write_field(conn, entry_id, field, value)
    refresh_search_columns(conn, entry_id)
    return entry_id


def set_fields(conn: sqlite3.Connection, entry_id: str, values: dict, *,
               change: int | None = None) -> int:
    """Set fields of an entry ({field: parsed value}); each real change is recorded. Returns
    how many fields changed. The caller holds the write transaction."""
    change = change or next_change(conn)
    changed: set[str] = set()
    for field, value in values.items():
        _check_field(field)
        old = read_field(conn, entry_id, field)
        if _same(old, value):
            continue
        write_field(conn, entry_id, field, value)
        record_edit(conn, change, entry_id, "set", field=field, old=old, new=value)
        changed.add(field)
    if changed:
        refresh_search_columns(conn, entry_id, names_changed=bool(changed & NAMING_FIELDS))
    return len(changed)


def _check_field(field: str) -> None:
    if field not in FIELDS:
        raise InvalidValueError(f"unknown field {field!r} (one of {', '.join(FIELDS)})")


def _same(a, b) -> bool:
    return _json(a) == _json(b)


def delete_entry(conn: sqlite3.Connection, entry_id: str) -> dict:
    """Delete an entry, keeping all of it in the edit history so that undo brings it back."""
    snapshot = entry_snapshot(conn, entry_id)
    _delete_named_party(conn, entry_id)
    record_edit(conn, next_change(conn), entry_id, "delete", old=snapshot)
    return snapshot


def _delete_named_party(conn: sqlite3.Connection, entry_id: str) -> None:
    """Delete an entry; those that named it as a party are no longer found by its names."""
    from db.parties import linking_entries, refresh_parties

    linkers = linking_entries(conn, [entry_id])
    conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
    refresh_parties(conn, linkers)


def entry_snapshot(conn: sqlite3.Connection, entry_id: str) -> dict:
    """An entry's row and every row of its parts, as plain dicts."""
    row = conn.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    parts = {f"{table}.{column}": [dict(r) for r in conn.execute(
        f"SELECT * FROM {table} WHERE {column} = ? ORDER BY {_ORDER.get(table, 1)}",
        (entry_id,))] for table, column in _PARTS}
    entry = {k: row[k] for k in row.keys() if k != "num"}  # noqa: SIM118 (sqlite3.Row)
    return {"entry": entry, "parts": parts}


def restore_snapshot(conn: sqlite3.Connection, snapshot: dict) -> str:
    """Put a deleted entry back with its parts; links to entries gone since are left out."""
    entry = snapshot["entry"]
    if conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry["id"],)).fetchone():
        raise InvalidValueError(f"an entry {entry['id']!r} is in the library again; "
                                "the deleted one cannot come back under its id")
    _insert(conn, "entries", entry)
    parts = snapshot["parts"]
    citations = {}
    for row in parts["citations.entry_id"]:
        old_num = row.pop("num")
        if conn.execute("SELECT 1 FROM passages WHERE num = ?", (row["passage_num"],)).fetchone():
            citations[old_num] = _insert(conn, "citations", row)
    for row in parts["statements.entry_id"]:
        row.pop("num")
        row["citation_num"] = citations.get(row["citation_num"])
        _insert(conn, "statements", row)
    for table, column in _PARTS:
        if table in ("citations", "statements"):
            continue
        for row in parts[f"{table}.{column}"]:
            if table != "links" or _both_ends_exist(conn, row):
                _insert(conn, table, row, ignore=True)
    refresh_search_columns(conn, entry["id"])
    return entry["id"]


def _both_ends_exist(conn: sqlite3.Connection, link: dict) -> bool:
    found = conn.execute("SELECT count(*) FROM entries WHERE id IN (?, ?)",
                         (link["from_id"], link["to_id"])).fetchone()[0]
    return found == 2


_TABLES = {table for table, _ in _PARTS} | {"entries"}


def _insert(conn: sqlite3.Connection, table: str, row: dict, *, ignore: bool = False) -> int:
    """Insert a row read from ``table`` before (its columns are the table's own names)."""
    assert table in _TABLES
    columns = [c for c in row if c in _columns(conn, table)]
    cursor = conn.execute(
        f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} "
        f"({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns])
    return cursor.lastrowid


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


# -- undo and history --------------------------------------------------------------------------


def undo_last_edit(conn: sqlite3.Connection) -> dict:
    """Undo the newest change not yet undone (a create, the fields of one save, a delete).

    Returns ``{"entry_id", "action", "fields"}`` saying what was undone."""
    row = conn.execute("SELECT max(change_num) FROM entry_edits WHERE undone = 0").fetchone()
    if row[0] is None:
        raise NothingToUndoError("there is no edit to undo")
    edits = conn.execute("SELECT * FROM entry_edits WHERE change_num = ? AND undone = 0 "
                         "ORDER BY num DESC", (row[0],)).fetchall()
    for edit in edits:
        _undo_one(conn, edit)
    conn.execute("UPDATE entry_edits SET undone = 1 WHERE change_num = ?", (row[0],))
    return {"entry_id": edits[-1]["entry_id"], "action": edits[-1]["action"],
            "fields": [e["field"] for e in reversed(edits) if e["field"]]}


def _undo_one(conn: sqlite3.Connection, edit: sqlite3.Row) -> None:
    entry_id = edit["entry_id"]
    exists = conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if edit["action"] == "delete":
        restore_snapshot(conn, json.loads(edit["old"]))
    elif not exists:
        return  # the entry left the library another way (an import undone): nothing to restore
    elif edit["action"] == "create":
        _reopen_names_of(conn, entry_id)  # a name it was written from is pending again
        _delete_named_party(conn, entry_id)
    else:
        old = json.loads(edit["old"]) if edit["old"] is not None else None
        if edit["field"].startswith(RANK_EDIT):
            conn.execute("UPDATE statements SET rank = ? WHERE num = ? AND entry_id = ?",
                         (old, int(edit["field"][len(RANK_EDIT):]), entry_id))
        else:
            if edit["field"] == "links":  # an entry linked to then may have left since
                old = [lk for lk in old or [] if _exists(conn, lk["to"])]
            write_field(conn, entry_id, edit["field"], old)
        refresh_search_columns(conn, entry_id, names_changed=edit["field"] in NAMING_FIELDS)


def _exists(conn: sqlite3.Connection, entry_id: str) -> bool:
    return conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is not None


def edit_history(conn: sqlite3.Connection, entry_id: str, *, limit: int = 200) -> list[dict]:
    """An entry's edits, newest first: ``{"num", "at", "action", "field", "old", "new",
    "undone"}`` (old and new as values, not JSON text)."""
    rows = conn.execute(
        "SELECT num, at, action, field, old, new, undone FROM entry_edits WHERE entry_id = ? "
        "ORDER BY num DESC LIMIT ?", (entry_id, limit)).fetchall()
    out = []
    for r in rows:
        item = dict(r)
        for key in ("old", "new"):
            item[key] = json.loads(item[key]) if item[key] is not None else None
        if item["action"] != "set":
            item["old"] = item["new"] = None  # a whole entry: the history says only what was done
        item["undone"] = bool(item["undone"])
        out.append(item)
    return out


def last_change(conn: sqlite3.Connection) -> dict | None:
    """What Undo would undo now (``{"entry_id", "action", "field"}``), or ``None``."""
    row = conn.execute(
        "SELECT entry_id, action, field FROM entry_edits WHERE undone = 0 "
        "ORDER BY change_num DESC, num LIMIT 1").fetchone()
    return dict(row) if row else None


def _reopen_names_of(conn: sqlite3.Connection, entry_id: str) -> None:
    """The names accepted for ``entry_id`` wait in the review again, unlinked: the new entry
    written from them is being undone. The caller holds the write transaction."""
    conn.execute("UPDATE suggestions SET status = 'pending', decided_at = NULL, entry_id = NULL, "
                 "citation_num = NULL WHERE entry_id = ? AND kind = 'name' "
                 "AND status = 'accepted'", (entry_id,))
