"""Writing entries: create, edit any field, delete, undo; the history and the search keep up."""

from __future__ import annotations

import pytest

from db import InvalidValueError, NotFoundError
from db.authoring import NothingToUndoError
from db.citing import CitationError
from db.entry_fields import parse_field, script_of

SOURCE = "diplomat-2016-obor-russia"


def values(**texts) -> dict:
    return {field: parse_field(field, text) for field, text in texts.items()}


def test_a_new_entry_gets_a_slug_of_its_title_and_every_field(library):
    entry_id = library.create_entry("deal", "Power of Siberia 2 pipeline", values(
        summary="A second gas pipeline.", status="proposed", date="2016-Q3",
        date_text="this summer", value="$55 billion", aliases="Сила Сибири 2@ru; PS-2",
        links="party:gazprom; located in:moscow", tags="Energy; pipelines"))
    assert entry_id == "power-of-siberia-2-pipeline"
    entry = library.get(entry_id)
    assert (entry["kind"], entry["origin"], entry["status"]) == ("deal", "analyst", "proposed")
    assert (entry["date_start"], entry["date_end"], entry["date_precision"]) == (
        "2016-07-01", "2016-09-30", "quarter")
    assert (entry["date_text"], entry["value_usd"], entry["value_text"]) == (
        "this summer", 55e9, "$55 billion")
    assert entry["aliases"] == [{"name": "Сила Сибири 2", "lang": "ru", "script": "Cyrl"},
                                {"name": "PS-2", "lang": None, "script": "Latn"}]
    assert {(lk["id"], lk["role"]) for lk in entry["links"]} == {
        ("gazprom", "party"), ("moscow", "located in")}
    assert entry["tags"] == ["energy", "pipelines"]
    assert [e["action"] for e in entry["edits"]] == ["create"]


def test_ids_are_unique_and_never_reused(library):
    first = library.create_entry("actor", "Gazprom")
    assert first == "gazprom-2"
    library.delete_entry(first)
    assert library.create_entry("actor", "Gazprom") == "gazprom-3"
    assert library.create_entry("place", "Москва") == "moskva"
    assert library.create_entry("place", "!!!") == "entry"


def test_a_new_entry_is_found_by_every_name_and_its_words(library):
    entry_id = library.create_entry("actor", "Rosatom", values(
        aliases="Росатом@ru", summary="State nuclear corporation", tags="nuclear"))
    for query in ("rosatom", "Росатом", "nuclear corporation", "is:authored", "tag:nuclear"):
        assert entry_id in [h["id"] for h in library.search(query)["hits"]], query
    assert library.kind_counts()["actor"] == 1 + _bundled_actors(library) - 1


def _bundled_actors(library) -> int:
    return library.search("kind:actor", limit=-1)["total"]


def test_a_new_entry_with_a_quote_that_is_not_in_the_source_is_not_added(library):
    before = library.search("kind:deal", limit=-1)["total"]
    with pytest.raises(CitationError, match="not in"):
        library.create_entry("deal", "Invented deal", cite=(SOURCE, "words nobody wrote"))
    assert library.search("kind:deal", limit=-1)["total"] == before
    with pytest.raises(NotFoundError):
        library.get("invented-deal")


@pytest.mark.parametrize("field, text, message", [
    ("kind", "person", "kind must be"),
    ("title", "", "needs a title"),
    ("date", "June 2016", "cannot read date"),
    ("date", "2016-02-30", "not a real date"),
    ("value", "a lot", "no sum of money"),
    ("links", "gazprom", "ROLE:ID"),
    ("colour", "red", "unknown field"),
])
def test_a_value_that_cannot_be_read_is_refused_with_the_reason(field, text, message):
    with pytest.raises(InvalidValueError, match=message):
        parse_field(field, text)


def test_a_link_to_an_entry_that_is_not_there_is_refused_and_nothing_changes(library):
    with pytest.raises(NotFoundError, match="no-such-entry"):
        library.edit_entry("gas-deal-2014", values(links="party:no-such-entry"))
    assert any(lk["id"] == "gazprom" for lk in library.get("gas-deal-2014")["links"])


def test_editing_records_old_and_new_and_keeps_the_search_in_step(library):
    changed = library.edit_entry("gas-deal-2014", values(
        title="Power of Siberia gas deal", status="completed", aliases="Сила Сибири@ru"))
    assert changed == 3
    entry = library.get("gas-deal-2014")
    assert (entry["title"], entry["status"]) == ("Power of Siberia gas deal", "completed")
    edit = next(e for e in entry["edits"] if e["field"] == "status")
    assert (edit["old"], edit["new"], edit["action"]) == ("signed", "completed", "set")
    ids = [h["id"] for h in library.search("Сила Сибири")["hits"]]
    assert ids[0] == "gas-deal-2014"
    assert "gas-deal-2014" in [h["id"] for h in library.search("status:completed")["hits"]]
    assert library.edit_entry("gas-deal-2014", values(status="completed")) == 0


