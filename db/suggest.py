"""Suggestions for the search field: field names, and the values a field can take."""

from __future__ import annotations

import sqlite3

from db.query import FIELDS, IS_VALUES, KIND_NAMES
from db.search import fts_token

FIELD_EXAMPLES = {"year": ("2014", "2014..2016", ">2015"), "date": ("2016-06",),
                  "value": (">1bn", ">10bn", "1bn..50bn")}


def suggest(conn: sqlite3.Connection, word: str, *, limit: int = 12) -> list[str]:
    """Completions for the word being typed: ``ki`` → ``kind:``; ``kind:d`` → ``kind:deal``;
    ``actor:gaz`` → ``actor:gazprom``. Never raises; an empty list when nothing fits."""
    negated = word.startswith("-")
    body = word[1:] if negated else word
    sign = "-" if negated else ""
    if ":" not in body:
        low = body.lower()
        return [f"{sign}{f}:" for f in FIELDS if low and f.startswith(low) and f != low][:limit]
    field, _, prefix = body.partition(":")
    field = field.lower()
    values = _values(conn, field, prefix, limit)
    return [f"{sign}{field}:{_quoted(v)}" for v in values][:limit]


def _quoted(value: str) -> str:
    return f'"{value}"' if any(c.isspace() for c in value) else value


def _values(conn, field: str, prefix: str, limit: int) -> list[str]:
    low = prefix.lower().strip('"')
    if field == "kind":
        return sorted({k for k in KIND_NAMES.values() if k.startswith(low)})
    if field == "is":
        return [v for v in IS_VALUES if v.startswith(low)]
    if field in FIELD_EXAMPLES:
        return [v for v in FIELD_EXAMPLES[field] if v.startswith(low)]
    if field == "status":
        return _statuses(conn, low, limit)
    if field == "category":
        rows = conn.execute(
            "SELECT DISTINCT lower(category) FROM entries WHERE category IS NOT NULL AND "
            "lower(category) LIKE ? ESCAPE '\\' ORDER BY 1 LIMIT ?", (_like(low), limit))
        return [r[0] for r in rows]
    if field == "tag":
        rows = conn.execute(
            "SELECT tag FROM entry_tags WHERE tag LIKE ? ESCAPE '\\' UNION "
            "SELECT tag FROM bookmark_tags WHERE tag LIKE ? ESCAPE '\\' ORDER BY 1 LIMIT ?",
            (_like(low), _like(low), limit))
        return [r[0] for r in rows]
    if field == "source":
        rows = conn.execute("SELECT id FROM sources WHERE id LIKE ? ESCAPE '\\' LIMIT ?",
                            (_like(low), limit))
        return [r[0] for r in rows]
    if field == "actor":
        return _actor_names(conn, low, limit)
    return []


def _statuses(conn, prefix: str, limit: int) -> list[str]:
    """The statuses that start with ``prefix``, in order: one step through the status index
    each (``DISTINCT`` would read all of it, 0.3 s a keystroke at a million entries)."""
    values: list[str] = []
    sql = ("SELECT lower(status) FROM entries WHERE status {} ? COLLATE NOCASE "
           "ORDER BY status COLLATE NOCASE LIMIT 1")
    row = conn.execute(sql.format(">="), (prefix,)).fetchone()
    while row is not None and row[0].startswith(prefix) and len(values) < limit:
        values.append(row[0])
        row = conn.execute(sql.format(">"), (row[0],)).fetchone()
    return values


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _actor_names(conn, prefix: str, limit: int) -> list[str]:
    from db.query import tokens_of

    tokens = tokens_of(prefix)
    if not tokens:
        rows = conn.execute("SELECT lower(title) FROM entries WHERE kind = 'actor' "
                            "ORDER BY title COLLATE NOCASE LIMIT ?", (limit,))  # the index
        return [r[0] for r in rows]
    match = "{title names}: " + " ".join(fts_token(t, prefix=True) for t in tokens)
    rows = conn.execute(
        "SELECT lower(e.title) FROM entries_fts JOIN entries e ON e.num = entries_fts.rowid "
        "WHERE entries_fts MATCH ? AND e.kind = 'actor' ORDER BY length(e.title) LIMIT ?",
        (match, limit))
    return [r[0] for r in rows]
