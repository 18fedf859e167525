"""``roadbook import``, ``imports`` and ``undo-import``: the first test runs the real command in
a subprocess; the rest call its ``main()`` in-process (the same code, without the start-up)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.test_cli import assert_one_line_error
from tests.test_cli import roadbook as roadbook_process


@pytest.fixture
def roadbook(capsys):
    from desktop.cli import main

    def run(*args: str, library, check: bool = False):
        code = main(["--library", str(library), *args])
        out, err = capsys.readouterr()
        if check:
            assert code == 0, err
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return run

NOTES = "title,when,amount,investor\nVisit to Astana,September 2013,,\n,2014,,\n" \
        "Kazan loan,2015?,\"1,740\",Gazprom\n"


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_import_prints_counts_and_every_rejected_row(library_path, notes):
    done = roadbook_process("import", str(notes), library=library_path, check=True)
    assert done.stdout.splitlines() == [
        "notes.csv: 3 rows, 2 imported, 1 rejected as batch 1",
        "  row 3: has no title (column 'title' is empty)",
    ]


def test_import_json_report(roadbook, library_path, notes):
    done = roadbook("import", str(notes), "--kind", "event", "--map", "when=date",
                    "--map", "amount=value:millions", "--json", library=library_path, check=True)
    report = json.loads(done.stdout)
    assert {k: report[k] for k in ("batch", "rows", "imported", "rejected", "rejections")} == {
        "batch": 1, "rows": 3, "imported": 2, "rejected": 1,
        "rejections": [{"row": 3, "reason": "has no title (column 'title' is empty)"}]}
    shown = json.loads(roadbook("show", "import-1-3", "--json", library=library_path).stdout)
    assert (shown["kind"], shown["date_precision"], shown["value_usd"]) == (
        "event", "year", 1.74e9)
    assert [lk["id"] for lk in shown["links"]] == ["gazprom"]


def test_the_same_file_twice_is_refused_without_again(roadbook, library_path, notes):
    roadbook("import", str(notes), library=library_path, check=True)
    assert_one_line_error(roadbook("import", str(notes), library=library_path),
                          "notes.csv was imported before (batch 1); add --again to import it "
                          "again, or undo-import 1 first")
    done = roadbook("import", str(notes), "--again", library=library_path, check=True)
    assert done.stdout.splitlines()[0] == "notes.csv: 3 rows, 2 imported, 1 rejected as batch 2"


def test_a_dry_run_writes_nothing(roadbook, library_path, notes):
    done = roadbook("import", str(notes), "--dry-run", library=library_path, check=True)
    assert done.stdout.splitlines()[0] == ("notes.csv: 3 rows, 2 imported, 1 rejected "
                                           "(dry run: nothing was written)")
    assert json.loads(roadbook("imports", "--json", library=library_path).stdout) == []


def test_imports_lists_batches_and_undo_removes_one(roadbook, library_path, notes):
    roadbook("import", str(notes), library=library_path, check=True)
    [batch] = json.loads(roadbook("imports", "--json", library=library_path).stdout)
    assert {k: batch[k] for k in ("batch", "file", "rows", "imported", "rejected", "entries")} \
        == {"batch": 1, "file": str(notes), "rows": 3, "imported": 2, "rejected": 1,
            "entries": 2}
    listing = roadbook("imports", library=library_path, check=True).stdout
    assert "2 imported" in listing and str(notes) in listing
    done = roadbook("undo-import", "1", library=library_path, check=True)
    assert done.stderr == "undid import batch 1: removed 2 entries\n"
    assert json.loads(roadbook("imports", "--json", library=library_path).stdout) == []
    assert_one_line_error(roadbook("undo-import", "1", library=library_path),
                          "there is no import batch 1")


def test_a_mapping_saved_by_name_and_used_again(roadbook, library_path, notes, tmp_path):
    roadbook("import", str(notes), "--map", "when=date", "--save-mapping", "field notes",
             library=library_path, check=True)
    other = tmp_path / "more.csv"
    other.write_text("title,when,amount,investor\nHarbin bridge,2016,,\n", encoding="utf-8")
    roadbook("import", str(other), "--mapping", "field notes", library=library_path, check=True)
    shown = json.loads(roadbook("show", "import-2-1", "--json", library=library_path).stdout)
    assert shown["date_start"] == "2016-01-01"


@pytest.mark.parametrize("args, message", [
    (["--mapping", "nope"], "no mapping named 'nope'"),
    (["--map", "when"], "--map when: write COLUMN=FIELD"),
    (["--map", "when=colour"], "--map when=colour: unknown field 'colour'"),
    (["--map", "missing=title"], "the mapping names column(s) the file does not have: missing"),
])
def test_mapping_mistakes_are_one_line(roadbook, library_path, notes, args, message):
    assert_one_line_error(roadbook("import", str(notes), *args, library=library_path), message)


def test_files_that_cannot_be_imported_are_one_line(roadbook, library_path, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert_one_line_error(roadbook("import", str(empty), library=library_path),
                          "empty.csv is empty (0 bytes): there is nothing to import")
    assert_one_line_error(roadbook("import", str(tmp_path / "none.csv"), library=library_path),
                          "there is no file")
