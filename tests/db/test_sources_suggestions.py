"""Suggestions found in a new source, and their review: mentions through every alias and
script, sums with their words, dates resolved against the source's date, new names."""

from __future__ import annotations

import pytest

from db.errors import NotFoundError
from tests.db import source_fixtures as fx


def _found(library, text, **options):
    added = library.add_source(text, **{"title": "Test", **options})
    return added["id"], library.suggestions(added["id"])


def _by_kind(rows, kind):
    return [(r["text"], r["entry_id"]) for r in rows if r["kind"] == kind]


def test_mentions_of_known_entries_through_aliases_and_scripts(library):
    _, rows = _found(library, "Путин met 普京 in Пекин. Later Putin’s OBOR plan and the "
                              "People’s Republic of China. Rasputin is not Putin.")
    mentions = _by_kind(rows, "mention")
    assert ("Путин", "vladimir-putin") in mentions
    assert ("普京", "vladimir-putin") in mentions
    assert ("Пекин", "beijing") in mentions
    assert ("OBOR", "obor") in mentions
    assert ("People’s Republic of China", "china") in mentions
    assert ("Rasputin", "vladimir-putin") not in mentions  # word boundaries hold
    assert all(r["quote"] and r["status"] == "pending" for r in rows)


def test_the_longest_name_wins(library):
    _, rows = _found(library, "Vladimir Putin spoke.")
    assert _by_kind(rows, "mention") == [("Vladimir Putin", "vladimir-putin")]


def test_sums_keep_their_words_and_dollar_value(library):
    _, rows = _found(library, "It cost more than $1.2 billion and nearly $15 billion, or "
                              "3 billion yuan, over 1,740 km.")
    values = {r["text"]: r["value_usd"] for r in rows if r["kind"] == "value"}
    assert values == {"more than $1.2 billion": 1.2e9, "nearly $15 billion": 15e9,
                      "3 billion yuan": None}


@pytest.mark.parametrize("words, start, end, precision", [
    ("last year", "2015-01-01", "2015-12-31", "year"),
    ("in June", "2016-06-01", "2016-06-30", "month"),
    ("in this year's first quarter", "2016-01-01", "2016-03-31", "quarter"),
    ("on 12 July 2016", "2016-07-12", "2016-07-12", "day"),
    ("from 2014 to 2016", "2014-01-01", "2016-12-31", "range"),
])
def test_dates_are_resolved_against_the_sources_date(library, words, start, end, precision):
    _, rows = _found(library, f"Trade grew {words}, officials said.", date="2016-07-20")
    dates = [r for r in rows if r["kind"] == "date"]
    assert [(d["date_start"], d["date_end"], d["date_precision"]) for d in dates] == \
        [(start, end, precision)]


def test_a_relative_date_without_a_source_date_is_hidden_with_its_reason(library):
    _, rows = _found(library, "Trade grew last year.")
    (row,) = [r for r in rows if r["kind"] == "date"]
    assert row["date_start"] is None
    assert "relative" in row["hidden_reason"]


def test_new_names_are_suggested_without_noise(library):
    _, rows = _found(library, "In March, Igor Sechin of Rosneft met the Asian Infrastructure "
                              "Investment Bank. However, Moscow agreed. The talks went well.")
    names = [t for t, _ in _by_kind(rows, "name")]
    assert "Igor Sechin" in names and "Rosneft" in names
    assert "Asian Infrastructure Investment Bank" in names
    for noise in ("In", "March", "However", "The", "In March"):
        assert noise not in names
    assert "Moscow" not in names  # already known: a mention


def test_a_new_name_links_to_the_one_entry_it_belongs_to(library):
    _, rows = _found(library, "The visit pleased Jinping greatly.")
    assert ("Jinping", "xi-jinping") in _by_kind(rows, "name")


