"""The search language parser: typed text in, atoms and hints out, never an exception."""

from __future__ import annotations

import pytest

from db.query import MAX_QUERY_CHARS, Filter, Text, parse, split_comparison


def W(word: str, *, prefix: bool = False, negated: bool = False) -> Text:  # noqa: N802
    """One plain word atom."""
    return Text((word,), prefix=prefix, negated=negated)


def P(*words: str, prefix: bool = False, negated: bool = False) -> Text:  # noqa: N802
    """One phrase atom."""
    return Text(tuple(words), phrase=True, prefix=prefix, negated=negated)


def F(field: str, value: str, *, negated: bool = False) -> Filter:  # noqa: N802
    return Filter(field, value, negated)


@pytest.mark.parametrize(("text", "groups"), [
    # words: all must match; the last one is a prefix while it is being typed
    ("gas", [[W("gas", prefix=True)]]),
    ("gas ", [[W("gas")]]),
    ("gas deal", [[W("gas")], [W("deal", prefix=True)]]),
    ("gas deal ", [[W("gas")], [W("deal")]]),
    ("GAS Deal", [[W("gas")], [W("deal", prefix=True)]]),
    ("g", [[W("g")]]),  # a one-letter prefix would match half the library
    ("  gas\tdeal\n", [[W("gas")], [W("deal")]]),
    ("gas-deal", [[P("gas", "deal", prefix=True)]]),  # words joined by punctuation: a phrase
    ("state_visit", [[P("state", "visit", prefix=True)]]),
    ("ﬁne", [[W("fine", prefix=True)]]),  # NFKC: the ligature is two letters
    ("Путин", [[W("путин", prefix=True)]]),
    ("普京 ", [[W("普京")]]),
    ("Pútin ", [[W("pútin")]]),  # accents are folded by the index, not the parser
    # phrases
    ('"state visit"', [[P("state", "visit")]]),
    ('"state visit" gas', [[P("state", "visit")], [W("gas", prefix=True)]]),
    ('"gas"', [[W("gas")]]),
    ('"state   visit"', [[P("state", "visit")]]),
    # OR, | and ||
    ("gas OR oil", [[W("gas"), W("oil", prefix=True)]]),
    ("gas | oil ", [[W("gas"), W("oil")]]),
    ("gas || oil ", [[W("gas"), W("oil")]]),
    ("gas OR oil OR coal ", [[W("gas"), W("oil"), W("coal")]]),
    ("rally gas OR oil ", [[W("rally")], [W("gas"), W("oil")]]),
    ("gas or oil ", [[W("gas")], [W("or")], [W("oil")]]),  # only upper-case OR is the operator
    ("kind:deal OR kind:event", [[F("kind", "deal"), F("kind", "event")]]),
    # negation
    ("-railway", [[W("railway", prefix=True, negated=True)]]),
    ("gas -oil ", [[W("gas")], [W("oil", negated=True)]]),
    ('-"state visit"', [[P("state", "visit", negated=True)]]),
    ("-kind:place", [[F("kind", "place", negated=True)]]),
    ("gas -oil OR coal ", [[W("gas")], [W("oil", negated=True), W("coal")]]),
    # field filters
    ("kind:deal", [[F("kind", "deal")]]),
    ("kind:deals", [[F("kind", "deals")]]),
    ("KIND:Deal", [[F("kind", "Deal")]]),
    ("kind:project", [[F("kind", "project")]]),
    ("actor:gazprom", [[F("actor", "gazprom")]]),
    ('actor:"xi jinping"', [[F("actor", "xi jinping")]]),
    ("actor:Путин", [[F("actor", "Путин")]]),
    ("year:2014", [[F("year", "2014")]]),
    ("year:2014..2016", [[F("year", "2014..2016")]]),
    ("year:2014-2016", [[F("year", "2014-2016")]]),
    ("year:>2015", [[F("year", ">2015")]]),
    ("year:>=2015", [[F("year", ">=2015")]]),
    ("year:<2015", [[F("year", "<2015")]]),
    ("year:<=2015", [[F("year", "<=2015")]]),
    ("date:2016-06", [[F("date", "2016-06")]]),
    ("date:2016-Q1", [[F("date", "2016-Q1")]]),
    ("date:2016-06-25..2016-07-12", [[F("date", "2016-06-25..2016-07-12")]]),
    ("date:>2016-06", [[F("date", ">2016-06")]]),
    ("value:>10bn", [[F("value", ">10bn")]]),
    ("value:1bn..50bn", [[F("value", "1bn..50bn")]]),
    ("value:$1.5m..2bn", [[F("value", "$1.5m..2bn")]]),
    ("value:1tn", [[F("value", "1tn")]]),
    ("value:<=500k", [[F("value", "<=500k")]]),
    ("value:$400", [[F("value", "$400")]]),
    ("value:1,000m", [[F("value", "1,000m")]]),
    ("status:signed", [[F("status", "signed")]]),
    ('status:"under discussion"', [[F("status", "under discussion")]]),
    ("tag:energy", [[F("tag", "energy")]]),
    ("is:bookmarked", [[F("is", "bookmarked")]]),
    ("is:BOOKMARKED", [[F("is", "BOOKMARKED")]]),
    ("source:diplomat", [[F("source", "diplomat")]]),
    ("category:person", [[F("category", "person")]]),
    ("id:gas-deal-2014", [[F("id", "gas-deal-2014")]]),
    ("batch:3", [[F("batch", "3")]]),
    ("gas kind:deal year:2014 ", [[W("gas")], [F("kind", "deal")], [F("year", "2014")]]),
])
def test_parse_atoms(text, groups):
    query = parse(text)
    assert [list(g) for g in query.groups] == groups
    assert query.hints == ()


