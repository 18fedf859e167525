"""The schema steps Roadbook has shipped (versions 1 to 4), as they were: a library of any of
these versions is migrated from here and checked against exactly these statements, so they are
never edited — a change is a new step in ``db.schema``."""

from __future__ import annotations

V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    author TEXT,
    publisher TEXT,
    section TEXT,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT,
    date_text TEXT,
    date_note TEXT,
    credit TEXT,
    text TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'bundled'
);
CREATE TABLE passages (
    num INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (source_id, ordinal)
);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    checksum TEXT NOT NULL,
    sheet TEXT,
    mapping TEXT,
    rows_in INTEGER NOT NULL DEFAULT 0,
    rows_imported INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    rejections TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE entries (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('actor', 'deal', 'event', 'figure', 'place')),
    category TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    status TEXT,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT,
    date_text TEXT,
    date_origin TEXT,
    date_note TEXT,
    value_usd REAL,
    value_text TEXT,
    value_note TEXT,
    measures TEXT,
    names TEXT,
    details TEXT,
    extra TEXT,
    origin TEXT NOT NULL DEFAULT 'bundled',
    batch_id INTEGER REFERENCES imports(id) ON DELETE CASCADE
);
CREATE INDEX entries_kind ON entries (kind, title COLLATE NOCASE);
CREATE INDEX entries_title ON entries (title COLLATE NOCASE);
CREATE INDEX entries_date ON entries (date_start, date_end);
CREATE INDEX entries_value ON entries (value_usd);
CREATE INDEX entries_status ON entries (status COLLATE NOCASE);
CREATE INDEX entries_batch ON entries (batch_id);
CREATE TABLE aliases (
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    name TEXT NOT NULL,
    lang TEXT,
    script TEXT,
    PRIMARY KEY (entry_id, name)
);
CREATE TABLE links (
    from_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    to_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id, role)
) WITHOUT ROWID;
CREATE INDEX links_to ON links (to_id);
CREATE TABLE citations (
    num INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    passage_num INTEGER NOT NULL REFERENCES passages(num) ON DELETE CASCADE,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    field TEXT,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX citations_entry ON citations (entry_id);
CREATE INDEX citations_passage ON citations (passage_num);
CREATE TABLE notes (
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (entry_id, ordinal)
);
CREATE TABLE entry_tags (
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE ON UPDATE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (entry_id, tag)
) WITHOUT ROWID;
CREATE INDEX entry_tags_tag ON entry_tags (tag);

-- The user's own data. Bookmarks are not tied to entries by a foreign key: a bookmark whose
-- entry left the library is kept (and shown as such), never silently deleted.
CREATE TABLE bookmarks (
    entry_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE bookmark_tags (
    entry_id TEXT NOT NULL REFERENCES bookmarks(entry_id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (entry_id, tag)
);
CREATE INDEX bookmark_tags_tag ON bookmark_tags (tag);
CREATE TABLE saved_searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE VIRTUAL TABLE [entries_fts] USING FTS5 (
    [title], [names], [summary], [details],
    content=[entries], content_rowid=[num],
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER [entries_ai] AFTER INSERT ON [entries] BEGIN
  INSERT INTO [entries_fts] (rowid, [title], [names], [summary], [details])
  VALUES (new.[num], new.[title], new.[names], new.[summary], new.[details]);
END;
CREATE TRIGGER [entries_ad] AFTER DELETE ON [entries] BEGIN
  INSERT INTO [entries_fts] ([entries_fts], rowid, [title], [names], [summary], [details])
  VALUES ('delete', old.[num], old.[title], old.[names], old.[summary], old.[details]);
END;
CREATE TRIGGER [entries_au] AFTER UPDATE ON [entries] BEGIN
  INSERT INTO [entries_fts] ([entries_fts], rowid, [title], [names], [summary], [details])
  VALUES ('delete', old.[num], old.[title], old.[names], old.[summary], old.[details]);
  INSERT INTO [entries_fts] (rowid, [title], [names], [summary], [details])
  VALUES (new.[num], new.[title], new.[names], new.[summary], new.[details]);
END;
CREATE VIRTUAL TABLE [entries_vocab] USING fts5vocab([entries_fts], 'row');

CREATE VIRTUAL TABLE [passages_fts] USING FTS5 (
    [text], content=[passages], content_rowid=[num],
    tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
);
CREATE TRIGGER [passages_ai] AFTER INSERT ON [passages] BEGIN
  INSERT INTO [passages_fts] (rowid, [text]) VALUES (new.[num], new.[text]);
END;
CREATE TRIGGER [passages_ad] AFTER DELETE ON [passages] BEGIN
  INSERT INTO [passages_fts] ([passages_fts], rowid, [text])
  VALUES ('delete', old.[num], old.[text]);
END;
CREATE TRIGGER [passages_au] AFTER UPDATE ON [passages] BEGIN
  INSERT INTO [passages_fts] ([passages_fts], rowid, [text])
  VALUES ('delete', old.[num], old.[text]);
  INSERT INTO [passages_fts] (rowid, [text]) VALUES (new.[num], new.[text]);
END;

-- Friendly views for SQL and Datasette users.
CREATE VIEW actors AS SELECT id, category, title, summary FROM entries WHERE kind = 'actor';
CREATE VIEW deals AS
    SELECT id, category, title, status, date_text, date_start, date_end, value_text, value_usd,
           summary
    FROM entries WHERE kind = 'deal';
CREATE VIEW events AS
    SELECT id, category, title, status, date_text, date_start, date_end, summary
    FROM entries WHERE kind = 'event';
CREATE VIEW figures AS
    SELECT id, category, title, value_text, value_usd, measures, date_text, summary
    FROM entries WHERE kind = 'figure';
CREATE VIEW places AS SELECT id, category, title, summary FROM entries WHERE kind = 'place';
CREATE VIEW entry_links AS
    SELECT l.from_id, f.title AS from_title, l.role, l.to_id, t.title AS to_title
    FROM links l JOIN entries f ON f.id = l.from_id JOIN entries t ON t.id = l.to_id;
CREATE VIEW entry_citations AS
    SELECT c.entry_id, e.title, c.source_id, s.title AS source_title, c.quote
    FROM citations c JOIN entries e ON e.id = c.entry_id JOIN sources s ON s.id = c.source_id;
"""

# 2: column mappings the user saved for importing files, by name (JSON, as in presets).
V2 = """
CREATE TABLE import_mappings (
    name TEXT PRIMARY KEY,
    mapping TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""

# Speed at a million entries: the title index carries the columns most filters test, so a
# filtered first page walks the index alone; entry counts per kind are kept by triggers so the
# navigator needs no scan of the table.
V3 = """
DROP INDEX entries_kind;
DROP INDEX entries_title;
CREATE INDEX entries_title ON entries (title COLLATE NOCASE, kind, date_start, date_end,
                                       value_usd);
CREATE TABLE kind_counts (
    kind TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO kind_counts (kind, n)
    SELECT k.kind, (SELECT count(*) FROM entries e WHERE e.kind = k.kind)
    FROM (SELECT 'actor' AS kind UNION ALL SELECT 'deal' UNION ALL SELECT 'event'
          UNION ALL SELECT 'figure' UNION ALL SELECT 'place') k;
CREATE TRIGGER entries_count_ai AFTER INSERT ON entries BEGIN
  UPDATE kind_counts SET n = n + 1 WHERE kind = new.kind;
END;
CREATE TRIGGER entries_count_ad AFTER DELETE ON entries BEGIN
  UPDATE kind_counts SET n = n - 1 WHERE kind = old.kind;
END;
CREATE TRIGGER entries_count_au AFTER UPDATE OF kind ON entries
WHEN old.kind IS NOT new.kind BEGIN
  UPDATE kind_counts SET n = n - 1 WHERE kind = old.kind;
  UPDATE kind_counts SET n = n + 1 WHERE kind = new.kind;
END;
"""

# A query that may be a name ranks entries of that title or alias first: the alias lookup must
# not read every alias (a million-entry library holds hundreds of thousands).
V4 = """
CREATE INDEX aliases_name ON aliases (name COLLATE NOCASE);
"""
