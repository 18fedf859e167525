"""An analyst's edits outlive a refresh of the bundled dataset.

The refresh (``db.bundled``) asks here which of an entry's fields the analyst changed: those keep
the analyst's value, and where the dataset now ships another value than the one the analyst
replaced, ``dataset_changes`` records it so that the entry can say "the dataset now says …".
An entry the analyst deleted stays deleted; an id the analyst took for an entry of their own is
not taken over by the dataset.
"""

from __future__ import annotations

import json
import sqlite3

from db.authoring import RANK_EDIT, now
from db.entry_fields import stored_value

# The ``entries`` columns each editable field is stored in (list fields live in other tables).
FIELD_COLUMNS = {"title": ("title",), "kind": ("kind",), "category": ("category",),
                 "summary": ("summary",), "status": ("status",), "date_text": ("date_text",),
                 "date": ("date_start", "date_end", "date_precision"),
                 "value": ("value_usd", "value_text"),
                 "aliases": (), "links": (), "tags": ()}
CHILD_TABLE_FIELDS = {"aliases": "aliases", "entry_tags": "tags", "links": "links"}


def edited_fields(conn: sqlite3.Connection, entry_id: str) -> dict[str, object]:
    """``{field: value before the analyst's first edit}`` for every field the analyst changed
    (edits undone since are not counted)."""
    rows = conn.execute(
        "SELECT field, old FROM entry_edits WHERE entry_id = ? AND action = 'set' "
        "AND undone = 0 AND field NOT LIKE ? ORDER BY num DESC",
        (entry_id, RANK_EDIT + "%")).fetchall()
    return {r["field"]: json.loads(r["old"]) if r["old"] is not None else None for r in rows}


def kept_by_analyst(conn: sqlite3.Connection, entry_id: str) -> bool:
    """The analyst deleted this bundled entry, or owns an entry with this id."""
    row = conn.execute("SELECT origin FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is not None:
        return row["origin"] == "analyst"
    last = conn.execute("SELECT action FROM entry_edits WHERE entry_id = ? AND undone = 0 "
                        "ORDER BY num DESC LIMIT 1", (entry_id,)).fetchone()
    return last is not None and last["action"] == "delete"


def merge_edits(conn: sqlite3.Connection, row: dict, entry: dict) -> tuple[dict, set[str]]:
    """The dataset's ``row`` for an entry with the analyst's edited columns kept as they are;
    returns it with the set of edited fields, noting each field the dataset changed."""
    edited = edited_fields(conn, row["id"])
    conn.execute(f"DELETE FROM dataset_changes WHERE entry_id = ? AND field NOT IN "
                 f"({', '.join('?' * len(edited))})", (row["id"], *edited))
    if not edited:
        return row, set()
    current = conn.execute("SELECT * FROM entries WHERE id = ?", (row["id"],)).fetchone()
    merged = dict(row)
    for field, original in edited.items():
        if field not in FIELD_COLUMNS:
            continue
        if current is not None:
            merged.update({c: current[c] for c in FIELD_COLUMNS[field]})
        _note_shipped(conn, row["id"], field, shipped_value(field, row, entry), original)
    return merged, set(edited)


def shipped_value(field: str, row: dict, entry: dict):
    """What the dataset ships for ``field``, in the shape the edit history keeps."""
    if field in ("date", "value"):
        return stored_value(field, row)
    if field == "aliases":
        return [{"name": a["name"], "lang": a.get("lang"), "script": a.get("script")}
                for a in entry.get("aliases", [])]
    if field == "links":
        return sorted(({"to": lk["to"], "role": lk["role"]} for lk in entry.get("links", [])),
                      key=lambda lk: (lk["role"], lk["to"]))
    if field == "tags":
        return sorted(entry.get("tags", []))
    return row[field]


def _note_shipped(conn: sqlite3.Connection, entry_id: str, field: str, shipped,
                  original) -> None:
    if _canonical(shipped) == _canonical(original):
        conn.execute("DELETE FROM dataset_changes WHERE entry_id = ? AND field = ?",
                     (entry_id, field))
        return
    conn.execute(
        "INSERT INTO dataset_changes (entry_id, field, value, noted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(entry_id, field) DO UPDATE SET value = excluded.value, "
        "noted_at = CASE WHEN value IS excluded.value THEN noted_at ELSE excluded.noted_at END",
        (entry_id, field, json.dumps(shipped, ensure_ascii=False), now()))


def _canonical(value) -> str:
    if isinstance(value, list):
        value = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def dataset_changes(conn: sqlite3.Connection, entry_id: str) -> list[dict]:
    """Where the dataset now says something else than the value the analyst edited:
    ``[{"field", "value", "noted_at"}]``."""
    return [{"field": r["field"], "value": json.loads(r["value"]) if r["value"] else None,
             "noted_at": r["noted_at"]} for r in conn.execute(
        "SELECT field, value, noted_at FROM dataset_changes WHERE entry_id = ? ORDER BY field",
        (entry_id,))]
