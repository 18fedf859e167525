"""Statements that disagree: each source's value kept with its quote, one preferred, none lost."""

from __future__ import annotations

import pytest

from db import InvalidValueError, NotFoundError
from db.entry_shape import public_entry

SOURCE = "diplomat-2016-obor-russia"
GAS_QUOTE = "the $400 billion gas deal"


def test_a_second_value_is_kept_beside_the_entrys_own(library):
    cited = library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="value=$456bn")
    assert cited["statement"]["rank"] == "normal"
    entry = library.get("gas-deal-2014")
    assert entry["value_text"] == "$400 billion"  # the preferred value is still shown
    assert [(s["text"], s["value"], s["rank"]) for s in entry["statements"]] == [
        ("$400 billion", 400e9, "preferred"), ("$456bn", 456e9, "normal")]
    own = entry["statements"][0]
    assert own["source_id"] == SOURCE and "$400 billion" in own["quote"]
    assert entry["disagreements"] == ["value"]
    assert [h["id"] for h in library.search("is:disputed")["hits"]] == ["gas-deal-2014"]


def test_a_statement_that_agrees_is_no_disagreement(library):
    library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="value=$400bn")
    assert library.get("gas-deal-2014")["disagreements"] == []
    assert library.search("is:disputed")["total"] == 0


def test_the_first_statement_of_an_empty_field_becomes_the_entrys_value(library):
    entry_id = library.create_entry("deal", "Kazan hyperloop")
    library.cite(entry_id, SOURCE, "70-kilometer", states="date=2016-06")
    entry = library.get(entry_id)
    assert (entry["date_start"], entry["date_precision"], entry["date_text"]) == (
        "2016-06-01", "month", "2016-06")
    assert entry["statements"][0]["rank"] == "preferred"


def test_choosing_the_preferred_value_changes_the_entry_and_can_be_undone(library):
    library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="value=$456bn")
    other = library.get("gas-deal-2014")["statements"][1]
    library.prefer_statement("gas-deal-2014", other["num"])
    entry = library.get("gas-deal-2014")
    assert (entry["value_usd"], entry["value_text"]) == (456e9, "$456bn")
    assert [s["rank"] for s in entry["statements"]] == ["preferred", "normal"]
    assert entry["statements"][0]["text"] == "$456bn"
    assert len(entry["statements"]) == 2  # nothing lost
    assert "gas-deal-2014" in [h["id"] for h in library.search("value:450bn..460bn")["hits"]]
    library.undo_last_edit()
    entry = library.get("gas-deal-2014")
    assert entry["value_text"] == "$400 billion"
    assert [s["text"] for s in entry["statements"] if s["rank"] == "preferred"] == [
        "$400 billion"]


def test_a_deprecated_statement_no_longer_disputes(library):
    library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="value=$456bn")
    statements = library.statements("gas-deal-2014")
    with pytest.raises(InvalidValueError, match="prefer another first"):
        library.rank_statement("gas-deal-2014", statements[0]["num"], "deprecated")
    library.rank_statement("gas-deal-2014", statements[1]["num"], "deprecated")
    assert library.get("gas-deal-2014")["disagreements"] == []
    assert len(library.statements("gas-deal-2014")) == 2


def test_statuses_and_dates_disagree_too(library):
    library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="status=under discussion")
    library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="date=2015")
    assert library.get("gas-deal-2014")["disagreements"] == ["date", "status"]


@pytest.mark.parametrize("states, message", [
    ("value", "a statement is"), ("colour=red", "a statement is"), ("value=", "a statement is"),
    ("value=lots", "no sum of money"), ("date=someday", "cannot read date")])
def test_a_statement_that_cannot_be_read_adds_nothing(library, states, message):
    with pytest.raises(InvalidValueError, match=message):
        library.cite("gas-deal-2014", SOURCE, "Gazprom", states=states)
    assert all(c["quote"] != "Gazprom" for c in library.get("gas-deal-2014")["citations"])
    assert library.statements("gas-deal-2014") == []


def test_show_json_lists_statements_and_disagreements(library):
    library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="value=$456bn")
    shown = public_entry(library.get("gas-deal-2014"))
    assert set(shown["statements"][0]) >= {"field", "value", "text", "source_id", "quote",
                                           "rank"}
    assert shown["disagreements"] == ["value"]


def test_preferring_another_entrys_statement_is_refused(library):
    library.cite("gas-deal-2014", SOURCE, GAS_QUOTE, states="value=$456bn")
    num = library.statements("gas-deal-2014")[1]["num"]
    with pytest.raises(NotFoundError):
        library.prefer_statement("gazprom", num)


def _accept_date(library, text: str) -> None:
    added = library.add_source(text, title=text[:20], date="2017-07-01")
    (date,) = [r for r in library.suggestions(added["id"]) if r["kind"] == "date"]
    assert date["entry_id"] == "moscow-kazan-hsr"
    library.decide_suggestions(added["id"], [date["n"]], "accepted")


def test_dates_accepted_in_a_review_are_statements_in_their_words(library):
    _accept_date(library, "Work on the Moscow–Kazan high-speed railway began last year.")
    entry = library.get("moscow-kazan-hsr")  # it had no date: the first statement gives one
    assert (entry["date_start"], entry["date_precision"], entry["date_text"]) == \
        ("2016-01-01", "year", "last year")
    assert entry["disagreements"] == []
    _accept_date(library, "The Moscow–Kazan high-speed railway was begun in March 2015.")
    entry = library.get("moscow-kazan-hsr")
    assert entry["disagreements"] == ["date"]
    assert [s["text"] for s in entry["statements"]] == ["last year", "March 2015"]