@pytest.mark.parametrize(("text", "groups", "hint"), [
    ('"state visit', [[P("state", "visit")]], "closing quote was missing"),
    ('a":\n', [[W("a")]], "closing quote was missing"),
    ("gas OR", [[W("gas")]], "OR” needs something on both sides"),
    ("OR gas", [[W("gas", prefix=True)]], "OR” needs something on both sides"),
    ("gas OR OR oil", [[W("gas"), W("oil", prefix=True)]], "OR” needs something on both sides"),
    ("OR", [], "OR” needs something on both sides"),
    ("kind:foo", [[W("kind")], [W("foo")]], "“kind:foo” is not a kind"),
    ("kind:", [], "“kind:” needs a value, e.g. kind:deal"),
    ("gas kind:", [[W("gas")]], "“kind:” needs a value"),
    ("-year:", [], "“year:” needs a value, e.g. year:2014"),
    ('kind:"', [], "“kind:” needs a value"),
    ("foo:bar", [[W("foo")], [W("bar")]], "“foo:” is not a field"),
    ("a:b", [[W("a")], [W("b")]], "“a:” is not a field"),
    ("foo:", [[W("foo")]], "“foo:” is not a field"),
    ("is:foo", [[W("is")], [W("foo")]], "“is:foo” is unknown"),
    ("year:99999", [[W("year")], [W("99999")]], "“year:99999” is not a year"),
    ("year:20x4", [[W("year")], [W("20x4")]], "is not a year"),
    ("date:2016-13", [[W("date")], [W("2016")], [W("13")]], "“date:2016-13” is not a date"),
    ("date:2016-02-30", [[W("date")], [W("2016")], [W("02")], [W("30")]], "is not a date"),
    ("date:2016..2014", [[W("date")], [W("2016")], [W("2014")]], "is not a date"),
    ("date:0000-01", [[W("date")], [W("0000")], [W("01")]], "is not a date"),
    ("year:0000", [[W("year")], [W("0000")]], "“year:0000” is not a year"),
    ("year:2016..2014", [[W("year")], [W("2016")], [W("2014")]], "is not a year or range"),
    ("value:50bn..1bn", [[W("value")], [W("50bn")], [W("1bn")]], "is not an amount"),
    ("value:>>1", [[W("value")], [W("1")]], "“value:>>1” is not an amount"),
    ("value:lots", [[W("value")], [W("lots")]], "is not an amount"),
    ("batch:x", [[W("batch")], [W("x")]], "is not an import batch number"),
    ("*", [], "Nothing searchable"),
    ("^", [], "Nothing searchable"),
    ("_", [], "Nothing searchable"),
    ("( ) { }", [], "Nothing searchable"),
])
def test_not_understood_is_searched_as_words_with_a_hint(text, groups, hint):
    query = parse(text)
    assert [list(g) for g in query.groups] == groups
    assert any(hint in h for h in query.hints), query.hints


@pytest.mark.parametrize("text", ["", " ", "\t\n", "\x00", "\x00\x00 \x00", "\u200b", "\ufeff"])
def test_empty_queries_match_everything_quietly(text):
    query = parse(text)
    assert query.is_empty
    assert query.hints == ()


