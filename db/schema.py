"""The library file's schema, created and migrated in numbered steps (``PRAGMA user_version``).

The full-text index follows sqlite-utils' conventions (``entries_fts`` with ``content=[entries]``
and sync triggers) so that ``sqlite-utils search LIBRARY entries gas`` works on a library.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from db.schema_shipped import V1, V2, V3, V4

SCHEMA_VERSION = 5
APPLICATION_ID = 0x52424B31  # "RBK1": marks the file as a Roadbook library

# Entry text the full-text index covers, in bm25 weight order. ``parties`` holds every name of
# the entries an entry links to as a party (db/parties.py), so a deal is found by its parties.
FTS_COLUMNS = ("title", "names", "summary", "details", "parties")
FTS_WEIGHTS = (10.0, 8.0, 2.0, 1.0, 1.0)
# The link roles whose targets' names an entry is found by: who took part, paid, received.
PARTY_ROLES = ("party", "parties", "financier", "co-financier", "sponsor", "participant",
               "visitor", "host", "initiator", "beneficiary", "donor", "recipient",
               "implementer", "lender", "borrower", "investor", "counterparty", "contractor",
               "buyer", "seller", "signatory", "issued by", "author", "stated by", "target")

# 5: the library grows by hand. Each part of it is its own constant, kept by its feature.
# Sources an analyst adds (readable text stored once, immutable; the same text is refused by
# checksum), passages with their page, quotes anchored with ~32 characters either side (so a
# newer version of a source can re-anchor them), suggestions found in a new source, reviewed
# one by one (an accepted one keeps the citation it made), and the quotes a newer version of
# their source no longer holds: listed as orphans, never dropped.
_V5_SOURCES = """
ALTER TABLE sources ADD COLUMN url TEXT;
ALTER TABLE sources ADD COLUMN format TEXT;
ALTER TABLE sources ADD COLUMN checksum TEXT;
ALTER TABLE sources ADD COLUMN added_at TEXT;
CREATE UNIQUE INDEX sources_checksum ON sources (checksum) WHERE checksum IS NOT NULL;
ALTER TABLE passages ADD COLUMN page INTEGER;
ALTER TABLE citations ADD COLUMN prefix TEXT;
ALTER TABLE citations ADD COLUMN suffix TEXT;
ALTER TABLE citations ADD COLUMN origin TEXT NOT NULL DEFAULT 'bundled';
CREATE TABLE suggestions (
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'value', 'date', 'name')),
    text TEXT NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entry_id TEXT REFERENCES entries(id) ON DELETE SET NULL ON UPDATE CASCADE,
    value_usd REAL,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'rejected')),
    hidden_reason TEXT,
    decided_at TEXT,
    citation_num INTEGER REFERENCES citations(num) ON DELETE SET NULL,
    PRIMARY KEY (source_id, n)
) WITHOUT ROWID;
CREATE INDEX suggestions_entry ON suggestions (entry_id);
CREATE INDEX suggestions_citation ON suggestions (citation_num);
CREATE TABLE orphaned_citations (
    num INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    field TEXT,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    prefix TEXT,
    suffix TEXT,
    origin TEXT NOT NULL,
    orphaned_at TEXT NOT NULL
);
CREATE INDEX orphaned_citations_source ON orphaned_citations (source_id);
"""

# Statements: a value, date or status as one source states it, each its own row with its
# citation and a rank (preferred, normal, deprecated); none is ever overwritten. Edits: every
# change an analyst makes to an entry (field, old and new as JSON), for the history and undo;
# the edits of one save share a ``change_num`` and are undone together. A field edited by the
# analyst is kept when the bundled dataset is refreshed; ``dataset_changes`` records what the
# dataset says now where it shipped another value than the one the analyst replaced.
_V5_AUTHORING = """
CREATE TABLE statements (
    num INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    field TEXT NOT NULL CHECK (field IN ('value', 'date', 'status')),
    value TEXT NOT NULL,
    text TEXT NOT NULL,
    citation_num INTEGER REFERENCES citations(num) ON DELETE SET NULL,
    rank TEXT NOT NULL DEFAULT 'normal' CHECK (rank IN ('preferred', 'normal', 'deprecated')),
    created_at TEXT NOT NULL
);
CREATE INDEX statements_entry ON statements (entry_id, field);
CREATE TABLE entry_edits (
    num INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'set', 'delete')),
    field TEXT,
    old TEXT,
    new TEXT,
    undone INTEGER NOT NULL DEFAULT 0,
    change_num INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entry_edits_entry ON entry_edits (entry_id, num);
