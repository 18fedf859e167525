"""The bundled library holds what the article says: values, dates, parties, places, quotes."""

from __future__ import annotations

import pytest

from db.paths import resource_path

SOURCE_ID = "diplomat-2016-obor-russia"


def out_links(entry: dict, role: str) -> set[str]:
    return {lk["id"] for lk in entry["links"] if lk["direction"] == "out" and lk["role"] == role}


def in_links(entry: dict, role: str) -> set[str]:
    return {lk["id"] for lk in entry["links"] if lk["direction"] == "in" and lk["role"] == role}


def alias_names(entry: dict) -> set[str]:
    return {a["name"] for a in entry["aliases"]}


def test_the_gas_deal(library):
    deal = library.get("gas-deal-2014")
    assert (deal["kind"], deal["status"]) == ("deal", "signed")
    assert deal["value_usd"] == 4e11
    assert deal["value_text"] == "$400 billion"
    assert (deal["date_start"], deal["date_end"], deal["date_precision"], deal["date_text"]) \
        == ("2014-01-01", "2014-12-31", "year", "2014")
    assert deal["date_origin"] == "source"
    assert out_links(deal, "party") == {"vladimir-putin", "xi-jinping", "gazprom", "russia",
                                        "china"}
    assert [c["quote"] for c in deal["citations"]] == [
        "the $400 billion gas deal signed in 2014 between Vladimir Putin and Xi Jinping"]
    assert library.get("gas-deal-value")["value_usd"] == 4e11


def test_the_moscow_kazan_railway_financed_by_china(library):
    railway = library.get("moscow-kazan-hsr")
    assert (railway["kind"], railway["category"]) == ("deal", "project")
    assert (railway["value_usd"], railway["value_text"]) == (21e9, "$21 billion")
    assert out_links(railway, "financier") == {"china"}
    assert out_links(railway, "connects") == {"moscow", "kazan"}
    assert out_links(railway, "part of") == {"moscow-beijing-hsr"}
    assert out_links(railway, "located in") == {"russia-central-west"}


def test_the_moscow_beijing_track(library):
    track = library.get("moscow-beijing-hsr")
    assert (track["value_usd"], track["value_text"], track["status"]) \
        == (153e9, "$153 billion", "proposed")
    assert out_links(track, "connects") == {"moscow", "beijing"}
    assert in_links(track, "part of") == {"moscow-kazan-hsr"}


def test_the_58_initiatives_of_june_2016(library):
    package = library.get("june-2016-business-initiatives")
    assert (package["value_usd"], package["value_text"], package["status"]) \
        == (50e9, "$50 billion", "signed")
    assert (package["date_start"], package["date_end"], package["date_precision"]) \
        == ("2016-06-01", "2016-06-30", "month")
    assert package["date_text"] == "June"
    assert "July 2016" in package["date_note"]  # how "June" was resolved is recorded
    assert package["measures"] == [{"quantity": 58, "unit": "initiatives",
                                    "text": "58 business initiatives"}]
    assert out_links(package, "outcome of") == {"putin-state-visit-2016-06"}
    assert in_links(package, "part of") == {"russian-project-stakes-sale", "oil-supply-contract",
                                            "petrochemical-joint-investments"}
    visit = library.get("putin-state-visit-2016-06")
    assert (visit["kind"], visit["date_precision"], visit["date_start"]) \
        == ("event", "month", "2016-06-01")
    assert out_links(visit, "visitor") == {"vladimir-putin"}
    assert library.get("june-2016-initiatives-count")["measures"][0]["quantity"] == 58


def test_the_hyperloop_under_discussion(library):
    line = library.get("hyperloop-zarubino-jilin")
    assert line["status"] == "under discussion"
    assert line["measures"] == [{"quantity": 70, "unit": "km", "text": "70-kilometer"}]
    assert out_links(line, "connects") == {"zarubino", "jilin"}
    assert out_links(line, "located in") == {"pacific-coast"}
    assert line["value_usd"] is None  # the article gives no cost
    assert library.get("hyperloop-length")["measures"][0] == {
        "quantity": 70, "unit": "km", "text": "70-kilometer"}


def test_the_rally_with_its_sponsors_and_correction(library):
    rally = library.get("silk-road-rally")
    assert rally["kind"] == "event"
    assert rally["measures"] == [{"quantity": 6695, "unit": "mi", "text": "6,695 miles"}]
    assert out_links(rally, "sponsor") == {"gazprom", "baic"}
    assert out_links(rally, "starts in") == {"moscow"}
    corrections = [n["text"] for n in rally["notes"] if n["kind"] == "correction"]
    assert len(corrections) == 1
    assert "“from Moscow to Russia”" in corrections[0] and "Beijing" in corrections[0]
    # the article gives no date: the dates come from the public record and say so
    assert (rally["date_origin"], rally["date_text"]) == ("analyst", None)
    assert (rally["date_start"], rally["date_end"]) == ("2016-07-08", "2016-07-24")
    assert "public record" in rally["date_note"]


def test_one_trillion_of_trade_last_year_is_2015(library):
    trade = library.get("china-obor-trade-2015")
    assert (trade["kind"], trade["value_usd"], trade["value_text"]) \
        == ("figure", 1e12, "$1 trillion")
    assert (trade["date_start"], trade["date_end"], trade["date_precision"]) \
        == ("2015-01-01", "2015-12-31", "year")
    assert trade["date_text"] == "last year"
    assert trade["date_note"] == "“Last year” in an article of July 2016 is 2015."
    assert out_links(trade, "stated by") == {"xi-jinping"}
    assert "exceeded" in trade["value_note"]


