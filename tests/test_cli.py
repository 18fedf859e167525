"""The ``roadbook`` command line, run as a user runs it: in a subprocess, on a real library file."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HIT_KEYS = {"id", "kind", "title", "date_start", "date_end", "value_usd", "snippet"}
SHOW_KEYS = {"id", "kind", "title", "summary", "category", "status", "date_start", "date_end",
             "date_precision", "date_text", "value_usd", "value_text", "aliases", "links",
             "citations", "bookmark"}


def roadbook(*args: str, library: Path | None = None, check: bool = False,
             cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``python -m desktop.cli`` with ``--library`` first, as a user would."""
    prefix = ["--library", str(library)] if library is not None else []
    env = dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "desktop.cli", *prefix, *args], cwd=cwd,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def assert_one_line_error(done: subprocess.CompletedProcess, text: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("roadbook: ")
    assert text in lines[0], lines[0]


# -- search ----------------------------------------------------------------------------------

def test_search_json_contract(library_path):
    done = roadbook("search", "gas", "--json", library=library_path, check=True)
    result = json.loads(done.stdout)
    assert set(result) == {"query", "total", "hits"}
    assert (result["query"], result["total"]) == ("gas", 5)
    [first] = [h for h in result["hits"] if h["id"] == "gas-deal-2014"]
    assert set(first) >= HIT_KEYS
    assert {k: first[k] for k in HIT_KEYS - {"snippet"}} == {
        "id": "gas-deal-2014", "kind": "deal", "title": "China–Russia gas deal (2014)",
        "date_start": "2014-01-01", "date_end": "2014-12-31", "value_usd": 4e11}
    assert first["snippet"] == "China–Russia \x02gas\x03 deal (2014)"


def test_search_kind_and_limit(library_path):
    done = roadbook("search", "gas", "--kind", "actor", "--limit", "2", "--json",
                    library=library_path, check=True)
    result = json.loads(done.stdout)
    assert result["total"] == 3
    assert [h["id"] for h in result["hits"]] == ["gazprom", "xi-jinping"]


def test_search_text_output(library_path):
    done = roadbook("search", "year:2014 kind:deal", library=library_path, check=True)
    assert done.stdout.split() == ["gas-deal-2014", "deal", "China–Russia", "gas", "deal",
                                   "(2014)", "(2014", "$400", "bn)"]
    assert done.stderr == "1 found\n"


def test_search_hints_go_to_stderr(library_path):
    done = roadbook("search", "gazprm", "--json", library=library_path, check=True)
    assert json.loads(done.stdout)["hits"][0]["id"] == "gazprom"
    assert done.stderr == "note: Nothing matched as typed; showing “gazprom” for “gazprm”.\n"


def test_search_hostile_query(library_path):
    done = roadbook("search", 'a":\n', "--json", library=library_path, check=True)
    assert isinstance(json.loads(done.stdout)["total"], int)
    assert "closing quote" in done.stderr


def test_search_passages(library_path):
    done = roadbook("search", "hyperloop", "--passages", library=library_path, check=True)
    assert done.stdout.startswith("diplomat-2016-obor-russia ¶16: ")
    assert "[hyperloop]" in done.stdout


# -- show ------------------------------------------------------------------------------------

def test_show_json_contract(library_path):
    done = roadbook("show", "gas-deal-2014", "--json", library=library_path, check=True)
    entry = json.loads(done.stdout)
    assert set(entry) >= SHOW_KEYS
    assert {k: entry[k] for k in ("id", "kind", "title", "category", "status", "date_start",
                                  "date_end", "date_precision", "date_text", "value_usd",
                                  "value_text", "bookmark")} == {
        "id": "gas-deal-2014", "kind": "deal", "title": "China–Russia gas deal (2014)",
        "category": "agreement", "status": "signed", "date_start": "2014-01-01",
        "date_end": "2014-12-31", "date_precision": "year", "date_text": "2014",
        "value_usd": 4e11, "value_text": "$400 billion", "bookmark": None}
    assert {"id": "gazprom", "kind": "actor", "title": "Gazprom", "role": "party"}.items() \
        <= next(lk for lk in entry["links"] if lk["id"] == "gazprom").items()
    assert all({"id", "kind", "title", "role"} <= set(lk) for lk in entry["links"])
    assert entry["citations"] == [{
        "source_id": "diplomat-2016-obor-russia",
        "source_title": "China’s Road to Closer Ties With Russia",
        "quote": "the $400 billion gas deal signed in 2014 between Vladimir Putin and Xi Jinping",
        "page": None}]  # the page a quote is on, for a source that has pages (a PDF)
    assert {"name": "中俄东线天然气购销合同", "lang": "zh", "script": "Hans"} in entry["aliases"]


def test_show_text(library_path):
    done = roadbook("show", "vladimir-putin", library=library_path, check=True)
    assert done.stdout.startswith("Vladimir Putin  [actor, person]\n")
    assert "Владимир Путин" in done.stdout
    assert "party ← China–Russia gas deal (2014) (gas-deal-2014)" in done.stdout


# -- bookmarks -------------------------------------------------------------------------------

def test_bookmark_add_list_remove(library_path):
    done = roadbook("bookmark", "add", "gazprom", "--note", "sponsor of the rally", "--tag",
                    "energy", "--tag", "rally", library=library_path, check=True)
    assert done.stderr == "bookmarked gazprom\n"
    shown = json.loads(roadbook("show", "gazprom", "--json", library=library_path).stdout)
    assert shown["bookmark"] == {"note": "sponsor of the rally", "tags": ["energy", "rally"]}
    listed = json.loads(roadbook("bookmarks", "--json", library=library_path, check=True).stdout)
    assert [(m["id"], m["title"], m["note"], m["tags"], m["exists"]) for m in listed] == [
        ("gazprom", "Gazprom", "sponsor of the rally", ["energy", "rally"], True)]
    text = roadbook("bookmarks", library=library_path, check=True)
    assert text.stdout.splitlines()[1] == "    sponsor of the rally"
    assert json.loads(roadbook("bookmarks", "--tag", "other", "--json",
                               library=library_path).stdout) == []
    done = roadbook("bookmark", "remove", "gazprom", library=library_path, check=True)
    assert done.stderr == "removed bookmark gazprom\n"
    assert json.loads(roadbook("bookmarks", "--json", library=library_path).stdout) == []


def test_bookmark_remove_when_not_bookmarked(library_path):
    assert_one_line_error(roadbook("bookmark", "remove", "gazprom", library=library_path),
                          "gazprom was not bookmarked")


# -- export ----------------------------------------------------------------------------------

def test_export_json_is_a_list_of_show_objects(library_path, tmp_path):
    out = tmp_path / "deals.json"
    done = roadbook("export", "--query", "kind:deal value:>100bn", "--format", "json", "--out",
                    str(out), library=library_path, check=True)
    assert done.stderr == f"wrote 4 entries to {out}\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {e["id"] for e in data} == {"gas-deal-2014", "moscow-beijing-hsr",
                                       "obor-4-trillion-pledge", "obor-official-deals"}
    shown = json.loads(roadbook("show", "gas-deal-2014", "--json", library=library_path).stdout)
    assert next(e for e in data if e["id"] == "gas-deal-2014") == shown


