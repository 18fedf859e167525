"""Checking a library's schema against the one Roadbook makes, before anything in it runs.

A library file from someone else is untrusted input (SQLite's "Defense Against the Dark Arts"):
a trigger planted in it would run on Roadbook's own writes, a view named like a table would
answer in its place. So every object in ``sqlite_master`` must be one Roadbook makes for the
schema version the file claims, with the same definition, and none may be missing. The schema
Roadbook makes is built once per process by running ``db.schema``'s migrations in memory.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.errors import LibraryForeignSchemaError
from db.schema import migrate

# Tables SQLite itself makes (``ANALYZE``, ``PRAGMA optimize``): statistics, no code.
SQLITE_OWN = {
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}
NAMED_AT_MOST = 6  # objects named in the one-line refusal; ``check`` lists them all


@dataclass(frozen=True)
class SchemaObject:
    """One row of ``sqlite_master``: a table, index, view or trigger."""

    type: str
    name: str
    table: str
    sql: str


@dataclass(frozen=True)
class Difference:
    """An object that is not as Roadbook made it: ``planted``, ``altered`` or ``missing``."""

    kind: str
    object: SchemaObject
    expected: SchemaObject | None = None

    def describe(self) -> str:
        obj = self.object
        where = f" on {obj.table}" if obj.type == "trigger" else ""
        if self.kind == "missing":
            return f"{obj.type} {obj.name} is missing"
        if self.expected is not None and self.expected.type != obj.type:
            return f"{obj.type} {obj.name} stands in for the {self.expected.type} of that name"
        if self.kind == "altered":
            return f"{obj.type} {obj.name}{where} is not as Roadbook made it"
        return f"{obj.type} {obj.name}{where} was not made by Roadbook"


def normalised(sql: str | None) -> str:
    """SQL with its white space collapsed (SQLite keeps definitions as they were typed)."""
    return " ".join((sql or "").split())


@functools.lru_cache(maxsize=8)
def expected_schema(version: int) -> dict[str, SchemaObject]:
    """The objects Roadbook makes for schema ``version`` (built in memory, once per process)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, up_to=version)
        return _objects(conn, "main")
    finally:
        conn.close()


def file_schema(conn: sqlite3.Connection, schema: str = "main") -> dict[str, SchemaObject]:
    """The objects of an open database (``schema`` names an attached one)."""
    return _objects(conn, schema)


def _objects(conn: sqlite3.Connection, schema: str) -> dict[str, SchemaObject]:
    rows = conn.execute(f"SELECT type, name, tbl_name, sql FROM [{schema}].sqlite_master")
    return {name: SchemaObject(type, name, table, normalised(sql))
            for type, name, table, sql in rows}


def schema_differences(conn: sqlite3.Connection, version: int,
                       schema: str = "main") -> list[Difference]:
    """Every object of the file that Roadbook did not make as it is, and every one missing."""
    expected = expected_schema(version)
    found = file_schema(conn, schema)
    out = []
    for name, obj in found.items():
        wanted = expected.get(name)
        if wanted is None:
            if SQLITE_OWN.get(name) != obj.sql:
                out.append(Difference("planted", obj))
        elif wanted != obj:
            out.append(Difference("altered", obj, wanted))
    out += [Difference("missing", obj) for name, obj in expected.items() if name not in found]
    # A table's own key index comes and goes with it: naming it too says nothing more.
    return [d for d in out if not d.object.name.startswith("sqlite_autoindex_")]


def refuse_foreign_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Raise ``LibraryForeignSchemaError`` naming what differs, before anything is read."""
    differences = schema_differences(conn, version)
    if differences:
        raise LibraryForeignSchemaError(refusal(path, differences), differences)


def trust_own_schema(conn: sqlite3.Connection) -> None:
    """Once the schema is known to be exactly Roadbook's, let its own triggers keep the
    full-text indexes: SQLite lets only a trusted schema write an FTS5 table from a trigger.
    Connections that only read stay untrusting."""
    conn.execute("PRAGMA trusted_schema = ON")


def refusal(path: Path, differences: list[Difference]) -> str:
    """The one-line reason and the way out."""
    named = "; ".join(d.describe() for d in differences[:NAMED_AT_MOST])
    more = len(differences) - NAMED_AT_MOST
    named += f"; and {more} more" if more > 0 else ""
    what = "lacks parts of the schema Roadbook makes" if all(
        d.kind == "missing" for d in differences) else "holds SQL that Roadbook did not make"
    return (f"{path} {what} ({named}), so nothing in it was used. Open a clean copy rebuilt "
            "from its data (Open a Clean Copy…, or roadbook check --repair, which keeps the "
            "file aside first), or open another library.")