@pytest.mark.parametrize(("text", "words"), [
    ("AND", [W("and", prefix=True)]),
    ("NOT gas", [W("not"), W("gas", prefix=True)]),
    ("NEAR(gas oil)", [P("near", "gas"), W("oil", prefix=True)]),
    ("NEAR(", [W("near", prefix=True)]),
    ("gas*", [W("gas", prefix=True)]),
    ("^gas ", [W("gas")]),
    ("title:gas ", [W("title"), W("gas")]),
    ("{title}: gas ", [W("title"), W("gas")]),
    ("gas\x00deal ", [W("gas"), W("deal")]),
    ("gas\u202edeal ", [W("gas"), W("deal")]),
])
def test_fts_syntax_is_plain_words(text, words):
    query = parse(text)
    assert [a for g in query.groups for a in g] == words


def test_nul_bytes_separate_words():
    assert parse("gas\x00").groups == ((W("gas"),),)


def test_a_huge_query_is_cut_with_a_hint():
    query = parse("gas " * 25_000)
    assert sum(len(g) for g in query.groups) == MAX_QUERY_CHARS // 4
    assert query.hints == (f"Only the first {MAX_QUERY_CHARS} characters of the query were used.",)


def test_a_huge_single_word_is_cut():
    query = parse("x" * 100_000)
    assert query.groups == ((W("x" * MAX_QUERY_CHARS, prefix=True),),)
    assert "first 1000 characters" in query.hints[0]


@pytest.mark.parametrize("value", [None, 42, b"gas"])
def test_non_text_input_does_not_raise(value):
    assert parse(value).text == (value if isinstance(value, str) else str(value or ""))


def test_query_keeps_the_typed_text_and_lists_positive_words():
    query = parse('gas "state visit" -oil kind:deal')
    assert query.text == 'gas "state visit" -oil kind:deal'
    assert query.words() == ["gas", "state", "visit"]


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("year", "2014", ("=", "2014", None)),
    ("year", ">2015", (">", "2015", None)),
    ("year", "<=2015", ("<=", "2015", None)),
    ("year", "2014..2016", ("..", "2014", "2016")),
    ("year", "2014-2016", ("..", "2014", "2016")),
    ("date", "2016-06", ("=", "2016-06", None)),
    ("date", ">=2016-Q1", (">=", "2016-Q1", None)),
    ("date", "2016-06-25..2016-07-12", ("..", "2016-06-25", "2016-07-12")),
    ("value", ">10bn", (">", "10bn", None)),
    ("value", "$1.5m..2bn", ("..", "$1.5m", "2bn")),
    ("value", "400", ("=", "400", None)),
])
def test_split_comparison(field, value, expected):
    assert split_comparison(field, value) == expected


def test_a_one_character_last_word_is_a_word_and_may_be_a_first_letter():
    from db.query import without_first_letter

    typing = parse("moscow p")
    assert typing.groups[-1][0].tokens == ("p",)  # searched as the word it is
    shorter = without_first_letter(typing)  # … or, where nothing has it, left out
    assert shorter.groups == parse("moscow ").groups and shorter.text == "moscow p"
    assert any("“p”" in hint for hint in shorter.hints)
    assert parse("moscow pi").groups[-1][0].prefix  # two letters: words starting with "pi"
    for finished in ("moscow p ", "p", "moscow 北", "gas OR p", 'moscow "p', "moscow -p"):
        assert without_first_letter(parse(finished)) is None, finished


def test_typing_a_new_word_never_empties_the_results_yet_finds_what_has_it(library):
    shown = [library.results(text, limit=50, typing=True).total
             for text in ("gas", "gas d", "gas de")]
    assert shown[0] > 0 and shown[1] == shown[0] and shown[2] > 0
    assert "No word is just “d”" in " ".join(library.results("gas d", typing=True).hints)
    assert library.results("gas d").total == 0  # not typing (a command, an export): as written
    with library.transaction():
        library.conn.execute("UPDATE entries SET summary = summary || ' phase 2' "
                             "WHERE id = 'gas-deal-2014'")
    phase_two = library.results("gas 2", limit=50, typing=True)
    assert [library.id_for(n) for n in phase_two.nums] == ["gas-deal-2014"]


def test_an_amount_too_large_for_a_number_is_searched_as_words():
    query = parse("value:>" + "9" * 400)
    assert not any(isinstance(atom, Filter) for group in query.groups for atom in group)
    assert any("is not an amount" in hint for hint in query.hints)
