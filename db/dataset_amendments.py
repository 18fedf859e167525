"""What an analyst added to entries they did not write — bundled or imported ones: their
quotes, and the statements those quotes make (a value a second source gives). A dataset folder
of the analyst's entries carries them in ``dataset/amendments.toml``, one ``[[amendments]]``
table per entry, so that a colleague's library gets the same quotes and the same disagreements
for the entries it has as well. Adding them follows the dataset's rules: a quote must be exact
in its source, or nothing of the folder is added."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db.errors import DatasetError, RoadbookError

AMENDMENTS_FILE = "amendments.toml"


def amendment_records(conn: sqlite3.Connection) -> list[dict]:
    """The analyst's citations and statements on entries of other origins, an entry a table:
    ``{"entry", "citations": [{source, quote, field, start}], "statements": [{field, text,
    source, quote, start}]}``."""
    ids = [r[0] for r in conn.execute(
        "SELECT DISTINCT c.entry_id FROM citations c JOIN entries e ON e.id = c.entry_id "
        "WHERE c.origin = 'analyst' AND e.origin != 'analyst' ORDER BY c.entry_id")]
    return [_record(conn, entry_id) for entry_id in ids]


def _record(conn: sqlite3.Connection, entry_id: str) -> dict:
    citations = [{"source": r["source_id"], "quote": r["quote"], "field": r["field"],
                  "start": r["start"]} for r in conn.execute(
        "SELECT source_id, quote, field, start FROM citations WHERE entry_id = ? "
        "AND origin = 'analyst' ORDER BY num", (entry_id,))]
    statements = [{"field": r["field"], "text": r["text"], "source": r["source_id"],
                   "quote": r["quote"], "start": r["start"]} for r in conn.execute(
        "SELECT s.field, s.text, c.source_id, c.quote, c.start FROM statements s "
        "JOIN citations c ON c.num = s.citation_num WHERE s.entry_id = ? "
        "AND c.origin = 'analyst' ORDER BY s.num", (entry_id,))]
    return {"entry": entry_id, "citations": citations, "statements": statements}


def add_amendments(conn: sqlite3.Connection, folder: Path, source_ids: dict[str, str]) -> dict:
    """Add a folder's amendments to the entries the library has (``source_ids``: the folder's
    source ids → the library's); ``{"amended": n, "not_here": [entry ids]}``. Any quote that is
    not exact in its source refuses the whole folder (``DatasetError``). The caller holds the
    write transaction."""
    from db.dataset import read_tables

    path = folder / AMENDMENTS_FILE
    if not path.is_file():
        return {"amended": 0, "not_here": []}
    amended, not_here, problems = 0, [], []
    for record in read_tables(path, "amendments"):
        entry_id = record.get("entry")
        if not isinstance(entry_id, str) or conn.execute(
                "SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
            not_here.append(str(entry_id))
            continue
        problems += _amend(conn, entry_id, record, source_ids)
        amended += 1
    if problems:
        raise DatasetError(problems)
    return {"amended": amended, "not_here": not_here}


def _amend(conn: sqlite3.Connection, entry_id: str, record: dict,
           source_ids: dict[str, str]) -> list[str]:
    """Add one entry's quotes and statements; what was wrong with them, as problems."""
    from db.citing import add_citation
    from db.statements import STATED_FIELDS, add_statement

    problems = []
    for item in _tables(record.get("citations")) + _tables(record.get("statements")):
        if "text" in item and item.get("field") not in STATED_FIELDS:
            problems.append(f"amendments of {entry_id}: a statement of {item.get('field')!r} "
                            f"(one of {', '.join(STATED_FIELDS)})")
            continue
        try:
            cited = add_citation(conn, entry_id, source_ids.get(item.get("source"),
                                                                str(item.get("source"))),
                                 str(item.get("quote", "")), start=_start(item),
                                 field=item.get("field") if "text" not in item else None)
            if "text" in item and not _stated(conn, cited["num"], item):
                add_statement(conn, entry_id, str(item.get("field")), str(item["text"]),
                              cited["num"])
        except RoadbookError as exc:
            problems.append(f"amendments of {entry_id}: {exc}")
    return problems


def _tables(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _start(item: dict) -> int | None:
    start = item.get("start")
    return start if isinstance(start, int) and not isinstance(start, bool) else None


def _stated(conn: sqlite3.Connection, citation_num: int, item: dict) -> bool:
    """Whether this quote already states this for the entry (the folder added twice)."""
    return conn.execute("SELECT 1 FROM statements WHERE citation_num = ? AND field = ? "
                        "AND text = ?", (citation_num, item.get("field"),
                                         item.get("text"))).fetchone() is not None
