"""Query atoms that name few entries, planned as sets of entries built once.

Tested row by row, ``actor:a OR actor:b OR …`` probes a lookup table per atom for every entry
of the library (78 actors: 234 probes a row, seconds at half a million entries). Here the atoms
of one OR group — or every negated atom of the query — become one set, built once and used as
an index: words one full-text query (over entry numbers), the actor, tag, id, source and
bookmark filters one ``UNION`` of entry ids, the actors' names looked up once. Filters that
many entries pass (kind, dates, values, status, category) stay row tests, which find a first
page at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from db.query import KIND_NAMES, Atom, Filter, Text, tokens_of

SET_FIELDS = ("actor", "tag", "id", "source")
SET_IS_VALUES = ("bookmarked", "noted")
PREFIX_COLUMNS = {"category": "lower(e.category)", "origin": "lower(e.origin)",
                  "status": "lower(e.status)"}
TEXT_CHUNK = 32  # words in one full-text OR (229 negated words: 1.9 s at a million, 1.1 s so)


def fts_token(token: str, *, prefix: bool = False) -> str:
    """One token as a safe FTS5 string literal (a double quote doubled), optionally a prefix."""
    return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_text(atom: Text) -> str:
    """A word or phrase atom as an FTS5 string literal."""
    if atom.phrase:
        body = '"' + " ".join(t.replace('"', '""') for t in atom.tokens) + '"'
        return body + ("*" if atom.prefix else "")
    return fts_token(atom.tokens[0], prefix=atom.prefix)


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (``ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def is_set_atom(atom: Atom) -> bool:
    """Words, and the filters whose matches are found through their own small tables."""
    if isinstance(atom, Text):
        return True
    return atom.field in SET_FIELDS or (atom.field == "is" and atom.value.lower() in SET_IS_VALUES)


def set_clause(atoms: Sequence[Atom], *, negated: bool = False) -> tuple[str, list]:
    """SQL true for an entry that any of ``atoms`` matches (their sign aside), or with
    ``negated`` for an entry that none of them matches: words as one full-text query over entry
    numbers, the filters as one list of entry ids."""
    texts = [a for a in atoms if isinstance(a, Text)]
    tests, params = [], []
    if texts:  # FTS5 steps through every word of an OR at each row: a few at a time
        chunks = [texts[i:i + TEXT_CHUNK] for i in range(0, len(texts), TEXT_CHUNK)]
        union = " UNION ALL ".join(
            "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?" for _ in chunks)
        tests.append(f"e.num {{}} ({union})")
        params.extend(" OR ".join(fts_text(a) for a in chunk) for chunk in chunks)
    ids, id_params = _id_union([a for a in atoms if isinstance(a, Filter)])
    if ids:
        tests.append(f"e.id {{}} ({ids})")
        params.extend(id_params)
    if not tests:  # an ``actor:`` with no word in it matches nothing
        return ("1" if negated else "0"), []
    joined = (" AND " if negated else " OR ").join(
        t.format("NOT IN" if negated else "IN") for t in tests)
    return f"({joined})", params


def _id_union(filters: list[Filter]) -> tuple[str, list]:
    parts: list[tuple[str, list]] = []
    for key, build in _BUILDERS.items():
        values = [f.value.strip() for f in filters if _key(f) == key]
        part = build(values) if values else None
        if part is not None:
            parts.append(part)
    return " UNION ALL ".join(p[0] for p in parts), [x for p in parts for x in p[1]]


def _key(f: Filter) -> str:
    return f"is:{f.value.strip().lower()}" if f.field == "is" else f.field


def _tags(values: list[str]) -> tuple[str, list]:
    marks = ", ".join("?" * len(values))
    ids = (f"SELECT entry_id FROM entry_tags WHERE tag IN ({marks}) UNION ALL "
           f"SELECT entry_id FROM bookmark_tags WHERE tag IN ({marks})")
    return ids, [*values, *values]


def _ids(values: list[str]) -> tuple[str, list]:
    return f"SELECT id FROM entries WHERE id IN ({', '.join('?' * len(values))})", values


def _sources(values: list[str]) -> tuple[str, list]:
    text = ("lower(s.id || ' ' || s.title || ' ' || coalesce(s.publisher, '') || ' ' || "
            "coalesce(s.author, ''))")
    tests = " OR ".join(f"{text} LIKE ? ESCAPE '\\'" for _ in values)
    ids = (f"SELECT c.entry_id FROM citations c JOIN sources s ON s.id = c.source_id "
           f"WHERE {tests}")
    # and the entries a dataset's rows made or named, by its title, file name or credit line
    dataset = "lower(coalesce(i.dataset, '') || ' ' || i.file || ' ' || coalesce(i.credit, ''))"
    batches = " OR ".join(f"{dataset} LIKE ? ESCAPE '\\'" for _ in values)
    ids += (" UNION SELECT p.entry_id FROM provenance p WHERE p.batch_id IN "
            f"(SELECT i.id FROM imports i WHERE {batches})")
    likes = ["%" + escape_like(v.lower()) + "%" for v in values]
    return ids, likes + likes


def actor_match(values: list[str]) -> str | None:
    """One full-text query over names for every ``actor:`` value (the last word a prefix)."""
    alternatives = []
    for value in values:
        tokens = tokens_of(value)
        if tokens:
            words = " ".join(fts_token(t, prefix=i == len(tokens) - 1)
                             for i, t in enumerate(tokens))
            alternatives.append("({title names}: " + words + ")")
    return " OR ".join(alternatives) or None


def _actors(values: list[str]) -> tuple[str, list] | None:
    """The actors named, and every entry linked to one of them (either way); the names are
    looked up once (each prefix of four letters or more costs a walk of the index's words)."""
    match = actor_match(values)
    if match is None:
        return None
    ids = ("WITH named AS MATERIALIZED (SELECT id FROM entries WHERE kind = 'actor' AND num IN "
           "(SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)) "
           "SELECT id FROM named UNION ALL SELECT from_id FROM links WHERE to_id IN named "
           "UNION ALL SELECT to_id FROM links WHERE from_id IN named")
    return ids, [match]


def _bookmarked(_values) -> tuple[str, list]:
    return "SELECT entry_id FROM bookmarks", []


def _noted(_values) -> tuple[str, list]:
    return "SELECT entry_id FROM bookmarks WHERE note != ''", []


_BUILDERS = {"actor": _actors, "tag": _tags, "id": _ids, "source": _sources,
             "is:bookmarked": _bookmarked, "is:noted": _noted}


# -- row tests of one field, merged -----------------------------------------------------------

def merge_row_tests(atoms: Sequence[Atom], *, negated: bool) -> tuple[list, list[Atom]]:
    """Filters of one field tested as one: ``kind:`` and ``batch:`` values as one ``IN`` list,
    ``category:`` and ``origin:`` prefixes (and negated ``status:`` ones, which cannot use
    its index anyway) as one lookup per prefix length — 80 OR-ed categories were 80 tests of
    every entry. Returns ``([(sql, params), …], atoms left as they were)``; the sign of the
    atoms is for the caller."""
    fields = {"kind", "batch", "category", "origin"} | ({"status"} if negated else set())
    by_field: dict[str, list[str]] = {}
    rest: list[Atom] = []
    for atom in atoms:
        if isinstance(atom, Filter) and atom.field in fields:
            by_field.setdefault(atom.field, []).append(atom.value.strip())
        else:
            rest.append(atom)
    tests = []
    for name, values in by_field.items():
        if len(values) == 1:
            rest.append(next(a for a in atoms if isinstance(a, Filter) and a.field == name))
        else:
            tests.append(_merged_test(name, values))
    return tests, rest


def _merged_test(name: str, values: list[str]) -> tuple[str, list]:
    if name == "kind":
        kinds = sorted({KIND_NAMES[v.lower()] for v in values})
        return f"e.kind IN ({', '.join('?' * len(kinds))})", kinds
    if name == "batch":
        batches = sorted({int(v) for v in values})
        return f"e.batch_id IN ({', '.join('?' * len(batches))})", batches
    by_length: dict[int, set[str]] = {}
    for value in values:  # LIKE 'pip%' on a lowered column: its first 3 letters are 'pip'
        by_length.setdefault(len(value.lower()), set()).add(value.lower())
    parts, params = [], []
    for length, prefixes in sorted(by_length.items()):
        parts.append(f"substr({PREFIX_COLUMNS[name]}, 1, {length}) IN "
                     f"({', '.join('?' * len(prefixes))})")
        params.extend(sorted(prefixes))
    return "(" + " OR ".join(parts) + ")", params
