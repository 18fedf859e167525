"""The fields of an entry an analyst can edit: how each is read from the user's words, read from
the library and written back, as one JSON-able value (what the edit history keeps).

Writing a field keeps the entry's search columns (``names``, ``details``) and so its full-text
index in step (the index follows ``entries`` by triggers).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from db.dates import parse_date_spec
from db.errors import InvalidValueError, NotFoundError
from db.money import parse_money

KINDS = ("actor", "deal", "event", "figure", "place")
TEXT_FIELDS = ("title", "kind", "category", "summary", "status", "date_text")
LIST_FIELDS = ("aliases", "links", "tags")
FIELDS = (*TEXT_FIELDS, "date", "value", *LIST_FIELDS)
TEXT_LIMIT = 20_000  # characters in one field: a summary, not a book
SLUG_LENGTH = 60

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,8})?$")


def parse_field(field: str, text: str):
    """The value of ``field`` written as ``text`` (what ``--set FIELD=TEXT`` or the editor
    gives); ``None`` clears it. Raises ``InvalidValueError`` saying what is wrong."""
    if field not in FIELDS:
        raise InvalidValueError(f"unknown field {field!r} (one of {', '.join(FIELDS)})")
    text = (text or "").strip()
    if len(text) > TEXT_LIMIT:
        raise InvalidValueError(f"{field} is {len(text):,} characters long; at most "
                                f"{TEXT_LIMIT:,}")
    if field == "date":
        return date_value(text) if text else None
    if field == "value":
        return money_value(text) if text else None
    if field in LIST_FIELDS:
        items = [part.strip() for part in text.split(";") if part.strip()]
        return {"aliases": aliases_value, "links": links_value, "tags": tags_value}[field](items)
    return check_text(field, text or None)


def check_text(field: str, value: str | None) -> str | None:
    """A text field's value, refused where the entry cannot hold it (no title, unknown kind)."""
    if field == "title" and not value:
        raise InvalidValueError("an entry needs a title")
    if field == "kind" and value not in KINDS:
        raise InvalidValueError(f"kind must be one of {', '.join(KINDS)}, not {value!r}")
    return value


def date_value(spec: str) -> dict:
    """``2014``, ``2016-Q1``, ``2016-06``, ``2016-07-12`` or ``a..b`` as an interval."""
    interval = parse_date_spec(spec)
    return {"start": interval.start_iso, "end": interval.end_iso,
            "precision": interval.precision}


def money_value(words: str) -> dict:
    """A sum as written ("$456bn", "nearly $15 billion"), with its value in US dollars."""
    return {"usd": parse_money(words).usd, "text": words}


def aliases_value(items: list[str]) -> list[dict]:
    """Names written ``NAME`` or ``NAME@lang``; the script is read from the letters."""
    out: list[dict] = []
    for item in items:
        name, _, lang = item.rpartition("@")
        if not name or not _LANG.match(lang):
            name, lang = item, ""
        if name.strip() and name.strip() not in [a["name"] for a in out]:
            out.append({"name": name.strip(), "lang": lang or None,
                        "script": script_of(name)})
    return out


def links_value(items: list[str]) -> list[dict]:
    """Links written ``ROLE:ID`` ("party:gazprom", "located in:moscow")."""
    out = []
    for item in items:
        role, _, to = item.rpartition(":")
        if not role.strip() or not to.strip():
            raise InvalidValueError(f"a link is ROLE:ID (party:gazprom), not {item!r}")
        link = {"to": to.strip(), "role": role.strip().lower()}
        if link not in out:
            out.append(link)
    return sorted(out, key=lambda lk: (lk["role"], lk["to"]))


def tags_value(items: list[str]) -> list[str]:
    return sorted({item.lower() for item in items})


