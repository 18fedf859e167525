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

from db.sourcing.longer import longer_names
from db.sourcing.mentions import TOKEN, find_mentions, word_spans
from db.sourcing.names import find_names
from db.sourcing.passages import sentence_around
from db.sourcing.periods import find_dates
from db.sourcing.spans import SpanSet
from db.sourcing.sums import find_sums

MAX_NAME_LINKS = 300  # distinct new names looked up in the index for a known entry
_COLUMNS = ("n", "kind", "text", "quote", "start", "end", "entry_id", "value_usd",
            "date_start", "date_end", "date_precision", "status", "hidden_reason")
_EVENTFUL = ("deal", "event", "figure")


def find_suggestions(conn: sqlite3.Connection, text: str, *, source_date: date | None,
                     month_known: bool = True) -> list[dict]:
    """Every suggestion in ``text`` as a row of ``suggestions`` (without ``source_id``),
    numbered from 1 in reading order."""
    words = word_spans(text)
    mentions = find_mentions(conn, text, words)
    sums = find_sums(text)
    money = SpanSet((s.start, s.end) for s in sums)
    dates = [d for d in find_dates(text, source_date, month_known=month_known)
             if not money.overlaps(d.start, d.end)]
    taken = [(s.start, s.end) for s in sums] + [(d.start, d.end) for d in dates]
    names, mentions = longer_names(text, find_names(text, words, taken), mentions)
    rows = [_row(text, "mention", m.start, m.end, entry_id=m.entry_id) for m in mentions]
    kinds = _kinds(conn, {m.entry_id for m in mentions})
    rows += [_row(text, "value", s.start, s.end, value_usd=s.value_usd) for s in sums]
    rows += [_row(text, "date", d.start, d.end, date_start=d.date_start, date_end=d.date_end,
                  date_precision=d.precision, hidden_reason=d.note) for d in dates]
    _link_to_sentence_entries(rows, mentions, kinds)
    rows += _linked_names(conn, text, names)
    rows.sort(key=lambda r: (r["start"], r["kind"], r["entry_id"] or ""))
    for n, row in enumerate(rows, start=1):
        row["n"] = n
    return rows


def _row(text: str, kind: str, start: int, end: int, **values) -> dict:
    begin, finish = sentence_around(text, start, end)
    row = dict.fromkeys(_COLUMNS)
    row.update(kind=kind, text=text[start:end], quote=text[begin:finish], start=start, end=end,
               status="pending", **values)
    return row


def _kinds(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(conn.execute(f"SELECT id, kind FROM entries WHERE id IN ({marks})", list(ids)))


def _link_to_sentence_entries(rows: list[dict], mentions, kinds: dict[str, str]) -> None:
    """A sum or date whose sentence mentions exactly one deal, event or figure is offered for
    that entry: accepting it cites the sentence for it."""
    by_quote: dict[tuple, set[str]] = {}
    for row in rows:
        if row["kind"] == "mention" and kinds.get(row["entry_id"]) in _EVENTFUL:
            by_quote.setdefault((row["quote"], _sentence_key(row)), set()).add(row["entry_id"])
    for row in rows:
        if row["kind"] in ("value", "date"):
            ids = by_quote.get((row["quote"], _sentence_key(row)), set())
            row["entry_id"] = next(iter(ids)) if len(ids) == 1 else None


def _sentence_key(row: dict) -> int:
    # Rows of the same sentence share its start: the quote begins this far before the words.
    return row["start"] - row["quote"].find(row["text"])


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
        rows.append(_row(text, "name", name.start, name.end, entry_id=links[key]))
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
