"""Searching the bundled library: ranking, operators, every field, names across scripts, typos."""

from __future__ import annotations

import shutil

import pytest

from db import Library
from db import search as search_module
from db.search import HIGHLIGHT_CLOSE as CLOSE
from db.search import HIGHLIGHT_OPEN as OPEN


def ids(library: Library, text: str, **options) -> list[str]:
    return [hit["id"] for hit in library.search(text, limit=200, **options)["hits"]]


def id_set(library: Library, text: str, **options) -> set[str]:
    return set(ids(library, text, **options))


# -- words, ranking, phrases, OR, NOT --------------------------------------------------------

def test_gas_puts_the_gas_deal_first(library):
    result = library.search("gas")  # the deal and the figure of its value, both titled "gas"
    assert {h["id"] for h in result["hits"][:2]} == {"gas-deal-2014", "gas-deal-value"}
    assert result["total"] == 5
    assert {"gas-deal-value", "gazprom"} <= {h["id"] for h in result["hits"]}


@pytest.mark.parametrize(("query", "entry_id"), [
    ("obor", "obor"), ("OBOR ", "obor"), ("beijing", "beijing"), ("Russia", "russia"),
    ("china", "china"), ("moscow ", "moscow"), ("eeu", "eeu"), ("kazan", "kazan"),
    ("crimea", "crimea"), ("xi jinping", "xi-jinping"), ("Pútin", "vladimir-putin"),
    ("putn", "vladimir-putin"), ("Пекин", "beijing"),
])
def test_an_entry_named_as_typed_comes_first(library, query, entry_id):
    assert ids(library, query)[0] == entry_id


def test_search_hit_shape(library):
    [hit] = [h for h in library.search("gas")["hits"] if h["id"] == "gas-deal-2014"]
    assert hit == {
        "id": "gas-deal-2014", "kind": "deal", "title": "China–Russia gas deal (2014)",
        "date_start": "2014-01-01", "date_end": "2014-12-31", "date_precision": "year",
        "value_usd": 4e11, "snippet": f"China–Russia {OPEN}gas{CLOSE} deal (2014)",
    }


def test_all_words_must_match(library):
    assert id_set(library, "gas deal putin ") == {"gas-deal-2014", "vladimir-putin",
                                                  "xi-jinping"}  # "…gas deal with Putin…"
    assert id_set(library, "gas deal putin kazan ") == set()


def test_last_word_is_a_prefix_while_typing(library):
    assert "hyperloop-zarubino-jilin" in ids(library, "hyperl")
    assert library.results("hyperl ", fuzzy=False).nums == []  # a finished word is whole


def test_phrase(library):
    assert set(ids(library, '"state visit"')[:2]) == {"putin-state-visit-2016-06",
                                                       "xi-uzbekistan-visit-2016"}
    assert id_set(library, '"visit state"') == set()


def test_or(library):
    found = id_set(library, "hyperloop OR rally")
    assert {"hyperloop-zarubino-jilin", "silk-road-rally", "rally-distance"} <= found
    assert found == id_set(library, "hyperloop ") | id_set(library, "rally ")


def test_not_word(library):
    assert id_set(library, "railway ") == {"moscow-kazan-hsr", "moscow-kazan-hsr-value",
                                           "moscow-beijing-hsr"}
    assert id_set(library, "railway -beijing ") == {"moscow-kazan-hsr-value"}
    assert id_set(library, "gas -putin ") == {"gas-deal-value", "gazprom"}


def test_only_negative_words_exclude_from_everything(library):
    found = id_set(library, "-gas ")
    assert len(found) == 78 - 5
    assert "gas-deal-2014" not in found


def test_empty_query_lists_everything_by_title(library):
    result = library.search("", limit=3)
    assert result["total"] == 78
    assert [h["title"] for h in result["hits"]] == [
        "$153 billion cost of a Moscow–Beijing track",
        "$21 billion cost of the Moscow–Kazan high-speed railway",
        "$4 trillion promised to OBOR countries"]


def test_kind_option_restricts_a_ranked_search(library):
    result = library.search("gas", kind="deal")
    assert (result["total"], [h["id"] for h in result["hits"]]) == (1, ["gas-deal-2014"])
    actors = library.results("gas", kind="actor", limit=10)
    assert [library.id_for(n) for n in actors.nums] == ["gazprom", "xi-jinping", "vladimir-putin"]