def script_of(name: str) -> str | None:
    """The ISO 15924 code of the first letter's script: Latn, Cyrl, Hans, Arab, …"""
    prefixes = (("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("CJK", "Hans"), ("ARABIC", "Arab"),
                ("GREEK", "Grek"), ("HEBREW", "Hebr"), ("HANGUL", "Hang"),
                ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"), ("DEVANAGARI", "Deva"),
                ("THAI", "Thai"), ("GEORGIAN", "Geor"), ("ARMENIAN", "Armn"))
    for char in name:
        if char.isalpha():
            letter = unicodedata.name(char, "")
            return next((code for prefix, code in prefixes if letter.startswith(prefix)), None)
    return None


# -- reading and writing a field of an entry in the library ----------------------------------


def read_field(conn: sqlite3.Connection, entry_id: str, field: str):
    """The current value of ``field`` of an entry, in the shape ``parse_field`` gives."""
    row = conn.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    if field in TEXT_FIELDS:
        return row[field]
    if field in ("date", "value"):
        return stored_value(field, row)
    if field == "aliases":
        return [dict(r) for r in conn.execute(
            "SELECT name, lang, script FROM aliases WHERE entry_id = ? ORDER BY rowid",
            (entry_id,))]
    if field == "links":
        return [dict(r) for r in conn.execute(
            "SELECT to_id AS \"to\", role FROM links WHERE from_id = ? ORDER BY role, to_id",
            (entry_id,))]
    if field == "tags":
        return [r[0] for r in conn.execute(
            "SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY tag", (entry_id,))]
    raise InvalidValueError(f"unknown field {field!r}")


def stored_value(field: str, row) -> dict | None:
    """An entry row's ``date`` or ``value`` in the shape the edit history keeps."""
    if field == "date":
        return ({"start": row["date_start"], "end": row["date_end"],
                 "precision": row["date_precision"]} if row["date_start"] else None)
    return ({"usd": row["value_usd"], "text": row["value_text"]}
            if row["value_text"] or row["value_usd"] is not None else None)


def write_field(conn: sqlite3.Connection, entry_id: str, field: str, value) -> None:
    """Write ``value`` (as ``parse_field`` gives it) to an entry's field; the caller holds the
    write transaction and calls ``refresh_search_columns`` when done."""
    if field in TEXT_FIELDS:
        conn.execute(f"UPDATE entries SET {_COLUMN[field]} = ? WHERE id = ?", (value, entry_id))
    elif field == "date":
        value = value or {}
        conn.execute(
            "UPDATE entries SET date_start = ?, date_end = ?, date_precision = ?, "
            "date_origin = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(date_origin, 'source') "
            "END WHERE id = ?",
            (value.get("start"), value.get("end"), value.get("precision"), value.get("start"),
             entry_id))
    elif field == "value":
        value = value or {}
        conn.execute("UPDATE entries SET value_usd = ?, value_text = ? WHERE id = ?",
                     (value.get("usd"), value.get("text"), entry_id))
    elif field == "aliases":
        conn.execute("DELETE FROM aliases WHERE entry_id = ?", (entry_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO aliases (entry_id, name, lang, script) VALUES (?, ?, ?, ?)",
            [(entry_id, a["name"], a.get("lang"), a.get("script")) for a in value or []])
    elif field == "links":
        _write_links(conn, entry_id, value or [])
    elif field == "tags":
        conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
        conn.executemany("INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
                         [(entry_id, t) for t in value or []])
    else:
        raise InvalidValueError(f"unknown field {field!r}")


# Columns named here only: a field name from the user never reaches SQL text.
_COLUMN = {f: f for f in TEXT_FIELDS}


def _write_links(conn: sqlite3.Connection, entry_id: str, links: list[dict]) -> None:
    targets = {lk["to"] for lk in links}
    known = {r[0] for r in conn.execute(
        f"SELECT id FROM entries WHERE id IN ({', '.join('?' * len(targets))})", list(targets))}
    missing = sorted(targets - known)
    if missing:
        raise NotFoundError(f"cannot link to {missing[0]!r}: there is no entry with that id")
    if entry_id in targets:
        raise InvalidValueError("an entry cannot link to itself")
    conn.execute("DELETE FROM links WHERE from_id = ?", (entry_id,))
    conn.executemany("INSERT OR IGNORE INTO links (from_id, to_id, role) VALUES (?, ?, ?)",
                     [(entry_id, lk["to"], lk["role"]) for lk in links])


NAMING_FIELDS = frozenset(("title", "aliases", "links"))  # what party names are made of


def refresh_search_columns(conn: sqlite3.Connection, entry_id: str, *,
                           names_changed: bool = True) -> None:
    """Rebuild an entry's ``names`` (title and aliases in every script) and ``details``
    (category, status, value and date words, tags, notes), which the full-text index covers,
    and, when its names or links may have changed, the party names it and the entries linking
    to it are found by."""
    from db.textindex import names_text

    row = conn.execute("SELECT title, category, status, value_text, date_text FROM entries "
                       "WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        return
    aliases = [a["name"] for a in read_field(conn, entry_id, "aliases")]
    notes = [r[0] for r in conn.execute("SELECT text FROM notes WHERE entry_id = ? "
                                        "ORDER BY ordinal", (entry_id,))]
    details = [row["category"], row["status"], row["value_text"], row["date_text"],
               *read_field(conn, entry_id, "tags"), *notes]
    conn.execute("UPDATE entries SET names = ?, details = ? WHERE id = ?",
                 (names_text(row["title"], aliases), " | ".join(d for d in details if d),
                  entry_id))
    if names_changed:
        refresh_party_names(conn, [entry_id])


def refresh_party_names(conn: sqlite3.Connection, entry_ids: list[str]) -> None:
    """The party names these entries, and the entries naming them as parties, are found by."""
    from db.parties import linking_entries, refresh_parties

    refresh_parties(conn, [*entry_ids, *linking_entries(conn, entry_ids)])


def new_slug(conn: sqlite3.Connection, title: str) -> str:
    """A stable id for a new entry from its title ("Moscow–Kazan railway" → moscow-kazan-railway),
    unique among the entries there are and were (an id is never reused)."""
    from db.textindex import transliterate

    base = re.sub(r"[^a-z0-9]+", "-", transliterate(title).lower()).strip("-")
    base = base[:SLUG_LENGTH].rstrip("-") or "entry"
    slug, n = base, 1
    while conn.execute("SELECT 1 FROM entries WHERE id = ? UNION ALL "
                       "SELECT 1 FROM entry_edits WHERE entry_id = ? LIMIT 1",
                       (slug, slug)).fetchone():
        n += 1
        slug = f"{base}-{n}"
    return slug
