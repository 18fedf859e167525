"""The analyst's entries written as a dataset folder, and read back by a colleague's Roadbook:
added to a library, or loaded whole as ``ROADBOOK_DATASET``."""

from __future__ import annotations

import tomllib

import pytest

from db import DatasetError, Library
from db.dataset_export import DatasetExportError
from db.dates import date_spec
from db.entry_fields import parse_field
from db.entry_shape import public_entry

SOURCE = "diplomat-2016-obor-russia"
SAME = ("id", "kind", "title", "summary", "category", "status", "date_start", "date_end",
        "date_precision", "date_text", "value_usd", "value_text", "tags", "aliases", "links",
        "citations", "statements", "disagreements")


def write_entries(lib: Library) -> list[str]:
    pipe = lib.create_entry("deal", "Zarubino–Jilin hyperloop line", {
        f: parse_field(f, t) for f, t in {
            "summary": "A 70 km \"hyperloop\" line.\nUnder discussion.", "status": "proposed",
            "date": "2016-06", "date_text": "June", "value": "$21 billion",
            "aliases": "Гиперлуп@ru; 磁悬浮", "links": "located in:zarubino",
            "tags": "transport"}.items()},
        cite=(SOURCE, "building a 70-kilometer “hyperloop” line"))
    lib.cite(pipe, SOURCE, "a $21 billion high-speed railway", states="value=$21 billion")
    lib.cite(pipe, SOURCE, "building a 70-kilometer", states="value=$25bn")
    rally = lib.create_entry("event", "Second rally", {"links": [{"to": pipe, "role": "about"}]},
                             cite=(SOURCE, "rally"))
    return [pipe, rally]


def shown(lib: Library, entry_id: str) -> dict:
    entry = public_entry(lib.get(entry_id))
    entry["statements"] = [{k: v for k, v in s.items() if k != "num"}
                           for s in entry["statements"]]
    return {k: entry[k] for k in SAME}


def test_exported_entries_come_back_the_same_in_a_fresh_library(library, tmp_path):
    ids = write_entries(library)
    report = library.export_dataset(tmp_path / "mine")
    assert (report["entries"], report["sources"]) == (2, 1)
    assert any("zarubino" in p for p in report["problems"])  # a link outside the folder
    with Library.open(tmp_path / "colleague.sqlite") as other:
        added = other.import_dataset(tmp_path / "mine")
        assert (added["entries"], added["skipped"]) == (2, [])
        for entry_id in ids:
            assert shown(other, entry_id) == shown(library, entry_id)
            assert other.get(entry_id)["origin"] == "analyst"
        assert other.search("Гиперлуп")["hits"][0]["id"] == ids[0]
        assert other.search("is:disputed")["hits"][0]["id"] == ids[0]
        again = other.import_dataset(tmp_path / "mine")
        assert (again["entries"], sorted(again["skipped"])) == (0, sorted(ids))


def test_the_folder_is_the_bundled_format(library, tmp_path):
    write_entries(library)
    library.export_dataset(tmp_path / "mine")
    data = tomllib.loads((tmp_path / "mine" / "dataset" / "entries.toml").read_text("utf-8"))
    first = data["entries"][0]
    assert (first["date"], first["date_text"], first["value_text"]) == ("2016-06", "June",
                                                                         "$21 billion")
    assert first["links"] == [{"to": "zarubino", "role": "located in"}]
    sources = tomllib.loads((tmp_path / "mine" / "dataset" / "sources.toml").read_text("utf-8"))
    text = (tmp_path / "mine" / "sources" / sources["sources"][0]["file"]).read_text("utf-8")
    assert text == library.source(SOURCE)["text"]


def test_a_self_contained_export_loads_as_roadbook_dataset(library, tmp_path, monkeypatch):
    one = library.create_entry("figure", "Trade target", {
        "value": parse_field("value", "$21 billion")}, cite=(SOURCE, "$21 billion"))
    report = library.export_dataset(tmp_path / "alone")
    assert report["problems"] == []
    monkeypatch.setenv("ROADBOOK_DATASET", str(tmp_path / "alone" / "dataset"))
    with Library.open(tmp_path / "trial.sqlite") as trial:
        assert trial.kind_counts() == {"figure": 1}
        assert shown(trial, one) | {"statements": []} == shown(library, one) | {
            "statements": []}


def test_export_refuses_a_folder_that_holds_files(library, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("keep me")
    with pytest.raises(DatasetExportError, match="not an empty folder"):
        library.export_dataset(tmp_path / "full")
    assert (tmp_path / "full" / "x.txt").read_text() == "keep me"
    with pytest.raises(DatasetExportError, match="does not exist"):
        library.export_dataset(tmp_path / "nowhere" / "out")


def test_a_broken_folder_adds_nothing(library, tmp_path):
    write_entries(library)
    library.export_dataset(tmp_path / "mine")
    path = tmp_path / "mine" / "dataset" / "entries.toml"
    path.write_text(path.read_text("utf-8").replace("“hyperloop” line", "hyperloop line"),
                    encoding="utf-8")
    with Library.open(tmp_path / "colleague.sqlite") as other:
        before = sum(other.kind_counts().values())
        with pytest.raises(DatasetError, match="quote not found"):
            other.import_dataset(tmp_path / "mine")
        assert sum(other.kind_counts().values()) == before
        with pytest.raises(DatasetError, match="not a dataset folder"):
            other.import_dataset(tmp_path)


def test_a_changed_quote_in_the_amendments_adds_nothing(library, tmp_path):
    source = library.add_source("Analysts now put the gas deal at $456bn.", title="Gas clip")
    library.cite("gas-deal-2014", source["id"], "the gas deal at $456bn", states="value=$456bn")
    report = library.export_dataset(tmp_path / "mine")
    assert (report["entries"], report["amended"]) == (0, 1)
    path = tmp_path / "mine" / "dataset" / "amendments.toml"
    assert "$456bn" in path.read_text("utf-8")
    path.write_text(path.read_text("utf-8").replace("gas deal at $456bn", "gas deal at $999bn"),
                    encoding="utf-8")
    with Library.open(tmp_path / "colleague.sqlite") as other:
        with pytest.raises(DatasetError, match="amendments of gas-deal-2014"):
            other.import_dataset(tmp_path / "mine")
        assert other.get("gas-deal-2014")["statements"] == []
        assert other.sources() == [s for s in other.sources() if s["title"] != "Gas clip"]


@pytest.mark.parametrize("start, end, precision, spec", [
    ("2014-01-01", "2014-12-31", "year", "2014"), ("2016-01-01", "2016-03-31", "quarter",
                                                   "2016-Q1"),
    ("2016-06-01", "2016-06-30", "month", "2016-06"), ("2016-07-12", "2016-07-12", "day",
                                                       "2016-07-12"),
    ("2014-01-01", "2016-12-31", "range", "2014-01-01..2016-12-31"), (None, None, None, None)])
def test_dates_are_written_as_the_dataset_writes_them(start, end, precision, spec):
    assert date_spec(start, end, precision) == spec
