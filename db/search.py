"""Turning a parsed query into SQL over the library, and running it.

Text goes to the FTS5 index as quoted tokens only (never raw user syntax), filters become SQL
with bound parameters, and ranking (bm25) is applied only to result sets small enough to rank.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from db.dates import parse_date_spec
from db.money import parse_amount
from db.query import KIND_NAMES, Filter, Query, Text, split_comparison
from db.schema import FTS_WEIGHTS
from db.searchsets import escape_like as _escape_like
from db.searchsets import fts_text, fts_token, is_set_atom, merge_row_tests, set_clause

COUNT_CAP = 10_000  # counts above this show as "10,000+"
# Ranking costs some 15 µs a hit on a 2-core laptop at a million entries: up to RANK_LIMIT hits
# are ranked at once (within a frame); larger sets show hits at once and rank on a worker.
RANK_LIMIT = 1_000
RANK_LIMIT_BACKGROUND = 200_000  # … and up to this size when loaded whole on a worker
SORT_COLUMNS = {
    "title": "e.title COLLATE NOCASE",
    "kind": "e.kind",
    "date": "e.date_start",
    "value": "e.value_usd",
    "status": "e.status COLLATE NOCASE",
    "category": "e.category COLLATE NOCASE",
}
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class Compiled:
    """SQL for a query: a WHERE clause over ``entries e`` and an optional FTS5 MATCH string."""

    where: str
    params: tuple
    match: str | None  # the positive text, for ranking and snippets
    hints: tuple[str, ...] = ()
    filters: str = "1"  # the WHERE clause without the MATCH on ``match``
    filter_params: tuple = ()
    corrections: dict = field(default_factory=dict)
    names: tuple[str, ...] = ()  # a query that may be a name as typed: such entries rank first
    fts: str | None = None  # the MATCH that filters: ``match`` less any negated words


# Entries a dataset's rows made or named: by its title, file name or credit line.
DATASET_SQL = ("e.id IN (SELECT p.entry_id FROM provenance p WHERE p.batch_id IN (SELECT id FROM "
               "imports WHERE lower(coalesce(dataset, '') || ' ' || file || ' ' || "
               "coalesce(credit, '')) LIKE ? ESCAPE '\\'))")


def compile_query(query: Query, *, kind: str | None = None) -> Compiled:
    """Build the WHERE clause and MATCH string for ``query`` (and an optional fixed kind).

    Negated words join the full-text query (``(gas) NOT (oil OR coal)``) when it has words to
    find; every other negated word or set filter is excluded as one set (``db.searchsets``).
    """
    clauses, params, match_parts, excluded, excluded_rows = [], [], [], [], []
    for group in query.groups:
        if all(isinstance(a, Text) and not a.negated for a in group):
            texts = [fts_text(a) for a in group]
            match_parts.append(texts[0] if len(texts) == 1 else "(" + " OR ".join(texts) + ")")
        elif len(group) == 1 and group[0].negated:
            (excluded if is_set_atom(group[0]) else excluded_rows).append(group[0])
        else:
            sql, group_params = _group_sql(group)
            clauses.append(sql)
            params.extend(group_params)
    merged, left = merge_row_tests(excluded_rows, negated=True)
    for sql, merged_params in merged:
        clauses.append(f"(NOT {sql})")
        params.extend(merged_params)
    for atom in left:
        sql, atom_params = _group_sql((atom,))
        clauses.append(sql)
        params.extend(atom_params)
    if kind:  # part of the filters: the ranked path applies them beside its own MATCH
        clauses.append("e.kind = ?")
        params.append(kind)
    match = " AND ".join(match_parts) or None
    fts = match
    if match and any(isinstance(a, Text) for a in excluded):
        unwanted = " OR ".join(fts_text(a) for a in excluded if isinstance(a, Text))
        fts = f"({match}) NOT ({unwanted})"
        excluded = [a for a in excluded if not isinstance(a, Text)]
    if excluded:
        sql, excluded_params = set_clause(excluded, negated=True)
        clauses.append(sql)
        params.extend(excluded_params)
    filters, filter_params = " AND ".join(clauses) or "1", tuple(params)
    if fts:
        clauses.insert(0, "e.num IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
        params.insert(0, fts)
    return Compiled(" AND ".join(clauses) or "1", tuple(params), match, query.hints,
                    filters=filters, filter_params=filter_params, names=name_forms(query),
                    fts=fts)


def _group_sql(group: tuple) -> tuple[str, list]:
    """One OR group: its words and set filters as one set, its other atoms as row tests."""
    parts, params = [], []
    in_set = [a for a in group if not a.negated and is_set_atom(a)]
    if in_set:
        sql, set_params = set_clause(in_set)
        parts.append(sql)
        params.extend(set_params)
    rows = [a for a in dict.fromkeys(group) if not a.negated and not is_set_atom(a)]
    merged, rows = merge_row_tests(rows, negated=False) if len(rows) > 1 else ([], rows)
    for sql, merged_params in merged:
        parts.append(sql)
        params.extend(merged_params)
    for atom in dict.fromkeys(group):  # each atom once: "-a OR -a" is "-a"
        if atom.negated and is_set_atom(atom):  # not a, as a set: not b is not a union
            sql, atom_params = set_clause([atom], negated=True)
        elif atom.negated or atom in rows:
            sql, atom_params = _atom_sql(atom)
        else:
            continue
        parts.append(sql)
        params.extend(atom_params)
    return "(" + " OR ".join(parts) + ")", params


def name_forms(query: Query) -> tuple[str, ...]:
    """The ways a query of plain words may spell a title or alias ("russia", "Pútin" → "putin").

    Empty when the query holds anything else (filters, OR, negation): then it is no name.
    """
    atoms = [g[0] for g in query.groups if len(g) == 1]
    if not atoms or len(atoms) != len(query.groups) or not all(
            isinstance(a, Text) and not a.negated for a in atoms):
        return ()
    from db.textindex import fold

    words = " ".join(t for a in atoms for t in a.tokens)
    forms = (words, fold(words), " ".join(query.text.split()))
    return tuple(dict.fromkeys(f for f in forms if f))


def exact_name_nums(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[int]:
    """Entries whose title or an alias is one of ``names`` (case aside): "china" → China."""
    if not names:
        return []
    marks = ", ".join("?" * len(names))
    sql = (f"SELECT num FROM entries WHERE title COLLATE NOCASE IN ({marks}) UNION "
           f"SELECT e.num FROM aliases a JOIN entries e ON e.id = a.entry_id "
           f"WHERE a.name COLLATE NOCASE IN ({marks}) LIMIT 50")
    return [row[0] for row in conn.execute(sql, (*names, *names))]


def _atom_sql(atom) -> tuple[str, list]:
    if isinstance(atom, Text):
        sql = "e.num IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
        params = [fts_text(atom)]
    else:
        sql, params = _filter_sql(atom)
    if atom.negated:
        sql = f"NOT ({sql})"
    return sql, params


def _filter_sql(f: Filter) -> tuple[str, list]:
    value = f.value.strip()
    low = value.lower()
    if f.field == "kind":
        return "e.kind = ?", [KIND_NAMES[low]]
    if f.field == "status":  # LIKE folds ASCII case as lower() does, and can use the index
        return "e.status LIKE ? ESCAPE '\\'", [_like_prefix(low)]
    if f.field == "category":
        return "lower(e.category) LIKE ? ESCAPE '\\'", [_like_prefix(low)]
    if f.field == "id":
        return "e.id = ?", [value]
    if f.field == "origin":
        return "e.origin LIKE ? ESCAPE '\\'", [_like_prefix(low)]
    if f.field == "batch":
        return "e.batch_id = ?", [int(value)]
    if f.field == "tag":
        return ("(e.id IN (SELECT entry_id FROM entry_tags WHERE tag = ?) OR "
                "e.id IN (SELECT entry_id FROM bookmark_tags WHERE tag = ?))"), [value, value]
    if f.field == "is":
        return _is_sql(low)
    if f.field == "source":
        like = "%" + _escape_like(low) + "%"
        cited = ("e.id IN (SELECT c.entry_id FROM citations c JOIN sources s ON s.id = c.source_id "
                 "WHERE lower(s.id || ' ' || s.title || ' ' || coalesce(s.publisher, '') || ' ' || "
                 "coalesce(s.author, '')) LIKE ? ESCAPE '\\')")
        return f"({cited} OR {DATASET_SQL})", [like, like]
    if f.field == "actor":
        return _actor_sql(value)
    if f.field == "year":
        return _interval_sql("year", value)
    if f.field == "date":
        return _interval_sql("date", value)
    if f.field == "value":
        return _value_sql(value)
    raise ValueError(f"unknown field {f.field}")  # the parser only lets known fields through


def _like_prefix(text: str) -> str:
    return _escape_like(text) + "%"


def _is_sql(value: str) -> tuple[str, list]:
    from db.statements import DISPUTED_SQL

    return {
        "bookmarked": ("e.id IN (SELECT entry_id FROM bookmarks)", []),
        "noted": ("e.id IN (SELECT entry_id FROM bookmarks WHERE note != '')", []),
        "analyst": ("(e.date_origin = 'analyst' OR e.id IN (SELECT entry_id FROM notes))", []),
        "imported": ("e.origin = 'import'", []),
        "bundled": ("e.origin = 'bundled'", []),
        "dated": ("e.date_start IS NOT NULL", []),
        "valued": ("e.value_usd IS NOT NULL", []),
        "authored": ("e.origin = 'analyst'", []),
        "edited": ("e.id IN (SELECT entry_id FROM entry_edits WHERE action = 'set' "
                   "AND undone = 0)", []),
        "disputed": (DISPUTED_SQL, []),
        "flagged": ("e.flag IS NOT NULL", []),  # imported with a flaw its note explains
    }[value]


def _actor_sql(value: str) -> tuple[str, list]:
    from db.query import tokens_of

    tokens = tokens_of(value)
    if not tokens:
        return "0", []
    match = "{title names}: " + " ".join(fts_token(t, prefix=i == len(tokens) - 1)
                                         for i, t in enumerate(tokens))
    actors = ("SELECT id FROM entries WHERE kind = 'actor' AND num IN "
              "(SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
    sql = (f"(e.id IN ({actors}) OR e.id IN (SELECT from_id FROM links WHERE to_id IN ({actors}))"
           f" OR e.id IN (SELECT to_id FROM links WHERE from_id IN ({actors})))")
    return sql, [match, match, match]


def _bounds(kind: str, text: str) -> tuple[str, str]:
    interval = parse_date_spec(text)
    return interval.start_iso, interval.end_iso


def _interval_sql(kind: str, value: str) -> tuple[str, list]:
    op, a, b = split_comparison(kind, value)
    if op == "..":
        lo, hi = _bounds(kind, a)[0], _bounds(kind, b)[1]
        return "(e.date_start <= ? AND e.date_end >= ?)", [hi, lo]
    start, end = _bounds(kind, a)
    return {
        "=": ("(e.date_start <= ? AND e.date_end >= ?)", [end, start]),
        ">": ("e.date_end > ?", [end]),
        ">=": ("e.date_end >= ?", [start]),
        "<": ("e.date_start < ?", [start]),
        "<=": ("e.date_start <= ?", [end]),
    }[op]


def _value_sql(value: str) -> tuple[str, list]:
    op, a, b = split_comparison("value", value)
    if op == "..":
        return "e.value_usd BETWEEN ? AND ?", [parse_amount(a), parse_amount(b)]
    amount = parse_amount(a)
    if op == "=":
        return "e.value_usd BETWEEN ? AND ?", [amount * 0.995, amount * 1.005]
    return f"e.value_usd {op} ?", [amount]


# -- running --------------------------------------------------------------------------------

def order_clause(order: str | None, descending: bool, *, ranked: bool,
                 walk_index: bool = True, first: list[int] = ()) -> str:
    """ORDER BY for a sort key; relevance when ranked, then a stable tie-break on title.

    With ``walk_index`` false the sort key is written ``+column`` so that SQLite filters
    through the filter's own index and sorts the (few) matches, instead of walking the whole
    title index and testing every row against the filter. ``first`` lists entry numbers that
    go before the rest when ranked (entries named exactly as the query).
    """
    direction = "DESC" if descending else "ASC"
    plus = "" if walk_index else "+"
    if order in SORT_COLUMNS:
        column = SORT_COLUMNS[order]
        nulls = f"{SORT_COLUMNS[order].split()[0]} IS NULL, "
        return f"ORDER BY {nulls}{plus}{column} {direction}, e.num"
    if ranked:
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        named = f"e.num IN ({', '.join(str(int(n)) for n in first)}) DESC, " if first else ""
        return f"ORDER BY {named}bm25(entries_fts, {weights}), e.num"
    return f"ORDER BY {plus}e.title COLLATE NOCASE {direction}, e.num"


def only_kind(compiled: Compiled) -> bool:
    """No filter but (at most) the entry kind: the title index serves it in order."""
    return compiled.where in ("1", "e.kind = ?", "(e.kind = ?)")


def first_matches(conn: sqlite3.Connection, compiled: Compiled, *, limit: int) -> list[int]:
    """Some matches at once, in storage order: the first page of a result set too large to
    order quickly (the ordered set follows from ``matching_nums`` on a worker)."""
    if compiled.match and compiled.filters == "1":  # words only: the index alone answers
        sql = "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? LIMIT ?"
        return [row[0] for row in conn.execute(sql, (compiled.fts, limit))]
    sql = f"SELECT e.num FROM entries e WHERE {compiled.where} LIMIT ?"
    return [row[0] for row in conn.execute(sql, (*compiled.params, limit))]


def count_matches(conn: sqlite3.Connection, compiled: Compiled, *,
                  cap: int | None = None) -> int:
    """How many entries match, counting no further than ``cap + 1`` (``COUNT_CAP`` + 1)."""
    cap = COUNT_CAP if cap is None else cap
    if compiled.match and compiled.filters == "1":  # words only: count in the index alone
        sql = "SELECT count(*) FROM (SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT ?)"
        return conn.execute(sql, (compiled.fts, cap + 1)).fetchone()[0]
    sql = f"SELECT count(*) FROM (SELECT 1 FROM entries e WHERE {compiled.where} LIMIT ?)"
    return conn.execute(sql, (*compiled.params, cap + 1)).fetchone()[0]


def count_and_first(conn: sqlite3.Connection, compiled: Compiled, *,
                    limit: int) -> tuple[int, list[int] | None]:
    """How many entries match (up to ``COUNT_CAP`` + 1) and their first ``limit`` in storage
    order (``None`` without a limit), from one pass: what ``first_matches`` would find.

    A prefix the index holds no entry for ("railway*") makes FTS5 merge the lists of every
    word it begins, and a set of entries (``actor:gazprom OR actor:rosneft``) is built before
    the first row comes: that costs the same whether it counts or fetches, so once, not
    twice. The numbers come back as one string (one step, not a row each).
    """
    if limit < 0:
        return count_matches(conn, compiled), None
    if compiled.fts and compiled.filters == "1":  # words only: the index alone answers
        sql = ("SELECT group_concat(rowid) FROM "
               "(SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? LIMIT ?)")
        params = (compiled.fts, COUNT_CAP + 1)
    else:
        sql = (f"SELECT group_concat(num) FROM "
               f"(SELECT e.num FROM entries e WHERE {compiled.where} LIMIT ?)")
        params = (*compiled.params, COUNT_CAP + 1)
    found = conn.execute(sql, params).fetchone()[0]
    if not found:
        return 0, []
    first = found.split(",", limit)[:limit] if limit else []
    return found.count(",") + 1, [int(num) for num in first]


def matching_nums(conn: sqlite3.Connection, compiled: Compiled, *, order: str | None = None,
                  descending: bool = False, rank: bool = True, limit: int = -1,
                  offset: int = 0, many: bool = False) -> list[int]:
    """Entry numbers matching ``compiled`` in result order.

    ``many`` says the matches are too many to sort cheaply (more than ``COUNT_CAP``): then the
    sort key's index is walked and tested against the filter, which finds a first page at once.
    """
    ranked = rank and compiled.match is not None and order in (None, "relevance")
    if ranked:
        first = exact_name_nums(conn, compiled.names)
        sql = (f"SELECT e.num FROM entries_fts JOIN entries e ON e.num = entries_fts.rowid "
               f"WHERE entries_fts MATCH ? AND {compiled.filters} "
               f"{order_clause(None, descending, ranked=True, first=first)} LIMIT ? OFFSET ?")
        params = (compiled.fts, *compiled.filter_params, limit, offset)
    else:
        walk_index = many or only_kind(compiled)
        sql = (f"SELECT e.num FROM entries e WHERE {compiled.where} "
               f"{order_clause(order, descending, ranked=False, walk_index=walk_index)} "
               f"LIMIT ? OFFSET ?")
        params = (*compiled.params, limit, offset)
    return [row[0] for row in conn.execute(sql, params)]


def snippets(conn: sqlite3.Connection, match: str | None, nums: list[int]) -> dict[int, str]:
    """Highlighted fragments (\\x02 … \\x03 around matches) for some entries of a text query.

    Made here rather than with FTS5's ``snippet()``, which re-tokenises every column of every
    row (about half a millisecond a row): a table page must come in a few milliseconds.
    """
    if not match or not nums:
        return {}
    from db.entries import json_rows
    from db.snippets import make_snippet, match_terms

    terms = match_terms(match)
    marks = ", ".join("?" * len(nums))
    sql = (f"SELECT json_group_array(json_array(num, title, names, summary, details)) "
           f"FROM entries WHERE num IN ({marks})")
    out = {}
    for num, *texts in json_rows(conn, sql, list(nums)):
        snippet = make_snippet(texts, terms)
        if snippet:
            out[num] = snippet
    return out
