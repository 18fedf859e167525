"""Writing entries from the command line: entry add/edit/delete/undo, cite --states,
statements, and the analyst's dataset folder — run as a user runs them, in a subprocess."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import SHOW_KEYS, assert_one_line_error, roadbook

SOURCE = "diplomat-2016-obor-russia"


def test_entry_add_prints_the_entry_as_show_does(library_path):
    done = roadbook("entry", "add", "--kind", "deal", "--title", "Kazan hyperloop",
                    "--value", "$21 billion", "--date", "2016-06", "--date-text", "June",
                    "--alias", "Казанский гиперлуп@ru", "--link", "party:gazprom",
                    "--tag", "transport", "--cite", SOURCE, "--quote", "hyperloop", "--json",
                    library=library_path, check=True)
    entry = json.loads(done.stdout)
    assert set(entry) >= SHOW_KEYS | {"statements", "disagreements"}
    assert (entry["id"], entry["origin"], entry["value_usd"]) == ("kazan-hyperloop", "analyst",
                                                                  21e9)
    assert entry["aliases"] == [{"name": "Казанский гиперлуп", "lang": "ru", "script": "Cyrl"}]
    assert entry["links"][0]["id"] == "gazprom"
    assert entry["citations"][0]["quote"] == "hyperloop"
    shown = json.loads(roadbook("show", "kazan-hyperloop", "--json", library=library_path,
                                check=True).stdout)
    assert shown == entry
    hits = json.loads(roadbook("search", "гиперлуп", "--json", library=library_path,
                               check=True).stdout)["hits"]
    assert hits[0]["id"] == "kazan-hyperloop"


def test_edit_delete_and_undo(library_path):
    roadbook("entry", "edit", "gazprom", "--set", "status=state-owned", "--add-alias", "GAZP",
             "--remove-tag", "energy", library=library_path, check=True)
    entry = json.loads(roadbook("show", "gazprom", "--json", library=library_path).stdout)
    assert entry["status"] == "state-owned" and entry["tags"] == []
    assert "GAZP" in [a["name"] for a in entry["aliases"]]
    history = roadbook("entry", "history", "gazprom", library=library_path, check=True).stdout
    assert "status: — → state-owned" in history
    roadbook("entry", "delete", "gazprom", library=library_path, check=True)
    assert roadbook("show", "gazprom", library=library_path).returncode == 1
    roadbook("entry", "undo", library=library_path, check=True)
    roadbook("entry", "undo", library=library_path, check=True)
    entry = json.loads(roadbook("show", "gazprom", "--json", library=library_path).stdout)
    assert (entry["status"], entry["tags"]) == (None, ["energy"])


def test_cite_states_a_value_and_statements_choose_the_preferred(library_path):
    done = roadbook("cite", "gas-deal-2014", "--source", SOURCE, "--quote",
                    "the $400 billion gas deal", "--states", "value=$456bn",
                    library=library_path, check=True)
    assert "statement 2: value = $456bn (normal)" in done.stdout
    text = roadbook("show", "gas-deal-2014", library=library_path, check=True).stdout
    assert "Sources disagree on value:" in text
    assert "$400 billion  (preferred)" in text and "$456bn  (normal)" in text
    entry = json.loads(roadbook("show", "gas-deal-2014", "--json", library=library_path).stdout)
    assert entry["disagreements"] == ["value"]
    assert {(s["text"], s["rank"], s["source_id"]) for s in entry["statements"]} == {
        ("$400 billion", "preferred", SOURCE), ("$456bn", "normal", SOURCE)}
    disputed = roadbook("search", "is:disputed", library=library_path, check=True).stdout
    assert disputed.startswith("gas-deal-2014")
    roadbook("statements", "gas-deal-2014", "prefer", "2", library=library_path, check=True)
    entry = json.loads(roadbook("show", "gas-deal-2014", "--json", library=library_path).stdout)
    assert (entry["value_text"], entry["value_usd"]) == ("$456bn", 456e9)
    assert len(entry["statements"]) == 2


@pytest.mark.parametrize("args, message", [
    (("entry", "add", "--kind", "deal", "--title", "X", "--value", "lots"), "no sum of money"),
    (("entry", "add", "--kind", "deal", "--title", "X", "--date", "someday"), "cannot read date"),
    (("entry", "add", "--kind", "deal", "--title", "X", "--link", "party:nobody"), "nobody"),
    (("entry", "add", "--kind", "deal", "--title", "X", "--cite", SOURCE), "go together"),
    (("entry", "add", "--kind", "deal", "--title", "X", "--cite", SOURCE, "--quote", "nope"),
     "not in"),
    (("entry", "edit", "gazprom", "--set", "colour=red"), "unknown field"),
    (("entry", "edit", "gazprom", "--set", "kind=person"), "kind must be"),
    (("entry", "edit", "gazprom"), "nothing to change"),
    (("entry", "edit", "gazprom", "--remove-tag", "nuclear"), "no tag"),
    (("entry", "delete", "nobody"), "no entry"),
    (("entry", "undo"), "no edit to undo"),
    (("cite", "gazprom", "--source", SOURCE, "--quote", "Gazprom", "--states", "x=1"),
     "a statement is"),
    (("statements", "gazprom", "prefer", "99"), "no statement number 99"),
    (("statements", "gazprom", "prefer"), "statement number"),
])
def test_every_bad_input_is_one_line_and_exit_1(library_path, args, message):
    done = roadbook(*args, library=library_path)
    assert_one_line_error(done, message)
    assert done.returncode == 1


def test_export_toml_and_import_into_another_library(library_path, tmp_path):
    roadbook("entry", "add", "--kind", "figure", "--title", "Rail financing", "--value",
             "$21 billion", "--cite", SOURCE, "--quote", "$21 billion", library=library_path,
             check=True)
    out = tmp_path / "mine"
    done = roadbook("export", "--origin", "analyst", "--format", "toml", "--out", str(out),
                    library=library_path, check=True)
    assert "wrote 1 entries and 1 source(s)" in done.stderr
    other = tmp_path / "other.sqlite"
    roadbook("import", str(out), library=other, check=True)
    mine = json.loads(roadbook("show", "rail-financing", "--json", library=library_path).stdout)
    theirs = json.loads(roadbook("show", "rail-financing", "--json", library=other).stdout)
    for key in ("title", "kind", "value_usd", "value_text", "citations", "origin"):
        assert theirs[key] == mine[key], key
    again = roadbook("export", "--origin", "analyst", "--format", "toml", "--out", str(out),
                     library=library_path)
    assert_one_line_error(again, "not an empty folder")


def test_show_says_what_the_dataset_now_ships_under_an_edit(library_path, tmp_path, monkeypatch):
    import shutil

    from db.paths import resources_dir

    roadbook("entry", "edit", "baic", "--set", "title=BAIC Motor", library=library_path,
             check=True)
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "dataset", root / "dataset")
    shutil.copytree(resources_dir() / "sources", root / "sources")
    entries = root / "dataset" / "entries.toml"
    entries.write_text(entries.read_text("utf-8").replace('title = "BAIC"',
                                                          'title = "BAIC Group"'), "utf-8")
    monkeypatch.setenv("ROADBOOK_DATASET", str(root / "dataset"))
    text = roadbook("show", "baic", library=library_path, check=True).stdout
    assert text.startswith("BAIC Motor")
    assert "title: the dataset now says BAIC Group" in text
    shown = json.loads(roadbook("show", "baic", "--json", library=library_path).stdout)
    assert shown["dataset_changes"] == [{"field": "title", "value": "BAIC Group"}]


def _name_suggested(library_path, tmp_path) -> tuple[str, dict]:
    """A source naming someone the library does not know: its id and that name's suggestion."""
    text = tmp_path / "note.txt"
    text.write_text("Trade grew. Later, Igor Sechin flew to Novy Urengoy.", encoding="utf-8")
    source = json.loads(roadbook("source", "add", str(text), "--title", "Flights", "--json",
                                 library=library_path, check=True).stdout)["id"]
    names = json.loads(roadbook("suggestions", source, "--json", library=library_path,
                                check=True).stdout)
    return source, next(s for s in names if s["text"] == "Igor Sechin")


