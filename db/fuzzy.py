"""Typo tolerance: when a word finds nothing, try the closest words the index knows."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from rapidfuzz import fuzz, process

from db.query import Query, Text
from db.search import fts_token

MIN_SCORE = 75.0
MAX_CANDIDATES = 50_000
MAX_CORRECTED = 8  # unknown words looked up in one query


def token_exists(conn: sqlite3.Connection, token: str, *, prefix: bool = False) -> bool:
    row = conn.execute(
        "SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT 1",
        (fts_token(token, prefix=prefix),),
    ).fetchone()
    return row is not None


def vocabulary(conn: sqlite3.Connection) -> str:
    """The name of this connection's word list of the entries' index (made on first use; a
    read-only connection lifts ``query_only`` for that moment: the list is its own, in temp)."""
    read_only = conn.execute("PRAGMA query_only").fetchone()[0]
    if read_only:
        conn.execute("PRAGMA query_only = OFF")
    try:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries_vocab "
                     "USING fts5vocab(main, entries_fts, 'row')")
    finally:
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    return "temp.entries_vocab"


def closest_term(conn: sqlite3.Connection, token: str,
                 known: dict[str, list[str]] | None = None) -> str | None:
    """The indexed term most like ``token`` (same first letter), or ``None`` if none is close;
    ``known`` keeps the terms read for each first letter, for the next word of a query."""
    if len(token) < 3:
        return None
    known = {} if known is None else known
    first = token[0]
    if first not in known:
        rows = conn.execute(
            f"SELECT term FROM {vocabulary(conn)} WHERE term >= ? AND term < ? LIMIT ?",
            (first, first + "\U0010ffff", MAX_CANDIDATES),
        ).fetchall()
        known[first] = [r[0] for r in rows]
    candidates = [t for t in known[first] if abs(len(t) - len(token)) <= 3]
    best = process.extractOne(token, candidates, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    return best[0] if best else None


def corrected(conn: sqlite3.Connection, query: Query) -> tuple[Query, dict[str, str]]:
    """``query`` with each unknown positive word replaced by its closest indexed term (the
    first ``MAX_CORRECTED`` of them: each costs a look through the index's words)."""
    fixes: dict[str, str] = {}
    known: dict[str, list[str]] = {}
    unknown = 0
    groups = []
    for group in query.groups:
        new_group = []
        for atom in group:
            if (isinstance(atom, Text) and not atom.negated and not atom.phrase
                    and not token_exists(conn, atom.tokens[0], prefix=atom.prefix)):
                unknown += 1
                better = closest_term(conn, atom.tokens[0], known) \
                    if unknown <= MAX_CORRECTED else None
                if better:
                    fixes[atom.tokens[0]] = better
                    atom = replace(atom, tokens=(better,), prefix=False)
            new_group.append(atom)
        groups.append(tuple(new_group))
    if not fixes:
        return query, {}
    said = ", ".join(f"“{b}” for “{a}”" for a, b in fixes.items())
    hints = [f"Nothing matched as typed; showing {said}."]
    if unknown > MAX_CORRECTED:
        hints.append(f"Only the first {MAX_CORRECTED} unknown words were corrected.")
    return replace(query, groups=tuple(groups), hints=(*query.hints, *hints)), fixes
