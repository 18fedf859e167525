"""Finding the entry a name in a file means: by id, by title or alias (case and accents folded),
among the file's own rows first and then the library; unknown names become new entries."""

from __future__ import annotations

import functools
import re
import sqlite3

from db.importing.rows import LinkRef, RowPlan, slug
from db.textindex import fold

# Which kinds a name in each kind of column may stand for, best first.
PREFERRED_KINDS = {"actor": ("actor", "place"), "place": ("place", "actor"),
                   "links": ("actor", "place", "deal", "event", "figure")}
CREATED_KIND = {"actor": "actor", "place": "place", "links": "actor"}
_TOKEN = re.compile(r"\w+")


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A name folded for matching: case, accents, spacing and a leading "the" ignored."""
    key = " ".join(_TOKEN.findall(name.lower() if name.isascii() else fold(name)))
    return key[4:] if key.startswith("the ") else key


class NameIndex:
    """Resolves link names to entry ids, creating an entry for a name nobody has yet."""

    def __init__(self, conn: sqlite3.Connection, plans: list[RowPlan]):
        self.conn = conn
        self.plans = plans
        self.file_ids = {p.entry["id"] for p in plans}
        self._file: dict[str, dict[str, list[str]]] = {}  # kind → name key → ids
        self._library: dict[str, list[tuple[str, str]]] = {}
        self._found: dict[tuple[str, str], str] = {}  # (field, name) → id, once found
        self.created: dict[tuple[str, str], dict] = {}  # (kind, key) → new entry
        self._taken: set[str] = set()
        self._names: dict[str, tuple[str, ...]] = {}  # id → title and aliases
        self._plan_of: dict[str, RowPlan] | None = None

    def resolve(self, ref: LinkRef) -> tuple[str, dict | None]:
        """The id ``ref`` points to, and the new entry made for it (``None`` if it existed)."""
        if ref.target_id and (ref.target_id in self.file_ids or self._exists(ref.target_id)):
            return ref.target_id, None
        found = self._found.get((ref.field, ref.name))
        if found:
            return found, None
        key = name_key(ref.name)
        kinds = PREFERRED_KINDS[ref.field]
        found = self._in_file(key, kinds) or \
            self._best(self._library_matches(key, ref.name), kinds)
        if found:
            self._found[(ref.field, ref.name)] = found
            return found, None
        for kind in kinds:  # made earlier in this import, from another column
            if (kind, key) in self.created:
                return self.created[(kind, key)]["id"], None
        kind = CREATED_KIND[ref.field]
        made = {"id": self._new_id(ref.name, kind), "kind": kind, "title": ref.name.strip(),
                "category": ref.category}
        self.created[(kind, key)] = made
        self._names[made["id"]] = (made["title"],)
        self._found[(ref.field, ref.name)] = made["id"]
        return made["id"], made

    def names_of(self, entry_id: str) -> tuple[str, ...]:
        """The title and aliases of an entry a link points to: what the linking entry is
        found by (``db.parties``)."""
        known = self._names.get(entry_id)
        if known is None:
            known = self._names[entry_id] = self._read_names(entry_id)
        return known

    def _read_names(self, entry_id: str) -> tuple[str, ...]:
        if self._plan_of is None:
            self._plan_of = {p.entry["id"]: p for p in self.plans}
        plan = self._plan_of.get(entry_id)
        if plan is not None:
            return (plan.entry["title"], *plan.aliases)
        row = self.conn.execute("SELECT title FROM entries WHERE id = ?", (entry_id,)).fetchone()
        aliases = [r[0] for r in self.conn.execute(
            "SELECT name FROM aliases WHERE entry_id = ? ORDER BY rowid", (entry_id,))]
        return (row[0] if row else entry_id, *aliases)

    def _in_file(self, key: str, kinds: tuple[str, ...]) -> str | None:
        """An entry of the file itself with this name, of the first kind that has one."""
        for kind in kinds:
            if kind not in self._file:
                self._file[kind] = index = {}
                for plan in (p for p in self.plans if p.entry["kind"] == kind):
                    for name in (plan.entry["title"], *plan.aliases):
                        index.setdefault(name_key(name), []).append(plan.entry["id"])
            if key in self._file[kind]:
                return self._file[kind][key][0]
        return None

    @staticmethod
    def _best(matches: list[tuple[str, str]], kinds: tuple[str, ...]) -> str | None:
        for kind in kinds:
            for entry_id, entry_kind in matches:
                if entry_kind == kind:
                    return entry_id
        return None

    def _exists(self, entry_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() \
            is not None

    def _library_matches(self, key: str, name: str) -> list[tuple[str, str]]:
        """Entries whose title or an alias folds to ``key``: FTS finds candidates, then each
        candidate's names are compared exactly (folded)."""
        if key in self._library:
            return self._library[key]
        tokens = key.split()
        matches: list[tuple[str, str]] = []
        candidates = self.conn.execute(
            "SELECT id, kind, title FROM entries WHERE title = ? COLLATE NOCASE",
            (name.strip(),)).fetchall()
        if tokens:
            match = " ".join('"' + t.replace('"', '""') + '"' for t in tokens)
            sql = ("SELECT e.id, e.kind, e.title FROM entries_fts f JOIN entries e "
                   "ON e.num = f.rowid WHERE entries_fts MATCH ? ORDER BY f.rank LIMIT 100")
            candidates += self.conn.execute(sql, (f"{{title names}} : ({match})",)).fetchall()
        for entry_id, kind, title in dict.fromkeys(tuple(c) for c in candidates):
            if (entry_id, kind) not in matches:
                names = [title] + [r[0] for r in self.conn.execute(
                    "SELECT name FROM aliases WHERE entry_id = ?", (entry_id,))]
                if any(name_key(n) == key for n in names):
                    matches.append((entry_id, kind))
        self._library[key] = matches
        return matches

    def _new_id(self, name: str, kind: str) -> str:
        base = slug(name) or kind
        candidate, n = base, 1
        while candidate in self._taken or candidate in self.file_ids or self._exists(candidate):
            n += 1
            candidate = f"{base}-{n}"
        self._taken.add(candidate)
        return candidate
