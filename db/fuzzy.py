"""Typo tolerance: when a word finds nothing, try the closest words the index knows."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from rapidfuzz import fuzz, process

from db.query import Query, Text
from db.search import fts_token

MIN_SCORE = 75.0
MAX_CANDIDATES = 50_000


def token_exists(conn: sqlite3.Connection, token: str, *, prefix: bool = False) -> bool:
    row = conn.execute(
        "SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT 1",
        (fts_token(token, prefix=prefix),),
    ).fetchone()
    return row is not None


def vocabulary(conn: sqlite3.Connection) -> str:
    """The name of this connection's word list of the entries' index (made on first use)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries_vocab "
                 "USING fts5vocab(main, entries_fts, 'row')")
    return "temp.entries_vocab"


def closest_term(conn: sqlite3.Connection, token: str) -> str | None:
    """The indexed term most like ``token`` (same first letter), or ``None`` if none is close."""
    if len(token) < 3:
        return None
    first = token[0]
    rows = conn.execute(
        f"SELECT term FROM {vocabulary(conn)} WHERE term >= ? AND term < ? LIMIT ?",
        (first, first + "\U0010ffff", MAX_CANDIDATES),
    ).fetchall()
    candidates = [r[0] for r in rows if abs(len(r[0]) - len(token)) <= 3]
    best = process.extractOne(token, candidates, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    return best[0] if best else None


def corrected(conn: sqlite3.Connection, query: Query) -> tuple[Query, dict[str, str]]:
    """``query`` with each unknown positive word replaced by its closest indexed term."""
    fixes: dict[str, str] = {}
    groups = []
    for group in query.groups:
        new_group = []
        for atom in group:
            if isinstance(atom, Text) and not atom.negated and not atom.phrase:
                token = atom.tokens[0]
                if not token_exists(conn, token, prefix=atom.prefix):
                    better = closest_term(conn, token)
                    if better:
                        fixes[token] = better
                        atom = replace(atom, tokens=(better,), prefix=False)
            new_group.append(atom)
        groups.append(tuple(new_group))
    if not fixes:
        return query, {}
    said = ", ".join(f"“{b}” for “{a}”" for a, b in fixes.items())
    hint = f"Nothing matched as typed; showing {said}."
    return replace(query, groups=tuple(groups), hints=(*query.hints, hint)), fixes
