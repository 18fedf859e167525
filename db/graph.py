"""The link chart's data: the entries around some others and the links among them, how each
link is known, the passages behind it, and the shortest chain of links between two entries.

A chart never loads a whole library: it walks out from its seeds a level at a time, keeps at
most ``limit`` entries (and counts the rest, up to ``COUNT_CAP``), and draws an entry with more
than ``HUB_LIMIT`` neighbours as its best-known ``HUB_LIMIT`` plus one *cluster* per kind with a
count (``db.graph_hubs``); a chart that leaves anything out or folds it into a cluster is
``capped``.

How a link is known, from the most to the least sure:

- ``cited``: some passage of a source is cited for both its entries (the source states them
  together); ``citations`` counts those passages;
- ``analyst``: a link of the library that no shared passage states (the analyst's reading);
- ``imported``: a link that came in with an imported row.
"""

from __future__ import annotations

import json
import sqlite3
from collections import deque
from dataclasses import dataclass

from db.errors import NotFoundError
from db.graph_hubs import HUB_LIMIT, HubNeighbours, hub_neighbours

DEFAULT_LIMIT = 200  # entries a chart shows at first
MAX_LIMIT = 5_000
MAX_DEPTH = 4
COUNT_CAP = 5_000  # entries beyond the chart are counted up to this ("showing 200 of 5,000+")
PATH_DEPTH = 8  # the longest chain ``shortest_path`` looks for
PATH_VISIT_CAP = 200_000  # entries a path search may visit before it gives up
KNOWN_BY = ("cited", "analyst", "imported")


@dataclass(frozen=True)
class Node:
    """An entry on the chart; ``seed`` when it is one of the entries the chart started from."""

    id: str
    kind: str
    title: str
    date_start: str | None = None
    date_end: str | None = None
    seed: bool = False


@dataclass(frozen=True)
class Edge:
    """A link ``from_id`` --role--> ``to_id``, how it is known and by how many passages."""

    from_id: str
    to_id: str
    role: str
    known_by: str
    citations: int = 0


@dataclass(frozen=True)
class Cluster:
    """``count`` more neighbours of kind ``kind`` of the hub ``anchor``, drawn as one node."""

    anchor: str
    kind: str
    count: int

    @property
    def id(self) -> str:
        return f"cluster:{self.anchor}:{self.kind}"


