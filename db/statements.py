"""Statements: a value, date or status as one source states it, each its own row with its
citation and a rank (preferred, normal, deprecated), as in Wikidata's ranks and FollowTheMoney's
statements. Several statements of one field coexist and none is overwritten; the entry shows the
preferred one, and choosing another is an edit (undoable, in the history).
"""

from __future__ import annotations

import json
import sqlite3

from db.authoring import RANK_EDIT, next_change, now, record_edit, set_fields
from db.entry_fields import date_value, money_value, read_field
from db.errors import InvalidValueError, NotFoundError

STATED_FIELDS = ("value", "date", "status")
RANKS = ("preferred", "normal", "deprecated")


def parse_states(text: str) -> tuple[str, str]:
    """``value=$456bn``, ``date=2016-06`` or ``status=signed`` as ``(field, words)``."""
    field, sep, words = (text or "").partition("=")
    field, words = field.strip().lower(), words.strip()
    if not sep or field not in STATED_FIELDS or not words:
        raise InvalidValueError(f"a statement is value=…, date=… or status=…, not {text!r}")
    parsed_value(field, words)  # refused here, before anything is written
    return field, words


def parsed_value(field: str, words: str):
    """What ``words`` state for ``field``, in a form two statements can be compared by."""
    if field == "value":
        usd = money_value(words)["usd"]
        if usd is None:
            from db.money import parse_money

            money = parse_money(words)
            return {"amount": money.amount, "currency": money.currency}
        return round(usd, 2)
    if field == "date":
        return date_value(words)
    return " ".join(words.lower().split())


def add_statement(conn: sqlite3.Connection, entry_id: str, field: str, words: str,
                  citation_num: int | None, *, value=None) -> dict:
    """Record that a passage states ``words`` for ``field`` (``value``: what they state, when
    the words alone cannot say, as "last year" cannot). The first statement of a field the
    entry already holds a value for also records that value (from the entry's own quote), so
    that a disagreement is seen, never hidden. The caller holds the write transaction."""
    value = parsed_value(field, words) if value is None else value
    if not _statements_of(conn, entry_id, field):
        _seed_from_entry(conn, entry_id, field, besides=citation_num)
    has_preferred = any(s["rank"] == "preferred" for s in _statements_of(conn, entry_id, field))
    cursor = conn.execute(
        "INSERT INTO statements (entry_id, field, value, text, citation_num, rank, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'normal', ?)",
        (entry_id, field, _key(value), words, citation_num, now()))
    num = cursor.lastrowid
    if not has_preferred:
        prefer_statement(conn, entry_id, num)
    return statement(conn, num)


def withdraw_statements_of(conn: sqlite3.Connection, citation_num: int) -> None:
    """Take back the statements a citation made (its suggestion was rejected again); where one
    was preferred, the earliest left of its field becomes preferred. The caller holds the
    write transaction."""
    rows = conn.execute("SELECT num, entry_id, field, rank FROM statements "
                        "WHERE citation_num = ?", (citation_num,)).fetchall()
    for row in rows:
        conn.execute("DELETE FROM statements WHERE num = ?", (row["num"],))
        left = _statements_of(conn, row["entry_id"], row["field"])
        if row["rank"] == "preferred" and left:
            prefer_statement(conn, row["entry_id"], left[0]["num"])


def _key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _seed_from_entry(conn: sqlite3.Connection, entry_id: str, field: str, *,
                     besides: int | None) -> None:
    words = _entry_words(conn, entry_id, field)
    if not words:
        return
    current = read_field(conn, entry_id, field)
    value = current["usd"] if field == "value" and current.get("usd") is not None else None
    if field == "date":
        value = current
    try:
        value = parsed_value(field, words) if value is None else value
    except InvalidValueError:
        return  # a value the entry's own words do not make readable: nothing to compare
    if field == "value":
        value = round(value, 2) if isinstance(value, float) else value
    conn.execute(
        "INSERT INTO statements (entry_id, field, value, text, citation_num, rank, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'preferred', ?)",
        (entry_id, field, _key(value), words,
         _citation_for(conn, entry_id, field, words, besides=besides), now()))


