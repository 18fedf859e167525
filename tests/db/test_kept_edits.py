"""An analyst's edits of bundled entries outlive a refresh of the dataset, which says what it
ships now instead of overwriting them."""

from __future__ import annotations

import pytest

from db import Library, NotFoundError
from db.entry_fields import parse_field
from tests.db.test_bundled_refresh import edit_entries


def edit(lib: Library, entry_id: str, **texts) -> None:
    lib.edit_entry(entry_id, {f: parse_field(f, t) for f, t in texts.items()})


def test_an_edited_field_is_kept_and_the_shipped_change_is_noted(library_path, dataset_copy):
    with Library.open(library_path) as lib:
        edit(lib, "gazprom", title="Gazprom (state)", tags="energy; state-owned")
    edit_entries(dataset_copy, 'title = "Gazprom"', 'title = "Gazprom PJSC"')
    edit_entries(dataset_copy, 'summary = "Russian gas company, a sponsor of the Silk Road rally."',
                 'summary = "Russian gas company."')
    with Library.open(library_path) as lib:
        entry = lib.get("gazprom")
        assert entry["title"] == "Gazprom (state)"  # the analyst's words stay
        assert entry["summary"] == "Russian gas company."  # a field not edited follows
        assert entry["tags"] == ["energy", "state-owned"]
        assert entry["dataset_changes"] == [
            {"field": "title", "value": "Gazprom PJSC", "noted_at": entry["dataset_changes"][0][
                "noted_at"]}]
        assert lib.search("Gazprom (state)")["hits"][0]["id"] == "gazprom"


def test_an_undone_edit_lets_the_dataset_through_again(library_path, dataset_copy):
    with Library.open(library_path) as lib:
        edit(lib, "baic", title="BAIC Motor")
        lib.undo_last_edit()
    edit_entries(dataset_copy, 'title = "BAIC"', 'title = "BAIC Group"')
    with Library.open(library_path) as lib:
        assert lib.get("baic")["title"] == "BAIC Group"
        assert lib.get("baic")["dataset_changes"] == []


def test_edited_aliases_and_links_are_kept(library_path, dataset_copy):
    with Library.open(library_path) as lib:
        edit(lib, "gazprom", aliases="Газпром@ru; GAZP", links="based in:russia; partner:baic")
    edit_entries(dataset_copy, '  { name = "俄气", lang = "zh", script = "Hans" },\n', "")
    with Library.open(library_path) as lib:
        entry = lib.get("gazprom")
        assert [a["name"] for a in entry["aliases"]] == ["Газпром", "GAZP"]
        assert {lk["id"] for lk in entry["links"] if lk["direction"] == "out"} == {
            "russia", "baic"}
        assert entry["dataset_changes"][0]["field"] == "aliases"
        assert lib.search("GAZP")["hits"][0]["id"] == "gazprom"


def test_a_deleted_bundled_entry_stays_deleted(library_path, dataset_copy):
    with Library.open(library_path) as lib:
        lib.delete_entry("baic")
    edit_entries(dataset_copy, 'title = "Gazprom"', 'title = "Gazprom PJSC"')
    with Library.open(library_path) as lib:
        with pytest.raises(NotFoundError):
            lib.get("baic")
        assert lib.get("gazprom")["title"] == "Gazprom PJSC"
        lib.undo_last_edit()
        assert lib.get("baic")["title"] == "BAIC"


def test_the_analysts_own_entry_keeps_its_id(library_path, dataset_copy):
    with Library.open(library_path) as lib:
        entry_id = lib.create_entry("actor", "Rosneft")
    path = dataset_copy / "entries.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[[entries]]\nid = "rosneft"\n'
                    'kind = "actor"\ntitle = "Rosneft (dataset)"\ncitations = [{ source = '
                    '"diplomat-2016-obor-russia", quote = "Gazprom" }]\n', encoding="utf-8")
    with Library.open(library_path) as lib:
        entry = lib.get(entry_id)
        assert (entry["title"], entry["origin"]) == ("Rosneft", "analyst")