@dataclass(frozen=True)
class Graph:
    """Nodes, edges and clusters of a chart; ``total`` entries were found. ``capped``: some
    are left out or folded into clusters; ``total_is_floor``: counting stopped at
    ``COUNT_CAP``, so there are more than ``total``."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...] = ()
    total: int = 0
    capped: bool = False
    total_is_floor: bool = False

    @property
    def shown(self) -> int:
        return len(self.nodes)

    def node(self, entry_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == entry_id), None)

    def to_json(self, positions: dict | None = None, pinned=()) -> dict:
        """The chart in its exchange shape; ``positions`` ``{id: (x, y)}`` adds x, y, pinned."""
        nodes = []
        for node in self.nodes:
            item = {"id": node.id, "kind": node.kind, "title": node.title}
            if positions is not None and node.id in positions:
                x, y = positions[node.id]
                item |= {"x": round(float(x), 2), "y": round(float(y), 2),
                         "pinned": node.id in pinned}
            nodes.append(item)
        edges = [{"from": e.from_id, "to": e.to_id, "role": e.role, "known_by": e.known_by,
                  "citations": e.citations} for e in self.edges]
        clusters = [{"id": c.id, "anchor": c.anchor, "kind": c.kind, "count": c.count}
                    for c in self.clusters]
        return {"shown": self.shown, "total": self.total, "capped": self.capped,
                "total_is_floor": self.total_is_floor, "nodes": nodes, "edges": edges,
                "clusters": clusters}


def neighbourhood(conn: sqlite3.Connection, seeds: list[str], *, depth: int = 1,
                  limit: int = DEFAULT_LIMIT, more_seeds: int = 0) -> Graph:
    """The entries within ``depth`` links of ``seeds`` (at most ``limit`` of them, seeds first)
    and every link among them. ``more_seeds`` counts seeds left out before the call (a result
    set longer than the chart)."""
    depth = max(0, min(int(depth), MAX_DEPTH))
    limit = max(1, min(int(limit), MAX_LIMIT))
    walk = _Walk(conn, limit, results=frozenset(seeds))
    for seed in dict.fromkeys(seeds):
        walk.add(seed)
    frontier = list(walk.kept)
    for _level in range(depth):
        frontier = [n for node in frontier for n in walk.expand(node)]
        if not frontier:
            break
    clusters, clustered = walk.clusters()
    graph = graph_of(conn, list(walk.kept), seeds=set(seeds))
    # Past the count's cap, a cluster's entries may be among those counted already: the total
    # is then a floor ("5,000+"), and clusters are left out of it.
    total = len(walk.seen) + more_seeds + (0 if walk.capped else clustered)
    capped = walk.capped or bool(clusters) or total > graph.shown
    return Graph(nodes=graph.nodes, edges=graph.edges, clusters=clusters, total=total,
                 capped=capped, total_is_floor=walk.capped)


class _Walk:
    """A breadth-first walk that keeps the first ``limit`` entries and counts the others."""

    def __init__(self, conn: sqlite3.Connection, limit: int, *, results=frozenset()):
        self.conn = conn
        self.limit = limit
        self.results = results  # the seeds: among equally known links, theirs come first
        self.kept: dict[str, None] = {}
        self.seen: set[str] = set()
        self.hubs: list[HubNeighbours] = []
        self.capped = False

    def add(self, entry_id: str) -> bool:
        """Note ``entry_id``; true when it is new (and so worth walking on from)."""
        if entry_id in self.seen:
            return False
        if len(self.seen) >= COUNT_CAP:
            self.capped = True
            return False
        self.seen.add(entry_id)
        if len(self.kept) < self.limit:
            self.kept[entry_id] = None
        return True

    def expand(self, entry_id: str) -> list[str]:
        """The new neighbours of ``entry_id``; of a hub on the chart, the best-known
        ``HUB_LIMIT`` (the rest become clusters in ``clusters``)."""
        found = neighbour_ids(self.conn, entry_id, limit=HUB_LIMIT + 1)
        if len(found) <= HUB_LIMIT or entry_id not in self.kept:
            return [n for n in found[:HUB_LIMIT] if self.add(n)]
        hub = hub_neighbours(self.conn, entry_id, results=self.results)
        self.hubs.append(hub)
        return [n for n in hub.shown_first(self.seen) if self.add(n)]

    def clusters(self) -> tuple[tuple[Cluster, ...], int]:
        """One cluster per hub and kind of the neighbours the walk did not reach, and how many
        entries they hold. A kind left with one entry has that entry drawn (or, on a full
        chart, counted) instead: a cluster of one would hide it for nothing."""
        while any(self.add(ids[0]) for hub in self.hubs if hub.complete
                  for ids in hub.left_by_kind(self.seen).values() if len(ids) == 1):
            pass
        out, folded, beyond = [], set(), 0
        for hub in self.hubs:
            if not hub.complete:  # too many links to read each one's kind: one count
                out.append(Cluster(hub.hub, "", max(hub.degree - HUB_LIMIT, 0)))
                beyond += out[-1].count
                continue
            for kind, ids in sorted(hub.left_by_kind(self.seen).items()):
                if len(ids) > 1:  # one left over is past the count's cap: counted, not drawn
                    out.append(Cluster(hub.hub, kind, len(ids)))
                    folded.update(ids)
        return tuple(c for c in out if c.count > 0), len(folded) + beyond


def ids_for_nums(conn: sqlite3.Connection, nums) -> list[str]:
    """Entry ids for entry numbers, in the order given."""
    found = dict(conn.execute("SELECT num, id FROM entries WHERE num IN (SELECT value FROM "
                              "json_each(?))", (json.dumps([int(n) for n in nums]),)))
    return [found[n] for n in nums if n in found]


def neighbour_ids(conn: sqlite3.Connection, entry_id: str, *, limit: int = -1) -> list[str]:
    """Entries linked to ``entry_id`` either way, in a stable order, each once."""
    rows = conn.execute(
        "SELECT to_id FROM links WHERE from_id = ? UNION ALL "
        "SELECT from_id FROM links WHERE to_id = ? LIMIT ?",
        (entry_id, entry_id, -1 if limit < 0 else limit * 4)).fetchall()
    out = list(dict.fromkeys(r[0] for r in rows if r[0] != entry_id))
    return out if limit < 0 else out[:limit]


def _kinds(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    return dict(conn.execute("SELECT id, kind FROM entries WHERE id IN "
                             "(SELECT value FROM json_each(?))", (json.dumps(ids),)))


def graph_of(conn: sqlite3.Connection, ids: list[str], *, seeds=frozenset()) -> Graph:
    """These entries (in this order; unknown ids are left out) and every link among them."""
    ids = list(dict.fromkeys(ids))
    packed = json.dumps(ids)
    rows = {r[0]: r for r in conn.execute(
        "SELECT id, kind, title, date_start, date_end, origin FROM entries "
        "WHERE id IN (SELECT value FROM json_each(?))", (packed,))}
    nodes = tuple(Node(i, rows[i][1], rows[i][2], rows[i][3], rows[i][4], i in seeds)
                  for i in ids if i in rows)
    links = conn.execute(
        "SELECT from_id, to_id, role FROM links WHERE from_id IN (SELECT value FROM "
        "json_each(?1)) AND to_id IN (SELECT value FROM json_each(?1)) "
        "ORDER BY from_id, to_id, role", (packed,)).fetchall()
    shared = _shared_passages(conn, packed)
    edges = tuple(_edge(f, t, role, rows[f][5], shared) for f, t, role in links)
    return Graph(nodes=nodes, edges=edges, total=len(nodes))


def _edge(from_id: str, to_id: str, role: str, origin: str, shared: dict) -> Edge:
    count = shared.get((from_id, to_id), 0)
    if origin == "import":
        known_by = "imported"
    else:
        known_by = "cited" if count else "analyst"
    return Edge(from_id, to_id, role, known_by, count)


def _shared_passages(conn: sqlite3.Connection, packed: str) -> dict[tuple[str, str], int]:
    """For each pair of these entries, how many passages are cited for both."""
    rows = conn.execute(
        "SELECT a.entry_id, b.entry_id, count(DISTINCT a.passage_num) FROM citations a "
        "JOIN citations b ON b.passage_num = a.passage_num AND b.entry_id != a.entry_id "
        "WHERE a.entry_id IN (SELECT value FROM json_each(?1)) "
        "AND b.entry_id IN (SELECT value FROM json_each(?1)) GROUP BY 1, 2", (packed,))
    return {(a, b): n for a, b, n in rows}


def link_evidence(conn: sqlite3.Connection, from_id: str, to_id: str) -> list[dict]:
    """The passages cited for both entries of a link, each with its source and the quotes
    of both entries in it, in the order of the source."""
    rows = conn.execute(
        "SELECT p.num, s.id, s.title, c.entry_id, c.quote FROM citations c "
        "JOIN passages p ON p.num = c.passage_num JOIN sources s ON s.id = p.source_id "
        "WHERE c.entry_id IN (?1, ?2) AND c.passage_num IN (SELECT a.passage_num FROM "
        "citations a JOIN citations b ON b.passage_num = a.passage_num "
        "WHERE a.entry_id = ?1 AND b.entry_id = ?2) ORDER BY s.id, p.ordinal, c.start",
        (from_id, to_id)).fetchall()
    out: dict[int, dict] = {}
    for num, source_id, source_title, entry_id, quote in rows:
        item = out.setdefault(num, {"source_id": source_id, "source_title": source_title,
                                    "quotes": []})
        item["quotes"].append({"entry_id": entry_id, "quote": quote})
    return list(out.values())


def shortest_path(conn: sqlite3.Connection, start: str, goal: str, *,
                  max_depth: int = PATH_DEPTH) -> list[dict]:
    """The shortest chain of links from ``start`` to ``goal`` (either direction), as steps
    ``{"from", "to", "role", "direction"}``; empty when none is found within ``max_depth``."""
    known = _kinds(conn, [start, goal])
    for entry_id in (start, goal):
        if entry_id not in known:
            raise NotFoundError(f"no entry with id {entry_id!r}")
    if start == goal:
        return []
    parents = _search_both_ways(conn, start, goal, max_depth)
    return [] if parents is None else _steps(conn, parents)


def _search_both_ways(conn, start: str, goal: str, max_depth: int) -> list[str] | None:
    """The entries of a shortest chain, start to goal, from a walk out of both ends."""
    sides = ({start: None}, {goal: None})
    queues = (deque([start]), deque([goal]))
    for _level in range(max_depth):
        side = 0 if len(queues[0]) <= len(queues[1]) else 1
        meet = _one_level(conn, sides[side], queues[side], sides[1 - side])
        if meet is not None:
            return _chain(sides[0], meet)[::-1][:-1] + _chain(sides[1], meet)
        if not queues[side] or sum(map(len, sides)) > PATH_VISIT_CAP:
            return None
    return None


def _one_level(conn, parents: dict, queue: deque, other: dict) -> str | None:
    for _ in range(len(queue)):
        node = queue.popleft()
        for neighbour in neighbour_ids(conn, node):
            if neighbour in parents:
                continue
            parents[neighbour] = node
            if neighbour in other:
                return neighbour
            queue.append(neighbour)
    return None


def _chain(parents: dict, node: str) -> list[str]:
    chain = [node]
    while parents[chain[-1]] is not None:
        chain.append(parents[chain[-1]])
    return chain


def _steps(conn: sqlite3.Connection, chain: list[str]) -> list[dict]:
    steps = []
    for a, b in zip(chain, chain[1:], strict=False):
        row = conn.execute("SELECT from_id, to_id, role FROM links WHERE (from_id = ? AND "
                           "to_id = ?) OR (from_id = ? AND to_id = ?) ORDER BY from_id = ? DESC,"
                           " role LIMIT 1", (a, b, b, a, a)).fetchone()
        steps.append({"from": a, "to": b, "role": row[2],
                      "direction": "out" if row[0] == a else "in"})
    return steps
