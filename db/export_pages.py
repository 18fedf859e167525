"""Entries read for an export a page at a time: a page of entries with their names, links,
quotes, notes, tags and bookmarks comes back from SQLite in one step, as JSON, rather than in
eight queries an entry (an export of 100,000 entries spent most of its time in them).

Each entry comes out in the shape of ``roadbook show --json`` (``db.export.public_entry``),
the same as reading it alone with ``db.entries.get_entry`` would give.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from db.provenance import provenance_by_entry

PAGE = 500  # entries per page
_PLAIN = ("id", "kind", "title", "summary", "category", "status", "date_start", "date_end",
          "date_precision", "date_text", "date_origin", "date_note")
# Each part of an entry, in the order ``show --json`` has them. A subquery's JSON is wrapped
# in json() again: SQLite does not carry the JSON type out of a subquery.
_PARTS = (
    *[(key, f"e.{key}") for key in _PLAIN],
    # JSON would round a sum to 15 digits: every digit goes as text, read back with float()
    ("value_usd", "CASE WHEN e.value_usd IS NULL THEN NULL "
                  "ELSE printf('%!.17g', e.value_usd) END"),
    ("value_text", "e.value_text"),
    ("value_note", "e.value_note"),
    ("measures", "json(coalesce(e.measures, '[]'))"),
    ("tags", "json((SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags "
             "WHERE entry_id = e.id ORDER BY tag)))"),
    ("origin", "e.origin"),
    ("extra", "json(coalesce(e.extra, '{}'))"),
    ("aliases", "json((SELECT json_group_array(json_object('name', name, 'lang', lang, "
                "'script', script)) FROM (SELECT name, lang, script FROM aliases "
                "WHERE entry_id = e.id ORDER BY rowid)))"),
    ("links", "json((SELECT json_group_array(json_object('id', id, 'kind', kind, 'title', "
              "title, 'role', role, 'direction', direction)) FROM ("
              "SELECT t.id, t.kind, t.title, l.role, 'out' AS direction, 0 AS part "
              "FROM links l JOIN entries t ON t.id = l.to_id WHERE l.from_id = e.id "
              "UNION ALL SELECT f.id, f.kind, f.title, l.role, 'in', 1 "
              "FROM links l JOIN entries f ON f.id = l.from_id WHERE l.to_id = e.id "
              "AND :incoming ORDER BY part, role, title)))"),
    ("citations", "json((SELECT json_group_array(json_object('source_id', source_id, "
                  "'source_title', source_title, 'quote', quote, 'page', page)) FROM ("
                  "SELECT c.source_id, s.title AS source_title, c.quote, p.page "
                  "FROM citations c JOIN sources s ON s.id = c.source_id "
                  "LEFT JOIN passages p ON p.num = c.passage_num WHERE c.entry_id = e.id "
                  "ORDER BY c.num)))"),
    ("notes", "json((SELECT json_group_array(json_object('kind', kind, 'text', text)) FROM ("
              "SELECT kind, text FROM notes WHERE entry_id = e.id ORDER BY ordinal)))"),
    ("bookmark", "json((SELECT json_object('note', b.note, 'tags', json((SELECT "
                 "json_group_array(tag) FROM (SELECT tag FROM bookmark_tags "
                 "WHERE entry_id = b.entry_id ORDER BY tag COLLATE NOCASE)))) "
                 "FROM bookmarks b WHERE b.entry_id = e.id))"),
)
_OBJECT = "json_object(" + ", ".join(f"'{key}', {sql}" for key, sql in _PARTS) + ")"


def public_entries(conn: sqlite3.Connection, ids: list[str], *, page: int = PAGE,
                   incoming: bool = True) -> Iterator[dict]:
    """The entries with these ids, in this order, as ``show --json`` objects; ids that are not
    in the library are skipped. Without ``incoming`` their links are the outgoing ones only
    (all a CSV or workbook shows: an actor may have a hundred thousand incoming)."""
    for start in range(0, len(ids), page):
        yield from _page(conn, ids[start:start + page], incoming)


def _page(conn: sqlite3.Connection, ids: list[str], incoming: bool = True) -> list[dict]:
    marks = ", ".join(f":i{n}" for n in range(len(ids)))
    sql = f"SELECT json_group_array(json({_OBJECT})) FROM entries e WHERE e.id IN ({marks})"
    params = {f"i{n}": entry_id for n, entry_id in enumerate(ids)} | {"incoming": incoming}
    found = conn.execute(sql, params).fetchone()[0]
    by_id = {entry["id"]: entry for entry in json.loads(found or "[]")}
    written = _written_about(conn, list(by_id))
    origins = provenance_by_entry(conn, list(by_id))  # few entries of a page have any
    out = []
    for entry_id in ids:
        entry = by_id.get(entry_id)
        if entry is None:
            continue
        if entry_id in written:  # few are: read as ``show`` reads them, statements and all
            from db.entries import get_entry
            from db.entry_shape import public_entry

            entry = public_entry(get_entry(conn, entry_id))
            if not incoming:
                entry["links"] = [lk for lk in entry["links"] if lk["direction"] == "out"]
        else:
            entry = _without_authoring(entry)
        if entry["value_usd"] is not None:
            entry["value_usd"] = float(entry["value_usd"])
        entry["provenance"] = origins.get(entry_id, [])
        out.append(entry)
    return out


def _written_about(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """The entries among ``ids`` with statements of sources or changes the dataset shipped."""
    if not ids:
        return set()
    marks = ", ".join("?" * len(ids))
    return {row[0] for row in conn.execute(
        f"SELECT entry_id FROM statements WHERE entry_id IN ({marks}) UNION "
        f"SELECT entry_id FROM dataset_changes WHERE entry_id IN ({marks})", ids + ids)}


def _without_authoring(entry: dict) -> dict:
    """An entry nothing was stated or shipped about, in ``show --json`` order."""
    bookmark = entry.pop("bookmark")
    return entry | {"statements": [], "disagreements": [], "dataset_changes": [],
                    "bookmark": bookmark}
