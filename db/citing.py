"""Citations an analyst adds: a quote anchored in its source by exact text, offsets and context.

The dataset's rule holds for everything an analyst writes: a citation's quote is an exact
substring of its source at its offsets, or it is refused. Each citation also keeps the
``CONTEXT`` characters before and after it, so that a quote can be found again in a newer
version of its source (``reanchor``: at its old position, then by its exact text, then by a
close match, as Hypothesis re-anchors annotations); one that cannot be found is an orphan, to be
listed, never dropped.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from db.errors import NotFoundError, RoadbookError

CONTEXT = 32  # characters kept either side of a quote
QUOTE_LIMIT = 5_000  # characters: a citation is a passage's words, not a chapter
FUZZY_THRESHOLD = 75.0  # similarity (0-100) a changed quote keeps with its words found again
FUZZY_WINDOW = 20_000  # characters either side of the old position searched for a close match


class CitationError(RoadbookError):
    """A quote that cannot be cited as given; the message says why and what to change."""


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in a text, and how it was found: position, exact or fuzzy."""

    start: int
    end: int
    method: str

    def quote_in(self, text: str) -> str:
        return text[self.start:self.end]


def locate_quote(text: str, quote: str, *, start: int | None = None,
                 source_title: str = "the source") -> tuple[int, int]:
    """The offsets of ``quote`` in ``text``: at ``start`` if given, else its first occurrence.

    Raises ``CitationError`` with the reason when the quote is empty, too long or not there."""
    if not quote.strip():
        raise CitationError("the quote is empty; select or type the words the source uses")
    if len(quote) > QUOTE_LIMIT:
        raise CitationError(f"the quote is {len(quote):,} characters long; cite at most "
                            f"{QUOTE_LIMIT:,} (a sentence or a paragraph)")
    if start is None:
        start = text.find(quote)
        if start < 0:
            raise CitationError(f"the quote is not in {source_title} as written: "
                                f"{_shortened(quote)!r} (quotes must be exact, word for word)")
    elif text[start:start + len(quote)] != quote:
        raise CitationError(f"{source_title} does not have {_shortened(quote)!r} at character "
                            f"{start:,}")
    return start, start + len(quote)


def cited_place(source_title: str, page: int | None) -> str:
    """Where a quote is: its source, and the page when the source has pages ("…, p. 3")."""
    return f"{source_title}, p. {page}" if page else source_title


def add_citation(conn: sqlite3.Connection, entry_id: str, source_id: str, quote: str, *,
                 start: int | None = None, field: str | None = None) -> dict:
    """Cite ``quote`` of source ``source_id`` for entry ``entry_id`` (one that is already there
    is returned, not doubled). The caller holds the write transaction."""
    if conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    source = conn.execute("SELECT title, text FROM sources WHERE id = ?",
                          (source_id,)).fetchone()
    if source is None:
        raise NotFoundError(f"no source with id {source_id!r}")
    text = source["text"]
    begin, end = locate_quote(text, quote, start=start, source_title=source["title"])
    existing = conn.execute(
        "SELECT num FROM citations WHERE entry_id = ? AND source_id = ? AND start = ? "
        "AND \"end\" = ?", (entry_id, source_id, begin, end)).fetchone()
    if existing is not None:
        return citation(conn, existing["num"])
    cursor = conn.execute(
        "INSERT INTO citations (entry_id, passage_num, source_id, field, quote, start, \"end\", "
        "prefix, suffix, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'analyst')",
        (entry_id, _passage_at(conn, source_id, begin), source_id, field, quote, begin, end,
         text[max(0, begin - CONTEXT):begin], text[end:end + CONTEXT]))
    return citation(conn, cursor.lastrowid)


def citation(conn: sqlite3.Connection, num: int) -> dict:
    """One citation with its source's title, as ``show --json`` lists it."""
    row = conn.execute(
        "SELECT c.num, c.entry_id, c.source_id, s.title AS source_title, c.field, c.quote, "
        "c.start, c.\"end\", c.passage_num, c.prefix, c.suffix, c.origin FROM citations c "
        "JOIN sources s ON s.id = c.source_id WHERE c.num = ?", (num,)).fetchone()
    if row is None:
        raise NotFoundError(f"no citation number {num}")
    return dict(row)


def _passage_at(conn: sqlite3.Connection, source_id: str, offset: int) -> int:
    row = conn.execute(
        "SELECT num FROM passages WHERE source_id = ? AND start <= ? ORDER BY start DESC "
        "LIMIT 1", (source_id, offset)).fetchone()
    if row is None:
        raise CitationError(f"source {source_id!r} has no passage at character {offset:,}")
    return row["num"]


