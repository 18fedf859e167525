"""Putting the bundled dataset into a library: first build and later refreshes, upserted by id.

User tables (bookmarks, tags, saved searches, imports) are never touched here, and neither
are the fields an analyst edited, nor entries an analyst wrote or deleted (``db.kept_edits``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from db.connection import transaction
from db.dates import parse_date_spec
from db.entry_fields import refresh_search_columns
from db.kept_edits import CHILD_TABLE_FIELDS, kept_by_analyst, merge_edits
from db.money import parse_money

if TYPE_CHECKING:
    from db.dataset import Dataset

ORIGIN = "bundled"
CHECKSUM_KEY = "bundled_dataset_checksum"


def bundled_checksum(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (CHECKSUM_KEY,)).fetchone()
    return row[0] if row else None


def refresh_bundled(conn: sqlite3.Connection, dataset: Dataset) -> dict:
    """Upsert every source and entry of the dataset in one transaction; drop bundled leftovers.

    Returns counts: ``{"entries": n, "removed": n}``.
    """
    from db.parties import linking_entries, refresh_parties  # with anyascii: when writing

    with transaction(conn):
        passage_nums = {}
        for source in dataset.sources:
            passage_nums[source["id"]] = _upsert_source(conn, source)
        keep = [entry["id"] for entry in dataset.entries]
        # The analyst's own entries and the bundled ones they deleted are left as they are.
        entries = [e for e in dataset.entries if not kept_by_analyst(conn, e["id"])]
        upserted = {e["id"]: _upsert_entry(conn, e) for e in entries}
        for entry in entries:
            _replace_children(conn, entry, passage_nums, dataset,
                              edited=upserted[entry["id"]][0])
        renamed = [entry_id for entry_id, (_, written) in upserted.items() if written]
        removed = _remove_missing(conn, keep)
        # every bundled entry's links were written anew; others' text names renamed ones
        refresh_parties(conn, keep + linking_entries(conn, renamed))
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (CHECKSUM_KEY, dataset.checksum),
        )
    return {"entries": len(keep), "removed": removed}


def _upsert_source(conn: sqlite3.Connection, source: dict) -> list[tuple[int, int, int]]:
    from db.textindex import split_paragraphs  # with anyascii: only when refreshing

    interval = parse_date_spec(source["date"]) if source.get("date") else None
    row = {
        "id": source["id"], "title": source["title"], "author": source.get("author"),
        "publisher": source.get("publisher"), "section": source.get("section"),
        "date_start": interval.start_iso if interval else None,
        "date_end": interval.end_iso if interval else None,
        "date_precision": interval.precision if interval else None,
        "date_text": source.get("date_text"), "date_note": source.get("date_note"),
        "credit": source.get("credit"), "text": source["text"], "origin": ORIGIN,
    }
    _upsert(conn, "sources", row, key="id")
    existing = conn.execute(
        "SELECT text FROM sources WHERE id = ?", (source["id"],)
    ).fetchone()
    paragraphs = split_paragraphs(existing[0])
    current = conn.execute(
        "SELECT ordinal, start, \"end\" FROM passages WHERE source_id = ? ORDER BY ordinal",
        (source["id"],),
    ).fetchall()
    if [(s, e) for _, s, e in current] != [(s, e) for s, e, _ in paragraphs]:
        # A newer text: the analyst's citations of it are re-anchored, or listed as orphans.
        from db.sourcing.anchoring import rewrite_passages

        rewrite_passages(conn, source["id"], existing[0], [
            {"ordinal": i, "start": s, "end": e, "text": t, "page": None}
            for i, (s, e, t) in enumerate(paragraphs)])
    return conn.execute(
        "SELECT num, start, \"end\" FROM passages WHERE source_id = ? ORDER BY ordinal",
        (source["id"],),
    ).fetchall()


def _upsert(conn: sqlite3.Connection, table: str, row: dict, *, key: str) -> None:
    columns = list(row)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT({key}) DO UPDATE SET {updates}",
        [row[c] for c in columns],
    )


def entry_row(entry: dict, *, origin: str = ORIGIN) -> dict:
    """The ``entries`` row for a dataset record (dates and money normalised, names folded)."""
    from db.textindex import names_text  # with anyascii: only when writing entries

    interval = parse_date_spec(entry["date"]) if entry.get("date") else None
    money = parse_money(entry["value_text"]) if entry.get("value_text") else None
    aliases = [a["name"] for a in entry.get("aliases", [])]
    details = [entry.get("category"), entry.get("status"), entry.get("value_text"),
               entry.get("date_text"), *entry.get("tags", []),
               *(n.get("text") for n in entry.get("notes", []))]
    return {
        "id": entry["id"], "kind": entry["kind"], "category": entry.get("category"),
        "title": entry["title"], "summary": entry.get("summary"), "status": entry.get("status"),
        "date_start": interval.start_iso if interval else None,
        "date_end": interval.end_iso if interval else None,
        "date_precision": interval.precision if interval else None,
        "date_text": entry.get("date_text"),
        "date_origin": entry.get("date_origin", "source") if interval else None,
        "date_note": entry.get("date_note"),
        "value_usd": money.usd if money else None,
        "value_text": entry.get("value_text"), "value_note": entry.get("value_note"),
        "measures": json.dumps(entry["measures"], ensure_ascii=False)
        if entry.get("measures") else None,
        "names": names_text(entry["title"], aliases),
        "details": " | ".join(d for d in details if d),
        "origin": origin,
    }


def _upsert_entry(conn: sqlite3.Connection, entry: dict) -> tuple[set[str], bool]:
    """Write the dataset's row of an entry, keeping the fields the analyst edited; returns
    those fields, and whether the row was written (``False``: there already, unchanged)."""
    row, edited = merge_edits(conn, entry_row(entry), entry)
    current = conn.execute("SELECT * FROM entries WHERE id = ?", (row["id"],)).fetchone()
    if current is not None and all(current[k] == v for k, v in row.items()):
        return edited, False  # unchanged: leave the row (and its index entries) alone
    _upsert(conn, "entries", row, key="id")
    return edited, True


def _replace_children(conn, entry: dict, passage_nums: dict, dataset: Dataset, *,
                      edited: set[str] = frozenset()) -> None:
    entry_id = entry["id"]
    # Names, tags and links the analyst edited stay as the analyst left them.
    tables = [t for t in ("aliases", "entry_tags", "links") if CHILD_TABLE_FIELDS[t] not in edited]
    for table in [t for t in tables if t != "links"] + ["notes"]:
        conn.execute(f"DELETE FROM {table} WHERE entry_id = ?", (entry_id,))
    # The analyst's own citations of a bundled entry stay; the dataset's are written anew.
    conn.execute("DELETE FROM citations WHERE entry_id = ? AND origin = 'bundled'", (entry_id,))
    if "aliases" in tables:
        conn.executemany(
            "INSERT OR IGNORE INTO aliases (entry_id, name, lang, script) VALUES (?, ?, ?, ?)",
            [(entry_id, a["name"], a.get("lang"), a.get("script"))
             for a in entry.get("aliases", [])],
        )
    if "entry_tags" in tables:
        conn.executemany(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
            [(entry_id, t) for t in entry.get("tags", [])],
        )
    conn.executemany(
        "INSERT INTO notes (entry_id, ordinal, kind, text) VALUES (?, ?, ?, ?)",
        [(entry_id, i, n["kind"], n["text"]) for i, n in enumerate(entry.get("notes", []))],
    )
    if "links" in tables:
        conn.execute("DELETE FROM links WHERE from_id = ?", (entry_id,))
        # A link to an entry the analyst deleted is left out (it would come back with it).
        conn.executemany(
            "INSERT OR IGNORE INTO links (from_id, to_id, role) SELECT ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM entries WHERE id = ?)",
            [(entry_id, link["to"], link["role"], link["to"]) for link in entry.get("links", [])],
        )
    if edited:
        refresh_search_columns(conn, entry_id)
    texts = {s["id"]: s["text"] for s in dataset.sources}
    for citation in entry.get("citations", []):
        source_id, quote = citation["source"], citation["quote"]
        start = texts[source_id].find(quote)
        passage = next(num for num, s, e in passage_nums[source_id] if s <= start < e)
        conn.execute(
            "INSERT INTO citations (entry_id, passage_num, source_id, field, quote, start, \"end\")"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry_id, passage, source_id, citation.get("field"), quote, start,
             start + len(quote)),
        )


def _remove_missing(conn: sqlite3.Connection, keep: list[str]) -> int:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM keep_ids")
    conn.executemany("INSERT OR IGNORE INTO keep_ids VALUES (?)", [(k,) for k in keep])
    cur = conn.execute(
        "DELETE FROM entries WHERE origin = ? AND id NOT IN (SELECT id FROM keep_ids) "
        # an entry the analyst edited stays with the edits, though the dataset let it go
        "AND id NOT IN (SELECT entry_id FROM entry_edits WHERE action = 'set' AND undone = 0)",
        (ORIGIN,),
    )
    return cur.rowcount