def test_accepting_a_new_name_says_how_to_write_its_entry(library_path, tmp_path):
    import shlex

    source, sechin = _name_suggested(library_path, tmp_path)
    done = roadbook("suggestions", source, "accept", str(sechin["n"]), library=library_path,
                    check=True)
    assert f"--title 'Igor Sechin' --from-suggestion {source}:{sechin['n']}" in done.stderr
    command = shlex.split(done.stderr.split("write it with: ")[1].splitlines()[0])
    assert command[:3] == ["roadbook", "entry", "add"]
    made = json.loads(roadbook(*command[1:], "--json", library=library_path, check=True).stdout)
    assert made["title"] == "Igor Sechin"
    assert made["citations"][0]["quote"] == sechin["quote"]


def test_entry_add_from_a_name_suggestion_accepts_it(library_path, tmp_path):
    source, sechin = _name_suggested(library_path, tmp_path)
    entry = json.loads(roadbook("entry", "add", "--kind", "actor", "--title", "Igor Sechin",
                                "--from-suggestion", f"{source}:{sechin['n']}", "--json",
                                library=library_path, check=True).stdout)
    assert entry["citations"][0]["quote"] == sechin["quote"]
    after = json.loads(roadbook("suggestions", source, "--json", library=library_path,
                                check=True).stdout)
    decided = next(s for s in after if s["n"] == sechin["n"])
    assert (decided["status"], decided["entry_id"]) == ("accepted", "igor-sechin")
    bad = roadbook("entry", "add", "--kind", "actor", "--title", "X", "--from-suggestion",
                   f"{source}:x", library=library_path)
    assert_one_line_error(bad, "SOURCE_ID:N")
    assert bad.returncode == 1