# -- field filters ---------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("kind:place category:port", {"zarubino"}),
    ("kind:person", None),  # not a kind: searched as words, nothing found
    ("category:person", {"vladimir-putin", "xi-jinping", "johannes-feige"}),
    ("category:Person", {"vladimir-putin", "xi-jinping", "johannes-feige"}),
    ("kind:actor category:company", {"gazprom", "baic", "chinese-firms", "chinese-soes"}),
    ('category:"company group"', {"chinese-firms", "chinese-soes"}),
    ("actor:gazprom", {"gazprom", "gas-deal-2014", "silk-road-rally", "russia"}),
    ("actor:Путин", {"vladimir-putin", "gas-deal-2014", "june-2016-business-initiatives",
                     "putin-state-visit-2016-06", "russia"}),
    ("actor:baic kind:event", {"silk-road-rally"}),
    ("year:2014", {"gas-deal-2014", "crimea-incursion", "sanctions-on-russia"}),
    ("year:2014 kind:deal", {"gas-deal-2014"}),
    ("year:2014..2015", {"gas-deal-2014", "crimea-incursion", "sanctions-on-russia",
                         "chinese-obor-investment-2015", "china-obor-trade-2015", "eeu",
                         "russian-experts-report-2015"}),
    ("year:2014-2015", {"gas-deal-2014", "crimea-incursion", "sanctions-on-russia",
                        "chinese-obor-investment-2015", "china-obor-trade-2015", "eeu",
                        "russian-experts-report-2015"}),
    ("year:<2014", {"obor", "silk-road-economic-belt", "us-pivot-to-asia"}),
    ("year:<=2013", {"obor", "silk-road-economic-belt", "us-pivot-to-asia"}),
    ("year:>2016", {"moderately-well-off-society"}),
    ("year:>=2016 kind:deal", {"june-2016-business-initiatives", "moderately-well-off-society"}),
    ("date:2016-06", {"june-2016-business-initiatives", "putin-state-visit-2016-06",
                      "xi-uzbekistan-visit-2016"}),
    ("date:2016-07-12", {"south-china-sea-ruling", "silk-road-rally"}),
    ("date:2016-Q1", {"china-gdp-q1-2016"}),
    ("date:2016-06-23..2016-07-09", {"june-2016-business-initiatives",
                                     "putin-state-visit-2016-06", "xi-uzbekistan-visit-2016",
                                     "silk-road-rally"}),
    ("value:>500bn", {"obor-4-trillion-pledge", "obor-pledge-sum", "obor-official-deals",
                      "obor-deals-combined-worth", "china-obor-trade-2015"}),
    ("value:1bn..50bn", {"moscow-kazan-hsr", "moscow-kazan-hsr-value",
                         "chinese-obor-investment-2015", "june-2016-business-initiatives",
                         "june-2016-initiatives-value"}),
    ("value:$21bn", {"moscow-kazan-hsr", "moscow-kazan-hsr-value"}),
    ("value:21000m", {"moscow-kazan-hsr", "moscow-kazan-hsr-value"}),
    ("value:21,000,000k", {"moscow-kazan-hsr", "moscow-kazan-hsr-value"}),
    ("value:$21000000000", {"moscow-kazan-hsr", "moscow-kazan-hsr-value"}),
    ("value:0.021tn", {"moscow-kazan-hsr", "moscow-kazan-hsr-value"}),
    ("value:4tn", {"obor-4-trillion-pledge", "obor-pledge-sum"}),
    ("value:1TN", {"china-obor-trade-2015"}),
    ("value:<20bn", {"chinese-obor-investment-2015"}),
    ("value:<=15bn", {"chinese-obor-investment-2015"}),
    ("value:>=890b kind:deal", {"obor-official-deals", "obor-4-trillion-pledge"}),
    ("status:signed", {"gas-deal-2014", "june-2016-business-initiatives",
                       "petrochemical-joint-investments", "oil-supply-contract",
                       "russian-project-stakes-sale"}),
    ('status:"under discussion"', {"hyperloop-zarubino-jilin"}),
    ("status:proposed", {"moscow-beijing-hsr"}),
    ("tag:energy kind:actor", {"gazprom", "chinese-soes"}),
    ("tag:ENERGY kind:deal", {"gas-deal-2014", "june-2016-business-initiatives",
                              "petrochemical-joint-investments", "oil-supply-contract"}),
    ("source:feige kind:place category:port", {"zarubino"}),
    ("source:nowhere", set()),
    ("id:gas-deal-2014", {"gas-deal-2014"}),
    ("-kind:actor -kind:place -kind:figure -kind:event -status:underway category:project",
     {"moscow-beijing-hsr", "hyperloop-zarubino-jilin"}),
    ("kind:deal OR kind:event year:2014", {"gas-deal-2014", "crimea-incursion",
                                           "sanctions-on-russia"}),
    ("is:analyst kind:figure", {"obor-country-count", "rally-distance"}),
    ("is:valued kind:deal -value:>100bn", {"moscow-kazan-hsr", "june-2016-business-initiatives"}),
])
def test_field_filters(library, query, expected):
    assert id_set(library, query + " ") == (expected or set())


