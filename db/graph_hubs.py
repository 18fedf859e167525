"""Which neighbours of a busy entry (a *hub*) the link chart draws one by one, and which it folds
into clusters by kind. The best-known links come first — cited in a source before the analyst's
reading before imported, more citations first, then the entries among the results, then the
library's order — so a hub's crowd of thin links never hides the ones a source states.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

HUB_LIMIT = 30  # neighbours drawn one by one; the rest of a hub's neighbours are clusters
KIND_COUNT_LIMIT = 5_000  # a hub with more links is summed up in one cluster, not by kind
RANK_SCAN = 1_000  # links each way ranked of a hub past ``KIND_COUNT_LIMIT`` (beyond: counted)
COCITED_CAP = 2_000  # entries cited beside a hub that are looked at for its cited links
KNOWN_RANK = {"cited": 0, "analyst": 1, "imported": 2}


@dataclass(frozen=True)
class HubNeighbours:
    """A hub's neighbours, best-known first, with their kinds. ``complete`` when every
    neighbour was read (a hub of up to ``KIND_COUNT_LIMIT`` links); past that, the cited ones
    and the first ``RANK_SCAN`` links each way are ranked, and the rest only counted."""

    hub: str
    ranked: tuple[str, ...]
    kinds: dict[str, str]
    degree: int

    @property
    def complete(self) -> bool:
        return self.degree <= KIND_COUNT_LIMIT

    def shown_first(self, seen) -> list[str]:
        """The neighbours to draw one by one: the ``HUB_LIMIT`` best-known, and any that would
        otherwise be alone in its cluster (a cluster of one says less than the entry itself)."""
        picked = list(self.ranked[:HUB_LIMIT])
        skip = set(picked) | set(seen)
        for ids in self.left_by_kind(skip).values():
            if len(ids) == 1:
                picked += ids
        return picked

    def left_by_kind(self, seen) -> dict[str, list[str]]:
        """The neighbours not in ``seen``, by kind, best-known first."""
        out: dict[str, list[str]] = {}
        for entry_id in self.ranked:
            if entry_id not in seen:
                out.setdefault(self.kinds.get(entry_id, ""), []).append(entry_id)
        return out


def hub_neighbours(conn: sqlite3.Connection, hub: str, *, results=frozenset()) -> HubNeighbours:
    """The neighbours of ``hub`` ranked by how well their links are known (module docstring)."""
    degree = conn.execute("SELECT (SELECT count(*) FROM links WHERE from_id = ?1) + "
                          "(SELECT count(*) FROM links WHERE to_id = ?1)", (hub,)).fetchone()[0]
    cited = _cocited(conn, hub)
    scan = KIND_COUNT_LIMIT if degree <= KIND_COUNT_LIMIT else RANK_SCAN
    links = _links_read(conn, hub, scan) + _cited_links(conn, hub, cited)
    best: dict[str, tuple[int, int]] = {}  # neighbour: (rank of its best link, citations)
    kinds: dict[str, str] = {}
    for neighbour, kind, from_origin in links:
        if neighbour == hub:
            continue
        count = cited.get(neighbour, 0)
        known = "imported" if from_origin == "import" else ("cited" if count else "analyst")
        rank = (KNOWN_RANK[known], -count if known == "cited" else 0)
        best[neighbour] = min(best.get(neighbour, rank), rank)
        kinds[neighbour] = kind
    order = {n: i for i, n in enumerate(best)}
    ranked = sorted(best, key=lambda n: (*best[n], n not in results, order[n]))
    return HubNeighbours(hub, tuple(ranked), kinds, degree)


def _cocited(conn: sqlite3.Connection, hub: str) -> dict[str, int]:
    """Entries cited in a passage beside ``hub``, with how many such passages."""
    return dict(conn.execute(
        "SELECT b.entry_id, count(DISTINCT b.passage_num) FROM citations a JOIN citations b "
        "ON b.passage_num = a.passage_num AND b.entry_id != a.entry_id WHERE a.entry_id = ? "
        "GROUP BY b.entry_id ORDER BY 2 DESC, 1 LIMIT ?", (hub, COCITED_CAP)).fetchall())


def _links_read(conn: sqlite3.Connection, hub: str, scan: int) -> list[tuple[str, str, str]]:
    """(neighbour, its kind, origin of the entry that states the link) for the hub's links,
    up to ``scan`` each way, in the library's order."""
    out = conn.execute(
        "SELECT l.to_id, e.kind, h.origin FROM links l JOIN entries e ON e.id = l.to_id "
        "JOIN entries h ON h.id = l.from_id WHERE l.from_id = ? LIMIT ?", (hub, scan)).fetchall()
    return out + conn.execute(
        "SELECT l.from_id, e.kind, e.origin FROM links l JOIN entries e ON e.id = l.from_id "
        "WHERE l.to_id = ? LIMIT ?", (hub, scan)).fetchall()


def _cited_links(conn: sqlite3.Connection, hub: str, cited: dict[str, int]) -> list[tuple]:
    """The links between the hub and the entries cited beside it, looked up pair by pair (so a
    hub too large to read whole still ranks its cited links first)."""
    if not cited:
        return []
    packed = json.dumps(list(cited))
    return conn.execute(  # CROSS JOIN: one lookup per cited entry, not a walk of the hub
        "SELECT l.to_id, n.kind, f.origin FROM json_each(?2) c CROSS JOIN links l "
        "ON l.from_id = ?1 AND l.to_id = c.value JOIN entries n ON n.id = l.to_id "
        "JOIN entries f ON f.id = ?1 UNION ALL SELECT l.from_id, n.kind, n.origin "
        "FROM json_each(?2) c CROSS JOIN links l ON l.from_id = c.value AND +l.to_id = ?1 "
        "JOIN entries n ON n.id = l.from_id", (hub, packed)).fetchall()
