"""The user's bookmarks (note and tags) and saved searches."""

from __future__ import annotations

import pytest

from db import InvalidValueError, Library, LibraryError, NotFoundError


def test_bookmark_with_note_and_tags(library):
    mark = library.bookmark("gas-deal-2014", note="Watch the 2019 start", tags=["energy", "key"])
    assert (mark["note"], mark["tags"]) == ("Watch the 2019 start", ["energy", "key"])
    assert mark["created_at"] == mark["updated_at"]
    assert library.get("gas-deal-2014")["bookmark"]["note"] == "Watch the 2019 start"
    assert library.rows([library.num_for("gas-deal-2014")])[library.num_for("gas-deal-2014")][
        "bookmarked"] is True


def test_bookmark_without_note_or_tags(library):
    assert library.bookmark("gazprom") | {"created_at": 0, "updated_at": 0} == {
        "note": "", "tags": [], "created_at": 0, "updated_at": 0}


def test_updating_keeps_what_is_not_given(library):
    library.bookmark("gazprom", note="first", tags=["energy"])
    assert library.bookmark("gazprom", tags=["energy", "russia"])["note"] == "first"
    assert library.bookmark("gazprom", note="second")["tags"] == ["energy", "russia"]
    assert library.bookmark("gazprom", note="", tags=[]) | {"created_at": 0, "updated_at": 0} \
        == {"note": "", "tags": [], "created_at": 0, "updated_at": 0}
    assert len(library.bookmarks()) == 1


@pytest.mark.parametrize(("given", "kept"), [
    (["energy", "Energy", " energy "], ["energy"]),
    (["  two   words ", ""], ["two words"]),
    (["b", "A", "c"], ["A", "b", "c"]),  # listed in alphabetical order, case ignored
    (["Путин", "普京"], ["Путин", "普京"]),
    (["<b>bold</b>", "=1+1"], ["<b>bold</b>", "=1+1"]),  # kept as typed; escaped where shown
])
def test_tags_are_cleaned(library, given, kept):
    assert library.bookmark("gazprom", tags=given)["tags"] == kept


def test_bookmark_of_an_unknown_entry_is_refused(library):
    with pytest.raises(NotFoundError, match="no entry with id 'nowhere'"):
        library.bookmark("nowhere")
    assert library.bookmarks() == []


def test_unbookmark(library):
    library.bookmark("gazprom", tags=["energy"])
    library.bookmark("baic")
    assert library.unbookmark("gazprom", "baic", "nowhere") == 2
    assert library.unbookmark("gazprom") == 0
    assert library.get_bookmark("gazprom") is None
    assert library.bookmark_tags() == []


def test_bookmarks_list_newest_first_with_titles_and_kinds(library):
    for entry_id in ("gazprom", "gas-deal-2014", "moscow"):
        library.bookmark(entry_id)
    listed = library.bookmarks()
    assert [(m["id"], m["title"], m["kind"], m["exists"]) for m in listed] == [
        ("moscow", "Moscow", "place", True),
        ("gas-deal-2014", "China–Russia gas deal (2014)", "deal", True),
        ("gazprom", "Gazprom", "actor", True),
    ]


def test_bookmarks_by_tag_and_tag_counts(library):
    library.bookmark("gazprom", tags=["energy", "russia"])
    library.bookmark("gas-deal-2014", tags=["Energy"])
    library.bookmark("moscow")
    assert {m["id"] for m in library.bookmarks(tag="energy")} == {"gazprom", "gas-deal-2014"}
    assert [m["id"] for m in library.bookmarks(tag="russia")] == ["gazprom"]
    assert library.bookmark_tags() == [("energy", 2), ("russia", 1)]


def test_bookmarks_are_in_the_file(library_path):
    with Library.open(library_path) as lib:
        lib.bookmark("hyperloop-zarubino-jilin", note="70 km", tags=["transport"])
    with Library.open(library_path, read_only=True) as lib:
        assert lib.get_bookmark("hyperloop-zarubino-jilin")["tags"] == ["transport"]


def test_a_read_only_library_refuses_a_bookmark_clearly(library_path):
    with Library.open(library_path, read_only=True) as lib:
        with pytest.raises(LibraryError, match="cannot be written"):
            lib.bookmark("gazprom")
        assert lib.get_bookmark("gazprom") is None


def test_saved_searches(library):
    library.save_search("big deals", "kind:deal value:>100bn")
    library.save_search("  Russia   gas ", "gas actor:russia")
    library.save_search("big deals", "kind:deal value:>200bn")  # same name: replaced
    assert [(s["name"], s["query"]) for s in library.saved_searches()] == [
        ("big deals", "kind:deal value:>200bn"), ("Russia gas", "gas actor:russia")]
    library.delete_saved_search("big deals")
    assert [s["name"] for s in library.saved_searches()] == ["Russia gas"]


def test_saved_search_errors_are_typed(library):
    with pytest.raises(InvalidValueError, match="needs a name"):
        library.save_search("   ", "gas")
    with pytest.raises(NotFoundError, match="no saved search named 'nothing'"):
        library.delete_saved_search("nothing")
