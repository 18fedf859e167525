"""Reviewing a source's suggestions: list them, accept or reject them one by one or every
occurrence of the same words at once. Decisions persist.

Accepting a suggestion tied to an entry (a mention, or a sum or date whose sentence names one
deal, event or figure) cites its sentence for that entry through ``db.citing.add_citation``; a
sum or date accepted so is also recorded as a statement of the entry's value or date
(``db.statements``), so that a source stating another value shows as a disagreement. Rejecting
it again takes the citation and the statement back.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from db.citing import add_citation
from db.errors import InvalidValueError, NotFoundError, RoadbookError
from db.sourcing.passages import sentence_around

STATUSES = ("pending", "accepted", "rejected")
_FIELDS = {"value": "value", "date": "date"}
PUBLIC = ("n", "kind", "text", "quote", "start", "end", "entry_id", "value_usd", "date_start",
          "date_end", "date_precision", "status", "hidden_reason")


def list_suggestions(conn: sqlite3.Connection, source_id: str, *,
                     status: str | None = None) -> list[dict]:
    """The suggestions of a source in reading order, with the title of their entry."""
    _check_source(conn, source_id)
    if status is not None and status not in STATUSES:
        raise RoadbookError(f"unknown status {status!r}: use pending, accepted or rejected")
    columns = ", ".join(f'g."{c}"' for c in PUBLIC)
    rows = conn.execute(
        f"SELECT {columns}, e.title AS entry_title, g.citation_num FROM suggestions g "
        "LEFT JOIN entries e ON e.id = g.entry_id WHERE g.source_id = ? "
        "AND (? IS NULL OR g.status = ?) ORDER BY g.n", (source_id, status, status))
    return [dict(r) for r in rows]


def pending_marks(conn: sqlite3.Connection, source_id: str, *,
                  limit: int) -> list[dict]:
    """Where the pending, shown suggestions of a source are (``{start, end, entry_id}``, in
    reading order, at most ``limit``): what the reader shades."""
    rows = conn.execute(
        "SELECT start, \"end\", entry_id FROM suggestions WHERE source_id = ? "
        "AND status = 'pending' AND hidden_reason IS NULL ORDER BY start LIMIT ?",
        (source_id, limit))
    return [{"start": s, "end": e, "entry_id": entry_id} for s, e, entry_id in rows]


def decide(conn: sqlite3.Connection, source_id: str, numbers: list[int], status: str, *,
           every_occurrence: bool = False) -> dict:
    """Set ``status`` on suggestions ``numbers`` (and, with ``every_occurrence``, on every
    suggestion of the same kind, words and entry in the source). The caller holds the write
    transaction. Returns ``{"decided": [n, …], "citations": [num, …]}``."""
    if status not in STATUSES:
        raise RoadbookError(f"unknown decision {status!r}: accept or reject")
    _check_source(conn, source_id)
    rows = _chosen(conn, source_id, numbers)
    if every_occurrence:
        rows = _every_occurrence(conn, source_id, rows)
    text = conn.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()[0]
    cited = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for row in rows:
        citation = _apply(conn, source_id, text, row, status)
        if citation is not None:
            cited.append(citation)
        conn.execute("UPDATE suggestions SET status = ?, decided_at = ?, citation_num = ? "
                     "WHERE source_id = ? AND n = ?",
                     (status, None if status == "pending" else now, citation, source_id,
                      row["n"]))
    return {"decided": [r["n"] for r in rows], "citations": cited}


def _check_source(conn: sqlite3.Connection, source_id: str) -> None:
    if conn.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is None:
        raise NotFoundError(f"no source with id {source_id!r}")


def _chosen(conn: sqlite3.Connection, source_id: str, numbers: list[int]) -> list[dict]:
    rows = []
    for n in dict.fromkeys(numbers):
        row = conn.execute("SELECT * FROM suggestions WHERE source_id = ? AND n = ?",
                           (source_id, n)).fetchone()
        if row is None:
            raise NotFoundError(f"source {source_id} has no suggestion number {n}")
        rows.append(dict(row))
    return rows


def _every_occurrence(conn: sqlite3.Connection, source_id: str, rows: list[dict]) -> list[dict]:
    keys = {(r["kind"], r["text"].casefold(), r["entry_id"]) for r in rows}
    every = conn.execute("SELECT * FROM suggestions WHERE source_id = ? ORDER BY n",
                         (source_id,)).fetchall()
    return [dict(r) for r in every if (r["kind"], r["text"].casefold(), r["entry_id"]) in keys]


def _apply(conn: sqlite3.Connection, source_id: str, text: str, row: dict,
           status: str) -> int | None:
    """The citation the suggestion stands for after the decision (made or taken back)."""
    if status != "accepted":
        _take_back(conn, row)
        return None
    if row["citation_num"] is not None or row["entry_id"] is None:
        return row["citation_num"]
    begin, end = sentence_around(text, row["start"], row["end"])
    quote = row["quote"]
    if text[begin:end] != quote:  # not the sentence found when it was suggested: the words
        begin, quote = row["start"], row["text"]
    made = add_citation(conn, row["entry_id"], source_id, quote, start=begin,
                        field=_FIELDS.get(row["kind"]))
    _state(conn, row, made["num"])
    return made["num"]


def _state(conn: sqlite3.Connection, row: dict, citation_num: int) -> None:
    """Record the sum or date an accepted suggestion reads as its entry's value or date (a
    date in its words as written, "last year", with the period they were read as)."""
    from db.statements import add_statement

    field = _FIELDS.get(row["kind"])
    if field is None:  # a mention: the citation is all it makes
        return
    if field == "date":
        if row["date_start"]:
            add_statement(conn, row["entry_id"], field, row["text"], citation_num,
                          value={"start": row["date_start"], "end": row["date_end"],
                                 "precision": row["date_precision"]})
        return
    try:  # refused before anything is written
        add_statement(conn, row["entry_id"], field, row["text"], citation_num)
    except InvalidValueError:
        return  # words that state nothing comparable ("a few billion"): the citation is enough


def _take_back(conn: sqlite3.Connection, row: dict) -> None:
    num = row["citation_num"]
    if num is None:
        return
    others = conn.execute("SELECT count(*) FROM suggestions WHERE citation_num = ?",
                          (num,)).fetchone()[0]
    if others <= 1:
        from db.statements import withdraw_statements_of

        withdraw_statements_of(conn, num)
        conn.execute("DELETE FROM citations WHERE num = ? AND origin = 'analyst'", (num,))


def accept_for_new_entry(conn: sqlite3.Connection, source_id: str, n: int, entry_id: str, *,
                         every_occurrence: bool = False) -> dict:
    """Accept name suggestion ``n`` as naming ``entry_id``, just written from it: it is linked
    to the entry and its sentence cited (with ``every_occurrence``, every pending suggestion of
    the same name in the source too). The caller holds the write transaction."""
    row = _chosen(conn, source_id, [n])[0]
    if row["kind"] != "name":
        raise RoadbookError(f"suggestion {n} is not a name: accept it as it is")
    conn.execute("UPDATE suggestions SET entry_id = ? WHERE source_id = ? AND kind = 'name' "
                 "AND entry_id IS NULL AND (n = ? OR (? AND status = 'pending' "
                 "AND lower(text) = lower(?)))",
                 (entry_id, source_id, n, every_occurrence, row["text"]))
    return decide(conn, source_id, [n], "accepted", every_occurrence=every_occurrence)