def test_accepting_a_mention_cites_its_sentence_for_the_entry(library, tmp_path):
    source_id = library.add_source(fx.write_markdown(tmp_path))["id"]
    rows = library.suggestions(source_id)
    beijing = next(r for r in rows if r["entry_id"] == "beijing")
    done = library.decide_suggestions(source_id, [beijing["n"]], "accepted")
    (citation,) = [c for c in library.get("beijing")["citations"]
                   if c["source_id"] == source_id]
    assert citation["quote"] == beijing["quote"]
    assert "Vladimir Putin met Xi Jinping in Beijing" in citation["quote"]
    assert done["decided"] == [beijing["n"]]
    assert library.suggestions(source_id, status="accepted")[0]["n"] == beijing["n"]


def test_rejecting_an_accepted_mention_takes_its_citation_back(library):
    source_id, rows = _found(library, "Gazprom signed. Later Gazprom paid.")
    n = rows[0]["n"]
    library.decide_suggestions(source_id, [n], "accepted")
    assert any(c["source_id"] == source_id for c in library.get("gazprom")["citations"])
    library.decide_suggestions(source_id, [n], "rejected")
    assert not any(c["source_id"] == source_id for c in library.get("gazprom")["citations"])


def test_every_occurrence_of_the_same_words_is_decided_at_once(library):
    source_id, rows = _found(library, "Gazprom signed. Later Gazprom paid. Gazprom smiled.")
    first = rows[0]["n"]
    done = library.decide_suggestions(source_id, [first], "rejected", every_occurrence=True)
    assert len(done["decided"]) == 3
    assert {r["status"] for r in library.suggestions(source_id)
            if r["text"] == "Gazprom"} == {"rejected"}


def test_words_rejected_before_are_hidden_in_the_next_source(library):
    first, rows = _found(library, "Then Sechin said so.")
    library.decide_suggestions(first, [r["n"] for r in rows if r["text"] == "Sechin"],
                               "rejected")
    _, again = _found(library, "Later, Sechin said it again.", title="Second")
    (row,) = [r for r in again if r["text"] == "Sechin"]
    assert row["hidden_reason"] == "rejected in “Test” before"


def test_a_value_is_offered_for_the_deal_its_sentence_names(library):
    source_id, rows = _found(library, "The Moscow–Kazan high-speed railway will cost more "
                                      "than $21 billion.")
    (value,) = [r for r in rows if r["kind"] == "value"]
    assert value["entry_id"] == "moscow-kazan-hsr"
    cited = library.decide_suggestions(source_id, [value["n"]], "accepted")["citations"]
    field = [c["field"] for c in library.get("moscow-kazan-hsr")["citations"]
             if c.get("num") in cited or c["source_id"] == source_id]
    assert field == ["value"]


def test_unknown_sources_and_numbers_are_named(library):
    with pytest.raises(NotFoundError, match="no source"):
        library.suggestions("nowhere")
    source_id, _ = _found(library, "Gazprom signed.")
    with pytest.raises(NotFoundError, match="no suggestion number 99"):
        library.decide_suggestions(source_id, [99], "accepted")


@pytest.mark.parametrize("sentence, start", [
    ("Sechin met officials in June.", "2016-06-01"),  # the latest June before March 2017
    ("Sechin met officials in March.", "2017-03-01"),  # the source's own month
    ("The line will open in June.", "2017-06-01"),  # the future: the next June
    ("Rosneft plans to sign in February.", "2018-02-01"),
])
def test_a_month_without_its_year_is_the_latest_one_unless_the_future_is_meant(
        library, sentence, start):
    _, rows = _found(library, sentence, date="2017-03-15")
    (row,) = [r for r in rows if r["kind"] == "date"]
    assert (row["date_start"], row["date_precision"]) == (start, "month")


def test_a_month_without_its_year_in_a_source_dated_by_year_is_that_years(library):
    _, rows = _found(library, "Sechin met officials in June.", date="2017")
    (row,) = [r for r in rows if r["kind"] == "date"]
    assert row["date_start"] == "2017-06-01"


