"""Timeline arrays from the bundled library: which entries, where they start and end, links."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from db.timeline import KINDS, PRECISIONS, date_to_day, day_to_date, timeline_items

DATED = {
    "us-pivot-to-asia", "obor", "silk-road-economic-belt", "gas-deal-2014", "sanctions-on-russia",
    "crimea-incursion", "eeu", "china-obor-trade-2015", "chinese-obor-investment-2015",
    "russian-experts-report-2015", "china-gdp-q1-2016", "putin-state-visit-2016-06",
    "june-2016-business-initiatives", "xi-uzbekistan-visit-2016", "silk-road-rally",
    "south-china-sea-ruling", "moderately-well-off-society",
}


def all_nums(library) -> list[int]:
    return [r[0] for r in library.conn.execute("SELECT num FROM entries")]


@pytest.fixture
def data(library):
    return library.timeline_items(all_nums(library))


def item(data, entry_id: str) -> int:
    index = data.index_of(entry_id)
    assert index is not None, entry_id
    return index


def test_only_dated_entries_of_the_result_set(library, data):
    assert len(all_nums(library)) == 78
    assert set(data.ids) == DATED
    assert len(data.ids) == len(DATED)


def test_items_sorted_by_start(data):
    assert list(data.start) == sorted(data.start)
    assert data.ids[0] == "us-pivot-to-asia"
    assert data.ids[-1] == "moderately-well-off-society"


def test_year_precision_spans_the_whole_year(data):
    i = item(data, "gas-deal-2014")
    assert day_to_date(data.start[i]) == date(2014, 1, 1)
    assert day_to_date(data.end[i] - 1) == date(2014, 12, 31)
    assert data.end[i] - data.start[i] == 365
    assert PRECISIONS[data.precision[i]] == "year"
    assert data.date_label(i) == "2014"


@pytest.mark.parametrize(("entry_id", "first", "last", "precision", "label"), [
    ("putin-state-visit-2016-06", date(2016, 6, 1), date(2016, 6, 30), "month", "June 2016"),
    ("china-gdp-q1-2016", date(2016, 1, 1), date(2016, 3, 31), "quarter", "Q1 2016"),
    ("south-china-sea-ruling", date(2016, 7, 12), date(2016, 7, 12), "day", "12 July 2016"),
    ("xi-uzbekistan-visit-2016", date(2016, 6, 22), date(2016, 6, 24), "range",
     "22 Jun 2016 – 24 Jun 2016"),
])
def test_each_precision_covers_its_days(data, entry_id, first, last, precision, label):
    i = item(data, entry_id)
    assert (day_to_date(data.start[i]), day_to_date(data.end[i] - 1)) == (first, last)
    assert data.end[i] - data.start[i] == (last - first).days + 1
    assert PRECISIONS[data.precision[i]] == precision
    assert data.date_label(i) == label


def test_kind_value_origin_and_words(data):
    gas = item(data, "gas-deal-2014")
    assert KINDS[data.kind[gas]] == "deal"
    assert data.value_usd[gas] == 400e9
    assert not data.analyst[gas]
    assert data.date_texts[gas] == "2014"
    assert data.titles[gas] == "China–Russia gas deal (2014)"
    crimea = item(data, "crimea-incursion")
    assert data.analyst[crimea]
    assert math.isnan(data.value_usd[crimea])
    assert data.date_texts[crimea] == ""
    assert data.date_texts[item(data, "china-obor-trade-2015")] == "last year"


def test_num_array_matches_ids(library, data):
    for i, entry_id in enumerate(data.ids):
        assert library.id_for(int(data.nums[i])) == entry_id


def test_order_duplicates_and_unknown_numbers_do_not_matter(library, data):
    nums = all_nums(library)
    again = library.timeline_items(list(reversed(nums)) + nums[:10] + [999_999, -1])
    assert list(again.ids) == list(data.ids)
    assert np.array_equal(again.start, data.start)


def test_empty_and_undated_sets_give_no_items(library):
    assert len(library.timeline_items([])) == 0
    moscow = library.num_for("moscow")
    assert len(library.timeline_items([moscow])) == 0


def actors_of(data, entry_id: str) -> set[str]:
    i = item(data, entry_id)
    lanes = data.link_actors[data.link_items == i]
    return {data.actor_titles[lane] for lane in lanes}


def test_items_are_linked_to_their_actors_both_ways(data):
    assert actors_of(data, "gas-deal-2014") == {
        "China", "Russia", "Gazprom", "Xi Jinping", "Vladimir Putin"}
    # Russia is a member of the EEU (the link points from Russia); the EEU is its own actor.
    assert actors_of(data, "eeu") == {"Russia", "Eurasian Economic Union (EEU)"}
    assert actors_of(data, "us-pivot-to-asia") == {"United States"}
    assert actors_of(data, "silk-road-economic-belt") == set()


def test_actor_lanes_busiest_first(data):
    assert data.actor_titles[0] == "China"
    counts = np.bincount(data.link_actors, minlength=len(data.actor_titles))
    assert list(counts) == sorted(counts, reverse=True)
    assert len(set(data.actor_ids)) == len(data.actor_ids)


def test_more_numbers_than_sqlite_variables(library, data):
    # Far past SQLite's 32,766 bound parameters: the numbers travel as one JSON array.
    many = list(range(1_000_000, 1_040_000)) + all_nums(library)
    again = library.timeline_items(many)
    assert list(again.ids) == list(data.ids)


def test_many_dated_entries_come_back_sorted(library):
    first = date_to_day(date(2000, 1, 1))
    rows = [(f"bulk-{i}", day_to_date(first + (i * 7919) % 3000).isoformat()) for i in range(3000)]
    with library.transaction():
        library.conn.executemany(
            "INSERT INTO entries (id, kind, title, date_start, date_end, date_precision) "
            "VALUES (?, 'event', 'Bulk', ?, ?, 'day')", [(a, b, b) for a, b in rows])
    nums = [r[0] for r in library.conn.execute("SELECT num FROM entries WHERE id LIKE 'bulk-%'")]
    data = library.timeline_items(nums)
    assert len(data) == 3000
    assert np.all(np.diff(data.start) >= 0)
    assert np.all(data.end - data.start == 1)
    assert data.start[0] == first and data.start[-1] == first + 2999
    for i in (0, 1234, 2999):
        assert library.id_for(int(data.nums[i])) == data.ids[i]


def expected_timeline(conn) -> dict:
    """The timeline of the whole library worked out entry by entry, the slow obvious way."""
    rows = conn.execute(
        "SELECT num, id, kind, title, julianday(date_start) - 2440587.5, "
        "julianday(coalesce(date_end, date_start)) - 2440587.5 + 1 FROM entries "
        "WHERE julianday(date_start) IS NOT NULL").fetchall()
    items = sorted(rows, key=lambda r: (round(r[4]), round(r[5]), r[0]))
    index = {r[1]: i for i, r in enumerate(items)}
    entries = {r[0]: r for r in conn.execute("SELECT id, num, kind, title FROM entries")}
    pairs = {(index[r[1]], r[1]) for r in items if r[2] == "actor"}
    for from_id, to_id in conn.execute("SELECT from_id, to_id FROM links"):
        for item, actor in ((from_id, to_id), (to_id, from_id)):
            if item in index and actor in entries and entries[actor][2] == "actor":
                pairs.add((index[item], actor))
    count = {a: sum(1 for _, b in pairs if b == a) for _, a in pairs}
    first = {a: min(items[i][0] for i, b in pairs if b == a) for a in count}
    lanes = sorted(count, key=lambda a: (-count[a], entries[a][3].casefold(), first[a],
                                         entries[a][1]))
    lane = {a: n for n, a in enumerate(lanes)}
    links = sorted((lane[a], i) for i, a in pairs)
    return {"ids": [r[1] for r in items], "actor_ids": tuple(lanes),
            "actor_titles": tuple(entries[a][3] for a in lanes),
            "link_actors": [a for a, _ in links], "link_items": [i for _, i in links]}


def timeline_as_dict(data) -> dict:
    return {"ids": list(data.ids), "actor_ids": data.actor_ids, "actor_titles": data.actor_titles,
            "link_actors": data.link_actors.tolist(), "link_items": data.link_items.tolist()}


def add_actor_twins(library) -> None:
    """Two events on one day, one of them at 06:00 (SQLite sorts it after the other, the
    timeline by number), an event at 18:00 the day before (a day later once rounded), and two
    actors whose titles differ only in case, each linked to one event."""
    with library.transaction():
        library.conn.executemany(
            "INSERT INTO entries (id, kind, title, date_start, date_precision) "
            "VALUES (?, ?, ?, ?, 'day')",
            [("evening-event", "event", "Evening", "2016-03-01 18:00"),
             ("morning-event", "event", "Morning", "2016-03-02 06:00"),
             ("plain-event", "event", "Plain", "2016-03-02"),
             ("acme-upper", "actor", "ACME Holding", None),
             ("acme-lower", "actor", "Acme holding", None)])
        library.conn.executemany("INSERT INTO links (from_id, to_id, role) VALUES (?, ?, 'party')",
                                 [("plain-event", "acme-upper"), ("morning-event", "acme-lower")])


def test_whole_library_matches_the_timeline_worked_out_entry_by_entry(library):
    add_actor_twins(library)
    data = library.timeline_items(all_nums(library))
    assert timeline_as_dict(data) == expected_timeline(library.conn)
    assert len(data.actor_ids) > 10


def test_equal_titles_rank_by_their_first_item(library):
    add_actor_twins(library)
    data = library.timeline_items(all_nums(library))
    # Same count, same title but for case: acme-lower's event was numbered first.
    assert data.actor_ids.index("acme-lower") + 1 == data.actor_ids.index("acme-upper")


def test_days_that_round_alike_are_ordered_by_number(library):
    add_actor_twins(library)
    data = library.timeline_items(all_nums(library))
    evening, morning, plain = (item(data, i) for i in ("evening-event", "morning-event",
                                                        "plain-event"))
    assert data.start[evening] == data.start[morning] == data.start[plain] == date_to_day(
        date(2016, 3, 2))
    assert (evening, morning, plain) == (plain - 2, plain - 1, plain)
    assert list(data.titles[evening:plain + 1]) == ["Evening", "Morning", "Plain"]


def test_reading_in_small_chunks_gives_the_same_timeline(library, monkeypatch):
    add_actor_twins(library)
    whole = library.timeline_items(all_nums(library))
    monkeypatch.setattr("db.timeline._CHUNK", 7)
    chunked = library.timeline_items(all_nums(library))
    assert timeline_as_dict(chunked) == timeline_as_dict(whole)
    for name in ("nums", "start", "end", "precision", "kind", "analyst"):
        assert np.array_equal(getattr(chunked, name), getattr(whole, name)), name
    assert np.array_equal(chunked.value_usd, whole.value_usd, equal_nan=True)
    assert list(chunked.titles) == list(whole.titles)
    assert list(chunked.date_texts) == list(whole.date_texts)


def test_actor_links_can_come_after_the_items(library):
    from db.timeline import actor_links

    nums = all_nums(library)
    items = timeline_items(library.conn, nums, links=False)
    assert list(items.ids) == list(library.timeline_items(nums).ids)
    assert items.actor_titles == () and len(items.link_items) == 0
    linked = actor_links(library.conn, items)
    assert timeline_as_dict(linked) == timeline_as_dict(library.timeline_items(nums))
    assert linked.nums is items.nums  # the same items: a view can tell


@pytest.mark.parametrize("shard", [1, 4, 1 << 16])
def test_index_of_finds_every_item(library, monkeypatch, shard):
    monkeypatch.setattr("db.timeline._INDEX_SHARD", shard)
    data = library.timeline_items(all_nums(library))
    assert [data.index_of(entry_id) for entry_id in data.ids] == list(range(len(data)))
    assert data.index_of("moscow") is None  # undated
    assert data.index_of("no-such-entry") is None


def test_the_texts_of_a_timeline_are_arrays_the_garbage_collector_never_walks(library):
    import gc

    data = library.timeline_items(all_nums(library))
    assert len(data.titles) == len(data.ids) == len(data.date_texts) == len(data) > 10
    for texts in (data.titles, data.ids, data.date_texts):
        assert not gc.is_tracked(texts)  # a tuple of strings is walked once, whole
        assert all(isinstance(text, str) for text in texts)