def test_quotes_and_disagreements_on_bundled_entries_travel_with_the_folder(library_path,
                                                                             tmp_path):
    text = tmp_path / "clip.txt"
    text.write_text("Gas clip\n\nAnalysts now put the gas deal at $456bn, more than first "
                    "reported.", encoding="utf-8")
    source = json.loads(roadbook("source", "add", str(text), "--json", library=library_path,
                                 check=True).stdout)["id"]
    roadbook("cite", "gas-deal-2014", "--source", source, "--quote", "the gas deal at $456bn",
             "--states", "value=$456bn", library=library_path, check=True)
    out = tmp_path / "shared"
    done = roadbook("export", "--origin", "analyst", "--format", "toml", "--out", str(out),
                    library=library_path, check=True)
    assert "with your quotes and statements on 1 entries you did not write" in done.stderr
    colleague = tmp_path / "colleague.sqlite"
    done = roadbook("import", str(out), library=colleague, check=True)
    assert "quotes and statements added to 1 entries it has" in done.stderr
    theirs = json.loads(roadbook("show", "gas-deal-2014", "--json", library=colleague).stdout)
    assert theirs["disagreements"] == ["value"]
    assert {s["text"] for s in theirs["statements"]} >= {"$456bn"}
    assert "the gas deal at $456bn" in [c["quote"] for c in theirs["citations"]]
    again = roadbook("import", str(out), library=colleague, check=True)  # nothing doubled
    assert again.returncode == 0
    twice = json.loads(roadbook("show", "gas-deal-2014", "--json", library=colleague).stdout)
    assert len(twice["statements"]) == len(theirs["statements"])
    assert len(twice["citations"]) == len(theirs["citations"])