CREATE INDEX entry_edits_change ON entry_edits (undone, change_num);
CREATE TABLE dataset_changes (
    entry_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    noted_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, field)
) WITHOUT ROWID;
"""

# The word list that typo tolerance reads is an fts5vocab table each connection makes for
# itself in ``temp`` (db/fuzzy.py): a permanent one looks like a full-text index to
# sqlite-utils, whose ``optimize`` then fails on it.
_V5_TOOLS = """
DROP TABLE IF EXISTS entries_vocab;
"""

# Link charts saved by name: the entries on show, where each was placed, which are pinned or
# hidden, and the layout (JSON, read back through ``db.charts``, which checks its shape).
_V5_CHARTS = """
CREATE TABLE charts (
    name TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

# Imported datasets: an entry is found by the names of its parties (a column of their names,
# indexed with the entry), and a row imported with a fixable flaw (an end before its start)
# says so in ``flag`` (``is:flagged``). The index is made anew empty: the step ``Library`` runs
# after this one, in the same transaction, writes the parties of the entries already there and
# indexes them all (``db.parties.refresh_all_parties``).
_FTS_TEXT = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
_FTS_NEW = ", ".join(f"new.[{c}]" for c in FTS_COLUMNS)
_FTS_OLD = ", ".join(f"old.[{c}]" for c in FTS_COLUMNS)
_V5_DATASETS = f"""
ALTER TABLE entries ADD COLUMN parties TEXT;
ALTER TABLE entries ADD COLUMN flag TEXT;
CREATE INDEX entries_flag ON entries (flag) WHERE flag IS NOT NULL;
DROP TRIGGER entries_ai;
DROP TRIGGER entries_ad;
DROP TRIGGER entries_au;
DROP TABLE entries_fts;
CREATE VIRTUAL TABLE [entries_fts] USING FTS5 (
    {_FTS_TEXT},
    content=[entries], content_rowid=[num],
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER [entries_ai] AFTER INSERT ON [entries] BEGIN
  INSERT INTO [entries_fts] (rowid, {_FTS_TEXT}) VALUES (new.[num], {_FTS_NEW});
END;
CREATE TRIGGER [entries_ad] AFTER DELETE ON [entries] BEGIN
  INSERT INTO [entries_fts] ([entries_fts], rowid, {_FTS_TEXT})
  VALUES ('delete', old.[num], {_FTS_OLD});
END;
CREATE TRIGGER [entries_au] AFTER UPDATE ON [entries] BEGIN
  INSERT INTO [entries_fts] ([entries_fts], rowid, {_FTS_TEXT})
  VALUES ('delete', old.[num], {_FTS_OLD});
  INSERT INTO [entries_fts] (rowid, {_FTS_TEXT}) VALUES (new.[num], {_FTS_NEW});
END;
"""

# Provenance of imported entries: each batch keeps the facts of its dataset (title, version,
# credit line and licence, from its preset or typed by the user) and the file's headers once;
# each entry a batch made or named keeps the row it came from, with the row's cells as the file
# had them (a JSON list, in the order of the batch's ``columns``). An entry several batches
# touched keeps a row of each.
_V5_PROVENANCE = """
ALTER TABLE imports ADD COLUMN dataset TEXT;
ALTER TABLE imports ADD COLUMN version TEXT;
ALTER TABLE imports ADD COLUMN credit TEXT;
ALTER TABLE imports ADD COLUMN licence TEXT;
ALTER TABLE imports ADD COLUMN columns TEXT;
CREATE TABLE provenance (
    batch_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    cells TEXT,
    PRIMARY KEY (batch_id, row, entry_id)
) WITHOUT ROWID;
CREATE INDEX provenance_entry ON provenance (entry_id);
"""

_V5 = (_V5_SOURCES + _V5_AUTHORING + _V5_TOOLS + _V5_CHARTS + _V5_DATASETS
       + _V5_PROVENANCE)

MIGRATIONS: dict[int, str] = {1: V1, 2: V2, 3: V3, 4: V4, 5: _V5}


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, *, up_to: int | None = None,
            after: dict[int, Callable[[sqlite3.Connection], object]] | None = None) -> list[int]:
    """Apply every migration above the file's version (up to ``up_to``, by default all), each
    in its own transaction; ``after`` gives a step in Python to run after a version's
    statements, in its transaction."""
    applied = []
    current = schema_version(conn)
    last = max(MIGRATIONS) if up_to is None else up_to
    for version in sorted(v for v in MIGRATIONS if current < v <= last):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            if after and version in after:
                after[version](conn)
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def _statements(script: str) -> list[str]:
    """Split a DDL script into statements (triggers hold semicolons inside BEGIN ... END)."""
    out, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    return out
