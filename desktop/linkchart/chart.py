"""``Chart``: what the link chart shows — entries, links, clusters, where each node stands, what
is pinned and what is hidden — with no Qt, so the window, printing and the command line share it.

A hub's cluster ("12 more deals") is a node of its own, tied to its hub by a plain line.
"""

from __future__ import annotations

import numpy as np

from db.graph import Cluster, Edge, Graph, Node
from desktop.linkchart.layout import LayoutProblem, lay_out

CLUSTER_PREFIX = "cluster:"


class Chart:
    """The nodes and links on show. Positions are an (n, 2) array, NaN until placed."""

    KIND_CODES = ("actor", "deal", "event", "figure", "place", "")
    KNOWN_CODES = ("cited", "analyst", "imported", "")

    def __init__(self, graph: Graph | None = None):
        self.nodes: list[Node] = []
        self.index: dict[str, int] = {}
        self.edges: list[Edge] = []
        self.clusters: dict[str, Cluster] = {}
        self.positions = np.zeros((0, 2))
        self.pinned: set[str] = set()
        self.hidden: set[str] = set()
        self.total = 0
        self.capped = False  # some entries are left out or folded into clusters
        self.total_is_floor = False  # counting stopped: there are more than ``total``
        self._changes = 0  # counts changes of nodes or links, for the cache below
        self._arrays: dict[str, tuple] = {}  # arrays for drawing, with the changes they saw
        if graph is not None:
            self.merge(graph)

    # -- what is on the chart -----------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        return [n.id for n in self.nodes]

    def __len__(self) -> int:
        return len(self.nodes)

    def node(self, node_id: str) -> Node | None:
        i = self.index.get(node_id)
        return None if i is None else self.nodes[i]

    def entry_ids(self) -> list[str]:
        """The entries on the chart (clusters left out)."""
        return [n.id for n in self.nodes if not is_cluster(n.id)]

    def edge_indices(self) -> tuple[np.ndarray, np.ndarray]:
        """Node indices of each link's two ends (kept until the links or nodes change)."""
        return self._cached("edge_indices", lambda: (
            np.array([self.index[e.from_id] for e in self.edges], dtype=np.int64),
            np.array([self.index[e.to_id] for e in self.edges], dtype=np.int64)))

    def edge_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """For each link, how it is known (an index into ``KNOWN_CODES``) and its citations
        (up to 4), as arrays for drawing."""
        return self._cached("edge_codes", lambda: (
            np.array([_code(self.KNOWN_CODES, e.known_by) for e in self.edges], dtype=np.int64),
            np.array([min(e.citations, 4) for e in self.edges], dtype=np.int64)))

    def node_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """For each node, its kind (an index into ``KIND_CODES``) and whether it is a
        cluster, as arrays for drawing."""
        return self._cached("node_codes", lambda: (
            np.array([_code(self.KIND_CODES, n.kind) for n in self.nodes], dtype=np.int64),
            np.array([is_cluster(n.id) for n in self.nodes], dtype=bool)))

    def _cached(self, name: str, make):
        key = (self._changes, len(self.edges), len(self.nodes))
        found = self._arrays.get(name)
        if found is None or found[0] != key:
            found = self._arrays[name] = (key, make())
        return found[1]

    def left_out(self) -> tuple[int, int]:
        """(entries drawn, entries found): the second is larger when the chart leaves some out
        or folds them into clusters ("showing N of M")."""
        shown = len(self.entry_ids())
        folded = sum(c.count for c in self.clusters.values())
        return shown, max(self.total, shown + folded)

    def cluster_lines(self) -> list[tuple[str, str]]:
        return [(c.anchor, cid) for cid, c in self.clusters.items() if c.anchor in self.index]

    def visible(self) -> np.ndarray:
        """A flag per node: not hidden (and, for a cluster, its hub not hidden either)."""
        out = np.ones(len(self.nodes), bool)
        for node_id in self.hidden:
            if node_id in self.index:
                out[self.index[node_id]] = False
        for cid, cluster in self.clusters.items():
            if cluster.anchor in self.hidden:
                out[self.index[cid]] = False
        return out

    def neighbours(self, node_id: str) -> set[str]:
        out = {e.to_id for e in self.edges if e.from_id == node_id}
        out |= {e.from_id for e in self.edges if e.to_id == node_id}
        out |= {cid for cid, c in self.clusters.items() if c.anchor == node_id}
        return out

    # -- changing it --------------------------------------------------------------------------

    def merge(self, graph: Graph) -> list[str]:
        """Add the graph's nodes (new ones unplaced), links and clusters; returns new ids."""
        added = [n.id for n in graph.nodes if n.id not in self.index]
        for node in graph.nodes:
            if node.id not in self.index:
                self._append(node)
        for cluster in graph.clusters:
            self.clusters[cluster.id] = cluster
            node = Node(cluster.id, cluster.kind, cluster_title(cluster))
            if cluster.id in self.index:  # the hub read again: its count as it is now
                self.nodes[self.index[cluster.id]] = node
            else:
                self._append(node)
        known = {(e.from_id, e.to_id, e.role) for e in self.edges}
        self.edges = self.edges + [e for e in graph.edges
                                   if (e.from_id, e.to_id, e.role) not in known]
        self._changes += 1
        self.total = max(self.total, graph.total)
        self.capped = self.capped or graph.capped
        self.total_is_floor = self.total_is_floor or graph.total_is_floor
        return added

    def set_edges(self, edges) -> None:
        """Every link among the chart's entries, as the library has them now."""
        self.edges = [e for e in edges if e.from_id in self.index and e.to_id in self.index]
        self._changes += 1

    def remove(self, ids) -> None:
        """Take these nodes (and their links and clusters) off the chart."""
        gone = set(ids) | {cid for cid, c in self.clusters.items() if c.anchor in ids}
        keep = [i for i, n in enumerate(self.nodes) if n.id not in gone]
        self.nodes = [self.nodes[i] for i in keep]
        self.positions = self.positions[keep]
        self.index = {n.id: i for i, n in enumerate(self.nodes)}
        self.edges = [e for e in self.edges if e.from_id in self.index and e.to_id in self.index]
        self.clusters = {k: c for k, c in self.clusters.items() if k in self.index}
        self.pinned &= set(self.index)
        self.hidden &= set(self.index)
        self._changes += 1

    def leaves_of(self, node_id: str, *, keep=frozenset()) -> list[str]:
        """Neighbours of ``node_id`` tied to nothing else on the chart (what collapsing it
        takes away), leaving out pinned nodes and ``keep``."""
        out = []
        for other in self.neighbours(node_id):
            if other in self.pinned or other in keep:
                continue
            if self.neighbours(other) <= {node_id}:
                out.append(other)
        return out

    def move(self, node_id: str, x: float, y: float, *, pin: bool = True) -> None:
        self.positions[self.index[node_id]] = (x, y)
        if pin:
            self.pinned.add(node_id)

    def place(self, positions: dict[str, tuple[float, float]], *, pinned=()) -> None:
        """Put nodes where a saved chart had them."""
        for node_id, xy in positions.items():
            if node_id in self.index:
                self.positions[self.index[node_id]] = xy
        self.pinned = {p for p in pinned if p in self.index}

    def position(self, node_id: str) -> tuple[float, float] | None:
        i = self.index.get(node_id)
        if i is None or np.isnan(self.positions[i, 0]):
            return None
        return float(self.positions[i, 0]), float(self.positions[i, 1])

    def _append(self, node: Node) -> None:
        self.index[node.id] = len(self.nodes)
        self.nodes.append(node)
        self.positions = np.vstack([self.positions, [np.nan, np.nan]])

    # -- laying out ---------------------------------------------------------------------------

    def layout_problem(self, seed: int = 1) -> LayoutProblem:
        pairs = [(self.index[e.from_id], self.index[e.to_id]) for e in self.edges]
        pairs += [(self.index[a], self.index[c]) for a, c in self.cluster_lines()]
        pinned = np.array([n.id in self.pinned for n in self.nodes], bool)
        dates = [_date_text(n) for n in self.nodes]
        return LayoutProblem(kinds=[n.kind for n in self.nodes],
                             edges=np.array(pairs, dtype=np.int64).reshape(-1, 2),
                             positions=self.positions.copy(), pinned=pinned, dates=dates,
                             seed=seed)

    def lay_out(self, name: str, *, seed: int = 1, only_new: bool = False) -> None:
        """Place the nodes by layout ``name`` now (the window runs force on a worker)."""
        if self.nodes:
            self.positions = lay_out(name, self.layout_problem(seed), only_new=only_new)

    # -- sharing ------------------------------------------------------------------------------

    def to_json(self, *, positions: bool = True) -> dict:
        """The exchange shape: ``{"nodes": [{id, kind, title, x, y, pinned}], "edges": …}``,
        without hidden nodes and their links."""
        shown = [n for n in self.nodes if n.id not in self.hidden and not is_cluster(n.id)]
        ids = {n.id for n in shown}
        graph = Graph(nodes=tuple(shown), edges=tuple(
            e for e in self.edges if e.from_id in ids and e.to_id in ids),
            clusters=tuple(c for c in self.clusters.values() if c.anchor in ids),
            total=self.total, capped=self.capped or bool(self.clusters),
            total_is_floor=self.total_is_floor)
        placed = {n.id: self.position(n.id) for n in shown if self.position(n.id)}
        return graph.to_json(placed if positions else None, self.pinned)

    def state(self, *, query: str = "", layout: str = "force", seed: int = 1,
              depth: int = 1) -> dict:
        """What a saved chart keeps (``db.charts``)."""
        nodes = [{"id": n.id, "x": xy[0], "y": xy[1], "pinned": n.id in self.pinned}
                 for n in self.nodes if not is_cluster(n.id) and (xy := self.position(n.id))]
        return {"query": query, "layout": layout, "seed": seed, "depth": depth,
                "nodes": nodes, "hidden": sorted(h for h in self.hidden if not is_cluster(h))}


def _code(codes: tuple[str, ...], value: str) -> int:
    return codes.index(value) if value in codes else len(codes) - 1


def is_cluster(node_id: str) -> bool:
    return node_id.startswith(CLUSTER_PREFIX)


def cluster_title(cluster: Cluster) -> str:
    plural = {"actor": "actors", "deal": "deals", "event": "events", "figure": "figures",
              "place": "places"}.get(cluster.kind, "linked entries")
    return f"{cluster.count:,} more {plural}"


def _date_text(node: Node) -> str | None:
    if not node.date_start:
        return None
    return f"{node.date_start}/{node.date_end}" if node.date_end else node.date_start
