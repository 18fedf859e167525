"""``roadbook check`` underneath: what it finds in a library and in the bundled dataset."""

from __future__ import annotations

import shutil

from db import Library
from db.check import check_library
from db.paths import resources_dir


def test_a_sound_library(library):
    report = check_library(library.conn)
    assert report.ok
    assert report.checks == [("schema", "ok"), ("SQLite integrity", "ok"), ("foreign keys", "ok"),
                             ("full-text index", "ok"), ("citations", "ok"),
                             ("bundled dataset", "ok")]


def test_a_planted_trigger_is_a_schema_problem_and_nothing_more_is_read(library):
    library.conn.execute("CREATE TRIGGER planted AFTER INSERT ON aliases BEGIN SELECT 1; END")
    report = check_library(library.conn)
    assert report.problems[0] == "schema: trigger planted on aliases was not made by Roadbook"
    assert ("citations", "skipped (the schema is not Roadbook's)") in report.checks


def test_read_only_skips_the_index_check_instead_of_failing_it(library_path):
    with Library.open(library_path, read_only=True) as lib:
        report = check_library(lib.conn)
    assert report.ok
    assert ("full-text index", "skipped (the library is open read-only)") in report.checks


def test_a_damaged_index_is_reported(library):
    row = library.conn.execute(
        "SELECT num, title, names, summary, details FROM entries WHERE id = 'gazprom'").fetchone()
    with library.transaction():  # tell the index to forget a row the table still holds
        library.conn.execute(
            "INSERT INTO entries_fts (entries_fts, rowid, title, names, summary, details) "
            "VALUES ('delete', ?, ?, ?, ?, ?)", tuple(row))
    report = check_library(library.conn)
    assert not report.ok
    assert ("full-text index", "1 problem(s)") in report.checks
    assert report.problems[0].startswith("full-text index: entries_fts:")


def test_an_uncited_bundled_entry_is_reported(library):
    with library.transaction():
        library.conn.execute("DELETE FROM citations WHERE entry_id = 'taiwan'")
    assert check_library(library.conn).problems == [
        "citations: taiwan: bundled entry without a citation"]


def test_an_unreadable_dataset_is_a_problem_not_a_crash(library, tmp_path, monkeypatch):
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "sources", root / "sources")
    (root / "dataset").mkdir()
    shutil.copy(resources_dir() / "dataset" / "sources.toml", root / "dataset")
    (root / "dataset" / "entries.toml").write_text("[[entries]\n", encoding="utf-8")
    monkeypatch.setenv("ROADBOOK_DATASET", str(root / "dataset"))
    report = check_library(library.conn)
    assert ("bundled dataset", "1 problem(s)") in report.checks
    assert report.problems[0].startswith("bundled dataset: entries.toml is not valid TOML")