def _entry_words(conn: sqlite3.Connection, entry_id: str, field: str) -> str | None:
    row = conn.execute("SELECT value_text, value_usd, date_text, date_start, date_end, "
                       "date_precision, status FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    if field == "value":
        return row["value_text"]
    if field == "date":
        if not row["date_start"]:
            return None
        from db.dates import format_interval, interval_from_iso

        return row["date_text"] or format_interval(interval_from_iso(
            row["date_start"], row["date_end"], row["date_precision"]))
    return row["status"]


def _citation_for(conn: sqlite3.Connection, entry_id: str, field: str, words: str, *,
                  besides: int | None) -> int | None:
    """The entry's citation for ``field``, else the first whose quote holds ``words`` (the
    citation of the new statement, ``besides``, aside)."""
    rows = conn.execute("SELECT num, field, quote FROM citations WHERE entry_id = ? "
                        "AND num IS NOT ? ORDER BY num", (entry_id, besides)).fetchall()
    for row in rows:
        if row["field"] == field:
            return row["num"]
    return next((row["num"] for row in rows if words in row["quote"]), None)


def _statements_of(conn: sqlite3.Connection, entry_id: str, field: str) -> list[sqlite3.Row]:
    return conn.execute("SELECT num, rank FROM statements WHERE entry_id = ? AND field = ? "
                        "ORDER BY num", (entry_id, field)).fetchall()


def statement(conn: sqlite3.Connection, num: int) -> dict:
    """One statement as ``show --json`` lists it."""
    rows = _public(conn, "s.num = ?", (num,))
    if not rows:
        raise NotFoundError(f"no statement number {num}")
    return rows[0]


def entry_statements(conn: sqlite3.Connection, entry_id: str) -> list[dict]:
    """Every statement of an entry: ``{"num", "field", "value", "text", "source_id",
    "source_title", "quote", "rank"}``, by field, preferred first."""
    return _public(conn, "s.entry_id = ?", (entry_id,))


def _public(conn: sqlite3.Connection, where: str, params) -> list[dict]:
    rows = conn.execute(
        "SELECT s.num, s.entry_id, s.field, s.value, s.text, s.rank, c.source_id, "
        "src.title AS source_title, c.quote FROM statements s "
        "LEFT JOIN citations c ON c.num = s.citation_num "
        "LEFT JOIN sources src ON src.id = c.source_id "
        f"WHERE {where} ORDER BY s.field, "
        "CASE s.rank WHEN 'preferred' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, s.num",
        params).fetchall()
    return [dict(r) | {"value": json.loads(r["value"])} for r in rows]


def disagreements(conn: sqlite3.Connection, entry_id: str) -> list[str]:
    """The fields whose statements (deprecated ones aside) state different values."""
    return [r[0] for r in conn.execute(
        "SELECT field FROM statements WHERE entry_id = ? AND rank != 'deprecated' "
        "GROUP BY field HAVING count(DISTINCT value) > 1 ORDER BY field", (entry_id,))]


DISPUTED_SQL = ("e.id IN (SELECT entry_id FROM statements WHERE rank != 'deprecated' "
                "GROUP BY entry_id, field HAVING count(DISTINCT value) > 1)")


# -- choosing ranks -------------------------------------------------------------------------


def prefer_statement(conn: sqlite3.Connection, entry_id: str, num: int) -> dict:
    """Make statement ``num`` the preferred one of its field: the one preferred before becomes
    normal, and the entry's field shows the new one. One change, undoable."""
    chosen = _own_statement(conn, entry_id, num)
    change = next_change(conn)
    for other in _statements_of(conn, entry_id, chosen["field"]):
        if other["rank"] == "preferred" and other["num"] != num:
            set_rank(conn, entry_id, other["num"], "normal", change=change)
    set_rank(conn, entry_id, num, "preferred", change=change)
    set_fields(conn, entry_id, _entry_values(chosen), change=change)
    return statement(conn, num)


def set_rank(conn: sqlite3.Connection, entry_id: str, num: int, rank: str, *,
             change: int | None = None) -> None:
    """Give a statement a rank, recorded as an edit (``rank:NUM``) so that undo restores it."""
    if rank not in RANKS:
        raise InvalidValueError(f"rank must be one of {', '.join(RANKS)}, not {rank!r}")
    old = _own_statement(conn, entry_id, num)["rank"]
    if old == rank:
        return
    if old == "preferred" and change is None:
        raise InvalidValueError(f"statement {num} is the preferred one; prefer another first")
    conn.execute("UPDATE statements SET rank = ? WHERE num = ?", (rank, num))
    record_edit(conn, change or next_change(conn), entry_id, "set",
                field=f"{RANK_EDIT}{num}", old=old, new=rank)


def _own_statement(conn: sqlite3.Connection, entry_id: str, num: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM statements WHERE num = ? AND entry_id = ?",
                       (num, entry_id)).fetchone()
    if row is None:
        raise NotFoundError(f"{entry_id!r} has no statement number {num} "
                            f"(roadbook show {entry_id} lists them)")
    return row


def _entry_values(chosen: sqlite3.Row) -> dict:
    """The entry's fields as a statement states them."""
    field, words, value = chosen["field"], chosen["text"], json.loads(chosen["value"])
    if field == "value":
        return {"value": money_value(words)}
    if field == "date":
        return {"date": value, "date_text": words}
    return {"status": words}
