"""Other names of an entry, added by the analyst (a name met in a source, in any script).

An alias is searchable at once: the entry's ``names`` text, which the full-text index covers,
is written anew with every name and its transliteration.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from db.errors import NotFoundError, RoadbookError

MAX_ALIAS = 200
_SCRIPTS = (("CYRILLIC", "Cyrl"), ("CJK", "Hani"), ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"),
            ("HANGUL", "Kore"), ("ARABIC", "Arab"), ("HEBREW", "Hebr"), ("GREEK", "Grek"),
            ("DEVANAGARI", "Deva"), ("THAI", "Thai"), ("GEORGIAN", "Geor"),
            ("ARMENIAN", "Armn"), ("LATIN", "Latn"))


class AliasError(RoadbookError):
    """A name that cannot be an alias: empty, too long or of several lines."""


def script_of(name: str) -> str | None:
    """The ISO 15924 code of the first letter's script (Латиница → Cyrl, 普京 → Hani)."""
    for char in name:
        if char.isalpha():
            label = unicodedata.name(char, "")
            return next((code for word, code in _SCRIPTS if label.startswith(word)), None)
    return None


def add_alias(conn: sqlite3.Connection, entry_id: str, name: str, *, lang: str | None = None,
              script: str | None = None) -> dict:
    """Add ``name`` as another name of ``entry_id`` (one already there is kept as it is). The
    caller holds the write transaction. Returns ``{"name", "lang", "script", "added"}``."""
    from db.textindex import names_text

    name = " ".join((name or "").split())
    if not name:
        raise AliasError("the name is empty; select the words the source uses for it")
    if len(name) > MAX_ALIAS:
        raise AliasError(f"a name may have at most {MAX_ALIAS} characters, not {len(name):,}")
    row = conn.execute("SELECT title FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    script = script or script_of(name)
    added = conn.execute("INSERT OR IGNORE INTO aliases (entry_id, name, lang, script) "
                         "VALUES (?, ?, ?, ?)", (entry_id, name, lang, script)).rowcount
    aliases = [r[0] for r in conn.execute("SELECT name FROM aliases WHERE entry_id = ?",
                                          (entry_id,))]
    conn.execute("UPDATE entries SET names = ? WHERE id = ?",
                 (names_text(row[0], aliases), entry_id))
    return {"name": name, "lang": lang, "script": script, "added": bool(added)}
