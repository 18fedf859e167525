"""Timeline arrays: the dated entries of a result set as sorted numpy arrays, fetched in one go.

Days are float days since 1970-01-01. ``start`` is the first day of an entry's date and ``end``
the first day *after* its last day, so "2014" covers all of 2014 (``end - start == 365``) and an
exact day is one day wide. Drawing code finds what is visible with ``numpy.searchsorted``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from db.dates import DateInterval, format_interval

PRECISIONS = ("day", "month", "quarter", "year", "range")
KINDS = ("actor", "deal", "event", "figure", "place")
UNCERTAIN_PRECISIONS = frozenset({PRECISIONS.index(p) for p in ("month", "quarter", "year")})
EPOCH = date(1970, 1, 1)
_UNIX_JULIAN_DAY = 2440587.5


@dataclass(frozen=True, eq=False)
class TimelineData:
    """Dated entries sorted by start (then end, then number), with their actor links.

    Arrays share one order; ``titles``, ``ids`` and ``date_texts`` (the words as written, or
    "" when the date came from the analyst without words) follow it. ``link_items`` and
    ``link_actors`` pair an item index with an index into ``actor_ids``/``actor_titles``: an item
    is linked to each actor it points to or that points to it (an actor entry to itself).
    """

    nums: np.ndarray
    start: np.ndarray
    end: np.ndarray
    precision: np.ndarray
    kind: np.ndarray
    analyst: np.ndarray
    value_usd: np.ndarray
    titles: tuple[str, ...]
    ids: tuple[str, ...]
    date_texts: tuple[str, ...]
    actor_ids: tuple[str, ...] = ()
    actor_titles: tuple[str, ...] = ()
    link_items: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    link_actors: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.nums)

    def date_label(self, i: int) -> str:
        """Item ``i``'s date in words ("2014", "June 2016", "22 Jun 2016 – 24 Jun 2016")."""
        first = day_to_date(self.start[i])
        last = day_to_date(self.end[i] - 1)
        return format_interval(DateInterval(first, last, PRECISIONS[int(self.precision[i])]))

    def index_of(self, entry_id: str) -> int | None:
        """The item index of an entry id, or ``None`` when it is not on the timeline."""
        lookup = self.__dict__.get("_index")
        if lookup is None:
            lookup = {entry_id: i for i, entry_id in enumerate(self.ids)}
            object.__setattr__(self, "_index", lookup)  # a cache, not state: safe when frozen
        return lookup.get(entry_id)


def empty_timeline() -> TimelineData:
    """A timeline with no items."""
    floats, ints = np.zeros(0, np.float64), np.zeros(0, np.int64)
    return TimelineData(nums=ints, start=floats, end=floats, precision=np.zeros(0, np.int8),
                        kind=np.zeros(0, np.int8), analyst=np.zeros(0, bool), value_usd=floats,
                        titles=(), ids=(), date_texts=())


def day_to_date(day: float) -> date:
    """The calendar day a float day number falls in."""
    return EPOCH + timedelta(days=int(np.floor(day)))


def date_to_day(value: date) -> float:
    return float((value - EPOCH).days)


_ITEMS_SQL = f"""
SELECT e.num, julianday(e.date_start) - {_UNIX_JULIAN_DAY},
       julianday(coalesce(e.date_end, e.date_start)) - {_UNIX_JULIAN_DAY} + 1,
       e.date_precision, e.kind, e.date_origin, e.value_usd, e.title, e.id, e.date_text
FROM entries e
WHERE e.num IN (SELECT value FROM json_each(?)) AND julianday(e.date_start) IS NOT NULL
"""