def test_a_year_in_a_titles_brackets_is_no_name_of_its_entry(library):
    _, rows = _found(library, "In 2014 Moscow and Beijing met. In June 2016 they met again. "
                              "Later the China–Russia gas deal was worth $400 billion.")
    mentions = _by_kind(rows, "mention")
    assert ("2014", "gas-deal-2014") not in mentions
    assert not [m for m in mentions if m[0] == "June 2016"]
    assert ("China–Russia gas deal", "gas-deal-2014") in mentions
    (value,) = [r for r in rows if r["kind"] == "value"]
    assert value["entry_id"] == "gas-deal-2014"
    (year,) = [r for r in rows if r["text"] == "2014"]
    assert (year["kind"], year["entry_id"]) == ("date", None)


def test_a_longer_name_beginning_with_a_known_one_is_offered_as_a_name(library):
    _, rows = _found(library, "Igor Sechin met officials of China National Petroleum in "
                              "Beijing. China agreed.")
    assert ("China National Petroleum", None) in _by_kind(rows, "name")
    mentions = _by_kind(rows, "mention")
    assert [m for m in mentions if m[1] == "china"] == [("China", "china")]  # the second one
    assert ("Beijing", "beijing") in mentions


def test_an_institution_of_a_known_place_is_offered_as_a_name(library):
    _, rows = _found(library, "The Bank of China paid. Officials of China came.")
    assert ("Bank of China", None) in _by_kind(rows, "name")
    assert [m for m in _by_kind(rows, "mention") if m[1] == "china"] == [("China", "china")]


def test_a_title_inside_a_run_of_capitalised_words_parts_two_names(library):
    _, rows = _found(library, "Then Kazakhstan President Nursultan Nazarbayev came, and Prime "
                              "Minister Karim Massimov spoke.")
    names = [t for t, _ in _by_kind(rows, "name")]
    assert names == ["Kazakhstan", "Nursultan Nazarbayev", "Karim Massimov"]


def test_a_headline_keeps_its_mentions(library):
    _, rows = _found(library, "Gazprom Signs Deal In Beijing\n\nThe deal was signed.")
    assert ("Gazprom", "gazprom") in _by_kind(rows, "mention")
    assert not [t for t, _ in _by_kind(rows, "name") if "Gazprom" in t]


def test_a_name_that_only_begins_sentences_is_offered_unless_it_is_a_common_word(library):
    _, rows = _found(library, "Rosneft said it would pay. Trade grew. Recently, prices fell. "
                              "Officials agreed. Later Sinopec paid. Novatek smiled. "
                              "Pipelines were built, and pipelines were sold.\n\nPipelines "
                              "matter.")
    names = [t for t, _ in _by_kind(rows, "name")]
    assert "Rosneft" in names and "Novatek" in names
    assert "Sinopec" in names and "Later Sinopec" not in names
    for common in ("Trade", "Recently", "Officials", "Later", "Pipelines"):
        assert common not in names


def test_a_common_word_the_text_capitalises_mid_sentence_is_a_name_everywhere(library):
    _, rows = _found(library, "Trade grew. The company Trade signed with Gazprom.")
    assert [t for t, _ in _by_kind(rows, "name")].count("Trade") == 2


def test_a_source_keeps_its_best_suggestions_and_counts_the_rest(library):
    from db.sourcing.suggesting import MAX_SUGGESTIONS

    text = "Sinopec paid $2 billion in 2015. Gazprom agreed.\n" * (MAX_SUGGESTIONS // 3)
    added = library.add_source(text, title="Long")
    rows = library.suggestions(added["id"])
    assert len(rows) == added["suggestions"] == MAX_SUGGESTIONS
    assert added["suggestions_left_out"] == 4 * (MAX_SUGGESTIONS // 3) - MAX_SUGGESTIONS
    kinds = [r["kind"] for r in rows]
    assert kinds.count("mention") == MAX_SUGGESTIONS // 3  # known entries first
    assert kinds.count("name") == MAX_SUGGESTIONS - 3 * (MAX_SUGGESTIONS // 3)  # names last
    assert [r["n"] for r in rows] == list(range(1, MAX_SUGGESTIONS + 1))
    assert all(r["quote"] == "Sinopec paid $2 billion in 2015." for r in rows
               if r["kind"] == "value")