def test_export_csv(library_path, tmp_path):
    out = tmp_path / "all.csv"
    roadbook("export", "--format", "csv", "--out", str(out), library=library_path, check=True)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 78
    deal = next(r for r in rows if r["id"] == "gas-deal-2014")
    assert (deal["value_usd"], deal["date_text"]) == ("400000000000", "2014")


# -- check -----------------------------------------------------------------------------------

def test_check_reports_a_sound_library(library_path):
    done = roadbook("check", library=library_path, check=True)
    assert done.stdout.splitlines()[-1] == "library is sound"
    assert "SQLite integrity     ok" in done.stdout
    assert "bundled dataset      ok" in done.stdout


def test_check_reports_a_moved_quote(library_path):
    import sqlite3

    conn = sqlite3.connect(library_path)
    conn.execute("UPDATE citations SET start = start + 1 WHERE entry_id = 'gazprom'")
    conn.commit()
    conn.close()
    done = roadbook("check", library=library_path)
    assert done.returncode == 1
    assert "  citations: gazprom: quote is not at its recorded place in the source" in done.stdout
    assert done.stdout.splitlines()[-1] == "1 problem(s) found"


# -- errors: one line on stderr, non-zero exit, never a traceback ----------------------------

def test_unknown_id(library_path):
    assert_one_line_error(roadbook("show", "nowhere", library=library_path),
                          "no entry with id 'nowhere'")
    assert_one_line_error(roadbook("bookmark", "add", "nowhere", library=library_path),
                          "no entry with id 'nowhere'")


