"""An entry is found by the names of its parties (every alias, every script), ranked below
entries that carry the words themselves, and the index follows when links or names change."""

from __future__ import annotations

import sqlite3

import pytest

from db.check import check_library
from db.schema import APPLICATION_ID, MIGRATIONS, _statements


def hit_ids(library, text: str) -> list[str]:
    return [h["id"] for h in library.search(text, limit=50)["hits"]]


@pytest.mark.parametrize(("query", "entry"), [
    ("Xi gas", "gas-deal-2014"),
    ("习近平 gas", "gas-deal-2014"),  # Xi Jinping in Chinese: only a party of the deal
    ("Gazprom rally", "silk-road-rally"),
    ("Газпром rally", "silk-road-rally"),  # the sponsor in Russian
    ("baic rally", "silk-road-rally"),
])
def test_the_bundled_entries_are_found_by_their_parties(library, query, entry):
    assert entry in hit_ids(library, query)


def test_a_party_match_ranks_below_the_entries_named_so(library):
    found = hit_ids(library, "Газпром")
    assert found[0] == "gazprom"
    assert found.index("silk-road-rally") > found.index("gas-deal-2014")


def test_places_are_not_parties(library):
    # the rally starts in Moscow: a place it is in, not a party to it
    assert "silk-road-rally" not in hit_ids(library, "Москва rally")


def test_a_new_link_is_searchable_once_refreshed(library):
    assert "silk-road-rally" not in hit_ids(library, "普京 rally")
    with library.transaction():
        library.conn.execute("INSERT INTO links (from_id, to_id, role) VALUES "
                             "('silk-road-rally', 'vladimir-putin', 'participant')")
        assert library.refresh_parties(["silk-road-rally"]) == 1
    assert "silk-road-rally" in hit_ids(library, "普京 rally")
    with library.transaction():
        assert library.refresh_parties(["silk-road-rally", "gazprom"]) == 0  # nothing new
    assert check_library(library.conn).problems == []


def test_undoing_an_import_leaves_the_index_sound(library, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("title,investor,party\nArctic stake,Zhenhua Oil,Газпром\n", encoding="utf-8")
    batch = library.import_file(path).batch
    [deal] = hit_ids(library, "kind:deal zhenhua")
    assert deal in hit_ids(library, "Gazprom stake")  # the bundled Gazprom's other names
    result = library.undo_import(batch)
    assert (result["removed"], result["compacted"], result["compact_advised"]) == (2, None, False)
    assert hit_ids(library, "zhenhua") == []
    assert check_library(library.conn).problems == []


def test_a_library_from_before_is_indexed_by_its_parties_when_opened(tmp_path):
    from db import Library

    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    for version in (1, 2, 3, 4):
        for statement in _statements(MIGRATIONS[version]):
            raw.execute(statement)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 4")
    raw.execute("INSERT INTO entries (id, kind, title, origin) VALUES "
                "('loan', 'deal', 'A loan', 'user'), "
                "('bank', 'actor', 'Export-Import Bank of China', 'user')")
    raw.execute("INSERT INTO aliases (entry_id, name) VALUES ('bank', '中国进出口银行')")
    raw.execute("INSERT INTO links VALUES ('loan', 'bank', 'financier')")
    raw.commit()
    raw.close()
    with Library.open(path) as library:
        assert "loan" in hit_ids(library, "中国进出口银行 loan")
        assert "loan" in hit_ids(library, "export import loan")
        assert check_library(library.conn).problems == []


def test_entries_written_by_hand_are_found_by_their_parties_and_follow_their_names(library):
    from db.entry_fields import parse_field

    deal = library.create_entry("deal", "Power of Siberia 2",
                                {"links": parse_field("links", "party:gazprom")})
    assert deal in hit_ids(library, "Газпром siberia")
    gazprom_aliases = [f"{a['name']}@{a['lang']}" if a["lang"] else a["name"]
                       for a in library.get("gazprom")["aliases"]]
    library.edit_entry("gazprom", {"aliases": parse_field(
        "aliases", "; ".join([*gazprom_aliases, "Blue Fuel Giant"]))})
    assert deal in hit_ids(library, "blue fuel siberia")  # a new name of the party
    library.edit_entry(deal, {"links": None})
    assert deal not in hit_ids(library, "Газпром siberia")
    library.undo_last_edit()  # the link comes back, and with it the party's names
    assert deal in hit_ids(library, "blue fuel siberia")
    library.delete_entry("gazprom")
    assert deal not in hit_ids(library, "blue fuel siberia")
    library.undo_last_edit()
    assert deal in hit_ids(library, "blue fuel siberia")