def reanchor(text: str, quote: str, *, start: int, prefix: str = "", suffix: str = "",
             passages: list[tuple[int, int]] | None = None) -> Anchor | None:
    """Find ``quote`` again in ``text`` (a newer version of its source), or ``None``.

    In order: at its old ``start``; by its exact words (the occurrence whose context matches
    best, then the nearest); by the closest whole words of one passage near its old place
    (``passages``: their spans; the text's lines if not given)."""
    if text[start:start + len(quote)] == quote:
        return Anchor(start, start + len(quote), "position")
    exact = _exact_occurrences(text, quote)
    if exact:
        best = max(exact, key=lambda at: (_context_score(text, at, len(quote), prefix, suffix),
                                          -abs(at - start)))
        return Anchor(best, best + len(quote), "exact")
    return _fuzzy_anchor(text, quote, start, passages)


def _exact_occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at >= 0 and len(found) < 1_000:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _context_score(text: str, at: int, length: int, prefix: str, suffix: str) -> int:
    before = text[max(0, at - len(prefix)):at]
    after = text[at + length:at + length + len(suffix)]
    return (len(prefix) > 0 and before == prefix) + (len(suffix) > 0 and after == suffix)


def _fuzzy_anchor(text: str, quote: str, start: int,
                  passages: list[tuple[int, int]] | None) -> Anchor | None:
    """The words of one passage near ``start`` most like ``quote`` — beginning at a word's
    start, ending at a word's end — if they are alike enough (``FUZZY_THRESHOLD``)."""
    from rapidfuzz import fuzz

    low, high = max(0, start - FUZZY_WINDOW), min(len(text), start + len(quote) + FUZZY_WINDOW)
    if "\n" in quote:  # a quote across paragraphs is looked for across them
        candidates = [(low, high)]
    else:
        candidates = [(max(a, low), min(b, high)) for a, b in passages or _lines(text, low, high)
                      if a < high and b > low]
    scored = [(fuzz.partial_ratio(quote, text[a:b]), -abs(a - start), a, b)
              for a, b in candidates]
    if not scored or max(scored)[0] < FUZZY_THRESHOLD:
        return None
    _, _, begin, end = max(scored)
    found = _best_words(text, quote, begin, end)
    if found is None or _similarity(quote, text[found[0]:found[1]]) < FUZZY_THRESHOLD:
        return None
    return Anchor(*found, "fuzzy")


_LINE = re.compile(r"[^\n]+")
_WORD_START = re.compile(r"(?<!\w)\w|(?<!\S)\S")
_WORD_END = re.compile(r"\w(?!\w)|\S(?!\S)")


def _similarity(quote: str, words: str) -> float:
    """How well ``words`` stand for ``quote`` (0-100): each character of the quote they lack
    costs two, each they add costs one, so the whole changed sentence beats a part of it."""
    from rapidfuzz.distance import LCSseq

    common = LCSseq.similarity(quote, words)
    cost = 2 * (len(quote) - common) + (len(words) - common)
    return max(0.0, 100 * (1 - cost / (2 * len(quote))))


def _lines(text: str, low: int, high: int) -> list[tuple[int, int]]:
    return [m.span() for m in _LINE.finditer(text, low, high) if m.group().strip()]


def _best_words(text: str, quote: str, begin: int, end: int) -> tuple[int, int] | None:
    """Within ``text[begin:end]``, the span from a word start to a word end most like
    ``quote``: from a close alignment, each edge moved word by word while the match improves."""
    from rapidfuzz import fuzz

    rough = (begin, end)
    if len(quote) < end - begin:
        aligned = fuzz.partial_ratio_alignment(quote, text[begin:end])
        rough = (begin + aligned.dest_start, begin + aligned.dest_end) if aligned else rough
    reach = len(quote) // 2 + 20
    starts = [m.start() for m in _WORD_START.finditer(text, begin, end)
              if rough[0] - reach <= m.start() <= rough[0] + reach]
    ends = [m.end() for m in _WORD_END.finditer(text, begin, end)
            if rough[1] - reach <= m.end() <= rough[1] + reach + len(quote)]
    if not starts or not ends:
        return None
    first = min(starts, key=lambda at: abs(at - rough[0]))
    last = min(ends, key=lambda at: abs(at - rough[1]))
    for _ in range(4):  # each edge in turn, until neither moves
        moved = max(starts, key=lambda at: _similarity(quote, text[at:last]) if at < last
                    else -1)
        moved_end = max(ends, key=lambda at: _similarity(quote, text[moved:at]) if at > moved
                        else -1)
        if (moved, moved_end) == (first, last):
            break
        first, last = moved, moved_end
    return (first, last) if first < last else None


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
