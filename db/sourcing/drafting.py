"""Drafts of a new entry from a source's words, for the entry editor to open prefilled: a
selection in the reader (its title, the sum and the date it states) or a name suggestion (the
name, a guess of actor or place, its sentence). Each draft carries the citation to attach, at
the words' own offset in the source, not wherever the same words first occur."""

from __future__ import annotations

import sqlite3

from db.citing import locate_quote
from db.dates import date_spec
from db.errors import NotFoundError, RoadbookError
from db.sourcing.adding import source_day
from db.sourcing.names import guess_kind
from db.sourcing.passages import sentence_around
from db.sourcing.periods import find_dates
from db.sourcing.spans import SpanSet
from db.sourcing.sums import find_sums

TITLE_LIMIT = 200  # characters of a selection kept as the title; the quote keeps them all


def draft_from_selection(conn: sqlite3.Connection, source_id: str, start: int,
                         words: str) -> dict:
    """A new entry's fields read from ``words`` at ``start`` in the source: ``{"prefill":
    {"title", "value", "date", "date_text"}, "cite": (source_id, words, start)}``. Raises
    ``CitationError`` when the source does not have those words there."""
    text, title = _source(conn, source_id)
    locate_quote(text, words, start=start, source_title=title)
    prefill = {"title": _title(words)}
    sums = find_sums(words)
    if sums:
        prefill["value"] = sums[0].text
    money = SpanSet((s.start, s.end) for s in sums)
    day, month_known = source_day(conn, source_id)
    dates = [d for d in find_dates(words, day, month_known=month_known)
             if d.date_start and not money.overlaps(d.start, d.end)]
    if dates:
        prefill["date"] = date_spec(dates[0].date_start, dates[0].date_end, dates[0].precision)
        prefill["date_text"] = dates[0].text
    return {"prefill": prefill, "cite": (source_id, words, start)}


def draft_from_suggestion(conn: sqlite3.Connection, source_id: str, n: int) -> dict:
    """A new actor or place from a name suggestion the library does not know: ``{"prefill":
    {"title", "kind"}, "cite": (source_id, its sentence, where it starts), "suggestion":
    (source_id, n)}``."""
    row = conn.execute("SELECT kind, text, quote, start, \"end\", entry_id FROM suggestions "
                       "WHERE source_id = ? AND n = ?", (source_id, n)).fetchone()
    if row is None:
        raise NotFoundError(f"source {source_id} has no suggestion number {n}")
    if row["kind"] != "name" or row["entry_id"] is not None:
        raise RoadbookError(f"suggestion {n} names an entry the library has already")
    text = _source(conn, source_id)[0]
    begin, end = sentence_around(text, row["start"], row["end"])
    quote = row["quote"]
    if text[begin:end] != quote:  # not the sentence found when it was suggested: the words
        begin, quote = row["start"], row["text"]
    kind = guess_kind(text, row["start"], row["end"])
    return {"prefill": {"title": row["text"], "kind": kind}, "cite": (source_id, quote, begin),
            "suggestion": (source_id, n)}


def _source(conn: sqlite3.Connection, source_id: str) -> tuple[str, str]:
    row = conn.execute("SELECT text, title FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no source with id {source_id!r}")
    return row["text"], row["title"]


def _title(words: str) -> str:
    """The selection on one line, cut at a word under ``TITLE_LIMIT`` characters."""
    title = " ".join(words.split()).strip(" .,;:")
    if len(title) <= TITLE_LIMIT:
        return title
    return title[:TITLE_LIMIT].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
