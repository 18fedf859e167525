"""Importing a file bigger than the library: indexes made anew, progress during long statements,
and a cancel or a crash at any point still leaves the library as it was."""

from __future__ import annotations

import sqlite3

import pytest

from db.errors import ImportCancelledError
from db.importing import writer

ROWS = 300  # more than the bundled library's entries: its indexes are made anew


def bridges(folder, rows: int = ROWS):
    lines = ["id,title,date,value,investor,other names,sector"]
    for n in range(1, rows + 1):
        lines.append(f"{n},Bridge {n} over the Volga,{2000 + n % 20},${n}m,Investor {n % 7},"
                     f"Мост {n}; Puente {n},Transport; Roads")
    folder.mkdir(exist_ok=True)
    path = folder / "bridges.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def big_file(tmp_path):
    return bridges(tmp_path)


def indexes(library) -> list[tuple]:
    return [tuple(r) for r in library.conn.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "ORDER BY name")]


def count(library, sql: str, *args) -> int:
    return library.conn.execute(sql, args).fetchone()[0]


def sound(library) -> bool:
    library.conn.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)")
    return library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_batch_bigger_than_the_library_is_indexed_and_found(library, big_file):
    before = indexes(library)
    assert count(library, "SELECT count(*) FROM entries") < ROWS

    report = library.import_file(big_file)

    assert (report.imported, report.rejected, report.created) == (ROWS, 0, 7)
    assert indexes(library) == before
    assert sound(library)
    assert library.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    bridge = library.get("bridges-42")
    assert (bridge["title"], bridge["date_start"], bridge["value_usd"]) == (
        "Bridge 42 over the Volga", "2002-01-01", 42e6)
    assert [a["name"] for a in bridge["aliases"]] == ["Мост 42", "Puente 42"]  # file order
    assert bridge["tags"] == ["Roads", "Transport"]
    assert [lk["id"] for lk in bridge["links"]] == ["investor-0"]
    assert [h["id"] for h in library.search("most 42")["hits"]][:1] == ["bridges-42"]
    assert library.kind_counts()["actor"] == count(
        library, "SELECT count(*) FROM entries WHERE kind = 'actor'")


def test_entries_imported_in_bulk_are_found_through_the_remade_indexes(library, big_file):
    library.import_file(big_file)
    sql = "SELECT id FROM entries WHERE title = ? COLLATE NOCASE"
    assert "USING" in " ".join(str(r[3]) for r in library.conn.execute(
        f"EXPLAIN QUERY PLAN {sql}", ("x",)))
    assert [r[0] for r in library.conn.execute(sql, ("bridge 7 OVER the volga",))] == [
        "bridges-7"]
    assert count(library, "SELECT count(*) FROM aliases WHERE name = 'puente 9' "
                 "COLLATE NOCASE") == 1
    assert count(library, "SELECT count(*) FROM links WHERE to_id = 'investor-3'") == 43


def test_rows_of_a_bigger_file_with_ids_already_in_the_library_are_rejected(library, big_file,
                                                                          tmp_path):
    first = library.import_file(big_file).batch
    longer = bridges(tmp_path / "longer", ROWS + 100)
    assert count(library, "SELECT count(*) FROM entries") < ROWS + 100

    report = library.import_file(longer)

    assert (report.imported, report.rejected) == (100, ROWS)
    assert report.rejections[0].row == 2  # the file's row under the header
    assert report.rejections[0].reason == (
        f"entry bridges-1 is already in the library (from import batch {first}); undo that "
        "import first to replace it")
    assert library.get(f"bridges-{ROWS + 1}")["batch_id"] == report.batch


@pytest.mark.parametrize("stage", ["writing", "indexing"])
def test_cancelling_a_bulk_batch_leaves_every_index(library, big_file, stage):
    before = indexes(library)
    entries = count(library, "SELECT count(*) FROM entries")
    seen = []

    with pytest.raises(ImportCancelledError):
        library.import_file(big_file, progress=lambda now, *_: seen.append(now),
                            cancel=lambda: stage in seen)
    assert indexes(library) == before
    assert count(library, "SELECT count(*) FROM entries") == entries
    assert library.imports() == []
    assert sound(library)


@pytest.mark.parametrize("stop", [ImportCancelledError("cancelled"), RuntimeError("power cut")])
def test_a_long_statement_reports_progress_and_stops_midway(library, big_file, monkeypatch,
                                                            stop):
    monkeypatch.setattr(writer, "HEARTBEAT_S", 0)  # report on every look at the clock
    monkeypatch.setattr(writer, "HEARTBEAT_STEPS", 10)
    before = indexes(library)
    reports = []

    def progress(stage, done, total):
        if reports.count((stage, done)) > 1:  # told a third time, during a statement: stop
            raise stop
        reports.append((stage, done))

    with pytest.raises(type(stop), match=str(stop)):
        library.import_file(big_file, progress=progress)
    assert len(set(reports)) < len(reports)  # told again while a statement ran
    assert count(library, "SELECT count(*) FROM entries WHERE origin = 'import'") == 0
    assert indexes(library) == before
    assert sound(library)
    library.import_file(big_file)  # nothing of the stopped import is left in the way


def test_the_batch_is_copied_from_the_log_into_the_file_and_the_setting_kept(library,
                                                                             big_file):
    setting = library.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    library.import_file(big_file)
    file_alone = sqlite3.connect(f"{library.path.as_uri()}?immutable=1", uri=True)  # no log
    assert file_alone.execute("SELECT count(*) FROM entries WHERE origin = 'import'"
                              ).fetchone()[0] == ROWS + 7
    file_alone.close()
    assert library.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == setting
    with pytest.raises(ImportCancelledError):
        library.import_file(big_file, again=True, cancel=lambda: True)
    assert library.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == setting


def test_once_the_batch_is_in_the_import_reports_success_whatever_follows(library, big_file):
    def progress(stage, done, total):
        if stage == "indexing" and done == total:  # the report after the commit, among others
            raise RuntimeError("the progress bar is gone")

    with pytest.raises(RuntimeError):  # before the commit, a failing report stops the import
        library.import_file(big_file, progress=progress)
    assert count(library, "SELECT count(*) FROM entries WHERE origin = 'import'") == 0
    reports = []

    def after_commit_only(stage, done, total):
        reports.append((stage, done, total))
        if library.conn.in_transaction is False and len(reports) > 3:
            raise RuntimeError("the progress bar is gone")

    report = library.import_file(big_file, progress=after_commit_only)
    assert report.imported == ROWS
    assert count(library, "SELECT count(*) FROM entries WHERE origin = 'import'") == ROWS + 7
