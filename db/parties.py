"""Entries found by the names of their parties: the ``parties`` text the full-text index holds
for each entry, the words of every name (title and aliases, in every script) of the entries it
links to as a party, financier, sponsor and the like (``PARTY_ROLES``).

Only words the entry's own title and names lack are kept: FTS5 ranks a longer row
lower, so repeating what the entry already says would push it below shorter entries that match
the same words in their titles.

Whatever changes a link, or the names of an entry others link to, calls ``refresh_parties``
with the entries concerned (``linking_entries`` finds those that link to renamed ones). An
import writes the text of its new entries itself, in bulk, as it writes them.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Iterable

from db.schema import PARTY_ROLES
from db.textindex import fold

CHUNK = 500  # ids per statement
_WORD = re.compile(r"\w+")
_ROLES = ", ".join(f"'{r}'" for r in PARTY_ROLES)
# (entry id, the entry's own text, a party's title or alias) for a chunk of entries
_NAMES_SQL = (
    "SELECT e.id, e.title || ' ' || coalesce(e.names, ''), "
    "t.title, (SELECT json_group_array(name) FROM (SELECT name FROM aliases "
    "WHERE entry_id = t.id ORDER BY rowid)) "
    "FROM entries e LEFT JOIN links l ON l.from_id = e.id AND l.role IN (" + _ROLES + ") "
    "LEFT JOIN entries t ON t.id = l.to_id WHERE e.id IN ({marks})")


def words(text: str | None) -> list[str]:
    """The words of a text as the full-text index folds them (case and accents aside)."""
    if not text:
        return []
    return _WORD.findall(text.lower() if text.isascii() else fold(text))


@functools.lru_cache(maxsize=1 << 16)
def _distinct_words(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for name in names for w in words(name)))


def party_text(own: str, names: Iterable[str]) -> str | None:
    """The words of the parties' ``names`` that the entry's ``own`` text lacks, once each.

    The same parties recur down a file: their words are found once; the entry's own words are
    read only when one of them may be there (an import calls this for every row)."""
    party_words = _distinct_words(tuple(names))
    low = own.lower() if own.isascii() else fold(own)
    if any(w in low for w in party_words):
        known = set(words(own))
        party_words = tuple(w for w in party_words if w not in known)
    return " ".join(party_words) or None


def refresh_parties(conn: sqlite3.Connection, entry_ids: Iterable[str]) -> int:
    """Bring the indexed party names of ``entry_ids`` up to date; returns how many changed.

    Only rows whose text differs are written (each write re-indexes the entry), so calling it
    for entries that did not change costs a read. Run it inside the change's transaction.
    """
    ids = list(dict.fromkeys(entry_ids))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        own: dict[str, str] = {}
        names: dict[str, list[str]] = {}
        sql = _NAMES_SQL.format(marks=", ".join("?" * len(chunk)))
        for entry_id, text, title, aliases in conn.execute(sql, chunk):
            own[entry_id] = text
            if title is not None:
                names.setdefault(entry_id, []).extend([title, *json.loads(aliases)])
        new = [(party_text(own[i], names.get(i, ())), i) for i in own]
        changed += sum(conn.execute("UPDATE entries SET parties = ?1 WHERE id = ?2 "
                                    "AND parties IS NOT ?1", row).rowcount for row in new)
    return changed


def refresh_all_parties(conn: sqlite3.Connection) -> int:
    """Write the party text of every entry and index the entries anew, in bulk (a library
    made before entries had it): one pass over the links, in entry order, with the update
    trigger set aside (each update would re-index its entry), then one rebuild of the index.
    Run it in a transaction; returns how many entries have parties."""
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND name = 'entries_au'").fetchone()
    conn.execute("DROP TRIGGER IF EXISTS entries_au")
    conn.execute("UPDATE entries SET parties = NULL WHERE parties IS NOT NULL")
    written = 0
    batch: list[tuple[str | None, str]] = []
    for row in _all_party_texts(conn):
        batch.append(row)
        if len(batch) >= 10_000:
            written += _write(conn, batch)
    written += _write(conn, batch)
    if trigger is not None:
        conn.execute(trigger[0])
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    return written


def _write(conn: sqlite3.Connection, batch: list[tuple[str | None, str]]) -> int:
    conn.executemany("UPDATE entries SET parties = ? WHERE id = ?", batch)
    count = len(batch)
    batch.clear()
    return count


def _all_party_texts(conn: sqlite3.Connection):
    """``(text, id)`` for every entry with parties, from one ordered pass over the links."""
    names: dict[str, tuple[str, ...]] = {}
    for entry_id, title in conn.execute(
            f"SELECT id, title FROM entries WHERE id IN "
            f"(SELECT to_id FROM links WHERE role IN ({_ROLES}))"):
        names[entry_id] = (title,)
    for entry_id, name in conn.execute(
            f"SELECT entry_id, name FROM aliases WHERE entry_id IN "
            f"(SELECT to_id FROM links WHERE role IN ({_ROLES})) ORDER BY entry_id, rowid"):
        names[entry_id] += (name,)
    current, own, parties = None, "", []
    for from_id, text, to_id in conn.execute(
            f"SELECT l.from_id, e.title || ' ' || coalesce(e.names, ''), l.to_id FROM links l "
            f"JOIN entries e ON e.id = l.from_id WHERE l.role IN ({_ROLES}) "
            f"ORDER BY l.from_id"):
        if from_id != current:
            if current is not None:
                yield party_text(own, parties), current
            current, own, parties = from_id, text, []
        parties += names.get(to_id, ())
    if current is not None:
        yield party_text(own, parties), current


def linking_entries(conn: sqlite3.Connection, entry_ids: Iterable[str]) -> list[str]:
    """The entries that link to any of ``entry_ids`` as a party (whose text names them)."""
    ids = list(dict.fromkeys(entry_ids))
    out: list[str] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        out += [r[0] for r in conn.execute(
            f"SELECT DISTINCT from_id FROM links WHERE to_id IN ({marks}) "
            f"AND role IN ({_ROLES})", chunk)]
    return list(dict.fromkeys(out))


def batch_linkers(conn: sqlite3.Connection, batch: int) -> list[str]:
    """Entries outside import batch ``batch`` that link to its entries as parties: their text
    changes when the batch is undone. One statement, by the batch's index."""
    return [r[0] for r in conn.execute(
        f"SELECT DISTINCT l.from_id FROM entries t JOIN links l ON l.to_id = t.id "
        f"JOIN entries f ON f.id = l.from_id WHERE t.batch_id = ? AND f.batch_id IS NOT ? "
        f"AND l.role IN ({_ROLES})", (batch, batch))]
