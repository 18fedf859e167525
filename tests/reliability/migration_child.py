"""The real command line of a Roadbook one schema version ahead: for the crash harness.

    python tests/reliability/migration_child.py --library L bookmarks

Opening the library runs one more migration than today's (a new column on every entry, a new
table filled from all entries, and every entry rewritten, so its full-text rows change too).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db import backup, library, schema  # noqa: E402

NEXT = schema.SCHEMA_VERSION + 1
schema.MIGRATIONS[NEXT] = """
ALTER TABLE entries ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE reviews (
    entry_id TEXT PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
    reviewed_at TEXT NOT NULL
);
INSERT INTO reviews (entry_id, reviewed_at) SELECT id, '2016-06-25' FROM entries;
UPDATE entries SET reviewed = 1, summary = coalesce(summary, '') || ' ';
"""
schema.SCHEMA_VERSION = library.SCHEMA_VERSION = backup.SCHEMA_VERSION = NEXT

if __name__ == "__main__":
    from desktop.cli import main

    sys.exit(main(sys.argv[1:]))
