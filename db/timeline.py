"""Timeline arrays: the dated entries of a result set as sorted numpy arrays, fetched in one go.

Days are float days since 1970-01-01. ``start`` is the first day of an entry's date and ``end``
the first day *after* its last day, so "2014" covers all of 2014 (``end - start == 365``) and an
exact day is one day wide. Drawing code finds what is visible with ``numpy.searchsorted``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from db.dates import DateInterval, format_interval

PRECISIONS = ("day", "month", "quarter", "year", "range")
KINDS = ("actor", "deal", "event", "figure", "place")
UNCERTAIN_PRECISIONS = frozenset({PRECISIONS.index(p) for p in ("month", "quarter", "year")})
EPOCH = date(1970, 1, 1)
_INDEX_SHARD = 1 << 16
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
    titles: np.ndarray  # of str objects
    ids: np.ndarray
    date_texts: np.ndarray
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
        shards = self.__dict__.get("_index")
        if shards is None:
            # Dicts of some 65,000 ids each: one dict of a million would hold the interpreter
            # for tens of milliseconds each time it grew, with every other thread waiting.
            ids, step = self.ids, _INDEX_SHARD
            shards = [{entry_id: i for i, entry_id in enumerate(ids[s:s + step], s)}
                      for s in range(0, len(ids), step)]
            object.__setattr__(self, "_index", shards)  # a cache, not state: safe when frozen
        for shard in reversed(shards):
            found = shard.get(entry_id)
            if found is not None:
                return found
        return None


_NO_TEXT = np.empty(0, object)


def empty_timeline() -> TimelineData:
    """A timeline with no items."""
    floats, ints = np.zeros(0, np.float64), np.zeros(0, np.int64)
    return TimelineData(nums=ints, start=floats, end=floats, precision=np.zeros(0, np.int8),
                        kind=np.zeros(0, np.int8), analyst=np.zeros(0, bool), value_usd=floats,
                        titles=_NO_TEXT, ids=_NO_TEXT, date_texts=_NO_TEXT)


def day_to_date(day: float) -> date:
    """The calendar day a float day number falls in."""
    return EPOCH + timedelta(days=int(np.floor(day)))


def date_to_day(value: date) -> float:
    return float((value - EPOCH).days)


# Rows are fetched a chunk at a time: SQLite gives the interpreter up at every step, and turning
# one chunk into arrays holds it for about a millisecond, so a worker reading a million entries
# never keeps the UI thread waiting long. (All rows at once kept a million row tuples alive,
# which the collector walked again and again.)
_CHUNK = 20_000
_ACTOR = KINDS.index("actor")


def _code_of(column: str, names: tuple[str, ...], *, default: str) -> str:
    whens = " ".join(f"WHEN '{name}' THEN {code}" for code, name in enumerate(names))
    return f"CASE {column} {whens} ELSE {names.index(default)} END"


# Sorted as the arrays will be (bar rounding), so the strings need no reordering.
_ITEMS_SQL = f"""
SELECT e.num, julianday(e.date_start) - {_UNIX_JULIAN_DAY},
       julianday(coalesce(e.date_end, e.date_start)) - {_UNIX_JULIAN_DAY} + 1,
       {_code_of("e.date_precision", PRECISIONS, default="day")},
       {_code_of("e.kind", KINDS, default="event")},
       e.date_origin IS 'analyst', e.value_usd, e.title, e.id, coalesce(e.date_text, '')
FROM entries e
WHERE e.num IN (SELECT value FROM json_each(?)) AND julianday(e.date_start) IS NOT NULL
ORDER BY 2, 3, 1
"""
_NUMERIC = (np.int64, np.float64, np.float64, np.int8, np.int8, bool, np.float64)  # NULL → NaN

# Actors the items point to and actors pointing to them (an actor entry itself is added later),
# as numbers: repeats are dropped with numpy, not by SQLite comparing titles.
_LINKS_SQL = """
WITH items AS (SELECT e.num, e.id FROM json_each(?) AS wanted
               CROSS JOIN entries e ON e.num = wanted.value)
SELECT i.num, a.num FROM items i
    CROSS JOIN links l ON l.from_id = i.id CROSS JOIN entries a ON a.id = l.to_id
    WHERE a.kind = 'actor'
UNION ALL
SELECT i.num, a.num FROM items i
    CROSS JOIN links l ON l.to_id = i.id CROSS JOIN entries a ON a.id = l.from_id
    WHERE a.kind = 'actor'