# Actors an item points to, actors pointing to it, and an actor entry itself.
_LINKS_SQL = """
WITH wanted AS (SELECT DISTINCT value AS num FROM json_each(?)),
items AS (SELECT e.num, e.id, e.kind FROM wanted CROSS JOIN entries e ON e.num = wanted.num
          WHERE e.date_start IS NOT NULL)
SELECT i.num, a.num, a.id, a.title FROM items i
    CROSS JOIN links l ON l.from_id = i.id CROSS JOIN entries a ON a.id = l.to_id
    WHERE a.kind = 'actor'
UNION
SELECT i.num, a.num, a.id, a.title FROM items i
    CROSS JOIN links l ON l.to_id = i.id CROSS JOIN entries a ON a.id = l.from_id
    WHERE a.kind = 'actor'
UNION
SELECT i.num, a.num, a.id, a.title FROM items i CROSS JOIN entries a ON a.num = i.num
    WHERE i.kind = 'actor'
"""


def timeline_items(conn: sqlite3.Connection, nums: list[int]) -> TimelineData:
    """The dated entries among ``nums`` (any order, duplicates ignored) as sorted arrays.

    Two queries whatever the size: the numbers go in as one JSON array, so 100,000 entries need
    neither a temporary table (read-only libraries work too) nor chunked ``IN`` lists.
    """
    if not len(nums):
        return empty_timeline()
    wanted = json.dumps([int(n) for n in nums])
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a third faster than sqlite3.Row here
    rows = cursor.execute(_ITEMS_SQL, (wanted,)).fetchall()
    if not rows:
        return empty_timeline()
    columns = list(zip(*rows, strict=True))
    start = np.asarray(columns[1], np.float64).round()
    end = np.asarray(columns[2], np.float64).round()
    nums_array = np.asarray(columns[0], np.int64)
    order = np.lexsort((nums_array, end, start))
    values = np.asarray([np.nan if v is None else v for v in columns[6]], np.float64)
    data = TimelineData(
        nums=nums_array[order], start=start[order], end=end[order],
        precision=_codes(columns[3], PRECISIONS, default="day")[order],
        kind=_codes(columns[4], KINDS, default="event")[order],
        analyst=np.asarray([origin == "analyst" for origin in columns[5]], bool)[order],
        value_usd=values[order],
        titles=_ordered(columns[7], order), ids=_ordered(columns[8], order),
        date_texts=_ordered(tuple(text or "" for text in columns[9]), order),
    )
    return _with_actor_links(cursor, data, wanted)


def _ordered(column: tuple, order: np.ndarray) -> tuple:
    picked = np.empty(len(column), object)
    picked[:] = column
    return tuple(picked[order].tolist())


def _codes(values, names: tuple[str, ...], *, default: str) -> np.ndarray:
    lookup = {name: code for code, name in enumerate(names)}
    fallback = lookup[default]
    return np.asarray([lookup.get(v, fallback) for v in values], np.int8)


def _with_actor_links(cursor: sqlite3.Cursor, data: TimelineData, wanted: str) -> TimelineData:
    links = cursor.execute(_LINKS_SQL, (wanted,)).fetchall()
    if not links:
        return data
    item_nums = np.asarray([row[0] for row in links], np.int64)
    actors: dict[int, int] = {}
    titles: dict[int, tuple[str, str]] = {}
    for _, actor_num, actor_id, title in links:
        if actor_num not in actors:
            actors[actor_num] = len(actors)
            titles[actors[actor_num]] = (actor_id, title)
    actor_codes = np.asarray([actors[row[1]] for row in links], np.int64)
    order = np.argsort(data.nums, kind="stable")
    items = order[np.searchsorted(data.nums, item_nums, sorter=order)]
    # Actors with the most items first, then by title.
    counts = np.bincount(actor_codes, minlength=len(actors))
    ranking = sorted(range(len(actors)), key=lambda a: (-counts[a], titles[a][1].casefold()))
    rank_of = np.empty(len(actors), np.int64)
    rank_of[ranking] = np.arange(len(actors))
    lanes = rank_of[actor_codes]
    pairs = np.lexsort((items, lanes))
    return _replace_links(data, [titles[a] for a in ranking], items[pairs], lanes[pairs])


def _replace_links(data, actors: list[tuple[str, str]], items, lanes) -> TimelineData:
    return replace(data, actor_ids=tuple(a[0] for a in actors),
                   actor_titles=tuple(a[1] for a in actors),
                   link_items=items.astype(np.int64), link_actors=lanes.astype(np.int64))
