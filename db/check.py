"""``roadbook check``: is the library file sound, and does the bundled dataset keep its rules?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from db.dataset import read_dataset, validate
from db.errors import DatasetError


@dataclass
class CheckReport:
    """What was checked and what was found; ``ok`` when nothing is wrong."""

    checks: list[tuple[str, str]] = field(default_factory=list)  # (name, "ok" or problem)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, name: str, problems: list[str]) -> None:
        self.checks.append((name, "ok" if not problems else f"{len(problems)} problem(s)"))
        self.problems.extend(f"{name}: {p}" for p in problems)

    def skip(self, name: str, why: str) -> None:
        self.checks.append((name, f"skipped ({why})"))


def check_library(conn: sqlite3.Connection) -> CheckReport:
    report = CheckReport()
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    report.add("SQLite integrity", [] if rows == ["ok"] else rows)
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    report.add("foreign keys", [f"{r[0]} row {r[1]} points to a missing {r[2]}" for r in fk])
    if conn.execute("PRAGMA query_only").fetchone()[0]:
        # FTS5 checks itself through an INSERT, which a read-only connection refuses
        report.skip("full-text index", "the library is open read-only")
    else:
        report.add("full-text index", _fts_problems(conn))
    report.add("citations", _citation_problems(conn))
    report.add("bundled dataset", _dataset_problems())
    return report


def _dataset_problems() -> list[str]:
    try:
        return validate(read_dataset())
    except DatasetError as exc:  # a dataset file that cannot be read at all
        return exc.problems


def _fts_problems(conn: sqlite3.Connection) -> list[str]:
    out = []
    for table in ("entries_fts", "passages_fts"):
        try:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            out.append(f"{table}: {exc}")
    return out


def _citation_problems(conn: sqlite3.Connection) -> list[str]:
    out = []
    sql = ("SELECT c.entry_id, c.quote, c.start, c.\"end\", s.text FROM citations c "
           "JOIN sources s ON s.id = c.source_id")
    for entry_id, quote, start, end, text in conn.execute(sql):
        if text[start:end] != quote:
            out.append(f"{entry_id}: quote is not at its recorded place in the source")
    uncited = conn.execute(
        "SELECT id FROM entries WHERE origin = 'bundled' AND id NOT IN "
        "(SELECT entry_id FROM citations)").fetchall()
    out += [f"{r[0]}: bundled entry without a citation" for r in uncited]
    return out