"""
# Titles in the order of Python's casefold (UTF-8 bytes sort as code points do).
_ACTORS_SQL = """
SELECT num, id, title FROM entries WHERE num IN (SELECT value FROM json_each(?))
ORDER BY roadbook_casefold(title), num
"""


def timeline_items(conn: sqlite3.Connection, nums: list[int], *,
                   links: bool = True) -> TimelineData:
    """The dated entries among ``nums`` (any order, duplicates ignored) as sorted arrays.

    A few queries whatever the size: the numbers go in as one JSON array, so a million entries
    need neither a temporary table (read-only libraries work too) nor chunked ``IN`` lists.
    With ``links=False`` the actor links are left for ``actor_links`` to add, so that a large
    set can be shown before they are read.
    """
    wanted = _distinct(nums)
    if not len(wanted):
        return empty_timeline()
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a third faster than sqlite3.Row here
    data = _read_items(cursor.execute(_ITEMS_SQL, (_json(wanted),)))
    return actor_links(conn, data) if links else data


def actor_links(conn: sqlite3.Connection, data: TimelineData) -> TimelineData:
    """``data`` with its items' actor links and the actors' lanes, as ``timeline_items``
    gives them."""
    if not len(data):
        return data
    cursor = conn.cursor()
    cursor.row_factory = None
    pairs = _int_pairs(cursor.execute(_LINKS_SQL, (_json(np.sort(data.nums)),)))
    return _with_actor_links(cursor, data, *pairs)


def _distinct(nums) -> np.ndarray:
    """``nums`` as a sorted array without repeats, converted a chunk at a time."""
    parts = [np.asarray(nums[i:i + _CHUNK], np.int64) for i in range(0, len(nums), _CHUNK)]
    return _unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted without repeats; numpy's sort lets other threads run (``np.unique`` may not)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _json(nums: np.ndarray) -> str:
    """A JSON array of ``nums``, made a chunk at a time (``json.dumps`` of a million numbers
    would hold the interpreter for a quarter of a second)."""
    parts = (",".join(map(str, nums[i:i + _CHUNK].tolist())) for i in range(0, len(nums), _CHUNK))
    return "[" + ",".join(parts) + "]"


def _batches(cursor: sqlite3.Cursor):
    while rows := cursor.fetchmany(_CHUNK):
        yield rows


def _read_items(cursor: sqlite3.Cursor) -> TimelineData:
    numeric: list[list[np.ndarray]] = [[] for _ in _NUMERIC]
    texts: list[list[tuple[str, ...]]] = [[], [], []]  # tuples of strings: the collector
    words: dict[str, str] = {}  # a date's words, once: a million entries have some 10,000
    for rows in _batches(cursor):
        columns = list(zip(*rows, strict=True))
        columns[-1] = tuple(map(words.setdefault, columns[-1], columns[-1]))
        for part, column, dtype in zip(numeric, columns, _NUMERIC, strict=False):
            part.append(np.asarray(column, dtype))
        for part, column in zip(texts, columns[len(_NUMERIC):], strict=True):
            part.append(column)  # soon stops walking through these, unlike a growing list
    return _sorted_items(numeric, texts)


def _sorted_items(numeric: list[list[np.ndarray]], texts: list[list[tuple]]) -> TimelineData:
    if not any(len(chunk) for chunk in texts[0]):
        return empty_timeline()
    nums, start, end, precision, kind, analyst, value = (np.concatenate(p) for p in numeric)
    start, end = start.round(), end.round()
    order = np.lexsort((nums, end, start))  # rounding may tie days that SQLite told apart
    if np.array_equal(order, np.arange(len(order))):
        return TimelineData(
            nums=nums, start=start, end=end, precision=precision, kind=kind, analyst=analyst,
            value_usd=value, titles=_joined(texts[0]), ids=_joined(texts[1]),
            date_texts=_joined(texts[2]))
    return TimelineData(
        nums=nums[order], start=start[order], end=end[order], precision=precision[order],
        kind=kind[order], analyst=analyst[order], value_usd=value[order],
        titles=_ordered(texts[0], order), ids=_ordered(texts[1], order),
        date_texts=_ordered(texts[2], order))


def _joined(chunks: list[tuple]) -> np.ndarray:
    """The chunks' strings as one array of objects, which the garbage collector never walks
    (a tuple of a million strings it walks once, all of it: some 35 ms with every other
    thread waiting)."""
    flat = np.empty(sum(len(chunk) for chunk in chunks), object)
    at = 0
    for chunk in chunks:
        flat[at:at + len(chunk)] = chunk
        at += len(chunk)
    return flat


def _ordered(chunks: list, order: np.ndarray) -> np.ndarray:
    """The concatenated ``chunks`` picked in ``order``, a chunk at a time."""
    flat, picked = _joined(chunks), np.empty(len(order), object)
    for i in range(0, len(order), _CHUNK):
        picked[i:i + _CHUNK] = flat[order[i:i + _CHUNK]]
    return picked


def _int_pairs(cursor: sqlite3.Cursor) -> tuple[np.ndarray, np.ndarray]:
    parts = [np.asarray(rows, np.int64).reshape(-1, 2) for rows in _batches(cursor)]
    both = np.concatenate(parts) if parts else np.zeros((0, 2), np.int64)
    return both[:, 0], both[:, 1]


def _with_actor_links(cursor: sqlite3.Cursor, data: TimelineData, item_nums: np.ndarray,
                      actor_nums: np.ndarray) -> TimelineData:
    """``data`` with its (item, actor) pairs, each once, and the actors ranked into lanes."""
    itself = data.nums[data.kind == _ACTOR]
    item_nums = np.concatenate([item_nums, itself])
    actor_nums = np.concatenate([actor_nums, itself])
    by_num = np.argsort(data.nums, kind="stable")
    sorted_nums = data.nums[by_num]
    at = np.minimum(np.searchsorted(sorted_nums, item_nums), len(sorted_nums) - 1)
    present = sorted_nums[at] == item_nums  # a link's other end may be off the timeline
    if not present.any():
        return _replace_links(data, (), (), np.zeros(0, np.int64), np.zeros(0, np.int64))
    items = by_num[at[present]]
    actors = _unique(actor_nums[present])
    codes = np.searchsorted(actors, actor_nums[present])
    items, codes = np.divmod(_unique(items * len(actors) + codes), len(actors))
    ids, titles, title_rank = _actor_titles(cursor, actors)
    # Actors with the most items first, then by title; equal titles keep the order in which
    # the actors' first items were numbered.
    first_item = np.full(len(actors), np.iinfo(np.int64).max)
    np.minimum.at(first_item, codes, data.nums[items])
    counts = np.bincount(codes, minlength=len(actors))
    ranking = np.lexsort((actors, first_item, title_rank, -counts))
    rank_of = np.empty(len(actors), np.int64)
    rank_of[ranking] = np.arange(len(actors))
    lanes = rank_of[codes]
    pairs = np.lexsort((items, lanes))
    return _replace_links(data, tuple(ids[ranking].tolist()), tuple(titles[ranking].tolist()),
                          items[pairs].astype(np.int64), lanes[pairs].astype(np.int64))


def _replace_links(data: TimelineData, actor_ids: tuple, actor_titles: tuple,
                   link_items: np.ndarray, link_actors: np.ndarray) -> TimelineData:
    linked = replace(data, actor_ids=actor_ids, actor_titles=actor_titles,
                     link_items=link_items, link_actors=link_actors)
    if "_index" in data.__dict__:  # the same ids: keep the lookup already built
        object.__setattr__(linked, "_index", data.__dict__["_index"])
    return linked


def _actor_titles(cursor: sqlite3.Cursor, actors: np.ndarray):
    """Ids, titles and ranks by casefolded title of ``actors`` (sorted numbers), in their
    order; equal casefolded titles share a rank."""
    cursor.connection.create_function("roadbook_casefold", 1, str.casefold, deterministic=True)
    ids, titles = np.empty(len(actors), object), np.empty(len(actors), object)  # not walked
    title_rank = np.zeros(len(actors), np.int64)
    rank, previous = -1, None
    for rows in _batches(cursor.execute(_ACTORS_SQL, (_json(actors),))):
        nums, chunk_ids, chunk_titles = zip(*rows, strict=True)
        at = np.searchsorted(actors, np.asarray(nums, np.int64))
        ids[at], titles[at] = chunk_ids, chunk_titles
        ranks = []
        for title in chunk_titles:
            folded = title.casefold()
            rank += folded != previous
            previous = folded
            ranks.append(rank)
        title_rank[at] = ranks
    return ids, titles, title_rank
