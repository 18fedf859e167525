"""The dataset validator: the bundled dataset keeps every rule, and each broken rule is caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import DatasetError, Library
from db.dataset import load_dataset, read_dataset, validate

SOURCE_TEXT = (
    "Gazprom and BAIC sponsored a rally.\n"
    "Last year the two sides signed a $400 billion gas deal in 2014.\n"
)
SOURCES_TOML = """
[[sources]]
id = "memo"
file = "memo.txt"
title = "A short memo"
date = "2016-07"
"""

GOOD_ENTRIES = [
    {"id": "gazprom", "kind": "actor", "title": "Gazprom",
     "citations": [{"source": "memo", "quote": "Gazprom and BAIC"}]},
    {"id": "gas-deal", "kind": "deal", "title": "Gas deal", "status": "signed",
     "date": "2014", "date_text": "2014", "value_text": "$400 billion",
     "links": [{"to": "gazprom", "role": "party"}],
     "citations": [{"source": "memo", "quote": "a $400 billion gas deal in 2014"}]},
]


def toml_value(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # strings and numbers read the same in TOML


def write_dataset(root: Path, entries: list[dict], *, text: str = SOURCE_TEXT) -> Path:
    """A dataset folder laid out like ``resources/``: dataset/*.toml beside sources/*.txt."""
    folder = root / "dataset"
    folder.mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "sources" / "memo.txt").write_text(text, encoding="utf-8")
    (folder / "sources.toml").write_text(SOURCES_TOML, encoding="utf-8")
    tables = []
    for entry in entries:
        lines = ["[[entries]]"] + [f"{k} = {toml_value(v)}" for k, v in entry.items()]
        tables.append("\n".join(lines))
    (folder / "entries.toml").write_text("\n\n".join(tables) + "\n", encoding="utf-8")
    return folder


def changed(entry_id: str, **fields) -> list[dict]:
    """The good entries with some fields of one entry replaced (``None`` removes a field)."""
    out = []
    for entry in GOOD_ENTRIES:
        entry = dict(entry)
        if entry["id"] == entry_id:
            entry.update(fields)
            entry = {k: v for k, v in entry.items() if v is not None}
        out.append(entry)
    return out


def test_the_bundled_dataset_keeps_every_rule():
    dataset = read_dataset()
    assert validate(dataset) == []
    assert len(dataset.entries) == 78
    assert {e["kind"] for e in dataset.entries} == {"actor", "deal", "event", "figure", "place"}


def test_a_small_good_dataset_validates_and_builds(tmp_path):
    folder = write_dataset(tmp_path, GOOD_ENTRIES)
    dataset = load_dataset(folder)
    assert validate(dataset) == []
    with Library.open(tmp_path / "lib.sqlite", dataset=dataset) as lib:
        assert lib.get("gas-deal")["value_usd"] == 4e11
        assert lib.get("gas-deal")["citations"][0]["quote"] == "a $400 billion gas deal in 2014"


@pytest.mark.parametrize(("entries", "problem"), [
    (changed("gas-deal", links=[{"to": "rosneft", "role": "party"}]),
     "entry 'gas-deal': link to unknown entry 'rosneft'"),
    (changed("gas-deal", links=[{"to": "gazprom", "role": ""}]),
     "entry 'gas-deal': link to 'gazprom' has no role"),
    (changed("gas-deal", links=[{"to": "gas-deal", "role": "party"}]),
     "entry 'gas-deal': links to itself"),
    (changed("gas-deal", id="gazprom"), "entry gazprom: duplicate id"),
    (changed("gas-deal", id="Gas Deal"),
     "entry 'Gas Deal': id must be a slug of a-z, 0-9 and '-'"),
    (changed("gas-deal", kind="treaty"),
     "entry 'gas-deal': kind must be one of actor, deal, event, figure, place"),
    (changed("gas-deal", title=" "), "entry 'gas-deal': needs a title"),
    (changed("gazprom", citations=[{"source": "memo", "quote": "Gazprom and Rosneft"}]),
     "entry 'gazprom': quote not found in memo: 'Gazprom and Rosneft'"),
    (changed("gazprom", citations=[{"source": "memo", "quote": "gazprom and baic"}]),
     "entry 'gazprom': quote not found in memo: 'gazprom and baic'"),  # case matters
    (changed("gazprom", citations=[{"source": "wire", "quote": "Gazprom"}]),
     "entry 'gazprom': citation of unknown source 'wire'"),
    (changed("gazprom", citations=[]), "entry 'gazprom': needs at least one citation"),
    (changed("gazprom", citations=[{"source": "memo", "quote": "rally.\nLast year"}]),
     "entry 'gazprom': quote spans paragraphs: 'rally.\\nLast year'"),
    (changed("gas-deal", date="2014-13"),
     "entry 'gas-deal': not a real date: '2014-13' (month must be in 1..12)"),
    (changed("gas-deal", date="sometime in 2014"),
     "entry 'gas-deal': cannot read date 'sometime in 2014'"),
    (changed("gas-deal", date="2014-02-30"), "entry 'gas-deal': not a real date: '2014-02-30'"),
    (changed("gas-deal", date="2016..2014"),
     "entry 'gas-deal': date range ends before it starts: '2016..2014'"),
    (changed("gas-deal", date_origin="rumour"),
     "entry 'gas-deal': date_origin must be source or analyst"),
    (changed("gas-deal", date_text="last year"),
     "entry 'gas-deal': date_text 'last year' is not in any of its quotes"),
    (changed("gas-deal", value_text="a great deal"),
     "entry 'gas-deal': no sum of money in 'a great deal'"),
    (changed("gas-deal", value_text="$500 billion"),
     "entry 'gas-deal': value_text '$500 billion' is not in any of its quotes"),
    (changed("gas-deal", measures=[{"quantity": 70, "unit": "km", "text": "70-kilometer"}]),
     "entry 'gas-deal': measure text '70-kilometer' is not in any of its quotes"),
    (changed("gas-deal", measures=[{"quantity": "seventy", "unit": "km", "text": "2014"}]),
     "entry 'gas-deal': measure {'quantity': 'seventy', 'unit': 'km', 'text': '2014'} needs a "
     "quantity and a unit"),
    (changed("gas-deal", notes=[{"kind": "rumour", "text": "heard it"}]),
     "entry 'gas-deal': a note needs kind analyst|correction and a text"),
])
def test_a_broken_rule_is_rejected(tmp_path, entries, problem):
    folder = write_dataset(tmp_path, entries)
    problems = validate(read_dataset(folder))
    assert any(p.startswith(problem) for p in problems), problems
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    assert any(p.startswith(problem) for p in caught.value.problems)
    assert "problem(s) in the dataset" in str(caught.value)


def test_an_analyst_date_need_not_be_quoted(tmp_path):
    entries = changed("gas-deal", date="2014-05-21", date_text="21 May 2014",
                      date_origin="analyst")
    assert validate(read_dataset(write_dataset(tmp_path, entries))) == []


@pytest.mark.parametrize(("entries", "problem"), [
    (changed("gas-deal", links="gazprom"),
     "entry 'gas-deal': links must be a list of { ... } tables"),
    (changed("gas-deal", links=[{"to": ["gazprom"], "role": "party"}]),
     "entry 'gas-deal': each of links needs to and role as text"),
    (changed("gazprom", citations=[{"source": "memo", "quote": 42}]),
     "entry 'gazprom': each of citations needs source and quote as text"),
    (changed("gazprom", tags="energy"), "entry 'gazprom': tags must be a list of strings"),
    (changed("gas-deal", date=2014), "entry 'gas-deal': date must be a string"),
    (changed("gas-deal", value_text=400), "entry 'gas-deal': value_text must be a string"),
])
def test_fields_of_the_wrong_type_are_problems_not_crashes(tmp_path, entries, problem):
    assert problem in validate(read_dataset(write_dataset(tmp_path, entries)))


@pytest.mark.parametrize(("damage", "problem"), [
    ('[[entries]]\nid = "a"\nid = "b"\n', "entries.toml is not valid TOML"),
    ("[[entries]\n", "entries.toml is not valid TOML"),
    ("entries = 3\n", "entries.toml: “entries” must be a list of [[entries]] tables"),
])
def test_a_file_that_is_not_toml_is_a_dataset_error(tmp_path, damage, problem):
    folder = write_dataset(tmp_path, GOOD_ENTRIES)
    (folder / "entries.toml").write_text(damage, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    assert caught.value.problems[0].startswith(problem)


def test_a_missing_dataset_file_is_a_dataset_error(tmp_path):
    folder = write_dataset(tmp_path, GOOD_ENTRIES)
    (folder / "entries.toml").unlink()
    with pytest.raises(DatasetError, match="entries.toml cannot be read"):
        read_dataset(folder)


def test_a_missing_source_text_is_reported(tmp_path):
    folder = write_dataset(tmp_path, GOOD_ENTRIES)
    (tmp_path / "sources" / "memo.txt").unlink()
    problems = validate(read_dataset(folder))
    assert "source memo: text file 'memo.txt' missing" in problems


def test_every_problem_is_listed_at_once(tmp_path):
    entries = changed("gas-deal", links=[{"to": "rosneft", "role": "party"}], date="2014-13",
                      value_text="$500 billion")
    problems = validate(read_dataset(write_dataset(tmp_path, entries)))
    assert len(problems) == 3


def test_a_library_is_never_built_from_a_broken_dataset(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path, changed("gas-deal", id="gazprom"))
    monkeypatch.setenv("ROADBOOK_DATASET", str(folder))
    with pytest.raises(DatasetError, match="entry gazprom: duplicate id"):
        Library.open(tmp_path / "lib.sqlite")
    assert list(tmp_path.glob("lib.sqlite*")) == []


def test_the_dataset_checksum_follows_the_files(tmp_path):
    one = read_dataset(write_dataset(tmp_path / "a", GOOD_ENTRIES)).checksum
    same = read_dataset(write_dataset(tmp_path / "b", GOOD_ENTRIES)).checksum
    other = read_dataset(write_dataset(tmp_path / "c", GOOD_ENTRIES,
                                       text=SOURCE_TEXT + "More.\n")).checksum
    assert one == same != other
