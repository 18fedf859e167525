"""Citing a source as you read: exact quotes only, anchored with context, found again later."""

from __future__ import annotations

import pytest

from db import Library, LibraryReadOnlyError, NotFoundError
from db.citing import CONTEXT, CitationError, locate_quote, reanchor

SOURCE = "diplomat-2016-obor-russia"
QUOTE = "building a 70-kilometer “hyperloop” line along the Pacific Coast"


def test_a_cited_quote_is_kept_with_its_offsets_passage_and_context(library):
    cited = library.cite("zarubino", SOURCE, QUOTE)
    text = library.source(SOURCE)["text"]
    assert text[cited["start"]:cited["end"]] == QUOTE
    assert cited["prefix"] == text[cited["start"] - CONTEXT:cited["start"]]
    assert cited["suffix"] == text[cited["end"]:cited["end"] + CONTEXT]
    passage = next(p for p in library.source(SOURCE)["passages"]
                   if p["num"] == cited["passage_num"])
    assert QUOTE in passage["text"]
    quotes = [c["quote"] for c in library.get("zarubino")["citations"]]
    assert QUOTE in quotes


def test_citing_the_same_words_again_adds_nothing(library):
    first = library.cite("zarubino", SOURCE, QUOTE)
    again = library.cite("zarubino", SOURCE, QUOTE)
    assert again["num"] == first["num"]
    assert [c["quote"] for c in library.get("zarubino")["citations"]].count(QUOTE) == 1


@pytest.mark.parametrize("quote, reason", [
    ("a 70-kilometre hyperloop", "not in"),  # spelt otherwise than the source
    ("   ", "empty"),
    ("x" * 6000, "at most"),
])
def test_a_quote_that_is_not_the_sources_words_is_refused(library, quote, reason):
    before = library.get("zarubino")["citations"]
    with pytest.raises(CitationError, match=reason):
        library.cite("zarubino", SOURCE, quote)
    assert library.get("zarubino")["citations"] == before


def test_a_quote_at_the_wrong_offset_is_refused(library):
    text = library.source(SOURCE)["text"]
    at = text.index(QUOTE)
    assert library.cite("zarubino", SOURCE, QUOTE, start=at)["start"] == at
    with pytest.raises(CitationError, match=f"at character {at + 1:,}"):
        library.cite("zarubino", SOURCE, QUOTE, start=at + 1)


def test_unknown_entries_and_sources_are_named(library):
    with pytest.raises(NotFoundError, match="no entry with id 'nobody'"):
        library.cite("nobody", SOURCE, QUOTE)
    with pytest.raises(NotFoundError, match="no source with id 'elsewhere'"):
        library.cite("zarubino", "elsewhere", QUOTE)


def test_a_read_only_library_refuses_a_citation(library_path):
    with Library.open(library_path, read_only=True) as lib, \
            pytest.raises(LibraryReadOnlyError):
        lib.cite("zarubino", SOURCE, QUOTE)


def test_locate_quote_finds_the_first_occurrence():
    assert locate_quote("one two one", "one") == (0, 3)
    assert locate_quote("one two one", "one", start=8) == (8, 11)


OLD = "Intro. The railway will cost $21 billion, officials said. Outro."


def test_reanchor_keeps_a_quote_that_has_not_moved():
    at = OLD.index("$21 billion")
    assert reanchor(OLD, "$21 billion", start=at).method == "position"


def test_reanchor_follows_a_quote_that_moved():
    new = "A new first paragraph. " + OLD
    at = OLD.index("$21 billion")
    anchor = reanchor(new, "$21 billion", start=at)
    assert (anchor.method, anchor.quote_in(new)) == ("exact", "$21 billion")
    assert anchor.start == new.index("$21 billion")


def test_reanchor_chooses_the_occurrence_whose_context_matches():
    text = "cost $21 billion in 2014. Later the railway will cost $21 billion, officials said."
    quote = "$21 billion"
    anchor = reanchor(text, quote, start=0, prefix="railway will cost ", suffix=", officials")
    assert anchor.start == text.rindex(quote)


def test_reanchor_finds_a_lightly_edited_quote_and_gives_up_on_a_vanished_one():
    new = OLD.replace("will cost", "would cost")
    quote = "The railway will cost $21 billion, officials said."
    anchor = reanchor(new, quote, start=OLD.index(quote))
    assert anchor.method == "fuzzy"
    assert "would cost $21 billion" in anchor.quote_in(new)
    assert reanchor("Nothing about trains here at all.", quote, start=7) is None


def test_an_analysts_citation_of_a_bundled_entry_survives_a_dataset_refresh(
        library_path, tmp_path, monkeypatch):
    import shutil

    from db.paths import resources_dir

    with Library.open(library_path) as lib:
        cited = lib.cite("zarubino", SOURCE, QUOTE)
        bundled = [c for c in lib.get("zarubino")["citations"] if c["num"] != cited["num"]]
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "dataset", root / "dataset")
    shutil.copytree(resources_dir() / "sources", root / "sources")
    entries = root / "dataset" / "entries.toml"
    entries.write_text(entries.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # refreshed
    monkeypatch.setenv("ROADBOOK_DATASET", str(root / "dataset"))
    with Library.open(library_path) as lib:
        after = lib.get("zarubino")["citations"]
    assert QUOTE in [c["quote"] for c in after]
    assert sorted(c["quote"] for c in after if c["quote"] != QUOTE) == \
        sorted(c["quote"] for c in bundled)
