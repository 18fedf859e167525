"""A newer bundled dataset is upserted by id and never touches the user's own data."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import DatasetError, Library

REMOVED = "hyperloop-length"  # nothing links to it, so it can leave the dataset alone


def edit_entries(folder: Path, old: str, new: str) -> None:
    path = folder / "entries.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def remove_entry(folder: Path, entry_id: str) -> None:
    path = folder / "entries.toml"
    tables = path.read_text(encoding="utf-8").split("\n[[entries]]\n")
    kept = [t for t in tables if not t.startswith(f'id = "{entry_id}"\n')]
    assert len(kept) == len(tables) - 1
    path.write_text("\n[[entries]]\n".join(kept), encoding="utf-8")


def add_user_data(library: Library) -> None:
    library.bookmark("gas-deal-2014", note="check the 2019 start", tags=["energy", "priority"])
    library.bookmark(REMOVED, note="length?", tags=["transport"])
    library.save_search("big deals", "kind:deal value:>100bn")


def summary(library: Library, entry_id: str) -> str:
    return library.get(entry_id)["summary"]


def test_a_changed_dataset_is_upserted_and_user_data_kept(library_path, dataset_copy):
    with Library.open(library_path) as lib:
        add_user_data(lib)
        gas_num = lib.num_for("gas-deal-2014")
    edit_entries(dataset_copy, 'their close ties."\nstatus = "signed"',
                 'their close ties."\nstatus = "completed"')
    edit_entries(dataset_copy, 'title = "Gazprom"', 'title = "Gazprom PJSC"')
    remove_entry(dataset_copy, REMOVED)

    with Library.open(library_path) as lib:
        deal = lib.get("gas-deal-2014")
        assert deal["status"] == "completed"
        assert lib.num_for("gas-deal-2014") == gas_num  # same row: ids are stable
        assert lib.get("gazprom")["title"] == "Gazprom PJSC"
        assert deal["bookmark"] == {"note": "check the 2019 start", "tags": ["energy", "priority"],
                                    "created_at": deal["bookmark"]["created_at"],
                                    "updated_at": deal["bookmark"]["updated_at"]}
        assert lib.saved_searches()[0] | {"created_at": None} == {
            "name": "big deals", "query": "kind:deal value:>100bn", "created_at": None}
        assert lib.bookmark_tags() == [("energy", 1), ("priority", 1), ("transport", 1)]
        assert [h["id"] for h in lib.search("Gazprom PJSC")["hits"]][0] == "gazprom"
        assert lib.search("status:completed kind:deal")["total"] == 1


def test_a_removed_entry_leaves_but_its_bookmark_stays(library_path, dataset_copy):
    with Library.open(library_path) as lib:
        add_user_data(lib)
    remove_entry(dataset_copy, REMOVED)

    with Library.open(library_path) as lib:
        assert sum(lib.kind_counts().values()) == 77
        with pytest.raises(Exception, match="no entry with id 'hyperloop-length'"):
            lib.get(REMOVED)
        assert REMOVED not in {h["id"] for h in lib.search("hyperloop")["hits"]}
        marks = {m["id"]: m for m in lib.bookmarks()}
        assert marks[REMOVED]["exists"] is False
        assert marks[REMOVED]["title"] == "70 km length of the Zarubino–Jilin hyperloop"
        assert (marks[REMOVED]["note"], marks[REMOVED]["tags"]) == ("length?", ["transport"])
        assert marks["gas-deal-2014"]["exists"] is True
        # a bookmark of a departed entry can still be edited and removed
        assert lib.bookmark(REMOVED, note="gone")["note"] == "gone"
        assert lib.get_bookmark(REMOVED)["tags"] == ["transport"]


def test_an_entry_that_comes_back_finds_its_bookmark(library_path, dataset_copy):
    original = (dataset_copy / "entries.toml").read_text(encoding="utf-8")
    with Library.open(library_path) as lib:
        add_user_data(lib)
    remove_entry(dataset_copy, REMOVED)
    Library.open(library_path).close()
    (dataset_copy / "entries.toml").write_text(original, encoding="utf-8")

    with Library.open(library_path) as lib:
        entry = lib.get(REMOVED)
        assert entry["bookmark"]["note"] == "length?"
        assert {m["id"]: m["exists"] for m in lib.bookmarks()}[REMOVED] is True
        assert lib.search("is:bookmarked kind:figure")["hits"][0]["id"] == REMOVED


def test_an_unchanged_dataset_is_not_rewritten(library_path):
    with Library.open(library_path) as lib, lib.transaction():
        lib.conn.execute("UPDATE entries SET summary = 'edited by hand' WHERE id = 'gazprom'")
    with Library.open(library_path) as lib:  # same bundled dataset: nothing is rewritten
        assert summary(lib, "gazprom") == "edited by hand"


def test_a_changed_dataset_rewrites_what_changed(library_path, dataset_copy):
    with Library.open(library_path) as lib, lib.transaction():
        lib.conn.execute("UPDATE entries SET summary = 'edited by hand' WHERE id = 'gazprom'")
    edit_entries(dataset_copy, 'title = "BAIC"', 'title = "BAIC Group"')
    with Library.open(library_path) as lib:
        assert summary(lib, "gazprom") == "Russian gas company, a sponsor of the Silk Road rally."
        assert lib.get("baic")["title"] == "BAIC Group"


def test_imported_entries_survive_a_refresh(library_path, dataset_copy):
    with Library.open(library_path) as lib, lib.transaction():
        lib.conn.execute("INSERT INTO entries (id, kind, title, origin) "
                         "VALUES ('imported-1', 'deal', 'Imported pipeline', 'import')")
    remove_entry(dataset_copy, REMOVED)
    with Library.open(library_path) as lib:
        assert lib.get("imported-1")["title"] == "Imported pipeline"


@pytest.mark.parametrize(("old", "new", "problem"), [
    ('title = "Taiwan"', 'title = "Taiwan"\nlinks = [{ to = "nobody", role = "x" }]',
     "link to unknown entry 'nobody'"),
    ('title = "Taiwan"', 'title = "Taiwan"\ntitle = "Again"', "entries.toml is not valid TOML"),
])
def test_a_broken_newer_dataset_changes_nothing(library_path, dataset_copy, monkeypatch, old,
                                                new, problem):
    with Library.open(library_path) as lib:
        add_user_data(lib)
    edit_entries(dataset_copy, old, new)
    with pytest.raises(DatasetError, match=problem):
        Library.open(library_path)
    monkeypatch.delenv("ROADBOOK_DATASET")  # back to the real bundled dataset
    with Library.open(library_path) as lib:
        assert lib.get("baic")["title"] == "BAIC"
        assert len(lib.bookmarks()) == 2


def test_a_renamed_party_renames_what_its_deals_are_found_by(library_path, dataset_copy,
                                                             tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("title,investor\nArctic stake,Gazprom\n", encoding="utf-8")
    with Library.open(library_path) as lib:
        batch = lib.import_file(path).batch
        assert "silk-road-rally" not in [h["id"] for h in lib.search("Blueflame rally")["hits"]]
    edit_entries(dataset_copy, 'title = "Gazprom"', 'title = "Blueflame Gazprom"')
    with Library.open(library_path) as lib:
        assert "silk-road-rally" in [h["id"] for h in lib.search("Blueflame rally")["hits"]]
        [stake] = lib.search(f"batch:{batch} blueflame")["hits"]  # an imported deal too
        assert stake["title"] == "Arctic stake"
