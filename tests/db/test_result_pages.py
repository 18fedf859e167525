"""First pages of result sets: at once and honest about what they are; whole sets in order."""

from __future__ import annotations

import db.search as search_module


def titles(library, nums):
    rows = library.rows(nums)
    return [rows[n]["title"] for n in nums]


def test_a_small_result_set_comes_whole_and_ranked(library):
    page = library.results("gas", limit=256)
    assert page.complete and page.ranked
    assert library.id_for(page.nums[0]) == "gas-deal-value"  # then the deal: see test_search
    assert page.nums == library.results("gas").nums


def test_too_many_to_rank_now_shows_hits_then_ranks_them_whole(library, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_LIMIT", 2)
    page = library.results("gas", limit=256)
    whole = library.results("gas")
    assert not page.complete and not page.ranked
    assert page.total == whole.total == 5
    assert set(page.nums) == set(whole.nums)
    assert whole.ranked and library.id_for(whole.nums[0]) == "gas-deal-value"


def test_a_kind_view_counts_exactly_and_pages_in_title_order(library, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    page = library.results("kind:deal", limit=4)
    deals = library.kind_counts()["deal"]
    assert page.total == deals and not page.capped and not page.complete
    assert titles(library, page.nums) == sorted(titles(library, page.nums), key=str.casefold)
    assert page.nums == library.results("kind:deal").nums[:4]


def test_a_large_filtered_set_says_its_count_is_capped(library, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    page = library.results("year:2014..2016", limit=2)
    whole = library.results("year:2014..2016")
    assert page.capped and page.total == 4  # "3+"
    assert not page.complete and len(page.nums) == 2
    assert set(page.nums) <= set(whole.nums) and whole.total > 3


def test_kind_counts_follow_inserts_updates_and_deletes(library):
    before = library.kind_counts()
    with library.transaction():
        library.conn.execute("INSERT INTO entries (id, kind, title, origin) "
                             "VALUES ('x-test', 'deal', 'X', 'user')")
    assert library.kind_counts()["deal"] == before["deal"] + 1
    with library.transaction():
        library.conn.execute("UPDATE entries SET kind = 'event' WHERE id = 'x-test'")
    counts = library.kind_counts()
    assert (counts["deal"], counts["event"]) == (before["deal"], before["event"] + 1)
    with library.transaction():
        library.conn.execute("DELETE FROM entries WHERE id = 'x-test'")
    assert library.kind_counts() == before


def test_a_name_lookup_reads_the_alias_index_not_every_alias(library):
    statements = []
    library.conn.set_trace_callback(statements.append)
    page = library.results("газпром", limit=256)
    library.conn.set_trace_callback(None)
    assert library.id_for(page.nums[0]) == "gazprom"
    lookups = [s for s in statements if "FROM aliases" in s]
    assert lookups
    for sql in lookups:
        plan = " ".join(row[3] for row in library.conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN a" not in plan and "aliases_name" in plan


def test_a_page_of_words_counts_and_pages_from_one_pass(library, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_LIMIT", 2)
    executed = []
    library.conn.set_trace_callback(executed.append)
    page = library.results("china", limit=3)
    library.conn.set_trace_callback(None)
    whole = library.results("china")
    assert page.total == whole.total > 3 and not page.capped
    assert len(page.nums) == 3 and set(page.nums) <= set(whole.nums)
    assert page.nums == sorted(page.nums)  # storage order: the ranked order comes later
    assert sum("entries_fts MATCH" in sql for sql in executed) == 1


def test_a_capped_page_of_words_says_so(library, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    page = library.results("china", limit=2)
    assert page.capped and page.total == 4 and len(page.nums) == 2


def test_table_rows_keep_every_digit_and_survive_an_infinite_sum(library):
    exact, huge = 1234567.8912345679, float("inf")
    with library.transaction():
        library.conn.execute("UPDATE entries SET value_usd = ? WHERE id = 'gas-deal-2014'",
                             (exact,))
        library.conn.execute("UPDATE entries SET value_usd = ? WHERE id = 'gazprom'", (huge,))
    nums = library.results("").nums
    rows = library.rows(nums)  # a page with the infinite sum still reads
    assert rows[library.num_for("gas-deal-2014")]["value_usd"] == exact
    assert rows[library.num_for("gazprom")]["value_usd"] == huge
    assert library.search("gazprom")["hits"][0]["value_usd"] == huge
