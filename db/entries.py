"""Reading entries: table rows for a page of results, and one entry with everything about it."""

from __future__ import annotations

import json
import sqlite3

from db.errors import NotFoundError

ROW_COLUMNS = ("num", "id", "kind", "category", "title", "status", "date_start", "date_end",
               "date_precision", "date_text", "date_origin", "value_usd", "value_text", "origin")


def rows_by_num(conn: sqlite3.Connection, nums: list[int]) -> dict[int, dict]:
    """Table rows for some entry numbers, with bookmark flag and party names.

    Each query comes back as one JSON value, in one step: a row at a time, the thread would
    give the interpreter up at every row, and while a worker runs Python, each time it asks
    for it back the table's page waits (the window's, most of all).
    """
    if not nums:
        return {}
    marks = ", ".join("?" * len(nums))
    columns = ", ".join(_EXACT.get(c, f"e.{c}") for c in ROW_COLUMNS)
    sql = (f"SELECT json_group_array(json_array({columns}, b.entry_id IS NOT NULL)) "
           f"FROM entries e LEFT JOIN bookmarks b ON b.entry_id = e.id WHERE e.num IN ({marks})")
    names = (*ROW_COLUMNS, "bookmarked")
    rows = {values[0]: dict(zip(names, values, strict=True))
            for values in json_rows(conn, sql, nums)}
    ids = [r["id"] for r in rows.values()]
    parties = _linked_actor_titles(conn, ids)
    disputed = _disputed_fields(conn, ids)
    for row in rows.values():
        row["bookmarked"] = bool(row["bookmarked"])
        row["parties"] = parties.get(row["id"], [])
        row["disputed"] = disputed.get(row["id"], [])
        if row["value_usd"] is not None:
            row["value_usd"] = float(row["value_usd"])
    return rows


# Numbers JSON would round to 15 digits (and an infinity it cannot write at all) go as text
# with every digit, and are read back with float().
_EXACT = {"value_usd": "CASE WHEN e.value_usd IS NULL THEN NULL "
                       "ELSE printf('%!.17g', e.value_usd) END"}


def json_rows(conn: sqlite3.Connection, sql: str, params) -> list[list]:
    """The rows of ``sql``, a query of one ``json_group_array(…)`` value, as lists."""
    found = conn.execute(sql, params).fetchone()
    return json.loads(found[0]) if found and found[0] else []


def _linked_actor_titles(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[str]]:
    marks = ", ".join("?" * len(ids))
    # CROSS JOIN keeps SQLite from starting at every actor: look up the page's links first.
    sql = (f"SELECT json_group_array(json_array(from_id, title)) FROM ("
           f"SELECT l.from_id, a.title FROM links l CROSS JOIN entries a ON a.id = l.to_id "
           f"WHERE l.from_id IN ({marks}) AND a.kind = 'actor' ORDER BY l.role, a.title)")
    out: dict[str, list[str]] = {}
    for from_id, title in json_rows(conn, sql, ids):
        if title not in out.setdefault(from_id, []):
            out[from_id].append(title)
    return out


def _disputed_fields(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[str]]:
    """For a page of entries, the fields whose sources disagree (``db.statements``)."""
    marks = ", ".join("?" * len(ids))
    sql = (f"SELECT json_group_array(json_array(entry_id, field)) FROM ("
           f"SELECT entry_id, field FROM statements WHERE entry_id IN ({marks}) "
           f"AND rank != 'deprecated' GROUP BY entry_id, field HAVING count(DISTINCT value) > 1)")
    out: dict[str, list[str]] = {}
    for entry_id, field in json_rows(conn, sql, ids):
        out.setdefault(entry_id, []).append(field)
    return out


def entry_num(conn: sqlite3.Connection, entry_id: str) -> int:
    row = conn.execute("SELECT num FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    return row[0]


def entry_id_for_num(conn: sqlite3.Connection, num: int) -> str:
    row = conn.execute("SELECT id FROM entries WHERE num = ?", (num,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry number {num}")
    return row[0]


def get_entry(conn: sqlite3.Connection, entry_id: str) -> dict:
    """One entry with aliases, links both ways, citations, notes, tags and bookmark."""
    row = conn.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    entry = {k: row[k] for k in row.keys() if k not in ("names", "details", "parties")}  # noqa: SIM118 (sqlite3.Row)
    entry["measures"] = json.loads(entry["measures"]) if entry["measures"] else []
    entry["extra"] = json.loads(entry["extra"]) if entry["extra"] else {}
    entry["aliases"] = [dict(r) for r in conn.execute(
        "SELECT name, lang, script FROM aliases WHERE entry_id = ? ORDER BY rowid", (entry_id,))]
    entry["links"] = _links(conn, entry_id)
    entry["citations"] = [dict(r) for r in conn.execute(
        "SELECT c.num, c.source_id, s.title AS source_title, c.field, c.quote, c.start, "
        "c.\"end\", c.passage_num, p.page FROM citations c JOIN sources s ON s.id = c.source_id "
        "LEFT JOIN passages p ON p.num = c.passage_num "
        "WHERE c.entry_id = ? ORDER BY c.num", (entry_id,))]
    entry["notes"] = [dict(r) for r in conn.execute(
        "SELECT kind, text FROM notes WHERE entry_id = ? ORDER BY ordinal", (entry_id,))]
    entry["tags"] = [r[0] for r in conn.execute(
        "SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY tag", (entry_id,))]
    from db.bookmarks import get_bookmark

    entry["bookmark"] = get_bookmark(conn, entry_id)
    _add_authoring(conn, entry)
    from db.provenance import entry_provenance

    entry["provenance"] = entry_provenance(conn, entry_id)
    return entry


def _add_authoring(conn: sqlite3.Connection, entry: dict) -> None:
    """What the analyst wrote about an entry: statements by source and the fields where they
    disagree, the edit history, and where the dataset now says otherwise than an edit."""
    from db.authoring import edit_history
    from db.kept_edits import dataset_changes
    from db.statements import disagreements, entry_statements

    entry["statements"] = entry_statements(conn, entry["id"])
    entry["disagreements"] = disagreements(conn, entry["id"])
    entry["edits"] = edit_history(conn, entry["id"])
    entry["dataset_changes"] = dataset_changes(conn, entry["id"])


def _links(conn: sqlite3.Connection, entry_id: str) -> list[dict]:
    """Outgoing links as written, then incoming ones (``direction`` says which)."""
    out = [dict(r) | {"direction": "out"} for r in conn.execute(
        "SELECT e.id, e.kind, e.title, l.role FROM links l JOIN entries e ON e.id = l.to_id "
        "WHERE l.from_id = ? ORDER BY l.role, e.title", (entry_id,))]
    out += [dict(r) | {"direction": "in"} for r in conn.execute(
        "SELECT e.id, e.kind, e.title, l.role FROM links l JOIN entries e ON e.id = l.from_id "
        "WHERE l.to_id = ? ORDER BY l.role, e.title", (entry_id,))]
    return out


def titles_by_id(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict]:
    """``{id: {"title", "kind"}}`` for the ids that exist."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT id, title, kind FROM entries WHERE id IN ({marks})"
    return {r["id"]: {"title": r["title"], "kind": r["kind"]} for r in conn.execute(sql, ids)}


def kind_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Entries per kind, kept up to date by triggers (no scan of the table)."""
    return {k: n for k, n in conn.execute("SELECT kind, n FROM kind_counts WHERE n > 0")}
