"""The library file: a plain, documented SQLite database other tools can open."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import Library
from db.schema import APPLICATION_ID, SCHEMA_VERSION

SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")

TABLES = {"meta", "sources", "passages", "imports", "entries", "aliases", "links", "citations",
          "notes", "entry_tags", "bookmarks", "bookmark_tags", "saved_searches", "entries_fts",
          "passages_fts"}
VIEWS = {"actors", "deals", "events", "figures", "places", "entry_links", "entry_citations"}


def names(conn: sqlite3.Connection, type_: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (type_,))}


@pytest.fixture
def raw(library_path):
    conn = sqlite3.connect(library_path)
    yield conn
    conn.close()


def test_tables_and_views(raw):
    assert names(raw, "table") >= TABLES
    assert names(raw, "view") >= VIEWS


def test_file_is_marked_and_versioned(raw):
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1


def test_open_library_uses_wal_and_foreign_keys(library):
    assert library.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert library.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert library.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_wal_is_recorded_in_the_file(library, raw):
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_hold(library):
    with pytest.raises(sqlite3.IntegrityError):
        library.conn.execute(
            "INSERT INTO links (from_id, to_id, role) VALUES ('gas-deal-2014', 'nowhere', 'x')")


def test_deleting_an_entry_removes_its_children_but_not_its_bookmark(library):
    library.bookmark("gazprom", note="watch")
    with library.transaction():
        library.conn.execute("DELETE FROM entries WHERE id = 'gazprom'")
    count = library.conn.execute
    assert count("SELECT count(*) FROM aliases WHERE entry_id = 'gazprom'").fetchone()[0] == 0
    assert count("SELECT count(*) FROM links WHERE to_id = 'gazprom'").fetchone()[0] == 0
    assert library.get_bookmark("gazprom")["note"] == "watch"


@pytest.mark.parametrize(("view", "expected"), [
    ("deals", 14), ("actors", 24), ("events", 11), ("figures", 13), ("places", 16),
])
def test_friendly_views_hold_each_kind(raw, view, expected):
    kind = view.rstrip("s")
    assert raw.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == expected
    assert raw.execute("SELECT count(*) FROM entries WHERE kind = ?", (kind,)).fetchone()[0] \
        == expected


def test_deals_view_shows_the_gas_deal(raw):
    raw.row_factory = sqlite3.Row
    row = raw.execute("SELECT * FROM deals WHERE id = 'gas-deal-2014'").fetchone()
    assert (row["title"], row["status"], row["value_text"], row["value_usd"], row["date_text"]) \
        == ("China–Russia gas deal (2014)", "signed", "$400 billion", 4e11, "2014")


def test_link_and_citation_views(raw):
    links = raw.execute("SELECT to_title FROM entry_links WHERE from_id = 'silk-road-rally' "
                        "AND role = 'sponsor' ORDER BY to_title").fetchall()
    assert links == [("BAIC",), ("Gazprom",)]
    quotes = raw.execute("SELECT source_title FROM entry_citations WHERE entry_id = 'obor'")
    assert {r[0] for r in quotes} == {"China’s Road to Closer Ties With Russia"}


def test_fts_index_follows_sqlite_utils_conventions(raw):
    sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'").fetchone()[0]
    assert "content=[entries]" in sql
    assert "prefix=" in sql
    triggers = names(raw, "trigger")
    assert {"entries_ai", "entries_ad", "entries_au"} <= triggers


def test_fts_index_follows_edits(library):
    with library.transaction():
        library.conn.execute("UPDATE entries SET summary = 'zanzibar' WHERE id = 'gazprom'")
    assert [h["id"] for h in library.search("zanzibar")["hits"]] == ["gazprom"]


def test_sqlite_utils_search_finds_the_gas_deal(library_path):
    out = subprocess.run([str(SQLITE_UTILS), "search", str(library_path), "entries", "gas"],
                         capture_output=True, text=True, timeout=60, check=True)
    rows = json.loads(out.stdout)
    assert {r["id"] for r in rows[:2]} == {"gas-deal-2014", "gas-deal-value"}
    assert "gas-deal-2014" in {r["id"] for r in rows}


def test_sqlite_utils_reads_the_views(library_path):
    out = subprocess.run([str(SQLITE_UTILS), "rows", str(library_path), "deals", "-c", "id",
                          "--where", "value_usd >= 1e11"],
                         capture_output=True, text=True, timeout=60, check=True)
    assert {r["id"] for r in json.loads(out.stdout)} == {
        "gas-deal-2014", "moscow-beijing-hsr", "obor-4-trillion-pledge", "obor-official-deals"}


def test_new_library_is_built_whole(tmp_path):
    path = tmp_path / "sub" / "fresh.sqlite"
    with Library.open(path) as lib:
        assert sum(lib.kind_counts().values()) == 78
    assert not path.with_name("fresh.sqlite.building").exists()


def test_opening_again_keeps_the_schema(library_path):
    Library.open(library_path).close()
    with Library.open(library_path) as lib:
        assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
