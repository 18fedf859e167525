"""Adding a source: its readable text stored once (immutable), its passages with offsets and
pages, and the suggestions found in it — all in one transaction, or nothing at all.

The same text added again (the same checksum, from any file or format) is refused, naming the
source that has it.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import UTC, date, datetime

from db.connection import transaction
from db.errors import InvalidValueError
from db.sourcing.document import Document, DuplicateSourceError
from db.sourcing.passages import split_passages
from db.sourcing.periods import parse_source_date
from db.sourcing.suggesting import find_suggestions, hide_known

ORIGIN = "analyst"
_SUGGESTION_COLUMNS = ("n", "kind", "text", "quote", "start", "end", "entry_id", "value_usd",
                       "date_start", "date_end", "date_precision", "status", "hidden_reason")


def text_checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_document(conn: sqlite3.Connection, document: Document, *, title: str | None = None,
                 author: str | None = None, publisher: str | None = None,
                 date_text: str | None = None, url: str | None = None) -> dict:
    """Store ``document`` as a new source (the options override what the file says) and find
    its suggestions. Returns ``{"id", "title", "author", "publisher", "date", "passages",
    "characters", "suggestions", "suggestions_left_out"}``: the suggestions kept (at most
    ``MAX_SUGGESTIONS``) and how many more were found but left out."""
    text = document.text
    checksum = text_checksum(text)
    refuse_duplicate(conn, checksum)
    title = _clean(title) or _clean(document.title) or _first_line(text)
    when = _source_date(date_text, document.date)
    passages = split_passages(text, document.pages)
    found = find_suggestions(conn, text, source_date=_day(when),
                             month_known=bool(when and when[2] in ("day", "month")))
    row = {"title": title, "author": _clean(author) or _clean(document.author),
           "publisher": _clean(publisher) or _clean(document.publisher),
           "date_start": when[0] if when else None, "date_end": when[1] if when else None,
           "date_precision": when[2] if when else None,
           "date_text": _clean(date_text) or _clean(document.date), "text": text,
           "origin": ORIGIN, "url": _clean(url) or _clean(document.url),
           "format": document.format, "checksum": checksum,
           "added_at": datetime.now(UTC).isoformat(timespec="seconds")}
    with transaction(conn):
        row["id"] = _new_id(conn, title, when)
        hide_known(conn, row["id"], found.rows)
        _insert(conn, "sources", row)
        insert_passages(conn, row["id"], passages)
        insert_suggestions(conn, row["id"], found.rows)
    return {"id": row["id"], "title": title, "author": row["author"],
            "publisher": row["publisher"], "date": _date_label(when), "url": row["url"],
            "format": document.format, "passages": len(passages), "characters": len(text),
            "suggestions": len(found.rows), "suggestions_left_out": found.left_out}


def refuse_duplicate(conn: sqlite3.Connection, checksum: str) -> None:
    found = conn.execute("SELECT id, title FROM sources WHERE checksum = ?",
                         (checksum,)).fetchone()
    if found is None:  # the bundled sources carry no checksum: compare their text
        found = next((r for r in conn.execute(
            "SELECT id, title, text FROM sources WHERE checksum IS NULL")
            if text_checksum(r["text"]) == checksum), None)
    if found is not None:
        raise DuplicateSourceError(f"this text is already in the library as source "
                                   f"{found['id']} (“{found['title']}”); nothing was added",
                                   source_id=found["id"])


def _source_date(given: str | None, from_file: str | None):
    if given and given.strip():
        when = parse_source_date(given)
        if when is None:
            raise InvalidValueError(f"not a date: {given!r} (write 2016-07-12, 2016-07 or 2016)")
        return when
    return parse_source_date(from_file) if from_file else None


def _day(when) -> date | None:
    return date.fromisoformat(when[0]) if when else None


def _date_label(when) -> str | None:
    if not when:
        return None
    return {"day": when[0], "month": when[0][:7], "year": when[0][:4]}.get(when[2], when[0])


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())[:500]
    return value or None


def _first_line(text: str) -> str:
    """The first line with letters (not a rule such as ``---``), shortened, as a title."""
    line = next((line.strip() for line in text[:20_000].split("\n")
                 if any(c.isalpha() for c in line)), "") or "Untitled source"
    return line if len(line) <= 120 else line[:119].rstrip() + "…"


def _new_id(conn: sqlite3.Connection, title: str, when) -> str:
    """A readable, stable id: the title's first words and the year, numbered if taken."""
    from db.textindex import transliterate

    words = re.findall(r"[a-z0-9]+", transliterate(title).lower())[:6]
    base = "-".join(words)[:60].strip("-") or "source"
    base = f"{base}-{when[0][:4]}" if when else base
    candidate, n = base, 1
    while conn.execute("SELECT 1 FROM sources WHERE id = ?", (candidate,)).fetchone():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> None:
    columns = list(row)
    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                 f"VALUES ({', '.join('?' * len(columns))})", [row[c] for c in columns])


def insert_passages(conn: sqlite3.Connection, source_id: str, passages: list[dict], *,
                    ordinal_offset: int = 0) -> None:
    rows = [(source_id, p["ordinal"] + ordinal_offset, p["start"], p["end"], p["text"])
            for p in passages]
    if any(p.get("page") is not None for p in passages):  # a paged format (schema 5 and up)
        conn.executemany("INSERT INTO passages (source_id, ordinal, start, \"end\", text, page) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         [(*row, p["page"]) for row, p in zip(rows, passages, strict=True)])
        return
    conn.executemany("INSERT INTO passages (source_id, ordinal, start, \"end\", text) "
                     "VALUES (?, ?, ?, ?, ?)", rows)


def insert_suggestions(conn: sqlite3.Connection, source_id: str, rows: list[dict]) -> None:
    columns = ", ".join(f'"{c}"' for c in _SUGGESTION_COLUMNS)
    conn.executemany(
        f"INSERT INTO suggestions (source_id, {columns}) "
        f"VALUES (?, {', '.join('?' * len(_SUGGESTION_COLUMNS))})",
        [(source_id, *(row[c] for c in _SUGGESTION_COLUMNS)) for row in rows])


def source_day(conn: sqlite3.Connection, source_id: str) -> tuple[date | None, bool]:
    """The date relative words in a source are resolved against, and whether its month is
    known."""
    row = conn.execute("SELECT date_start, date_precision FROM sources WHERE id = ?",
                       (source_id,)).fetchone()
    if row is None or not row["date_start"] or row["date_precision"] == "range":
        return None, False
    return date.fromisoformat(row["date_start"]), row["date_precision"] in ("day", "month")
