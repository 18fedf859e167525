"""A newer version of a source replaces one: citations re-anchor (position, exact words, close
match) and those that cannot are listed as orphans, never dropped."""

from __future__ import annotations

import shutil

from db import Library

FIRST = ("Gazprom signed a deal with BAIC in June.\n\n"
         "The railway will cost $21 billion, officials said.\n\n"
         "Nobody knows what happens next.")


def _cited_source(library):
    source_id = library.add_source(FIRST, title="Deal news", date="2016-07-01")["id"]
    library.cite("gazprom", source_id, "Gazprom signed a deal with BAIC in June.")
    library.cite("moscow-kazan-hsr", source_id, "The railway will cost $21 billion")
    library.cite("baic", source_id, "Nobody knows what happens next.")
    return source_id


def _quotes(library, entry_id, source_id):
    return [c["quote"] for c in library.get(entry_id)["citations"]
            if c["source_id"] == source_id]


def test_citations_follow_their_words_into_a_newer_version(library):
    source_id = _cited_source(library)
    newer = ("Update: an earlier version misstated the date.\n\n"
             "Gazprom signed a deal with BAIC in June.\n\n"
             "The railway would cost $21 billion, officials said.")
    counts = library.replace_source(source_id, newer)
    assert counts == {"id": source_id, "kept": 0, "moved": 1, "changed": 1, "orphaned": 1,
                      "suggestions_left_out": 0}
    text = library.source(source_id)["text"]
    for entry_id in ("gazprom", "moscow-kazan-hsr"):
        for citation in library.get(entry_id)["citations"]:
            if citation["source_id"] == source_id:
                assert text[citation["start"]:citation["end"]] == citation["quote"]
    assert "would cost $21 billion" in _quotes(library, "moscow-kazan-hsr", source_id)[0]
    (orphan,) = library.orphaned_citations(source_id)
    assert (orphan["entry_id"], orphan["quote"]) == ("baic", "Nobody knows what happens next.")
    assert {s["id"]: s["orphans"] for s in library.sources()}[source_id] == 1


def test_decisions_on_suggestions_outlive_a_newer_version(library):
    source_id = library.add_source("Then Gazprom paid. Later BAIC paid.", title="Pay")["id"]
    (gazprom,) = [s for s in library.suggestions(source_id) if s["text"] == "Gazprom"]
    library.decide_suggestions(source_id, [gazprom["n"]], "rejected")
    library.replace_source(source_id, "Preface. Then Gazprom paid. Later BAIC paid twice.")
    rows = library.suggestions(source_id)
    (kept,) = [s for s in rows if s["text"] == "Gazprom"]
    assert kept["status"] == "rejected" and kept["start"] == len("Preface. Then ")
    assert [s["status"] for s in rows if s["text"] == "BAIC"] == ["pending"]


def test_an_analysts_citation_survives_a_changed_bundled_article(library_path, tmp_path,
                                                                 monkeypatch):
    from db.paths import resources_dir

    source, quote = "diplomat-2016-obor-russia", "building a 70-kilometer “hyperloop” line"
    with Library.open(library_path) as lib:
        lib.cite("zarubino", source, quote)
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "dataset", root / "dataset")
    shutil.copytree(resources_dir() / "sources", root / "sources")
    article = next((root / "sources").glob("*.txt"))
    article.write_text("A correction was appended to this article.\n\n" +
                       article.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("ROADBOOK_DATASET", str(root / "dataset"))
    with Library.open(library_path) as lib:
        text = lib.source(source)["text"]
        cited = [c for c in lib.get("zarubino")["citations"] if c["quote"] == quote]
        assert len(cited) == 1
        assert text[cited[0]["start"]:cited[0]["end"]] == quote
        assert text.startswith("A correction")


def test_a_changed_quote_reanchors_to_whole_words_inside_its_passage(library):
    first = ("Rosneft agreed last year to supply more crude to China. Igor Sechin met officials "
             "of China National Petroleum in Beijing in June.\n\n"
             "The deal is worth more than $1.2 billion, according to Gazprom officials.\n\n"
             "Nobody knows what happens next.")
    source_id = library.add_source(first, title="Oil pact", date="2017-03-15")["id"]
    library.cite("gazprom", source_id, "Igor Sechin met officials of China National Petroleum "
                                       "in Beijing in June.")
    library.cite("gazprom", source_id, "The deal is worth more than $1.2 billion, according to")
    library.cite("baic", source_id, "Nobody knows what happens next.")
    newer = ("Earlier, Rosneft agreed last year to supply more crude to China. Igor Sechin, its "
             "chief, met officials of China National Petroleum in Beijing in June.\n\n"
             "The deal is worth more than $1.2 billion in total, according to Gazprom "
             "officials.\n\nThe pipeline was discussed at length by everyone present.")
    counts = library.replace_source(source_id, newer)
    assert (counts["changed"], counts["orphaned"]) == (2, 1)
    quotes = _quotes(library, "gazprom", source_id)
    assert sorted(quotes) == [
        "Igor Sechin, its chief, met officials of China National Petroleum in Beijing in June.",
        "The deal is worth more than $1.2 billion in total, according to"]
    passages = [p["text"] for p in library.source(source_id)["passages"]]
    assert all(any(quote in passage for passage in passages) for quote in quotes)
    (orphan,) = library.orphaned_citations(source_id)
    assert orphan["quote"] == "Nobody knows what happens next."


def test_a_newer_version_with_too_many_suggestions_says_how_many_were_left_out(library):
    source_id = library.add_source("Gazprom and Sinopec met.\n" * 10, title="Meetings")["id"]
    counts = library.replace_source(source_id, "Gazprom and Sinopec met.\n" * 6_001)
    assert counts["suggestions_left_out"] == 2 * 6_001 - 10_000
    assert len(library.suggestions(source_id)) == 10_000