def test_source_filter_matches_the_whole_bundled_library(library):
    assert len(ids(library, "source:diplomat")) == 78


def test_bookmarked_and_tag_filters_see_the_users_data(library):
    assert ids(library, "is:bookmarked") == []
    library.bookmark("hyperloop-zarubino-jilin", note="follow up", tags=["watch"])
    library.bookmark("gazprom")
    assert id_set(library, "is:bookmarked") == {"hyperloop-zarubino-jilin", "gazprom"}
    assert id_set(library, "is:noted") == {"hyperloop-zarubino-jilin"}
    assert id_set(library, "tag:watch") == {"hyperloop-zarubino-jilin"}
    assert id_set(library, 'kind:actor category:company -category:"company group" -is:bookmarked') \
        == {"baic"}


@pytest.mark.parametrize(("order", "descending", "first"), [
    ("value", True, "obor-4-trillion-pledge"),
    ("value", False, "chinese-obor-investment-2015"),
    ("date", False, "us-pivot-to-asia"),
    ("date", True, "moderately-well-off-society"),
    ("title", False, "moscow-beijing-hsr-value"),  # "$153 billion …" sorts first
    ("title", True, "moderately-well-off-society"),  # "“Moderately …" sorts last
])
def test_sorting(library, order, descending, first):
    assert ids(library, "kind:deal OR kind:figure is:valued OR is:dated", order=order,
               descending=descending)[0] == first


# -- names across scripts, accents, typos ----------------------------------------------------

@pytest.mark.parametrize(("query", "entry_id"), [
    ("Путин", "vladimir-putin"),
    ("普京", "vladimir-putin"),
    ("Газпром", "gazprom"),
    ("习近平", "xi-jinping"),
    ("Си Цзиньпин", "xi-jinping"),
    ("Москва", "moscow"),
    ("莫斯科", "moscow"),
    ("Пекин", "beijing"),
    ("北京 ", "beijing"),
    ("Peking", "beijing"),
    ("Казань", "kazan"),
    ("зарубино", "zarubino"),
    ("一带一路", "obor"),
    ("BRI", "obor"),
    ("EEU", "eeu"),
    ("Pútin", "vladimir-putin"),
    ("PÚTIN ", "vladimir-putin"),
    ("Gàzpròm", "gazprom"),
    ("Kazán", "kazan"),
    ("Pekin", "beijing"),  # transliterated from the Russian name
    ("Moskva", "moscow"),
])
def test_names_match_across_scripts_and_accents(library, query, entry_id):
    result = library.search(query)
    assert entry_id in [h["id"] for h in result["hits"][:3]], result["hits"]
    assert result["hints"] == []


@pytest.mark.parametrize(("typo", "word", "entry_id"), [
    ("putn", "putin", "vladimir-putin"),
    ("gazprm", "gazprom", "gazprom"),
    ("kazn", "kazan", "kazan"),
    ("hyperlop ", "hyperloop", "hyperloop-zarubino-jilin"),
    ("zarubno", "zarubino", "zarubino"),
])
def test_a_misspelt_name_still_finds_its_entry_with_a_hint(library, typo, word, entry_id):
    result = library.search(typo)
    assert entry_id in [h["id"] for h in result["hits"]]
    assert any(f"“{word}” for “{typo.strip()}”" in h for h in result["hints"]), result["hints"]


def test_typo_correction_reports_what_it_changed(library):
    result = library.results("gazprm rally ")
    assert result.corrections == {"gazprm": "gazprom"}
    assert {library.id_for(n) for n in result.nums} == {"silk-road-rally", "gazprom"}


def test_no_correction_when_the_word_exists_or_is_nonsense(library):
    assert library.results("gas").corrections == {}
    result = library.search("qqqqqqqq")
    assert (result["total"], result["hints"]) == (0, [])


def test_typo_tolerance_can_be_turned_off(library):
    assert library.results("gazprm", fuzzy=False).nums == []


# -- snippets and passages -------------------------------------------------------------------

def test_snippets_mark_every_matched_word(library):
    hits = {h["id"]: h for h in library.search('"state visit"')["hits"]}
    assert hits["putin-state-visit-2016-06"]["snippet"] == (
        f"Putin’s June 2016 {OPEN}state{CLOSE} {OPEN}visit{CLOSE} to China")


