"""Aliases an analyst adds from a source: searchable at once, in any script, and edits like
any other (in the history, undone by Undo, kept by a refresh of the dataset)."""

from __future__ import annotations

import pytest

from db import NotFoundError
from db.aliases import AliasError
from db.entry_fields import script_of


def test_an_added_alias_finds_its_entry(library):
    assert library.search("Sechinov")["total"] == 0
    added = library.add_alias("gazprom", "  Sechinov   Gas ")
    assert (added["name"], added["script"], added["added"]) == ("Sechinov Gas", "Latn", True)
    found = [h["id"] for h in library.search("Sechinov")["hits"]]
    # the entry first; those naming it as a party (the rally's sponsor, the deal's) after it
    assert found[0] == "gazprom" and {"silk-road-rally", "gas-deal-2014"} <= set(found[1:])
    names = [a["name"] for a in library.get("gazprom")["aliases"]]
    assert "Sechinov Gas" in names


def test_an_alias_in_another_script_is_found_by_its_transliteration(library):
    assert library.add_alias("kazan", "Казанский")["script"] == "Cyrl"
    assert "kazan" in [h["id"] for h in library.search("Казанский")["hits"]]
    assert "kazan" in [h["id"] for h in library.search("Kazanskii")["hits"]]


def test_the_same_alias_twice_is_kept_once(library):
    library.add_alias("baic", "Beijing Auto")
    again = library.add_alias("baic", "Beijing Auto")
    assert again["added"] is False
    assert [a["name"] for a in library.get("baic")["aliases"]].count("Beijing Auto") == 1


@pytest.mark.parametrize("name, reason", [("   ", "empty"), ("x" * 300, "at most")])
def test_a_bad_alias_is_refused(library, name, reason):
    with pytest.raises(AliasError, match=reason):
        library.add_alias("baic", name)


@pytest.mark.parametrize("name, script", [("Путин", "Cyrl"), ("普京", "Hans"),
                                          ("Putin", "Latn"), ("თბილისი", "Geor"),
                                          ("123", None)])
def test_script_of(name, script):
    assert script_of(name) == script


def test_an_added_alias_is_in_the_history_and_undone_by_undo(library):
    library.add_alias("kazan", "Qazan")
    (edit, *_) = library.edit_history("kazan")
    assert (edit["action"], edit["field"]) == ("set", "aliases")
    assert "Qazan" in [a["name"] for a in edit["new"]]
    assert "Qazan" not in [a["name"] for a in edit["old"]]
    assert library.undo_last_edit()["fields"] == ["aliases"]
    assert "Qazan" not in [a["name"] for a in library.get("kazan")["aliases"]]
    assert library.search("Qazan")["total"] == 0


def test_a_name_already_there_records_no_edit(library):
    library.add_alias("baic", "Beijing Auto")
    before = len(library.edit_history("baic"))
    library.add_alias("baic", " Beijing  Auto ")
    assert len(library.edit_history("baic")) == before


def test_an_alias_of_an_unknown_entry_is_refused(library):
    with pytest.raises(NotFoundError):
        library.add_alias("no-such-entry", "Nobody")