def test_missing_library_read_only(tmp_path):
    missing = tmp_path / "missing.sqlite"
    assert_one_line_error(roadbook("--read-only", "search", "gas", library=missing),
                          f"There is no library at {missing}")
    assert not missing.exists()


def test_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a library\n", encoding="utf-8")
    assert_one_line_error(roadbook("search", "gas", library=path), "not an SQLite database")
    assert path.read_text(encoding="utf-8") == "these are my notes, not a library\n"


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    assert_one_line_error(roadbook("show", "gazprom", library=path), "is empty (0 bytes)")
    assert path.stat().st_size == 0


def test_an_sqlite_file_of_another_program(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert_one_line_error(roadbook("search", "gas", library=path), "not a Roadbook library")


def test_a_folder(tmp_path):
    assert_one_line_error(roadbook("search", "gas", library=tmp_path), "is a folder")


def test_writing_a_read_only_library(library_path):
    assert_one_line_error(roadbook("--read-only", "bookmark", "add", "gazprom",
                                   library=library_path), "cannot be written")


def test_export_to_a_missing_folder(library_path, tmp_path):
    out = tmp_path / "no" / "x.json"
    assert_one_line_error(roadbook("export", "--format", "json", "--out", str(out),
                                   library=library_path), "does not exist")


@pytest.mark.parametrize(("args", "message"), [
    (["search"], "the following arguments are required: query"),
    (["search", "gas", "--limit", "0"], "--limit: must be 1 or more"),
    (["search", "gas", "--limit", "many"], "--limit: not a number: 'many'"),
    (["search", "gas", "--kind", "person"], "argument --kind: invalid choice: 'person'"),
    (["show"], "the following arguments are required: id"),
    (["export", "--format", "xml", "--out", "x"], "argument --format: invalid choice: 'xml'"),
    (["export", "--format", "json"], "the following arguments are required: --out"),
    (["bookmark", "toggle", "gazprom"], "argument action: invalid choice: 'toggle'"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["search", "gas", "--colour"], "unrecognized arguments: --colour"),
    (["undo-import", "9" * 23], "larger than any number the library holds"),
    (["statements", "gas-deal-2014", "prefer", "9" * 23], "larger than any number"),
])
def test_bad_arguments(library_path, args, message):
    done = roadbook(*args, library=library_path)
    assert_one_line_error(done, message)
    assert done.returncode == 2


def command_names() -> list[str]:
    from desktop.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_help_everywhere(tmp_path):
    names = command_names()
    assert {"search", "show", "export", "bookmark", "bookmarks", "check"} <= set(names)
    top = roadbook("--help", check=True, cwd=ROOT)
    assert top.stdout.startswith("usage: roadbook")
    for name in names:
        done = roadbook(name, "--help", library=tmp_path / "never-made.sqlite")
        assert done.returncode == 0, (name, done.stderr)
        assert done.stdout.startswith(f"usage: roadbook {name}"), name
        assert done.stderr == ""
    assert not (tmp_path / "never-made.sqlite").exists()


def test_library_from_the_environment(library_path, tmp_path):
    env_library = tmp_path / "from-env.sqlite"
    env = dict(os.environ, ROADBOOK_LIBRARY=str(env_library), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "bookmark", "add", "gazprom"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert env_library.exists()
    assert json.loads(roadbook("bookmarks", "--json", library=env_library).stdout)[0]["id"] \
        == "gazprom"
    assert json.loads(roadbook("bookmarks", "--json", library=library_path).stdout) == []


@pytest.mark.parametrize(("argv", "window"), [
    ([], {"library": None, "read_only": False}),
    (["--library", "a.sqlite"], {"library": "a.sqlite", "read_only": False}),
    (["--read-only", "--library=b c.sqlite"], {"library": "b c.sqlite", "read_only": True}),
    (["search", "gas"], None),
    (["--library", "a.sqlite", "bookmarks"], None),
    (["--library"], None),
    (["--help"], None),
    (["--version"], None),
    (["--lib", "a.sqlite"], None),  # an abbreviation: the full parser decides
])
def test_the_window_start_is_told_apart_without_the_command_parsers(argv, window):
    from desktop.cli.parser import window_arguments

    args = window_arguments(argv)
    if window is None:
        assert args is None
    else:
        assert {key: getattr(args, key) for key in window} == window and args.command is None


def test_a_window_start_without_a_library_path_is_still_a_usage_error(tmp_path):
    done = roadbook("--library", cwd=tmp_path)
    assert_one_line_error(done, "--library")
    assert done.returncode == 2