def test_undo_takes_back_one_save_at_a_time(library):
    original = library.get("gas-deal-2014")
    library.edit_entry("gas-deal-2014", values(summary="First.", value="$456bn"))
    library.edit_entry("gas-deal-2014", values(summary="Second."))
    assert library.undo_last_edit()["fields"] == ["summary"]
    assert library.get("gas-deal-2014")["summary"] == "First."
    undone = library.undo_last_edit()
    assert sorted(undone["fields"]) == ["summary", "value"]
    entry = library.get("gas-deal-2014")
    assert (entry["summary"], entry["value_usd"], entry["value_text"]) == (
        original["summary"], original["value_usd"], original["value_text"])
    assert library.search("456bn")["total"] == 0
    assert all(e["undone"] for e in entry["edits"])


def test_deleting_is_undone_whole(library):
    library.bookmark("gazprom", note="watch")
    before = library.get("gazprom")
    library.delete_entry("gazprom")
    with pytest.raises(NotFoundError):
        library.get("gazprom")
    assert all(lk["id"] != "gazprom" for lk in library.get("gas-deal-2014")["links"])
    assert library.bookmarks()[0]["exists"] is False
    assert library.undo_last_edit()["action"] == "delete"
    after = library.get("gazprom")
    for key in ("title", "summary", "aliases", "links", "notes", "tags"):
        assert after[key] == before[key], key
    assert [c["quote"] for c in after["citations"]] == [c["quote"] for c in before["citations"]]
    assert library.search("gazprom")["hits"][0]["id"] == "gazprom"


def test_undoing_a_new_entry_removes_it(library):
    entry_id = library.create_entry("event", "Summit in Kazan")
    assert library.last_edit()["action"] == "create"
    library.undo_last_edit()
    with pytest.raises(NotFoundError):
        library.get(entry_id)
    with pytest.raises(NothingToUndoError):
        library.undo_last_edit()


def test_editing_an_unknown_entry_is_refused(library):
    with pytest.raises(NotFoundError):
        library.edit_entry("no-such-entry", values(summary="x"))
    with pytest.raises(NotFoundError):
        library.delete_entry("no-such-entry")


@pytest.mark.parametrize("name, script", [
    ("Путин", "Cyrl"), ("普京", "Hans"), ("Putin", "Latn"), ("بوتين", "Arab"), ("2016", None)])
def test_the_script_of_an_alias_is_read_from_its_letters(name, script):
    assert script_of(name) == script


def test_a_read_only_library_refuses_edits(library_path):
    from db import Library, LibraryReadOnlyError

    with Library.open(library_path, read_only=True) as lib, pytest.raises(
            LibraryReadOnlyError):
        lib.create_entry("actor", "Nobody")


def test_a_written_entry_is_on_the_timeline_in_exports_and_passes_the_check(library, tmp_path):
    import json

    from db.check import check_library

    entry_id = library.create_entry("event", "Kazan summit", values(
        date="2016-06", date_text="in June", aliases="Казанский саммит@ru"),
        cite=(SOURCE, "Kazan"))
    result = library.results("kazan summit")
    data = library.timeline_items(result.nums)
    assert entry_id in list(data.ids)
    library.export([entry_id], tmp_path / "out.json", "json")
    exported = json.loads((tmp_path / "out.json").read_text("utf-8"))[0]
    assert (exported["id"], exported["origin"], exported["date_text"]) == (
        entry_id, "analyst", "in June")
    assert check_library(library.conn).ok


def test_undoing_a_link_change_after_its_target_left_still_works(library, tmp_path):
    table = tmp_path / "deals.csv"
    table.write_text("Title,Status\nArctic LNG 2,signed\n", encoding="utf-8")
    report = library.import_file(table)
    imported = library.search("Arctic LNG")["hits"][0]["id"]
    library.edit_entry("gas-deal-2014", values(links=f"party:gazprom; related:{imported}"))
    library.edit_entry("gas-deal-2014", values(links="party:gazprom"))
    library.undo_import(report.batch)  # the linked entry leaves with its batch
    library.undo_last_edit()
    assert [lk["id"] for lk in library.get("gas-deal-2014")["links"]
            if lk["direction"] == "out"] == ["gazprom"]
