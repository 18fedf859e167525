"""Writing a checked dataset folder's sources and entries into a library as the analyst's own
(``db.dataset_export.import_dataset`` reads and checks the folder first)."""

from __future__ import annotations

import json
import sqlite3

from db.authoring import now
from db.citing import CitationError, add_citation
from db.dates import parse_date_spec
from db.entry_fields import refresh_search_columns

ORIGIN = "analyst"


def insert_source(conn: sqlite3.Connection, source: dict, checksum: str) -> None:
    """A dataset source as a source of the library, split into paragraphs."""
    from db.textindex import split_paragraphs

    interval = parse_date_spec(source["date"]) if source.get("date") else None
    conn.execute(
        "INSERT INTO sources (id, title, author, publisher, section, date_start, date_end, "
        "date_precision, date_text, date_note, credit, text, origin, url, format, checksum, "
        "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'text', ?, ?)",
        (source["id"], source["title"], source.get("author"), source.get("publisher"),
         source.get("section"), interval.start_iso if interval else None,
         interval.end_iso if interval else None, interval.precision if interval else None,
         source.get("date_text"), source.get("date_note"), source.get("credit"),
         source["text"], ORIGIN, source.get("url"), checksum, now()))
    conn.executemany(
        "INSERT INTO passages (source_id, ordinal, start, \"end\", text) VALUES (?, ?, ?, ?, ?)",
        [(source["id"], i, s, e, t) for i, (s, e, t) in enumerate(split_paragraphs(
            source["text"]))])


def add_entries(conn: sqlite3.Connection, entries: list[dict], source_ids: dict) -> dict:
    """Insert the entries the library does not have yet, then their links, quotes and
    statements; returns ``{"entries": added, "skipped": [ids already there]}``."""
    from db.bundled import entry_row

    added, skipped = [], []
    for entry in entries:
        if conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry["id"],)).fetchone():
            skipped.append(entry["id"])
            continue
        row = entry_row(entry, origin=ORIGIN)
        conn.execute(f"INSERT INTO entries ({', '.join(row)}) VALUES "
                     f"({', '.join('?' * len(row))})", list(row.values()))
        _add_names(conn, entry)
        added.append(entry)
    for entry in added:
        _add_links_and_quotes(conn, entry, source_ids)
        refresh_search_columns(conn, entry["id"])
    return {"entries": len(added), "skipped": skipped}


def _add_names(conn: sqlite3.Connection, entry: dict) -> None:
    entry_id = entry["id"]
    conn.executemany(
        "INSERT OR IGNORE INTO aliases (entry_id, name, lang, script) VALUES (?, ?, ?, ?)",
        [(entry_id, a["name"], a.get("lang"), a.get("script")) for a in entry.get("aliases", [])])
    conn.executemany("INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
                     [(entry_id, t) for t in entry.get("tags", [])])
    conn.executemany("INSERT INTO notes (entry_id, ordinal, kind, text) VALUES (?, ?, ?, ?)",
                     [(entry_id, i, n["kind"], n["text"])
                      for i, n in enumerate(entry.get("notes", []))])


def _add_links_and_quotes(conn: sqlite3.Connection, entry: dict, source_ids: dict) -> None:
    entry_id = entry["id"]
    conn.executemany("INSERT OR IGNORE INTO links (from_id, to_id, role) VALUES (?, ?, ?)",
                     [(entry_id, lk["to"], lk["role"]) for lk in entry.get("links", [])])
    for citation in entry.get("citations", []):
        _cite(conn, entry_id, source_ids[citation["source"]], citation)
    for statement in _statements(entry):
        num = (_cite(conn, entry_id, source_ids[statement["source"]], statement)
               if statement.get("source") in source_ids and statement.get("quote") else None)
        _insert_statement(conn, entry_id, statement, num)


def _cite(conn: sqlite3.Connection, entry_id: str, source_id: str, citation: dict) -> int:
    start = citation.get("start")
    try:
        cited = add_citation(conn, entry_id, source_id, citation["quote"],
                             start=start if isinstance(start, int) else None,
                             field=citation.get("field"))
    except CitationError:  # the offset is off: the quote itself was checked, find it
        cited = add_citation(conn, entry_id, source_id, citation["quote"],
                             field=citation.get("field"))
    return cited["num"]


def _statements(entry: dict) -> list[dict]:
    """The entry's well-formed statements (a hand edit gone wrong is left out)."""
    from db.statements import RANKS, STATED_FIELDS

    items = entry.get("statements", [])
    return [s for s in items if isinstance(s, dict) and s.get("field") in STATED_FIELDS
            and isinstance(s.get("text"), str) and s.get("rank", "normal") in RANKS] \
        if isinstance(items, list) else []


def _insert_statement(conn: sqlite3.Connection, entry_id: str, statement: dict,
                      citation_num: int | None) -> None:
    from db.statements import parsed_value

    value = json.dumps(parsed_value(statement["field"], statement["text"]), sort_keys=True,
                       ensure_ascii=False)
    conn.execute(
        "INSERT INTO statements (entry_id, field, value, text, citation_num, rank, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (entry_id, statement["field"], value, statement["text"], citation_num,
         statement.get("rank", "normal"), now()))
