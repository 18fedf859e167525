"""``roadbook check``: is the library file sound, and does the bundled dataset keep its rules?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db.connection import connect, disk_is_full, translate
from db.dataset import read_dataset, validate
from db.errors import DatasetError, LibraryCorruptError, LibraryError, LibraryMissingError
from db.schema import APPLICATION_ID, schema_version
from db.schema_check import schema_differences


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
    """Every check on an open library; a check that cannot read what it needs is a finding."""
    report = CheckReport()
    differences = _run(report, "schema", lambda: [
        d.describe() for d in schema_differences(conn, schema_version(conn))])
    _run(report, "SQLite integrity", lambda: _integrity_problems(conn))
    _run(report, "foreign keys", lambda: [
        f"{r[0]} row {r[1]} points to a missing {r[2]}"
        for r in conn.execute("PRAGMA foreign_key_check")])
    if differences:  # its tables may be views or carry planted triggers: read nothing more
        for name in ("full-text index", "citations"):
            report.skip(name, "the schema is not Roadbook's")
    elif conn.execute("PRAGMA query_only").fetchone()[0]:
        # FTS5 checks itself through an INSERT, which a read-only connection refuses
        report.skip("full-text index", "the library is open read-only")
        _run(report, "citations", lambda: _citation_problems(conn))
    else:
        _run(report, "full-text index", lambda: _fts_problems(conn))
        _run(report, "citations", lambda: _citation_problems(conn))
    report.add("bundled dataset", _dataset_problems())
    return report


def _run(report: CheckReport, name: str, check) -> list[str]:
    """Add a check's problems; an error reading the file is itself the problem found."""
    try:
        problems = list(check())
    except sqlite3.DatabaseError as exc:
        problems = [f"could not be read ({exc})"]
    report.add(name, problems)
    return problems


def _integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def check_file(path: Path, *, read_only: bool) -> CheckReport:
    """``roadbook check``: examine the library at ``path``, reporting (not refusing) what is
    wrong with it — a foreign log, planted SQL, damaged pages, missing tables."""
    report = CheckReport()
    try:
        conn = _open_for_check(path, read_only=read_only or disk_is_full(path))
    except LibraryError as exc:
        report.add("library file", [str(exc)])
        return report
    try:
        merged = check_library(conn)
    finally:
        conn.close()
    report.checks += merged.checks
    report.problems += merged.problems
    return report


def _open_for_check(path: Path, *, read_only: bool) -> sqlite3.Connection:
    from db.library_file import guard_library_file

    if not guard_library_file(path, read_only=read_only):
        raise LibraryMissingError(f"There is no library at {path}.")
    conn = connect(path, read_only=read_only)
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise LibraryCorruptError(f"{path} is an SQLite file but not a Roadbook library.")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


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
