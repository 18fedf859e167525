"""Source documents and their passages (paragraphs with character offsets)."""

from __future__ import annotations

import sqlite3

from db.errors import NotFoundError
from db.query import Query, Text
from db.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, fts_text


def list_sources(conn: sqlite3.Connection) -> list[dict]:
    """Every source with its counts of passages, citations, cited entries, pending
    suggestions and orphaned quotes."""
    return [dict(r) for r in conn.execute(
        "SELECT s.id, s.title, s.author, s.publisher, s.date_text, s.date_start, "
        "s.date_precision, s.url, s.format, s.origin, s.added_at, s.credit, "
        "length(s.text) AS characters, "
        "(SELECT count(*) FROM passages p WHERE p.source_id = s.id) AS passages, "
        "(SELECT count(*) FROM citations c WHERE c.source_id = s.id) AS citations, "
        "(SELECT count(DISTINCT entry_id) FROM citations c WHERE c.source_id = s.id) AS entries, "
        "(SELECT count(*) FROM suggestions g WHERE g.source_id = s.id "
        " AND g.status = 'pending') AS pending, "
        "(SELECT count(*) FROM orphaned_citations o WHERE o.source_id = s.id) AS orphans "
        "FROM sources s ORDER BY s.title")]


def get_source(conn: sqlite3.Connection, source_id: str) -> dict:
    """A source with its full text and its passages."""
    row = conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no source with id {source_id!r}")
    source = dict(row)
    source["passages"] = [dict(r) for r in conn.execute(
        "SELECT num, ordinal, start, \"end\", text, page FROM passages WHERE source_id = ? "
        "ORDER BY ordinal", (source_id,))]
    return source


def entries_by_passage(conn: sqlite3.Connection, source_id: str) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in conn.execute(
        "SELECT c.passage_num, e.id, e.title, e.kind, c.start, c.\"end\" FROM citations c "
        "JOIN entries e ON e.id = c.entry_id WHERE c.source_id = ? ORDER BY c.start",
        (source_id,),
    ):
        out.setdefault(r["passage_num"], []).append(
            {"id": r["id"], "title": r["title"], "kind": r["kind"], "start": r["start"],
             "end": r["end"]})
    return out


def search_passages(conn: sqlite3.Connection, query: Query, *, limit: int = 50) -> list[dict]:
    """Passages matching the words of ``query`` (filters aside), ranked, with a highlighted
    snippet; ``-word`` leaves out passages holding it."""
    parts, unwanted = [], []
    for group in query.groups:
        texts = [fts_text(a) for a in group if isinstance(a, Text) and not a.negated]
        if texts:
            parts.append(texts[0] if len(texts) == 1 else "(" + " OR ".join(texts) + ")")
        elif len(group) == 1 and isinstance(group[0], Text):  # a lone -word
            unwanted.append(fts_text(group[0]))
    if not parts:
        return []
    sql = ("SELECT p.num, p.source_id, p.ordinal, p.start, p.\"end\", "
           "snippet(passages_fts, 0, ?, ?, '…', 24) AS snippet FROM passages_fts "
           "JOIN passages p ON p.num = passages_fts.rowid WHERE passages_fts MATCH ? "
           "ORDER BY rank LIMIT ?")
    match = " AND ".join(parts) + "".join(f" NOT {u}" for u in unwanted)
    rows = conn.execute(sql, (HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE, match, limit))
    return [dict(r) for r in rows]
