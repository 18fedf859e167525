"""A newer version of a source replacing one: its passages are written anew and every citation
of it is re-anchored (at its old position, by its exact words, then by a close match, as
``db.citing.reanchor`` does). A quote that cannot be found again is moved to
``orphaned_citations`` and listed — never dropped."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from db.citing import CONTEXT, reanchor

_TEMPORARY = 1_000_000_000  # new passages' ordinals while the old ones are still there


def rewrite_passages(conn: sqlite3.Connection, source_id: str, new_text: str,
                     passages: list[dict]) -> dict:
    """Replace the passages of ``source_id`` (whose ``text`` is already ``new_text``) and carry
    its citations over. The caller holds the write transaction. Returns counts
    ``{"kept", "moved", "changed", "orphaned"}``."""
    from db.sourcing.adding import insert_passages

    insert_passages(conn, source_id, passages, ordinal_offset=_TEMPORARY)
    counts = {"kept": 0, "moved": 0, "changed": 0, "orphaned": 0}
    spans = [(p["start"], p["end"]) for p in passages]
    for citation in conn.execute("SELECT * FROM citations WHERE source_id = ?",
                                 (source_id,)).fetchall():
        counts[_carry_over(conn, dict(citation), new_text, spans)] += 1
    conn.execute("DELETE FROM passages WHERE source_id = ? AND ordinal < ?",
                 (source_id, _TEMPORARY))
    conn.execute("UPDATE passages SET ordinal = ordinal - ? WHERE source_id = ?",
                 (_TEMPORARY, source_id))
    return counts


def _carry_over(conn: sqlite3.Connection, citation: dict, text: str,
                passages: list[tuple[int, int]]) -> str:
    anchor = reanchor(text, citation["quote"], start=citation["start"],
                      prefix=citation.get("prefix") or "", suffix=citation.get("suffix") or "",
                      passages=passages)
    if anchor is None:
        _orphan(conn, citation)
        return "orphaned"
    passage = conn.execute(
        "SELECT num FROM passages WHERE source_id = ? AND ordinal >= ? AND start <= ? "
        "ORDER BY start DESC LIMIT 1", (citation["source_id"], _TEMPORARY, anchor.start)
    ).fetchone()
    conn.execute(
        "UPDATE citations SET passage_num = ?, quote = ?, start = ?, \"end\" = ?, prefix = ?, "
        "suffix = ? WHERE num = ?",
        (passage[0], anchor.quote_in(text), anchor.start, anchor.end,
         text[max(0, anchor.start - CONTEXT):anchor.start], text[anchor.end:anchor.end + CONTEXT],
         citation["num"]))
    return {"position": "kept", "exact": "moved"}.get(anchor.method, "changed")


def _orphan(conn: sqlite3.Connection, citation: dict) -> None:
    conn.execute(
        "INSERT INTO orphaned_citations (entry_id, source_id, field, quote, start, \"end\", "
        "prefix, suffix, origin, orphaned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (citation["entry_id"], citation["source_id"], citation["field"], citation["quote"],
         citation["start"], citation["end"], citation.get("prefix"), citation.get("suffix"),
         citation.get("origin") or "bundled",
         datetime.now(UTC).isoformat(timespec="seconds")))
    conn.execute("DELETE FROM citations WHERE num = ?", (citation["num"],))


def orphaned_citations(conn: sqlite3.Connection, source_id: str | None = None) -> list[dict]:
    """Quotes a newer version of their source no longer holds, newest first."""
    sql = ("SELECT o.num, o.entry_id, e.title AS entry_title, o.source_id, s.title AS "
           "source_title, o.field, o.quote, o.start, o.\"end\", o.orphaned_at "
           "FROM orphaned_citations o JOIN entries e ON e.id = o.entry_id "
           "JOIN sources s ON s.id = o.source_id")
    if source_id is None:
        return [dict(r) for r in conn.execute(sql + " ORDER BY o.num DESC")]
    return [dict(r) for r in conn.execute(sql + " WHERE o.source_id = ? ORDER BY o.num DESC",
                                          (source_id,))]


def replace_source_text(conn: sqlite3.Connection, source_id: str, document) -> dict:
    """Put a newer version's text in place of source ``source_id`` (one transaction): passages
    written anew, citations re-anchored, pending suggestions found again."""
    from db.connection import transaction
    from db.errors import NotFoundError
    from db.sourcing.adding import refuse_duplicate, text_checksum
    from db.sourcing.passages import split_passages

    if conn.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is None:
        raise NotFoundError(f"no source with id {source_id!r}")
    checksum = text_checksum(document.text)
    refuse_duplicate(conn, checksum)
    with transaction(conn):
        conn.execute("UPDATE sources SET text = ?, checksum = ?, format = ? WHERE id = ?",
                     (document.text, checksum, document.format, source_id))
        counts = rewrite_passages(conn, source_id, document.text,
                                  split_passages(document.text, document.pages))
        left_out = _carry_suggestions(conn, source_id, document.text)
    return {"id": source_id, **counts, "suggestions_left_out": left_out}


def _carry_suggestions(conn: sqlite3.Connection, source_id: str, text: str) -> int:
    """Decided suggestions keep their decision where their words are found again; pending ones
    are found anew in the new text, numbered after the decided ones. Returns how many found
    anew were left out (past ``MAX_SUGGESTIONS``)."""
    from db.sourcing.adding import insert_suggestions, source_day
    from db.sourcing.passages import sentence_around
    from db.sourcing.suggesting import MAX_SUGGESTIONS, find_suggestions

    conn.execute("DELETE FROM suggestions WHERE source_id = ? AND status = 'pending'",
                 (source_id,))
    kept = set()
    for row in conn.execute("SELECT n, text, start FROM suggestions WHERE source_id = ?",
                            (source_id,)).fetchall():
        anchor = reanchor(text, row["text"], start=row["start"])
        if anchor is None or anchor.method == "fuzzy":
            conn.execute("DELETE FROM suggestions WHERE source_id = ? AND n = ?",
                         (source_id, row["n"]))
            continue
        begin, end = sentence_around(text, anchor.start, anchor.end)
        conn.execute("UPDATE suggestions SET start = ?, \"end\" = ?, quote = ? "
                     "WHERE source_id = ? AND n = ?",
                     (anchor.start, anchor.end, text[begin:end], source_id, row["n"]))
        kept.add((anchor.start, anchor.end))
    last = conn.execute("SELECT coalesce(max(n), 0) FROM suggestions WHERE source_id = ?",
                        (source_id,)).fetchone()[0]
    day, month_known = source_day(conn, source_id)
    found = find_suggestions(conn, text, source_date=day, month_known=month_known,
                             limit=MAX_SUGGESTIONS - len(kept))
    fresh = [r for r in found.rows if (r["start"], r["end"]) not in kept]
    for n, row in enumerate(fresh, start=last + 1):
        row["n"] = n
    insert_suggestions(conn, source_id, fresh)
    return found.left_out