def test_snippet_of_a_name_in_another_script(library):
    snippet = library.search("Путин")["hits"][0]["snippet"]
    assert f"Владимир {OPEN}Путин{CLOSE}" in snippet


def test_snippet_of_a_prefix_and_of_an_accent_folded_word(library):
    by_id = {h["id"]: h["snippet"] for h in library.search("railw")["hits"]}
    assert by_id["moscow-beijing-hsr"] == f"Moscow–Beijing high-speed {OPEN}railway{CLOSE}"
    by_id = {h["id"]: h["snippet"] for h in library.search("Pútin")["hits"]}
    assert by_id["vladimir-putin"] == f"Vladimir {OPEN}Putin{CLOSE}"


def test_no_snippet_without_words(library):
    assert {h["snippet"] for h in library.search("kind:deal")["hits"]} == {""}


def test_passages_of_the_source_are_searchable(library):
    passages = library.search_passages("hyperloop")
    assert len(passages) == 1
    assert passages[0]["source_id"] == "diplomat-2016-obor-russia"
    assert f"“{OPEN}hyperloop{CLOSE}” line along the Pacific Coast" in passages[0]["snippet"]
    source = library.source("diplomat-2016-obor-russia")
    start, end = passages[0]["start"], passages[0]["end"]
    assert "70-kilometer “hyperloop”" in source["text"][start:end]


def test_passage_phrase_and_ranking(library):
    passages = library.search_passages('"gas deal"')
    assert [p["ordinal"] for p in passages] == [15]
    assert f"$400 billion {OPEN}gas deal{CLOSE} signed in 2014" in passages[0]["snippet"]
    assert library.search_passages("kind:deal") == []
    assert len(library.search_passages("russia", limit=2)) == 2


def test_passages_leave_out_unwanted_words(library):
    assert [p["ordinal"] for p in library.search_passages("gas -putin")] == []
    with_china = {p["ordinal"] for p in library.search_passages("china")}
    without_russia = {p["ordinal"] for p in library.search_passages("china -russia")}
    assert without_russia == with_china - {p["ordinal"] for p in library.search_passages("russia")}
    assert without_russia == {8, 9, 11, 12, 18}


# -- scale: capped counts, ranking only small result sets ------------------------------------

def test_ranking_is_skipped_above_the_rank_limit(library, monkeypatch):
    ranked = library.results("gas")
    assert ranked.ranked and library.id_for(ranked.nums[0]) == "gas-deal-value"
    monkeypatch.setattr(search_module, "RANK_LIMIT", 4)
    monkeypatch.setattr(search_module, "RANK_LIMIT_BACKGROUND", 4)
    unranked = library.results("gas")
    assert not unranked.ranked
    titles = [library.get(library.id_for(n))["title"] for n in unranked.nums]
    assert titles == sorted(titles, key=str.casefold)  # title order, not relevance
    assert set(unranked.nums) == set(ranked.nums)


@pytest.fixture(scope="module")
def big_library(bundled_library_template, tmp_path_factory):
    """The bundled library plus 12,000 cheap synthetic entries that all say "kurgantube"."""
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    shutil.copyfile(bundled_library_template, path)
    rows = [(f"synthetic-{i:05d}", f"Kurgantube segment {i:05d}", "A kurgantube section.")
            for i in range(12_000)]
    library = Library.open(path)
    with library.transaction():
        library.conn.executemany(
            "INSERT INTO entries (id, kind, title, summary, origin) "
            "VALUES (?, 'deal', ?, ?, 'import')", rows)
    yield library
    library.close()


def test_counts_are_capped_and_big_result_sets_are_not_ranked(big_library):
    result = big_library.results("kurgantube", limit=50)
    assert result.capped
    assert result.total == search_module.COUNT_CAP + 1
    assert not result.ranked
    assert len(result.nums) == 50
    assert big_library.id_for(result.nums[0]) == "synthetic-00000"  # by title: the index walk


def test_a_big_result_set_pages_to_its_end(big_library):
    page = big_library.search("kurgantube", limit=3, offset=11_997)
    assert [h["id"] for h in page["hits"]] == ["synthetic-11997", "synthetic-11998",
                                                "synthetic-11999"]
    assert page["total"] == 12_000


def test_small_result_sets_in_a_big_library_are_ranked(big_library):
    result = big_library.results("gas", limit=10)
    assert (result.ranked, result.capped, result.total) == (True, False, 5)
    assert big_library.id_for(result.nums[0]) in {"gas-deal-2014", "gas-deal-value"}