def test_this_years_first_quarter_is_q1_2016(library):
    gdp = library.get("china-gdp-q1-2016")
    assert (gdp["date_start"], gdp["date_end"], gdp["date_precision"]) \
        == ("2016-01-01", "2016-03-31", "quarter")
    assert gdp["date_text"] == "this year’s first quarter"
    assert "2016" in gdp["date_note"]


def test_900_deals_worth_890_billion(library):
    deals = library.get("obor-official-deals")
    assert (deals["value_usd"], deals["value_text"]) == (890e9, "$890 billion")
    assert deals["measures"] == [{"quantity": 900, "unit": "deals", "text": "900 official deals"}]
    assert library.get("obor-deal-count")["measures"][0]["quantity"] == 900
    assert library.get("obor-deals-combined-worth")["value_usd"] == 890e9


@pytest.mark.parametrize(("entry_id", "value_usd"), [
    ("obor-4-trillion-pledge", 4e12),
    ("obor-pledge-sum", 4e12),
    ("chinese-obor-investment-2015", 15e9),
    ("moscow-kazan-hsr-value", 21e9),
    ("moscow-beijing-hsr-value", 153e9),
    ("june-2016-initiatives-value", 50e9),
])
def test_other_sums(library, entry_id, value_usd):
    assert library.get(entry_id)["value_usd"] == value_usd


@pytest.mark.parametrize(("entry_id", "kind", "category"), [
    ("south-china-sea-ruling", "event", "ruling"),
    ("russian-experts-report-2015", "event", "report"),
    ("xi-uzbekistan-visit-2016", "event", "visit"),
    ("eeu", "actor", "organisation"),
    ("ccp", "actor", "political party"),
    ("csis", "actor", "think tank"),
    ("baic", "actor", "company"),
    ("zarubino", "place", "port"),
    ("crimea-incursion", "event", "military action"),
    ("sanctions-on-russia", "event", "sanctions"),
    ("johannes-feige", "actor", "person"),
])
def test_what_the_article_mentions(library, entry_id, kind, category):
    entry = library.get(entry_id)
    assert (entry["kind"], entry["category"]) == (kind, category)


def test_the_ruling_is_dated_from_the_public_record(library):
    ruling = library.get("south-china-sea-ruling")
    assert (ruling["date_start"], ruling["date_precision"]) == ("2016-07-12", "day")
    assert out_links(ruling, "issued by") == {"arbitral-tribunal"}
    assert out_links(ruling, "subject") == {"philippines", "china"}


def test_every_kind_is_present(library):
    assert library.kind_counts() == {"actor": 24, "deal": 14, "event": 11, "figure": 13,
                                     "place": 16}


def test_every_entry_cites_an_exact_quote_of_the_article(library):
    text = resource_path("sources", f"{SOURCE_ID}.txt").read_text(encoding="utf-8")
    ids = [r[0] for r in library.conn.execute("SELECT id FROM entries ORDER BY num")]
    assert len(ids) == 78
    for entry_id in ids:
        citations = library.get(entry_id)["citations"]
        assert citations, entry_id
        for citation in citations:
            assert citation["source_id"] == SOURCE_ID
            assert citation["source_title"] == "China’s Road to Closer Ties With Russia"
            assert citation["quote"] in text, (entry_id, citation["quote"])
            assert text[citation["start"]:citation["end"]] == citation["quote"]


def test_the_source_keeps_its_credit(library):
    source = library.source(SOURCE_ID)
    assert (source["author"], source["publisher"]) == ("Johannes Feige", "The Diplomat")
    assert source["credit"].startswith("Johannes Feige, “China’s Road to Closer Ties With Russia”")
    assert len(source["passages"]) > 10


@pytest.mark.parametrize(("entry_id", "names"), [
    ("vladimir-putin", {"Putin", "Владимир Путин", "普京"}),
    ("xi-jinping", {"Xi", "习近平", "Си Цзиньпин"}),
    ("gazprom", {"Газпром", "俄气"}),
    ("moscow", {"Москва", "莫斯科"}),
    ("beijing", {"北京", "Пекин"}),
    ("china", {"PRC", "中国", "Китай"}),
    ("russia", {"Россия"}),
    ("obor", {"OBOR", "BRI", "一带一路"}),
    ("eeu", {"EEU"}),
    ("kazan", {"Казань"}),
])
def test_aliases_in_cyrillic_and_han(library, entry_id, names):
    assert names <= alias_names(library.get(entry_id))


@pytest.mark.parametrize("entry_id", ["vladimir-putin", "xi-jinping", "gazprom", "moscow",
                                      "beijing", "china", "russia", "kazan", "zarubino",
                                      "jilin", "crimea"])
def test_names_of_people_states_companies_and_places_in_both_scripts(library, entry_id):
    scripts = {a["script"] for a in library.get(entry_id)["aliases"]}
    assert {"Cyrl", "Hans"} <= scripts


def test_analyst_notes_are_marked(library):
    deal = library.get("gas-deal-2014")
    assert [n["kind"] for n in deal["notes"]] == ["analyst"]
    assert "21 May 2014" in deal["notes"][0]["text"]
    assert deal["date_precision"] == "year"  # the note does not make the date more precise
