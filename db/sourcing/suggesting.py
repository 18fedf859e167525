"""Suggestions found in a new source, for the analyst to review: mentions of known entries, sums
of money, dates and periods, and names the library does not know yet.

Machine help is kept quiet where it would only repeat or contradict the analyst: a mention
already cited for its entry, words rejected before in another source, or a relative date the
source's own date cannot resolve are kept but hidden, each with its reason.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import NamedTuple

from db.sourcing.longer import longer_names
from db.sourcing.mentions import TOKEN, find_mentions, word_spans
from db.sourcing.names import find_names
from db.sourcing.passages import sentence_around
from db.sourcing.periods import find_dates
from db.sourcing.spans import SpanSet
from db.sourcing.sums import find_sums

MAX_SUGGESTIONS = 10_000  # kept per source, the best first (``_rank``); the rest are counted
MAX_NAME_LINKS = 300  # distinct new names looked up in the index for a known entry
_COLUMNS = ("n", "kind", "text", "quote", "start", "end", "entry_id", "value_usd",
            "date_start", "date_end", "date_precision", "status", "hidden_reason")
_EVENTFUL = ("deal", "event", "figure")


class FoundSuggestions(NamedTuple):
    """The suggestions kept, numbered in reading order, and how many more were left out."""

    rows: list[dict]
    left_out: int


def find_suggestions(conn: sqlite3.Connection, text: str, *, source_date: date | None,
                     month_known: bool = True, limit: int = MAX_SUGGESTIONS) -> FoundSuggestions:
    """The best ``limit`` suggestions in ``text`` as rows of ``suggestions`` (without
    ``source_id``), numbered from 1 in reading order, and how many more there were."""
    words = word_spans(text)
    mentions = find_mentions(conn, text, words)
    sums = find_sums(text)
    money = SpanSet((s.start, s.end) for s in sums)
    dates = [d for d in find_dates(text, source_date, month_known=month_known)
             if not money.overlaps(d.start, d.end)]
    taken = [(s.start, s.end) for s in sums] + [(d.start, d.end) for d in dates]
    names, mentions = longer_names(text, find_names(text, words, taken), mentions)
    kinds = _kinds(conn, {m.entry_id for m in mentions})
    rows = [_row(text, "mention", m.start, m.end, entry_id=m.entry_id,
                 sentence=kinds.get(m.entry_id) in _EVENTFUL) for m in mentions]
    rows += [_row(text, "value", s.start, s.end, value_usd=s.value_usd) for s in sums]
    rows += [_row(text, "date", d.start, d.end, date_start=d.date_start, date_end=d.date_end,
                  date_precision=d.precision, hidden_reason=d.note) for d in dates]
    _link_to_sentence_entries(rows, kinds)
    rows += _linked_names(conn, text, names)
    kept = sorted(rows, key=_rank)[:max(0, limit)]
    kept.sort(key=lambda r: (r["start"], r["kind"], r["entry_id"] or ""))
    for n, row in enumerate(kept, start=1):
        _quote(text, row)
        row["n"] = n
    return FoundSuggestions(kept, len(rows) - len(kept))


def _rank(row: dict) -> tuple[int, int]:
    """Which suggestions are kept when there are too many: mentions of known entries first,
    then sums, dates and names tied to an entry, then the rest; hidden ones last."""
    if row["hidden_reason"]:
        return 9, row["start"]
    linked = row["entry_id"] is not None
    order = {"mention": 0, "value": 1 if linked else 3, "date": 1 if linked else 4,
             "name": 2 if linked else 5}
    return order[row["kind"]], row["start"]


def _row(text: str, kind: str, start: int, end: int, *, sentence: bool = True,
         **values) -> dict:
    """A suggestion; its sentence's bounds are found now if it may be tied to an entry by
    them, else once it is kept."""
    row = dict.fromkeys(_COLUMNS)
    row.update(kind=kind, text=text[start:end], start=start, end=end, status="pending",
               **values)
    row["_sentence"] = sentence_around(text, start, end) if sentence else None
    return row


def _quote(text: str, row: dict) -> None:
    begin, finish = row.pop("_sentence", None) or sentence_around(text, row["start"],
                                                                  row["end"])
    row["quote"] = text[begin:finish]


def _kinds(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(conn.execute(f"SELECT id, kind FROM entries WHERE id IN ({marks})", list(ids)))


def _link_to_sentence_entries(rows: list[dict], kinds: dict[str, str]) -> None:
    """A sum or date whose sentence mentions exactly one deal, event or figure is offered for
    that entry: accepting it cites the sentence for it."""
    by_sentence: dict[tuple, set[str]] = {}
    for row in rows:
        if row["kind"] == "mention" and kinds.get(row["entry_id"]) in _EVENTFUL:
            by_sentence.setdefault(row["_sentence"], set()).add(row["entry_id"])
    for row in rows:
        if row["kind"] in ("value", "date"):
            ids = by_sentence.get(row["_sentence"], set())
            row["entry_id"] = next(iter(ids)) if len(ids) == 1 else None


def _linked_names(conn: sqlite3.Connection, text: str, names) -> list[dict]:
    """New names as rows, each linked to the one entry whose names contain it, if there is
    exactly one ("Jinping" → Xi Jinping): what the library knows comes first."""
    links: dict[str, str | None] = {}
    rows = []
    for name in names:
        key = name.text.casefold()
        if key not in links:
            links[key] = _only_entry_named(conn, name.text) if len(links) < MAX_NAME_LINKS \
                else None
        rows.append(_row(text, "name", name.start, name.end, entry_id=links[key],
                         sentence=False))
    return rows


def _only_entry_named(conn: sqlite3.Connection, name: str) -> str | None:
    """The one actor or place with a name holding ``name`` as whole words, if only one has."""
    from db.sourcing.mentions import name_key

    words = TOKEN.findall(name)
    if not words:
        return None
    phrase = '{title names} : "' + " ".join(w.replace('"', "") for w in words) + '"'
    try:
        found = conn.execute(
            "SELECT e.id, e.title, e.names FROM entries_fts JOIN entries e ON e.num = "
            "entries_fts.rowid WHERE entries_fts MATCH ? AND e.kind IN ('actor', 'place') "
            "LIMIT 10", (phrase,)).fetchall()
    except sqlite3.OperationalError:
        return None
    key = f" {name_key(name)} "
    ids = [r[0] for r in found
           if any(key in f" {name_key(n)} " for n in [r[1], *(r[2] or "").split(" | ")])]
    return ids[0] if len(ids) == 1 else None


def hide_known(conn: sqlite3.Connection, source_id: str, rows: list[dict]) -> None:
    """Hide, with the reason, mentions already cited for their entry and words rejected
    before in another source."""
    cited = conn.execute("SELECT c.entry_id, c.start, c.\"end\" FROM citations c "
                         "WHERE c.source_id = ?", (source_id,)).fetchall()
    rejected = _rejected_before(conn, source_id)
    for row in rows:
        if row["hidden_reason"]:
            continue
        if row["kind"] == "mention" and any(
                c[0] == row["entry_id"] and c[1] <= row["start"] and row["end"] <= c[2]
                for c in cited):
            row["hidden_reason"] = "already cited for this entry"
        elif (row["kind"], _folded(row["text"])) in rejected:
            row["hidden_reason"] = (f"rejected in “{rejected[(row['kind'], _folded(row['text']))]}”"
                                    " before")


def _rejected_before(conn: sqlite3.Connection, source_id: str) -> dict[tuple, str]:
    rows = conn.execute("SELECT g.kind, g.text, s.title FROM suggestions g JOIN sources s "
                        "ON s.id = g.source_id WHERE g.status = 'rejected' AND g.source_id != ?",
                        (source_id,))
    return {(kind, _folded(text)): title for kind, text, title in rows}


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()
