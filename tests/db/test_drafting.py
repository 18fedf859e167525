"""New entries written from a source's words: a selection's title, sum and date read for the
editor, the citation at the selection's own offset, and a name suggestion accepted for the
entry written from it."""

from __future__ import annotations

import pytest

from db import NotFoundError, RoadbookError
from db.citing import CitationError
from db.entry_fields import parse_field

TEXT = ("Gazprom paid more than $2 billion in June 2016. The railway opened last year. "
        "Later, Igor Sechin flew to Novy Urengoy. The railway opened last year.")


@pytest.fixture
def source(library) -> str:
    return library.add_source(TEXT, title="Drafts", date="2016-07-20")["id"]


def test_a_selection_gives_its_title_sum_and_date(library, source):
    words = "Gazprom paid more than $2 billion in June 2016"
    draft = library.draft_entry_from_selection(source, 0, words)
    assert draft["prefill"] == {"title": words, "value": "more than $2 billion",
                                "date": "2016-06", "date_text": "June 2016"}
    assert draft["cite"] == (source, words, 0)


def test_relative_dates_are_read_against_the_sources_date(library, source):
    start = TEXT.rindex("The railway opened last year")
    draft = library.draft_entry_from_selection(source, start, "The railway opened last year")
    assert (draft["prefill"]["date"], draft["prefill"]["date_text"]) == ("2015", "last year")


def test_the_citation_is_at_the_selections_own_offset(library, source):
    words = "The railway opened last year."
    second = TEXT.rindex(words)
    draft = library.draft_entry_from_selection(source, second, words)
    values = {"date": parse_field("date", draft["prefill"]["date"])}
    entry_id = library.create_entry("event", draft["prefill"]["title"], values,
                                    cite=draft["cite"])
    (cited,) = library.get(entry_id)["citations"]
    assert (cited["start"], cited["end"]) == (second, second + len(words))
    assert cited["start"] != TEXT.index(words)


def test_words_not_at_that_offset_are_refused(library, source):
    with pytest.raises(CitationError, match="does not have"):
        library.draft_entry_from_selection(source, 3, "Gazprom paid")


def _name(library, source, text):
    return next(s for s in library.suggestions(source) if s["kind"] == "name"
                and s["text"] == text)


def test_a_name_suggestion_drafts_an_actor_or_a_place(library, source):
    sechin = _name(library, source, "Igor Sechin")
    draft = library.draft_entry_from_suggestion(source, sechin["n"])
    assert draft["prefill"] == {"title": "Igor Sechin", "kind": "actor"}
    assert draft["cite"] == (source, sechin["quote"], TEXT.index(sechin["quote"]))
    place = library.draft_entry_from_suggestion(source, _name(library, source, "Novy Urengoy")["n"])
    assert place["prefill"]["kind"] == "place"


def test_the_entry_written_from_a_name_accepts_it(library, source):
    sechin = _name(library, source, "Igor Sechin")
    draft = library.draft_entry_from_suggestion(source, sechin["n"])
    entry_id = library.create_entry("actor", "Igor Sechin", cite=draft["cite"],
                                    suggestion=draft["suggestion"])
    decided = _name(library, source, "Igor Sechin")
    assert (decided["status"], decided["entry_id"]) == ("accepted", entry_id)
    (cited,) = library.get(entry_id)["citations"]
    assert cited["quote"] == sechin["quote"] and cited["start"] == TEXT.index(sechin["quote"])


def test_a_suggestion_of_a_known_entry_is_no_draft(library, source):
    mention = next(s for s in library.suggestions(source) if s["kind"] == "mention")
    with pytest.raises(RoadbookError, match="already"):
        library.draft_entry_from_suggestion(source, mention["n"])
    with pytest.raises(NotFoundError):
        library.draft_entry_from_suggestion(source, 999)


def test_undoing_the_new_entry_puts_its_name_back_in_the_review(library, source):
    sechin = _name(library, source, "Igor Sechin")
    draft = library.draft_entry_from_suggestion(source, sechin["n"])
    library.create_entry("actor", "Igor Sechin", cite=draft["cite"],
                         suggestion=draft["suggestion"])
    assert library.undo_last_edit()["action"] == "create"
    again = _name(library, source, "Igor Sechin")
    assert (again["status"], again["entry_id"]) == ("pending", None)


def test_every_occurrence_of_a_name_is_accepted_for_its_entry(library):
    text = "Igor Sechin spoke first. Later, Igor Sechin spoke again."
    source = library.add_source(text, title="Twice", date="2016-07-20")["id"]
    first = _name(library, source, "Igor Sechin")
    draft = library.draft_entry_from_suggestion(source, first["n"])
    entry_id = library.create_entry("actor", "Igor Sechin", cite=draft["cite"],
                                    suggestion=draft["suggestion"], every_occurrence=True)
    names = [s for s in library.suggestions(source) if s["text"] == "Igor Sechin"]
    assert [(s["status"], s["entry_id"]) for s in names] == [("accepted", entry_id)] * 2
    assert len(library.get(entry_id)["citations"]) == 2
