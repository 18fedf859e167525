"""Where the chart's nodes go: force-directed, on a circle, grouped by kind, or by time.

Plain numpy, no Qt, so the command line and printing lay charts out as the window does. Every
layout keeps pinned nodes where they are and is deterministic for a given seed. The force
layout is Fruchterman–Reingold with repulsion cut off at a few edge lengths and found through a
grid of cells, so a step costs about O(n) rather than O(n²); it cools and stops on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

EDGE = 130.0  # the ideal length of a link, in chart units
PUSH = 3.0 * EDGE * EDGE  # how hard two nodes push apart (K² / d, made stronger for labels)
KINDS = ("actor", "deal", "event", "figure", "place")
LAYOUTS = ("force", "circle", "kind", "time")


@dataclass
class LayoutProblem:
    """What a layout needs: kinds and dates per node, links as index pairs, where nodes stand
    now (NaN where new), which may not move, and the seed."""

    kinds: list[str]
    edges: np.ndarray  # (m, 2) int
    positions: np.ndarray  # (n, 2) float, NaN for a node not yet placed
    pinned: np.ndarray  # (n,) bool
    dates: list[str | None] = field(default_factory=list)
    seed: int = 1

    @property
    def n(self) -> int:
        return len(self.kinds)


def lay_out(name: str, problem: LayoutProblem, *, only_new: bool = False) -> np.ndarray:
    """Positions for ``problem`` by the layout ``name`` (force runs to the end here)."""
    if name == "force":
        force = ForceLayout(problem, only_new=only_new)
        while not force.done:
            force.step()
        return force.positions
    placed = {"circle": circle_positions, "kind": kind_positions,
              "time": time_positions}[name](problem)
    return _keep_pinned(problem, placed)


def _keep_pinned(problem: LayoutProblem, placed: np.ndarray) -> np.ndarray:
    keep = problem.pinned & ~np.isnan(problem.positions[:, 0])
    placed[keep] = problem.positions[keep]
    return placed


def _order_by_kind(kinds: list[str]) -> list[int]:
    rank = {k: i for i, k in enumerate(KINDS)}
    return sorted(range(len(kinds)), key=lambda i: (rank.get(kinds[i], len(KINDS)), i))


def circle_positions(problem: LayoutProblem) -> np.ndarray:
    """Every node on one circle, kinds together, spaced about an edge apart."""
    n = problem.n
    out = np.zeros((n, 2))
    radius = max(EDGE, n * EDGE * 0.7 / (2 * math.pi))
    for slot, i in enumerate(_order_by_kind(problem.kinds)):
        angle = 2 * math.pi * slot / max(n, 1) - math.pi / 2
        out[i] = (radius * math.cos(angle), radius * math.sin(angle))
    return out


def kind_positions(problem: LayoutProblem) -> np.ndarray:
    """One block of nodes per kind, the blocks side by side in the legend's order."""
    out = np.zeros((problem.n, 2))
    groups: dict[str, list[int]] = {}
    for i in _order_by_kind(problem.kinds):
        groups.setdefault(problem.kinds[i], []).append(i)
    left = 0.0
    for members in groups.values():
        columns = max(1, math.ceil(math.sqrt(len(members))))
        for slot, i in enumerate(members):
            out[i] = (left + (slot % columns) * EDGE * 1.4, (slot // columns) * EDGE * 0.8)
        left += columns * EDGE * 1.4 + EDGE
    return out


def time_positions(problem: LayoutProblem) -> np.ndarray:
    """x by date (the middle of the entry's dates), a row per kind; undated nodes in a column
    to the left of the earliest."""
    days = np.array([_day(d) for d in (problem.dates or [None] * problem.n)], dtype=float)
    dated = ~np.isnan(days)
    out = np.zeros((problem.n, 2))
    if dated.any():
        first, last = days[dated].min(), days[dated].max()
        span = max(last - first, 1.0)
        width = max(EDGE * 8, dated.sum() * EDGE * 0.6)
        out[dated, 0] = (days[dated] - first) / span * width
    out[~dated, 0] = -EDGE * 2.5
    rank = {k: i for i, k in enumerate(KINDS)}
    stacked: dict[tuple, int] = {}
    for i in range(problem.n):
        lane = rank.get(problem.kinds[i], len(KINDS))
        key = (lane, round(out[i, 0] / (EDGE * 1.2)), bool(dated[i]))
        row = stacked.get(key, 0)
        stacked[key] = row + 1
        out[i, 1] = lane * EDGE * 2.0 + row * EDGE * 0.35
    return out


def time_axis(problem: LayoutProblem) -> tuple[float, float, float] | None:
    """``(first_day, last_day, width)`` of the time layout's x axis, or ``None`` undated."""
    days = [d for d in (_day(x) for x in problem.dates or []) if not math.isnan(d)]
    if not days:
        return None
    return min(days), max(days), max(EDGE * 8, len(days) * EDGE * 0.6)


def _day(text: str | None) -> float:
    """A date (``YYYY-MM-DD`` or the start and end joined by ``/``) as a day number."""
    if not text:
        return math.nan
    try:
        parts = [date.fromisoformat(p[:10]).toordinal() for p in text.split("/") if p]
    except ValueError:
        return math.nan
    return sum(parts) / len(parts) if parts else math.nan


class ForceLayout:
    """A force-directed layout run a step at a time (on a worker in the window)."""

    MAX_STEPS = 400
    COOLING = 0.97

    def __init__(self, problem: LayoutProblem, *, only_new: bool = False):
        self.problem = problem
        self.rng = np.random.default_rng(problem.seed)
        new = np.isnan(problem.positions[:, 0])
        self.positions = _first_positions(problem, new, self.rng)
        self.movable = ~problem.pinned & (new if only_new else np.ones(problem.n, bool))
        self.temperature = EDGE * (0.6 if only_new and not new.all() else 3.0)
        self.steps = 0
        self.done = problem.n == 0 or not self.movable.any()

    def step(self) -> float:
        """Move every free node once; returns the largest move. Sets ``done`` when cool."""
        if self.done:
            return 0.0
        disp = _repulsion(self.positions) + _attraction(self.positions, self.problem.edges)
        disp += _gravity(self.positions)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        move = disp * (np.minimum(length, self.temperature) / length)[:, None]
        move[~self.movable] = 0.0
        self.positions += move
        self.temperature *= self.COOLING
        self.steps += 1
        largest = float(np.abs(move).max()) if len(move) else 0.0
        self.done = self.steps >= self.MAX_STEPS or largest < EDGE * 0.01
        return largest


def _first_positions(problem: LayoutProblem, new: np.ndarray, rng) -> np.ndarray:
    """Nodes placed before stay; a new node starts beside a placed neighbour, else in a disc."""
    out = problem.positions.copy()
    spread = EDGE * max(1.0, math.sqrt(problem.n))
    out[new] = rng.uniform(-spread, spread, size=(int(new.sum()), 2))
    placed = ~new
    if placed.any() and new.any():
        for a, b in problem.edges:
            for fresh, old in ((a, b), (b, a)):
                if new[fresh] and placed[old]:
                    out[fresh] = out[old] + rng.uniform(-EDGE, EDGE, 2)
    return out


def _attraction(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    disp = np.zeros_like(pos)
    if len(edges) == 0:
        return disp
    a, b = edges[:, 0], edges[:, 1]
    delta = pos[b] - pos[a]
    dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
    pull = delta * (dist / EDGE)[:, None]
    for axis in (0, 1):
        disp[:, axis] += np.bincount(a, pull[:, axis], minlength=len(pos))
        disp[:, axis] -= np.bincount(b, pull[:, axis], minlength=len(pos))
    return disp


def _repulsion(pos: np.ndarray) -> np.ndarray:
    """K²/d pushes between every two nodes: through a mesh (an FFT convolution of the nodes'
    density) for all of them, and pair by pair for nodes within one mesh cell of each other."""
    if len(pos) <= EXACT_UP_TO:
        return _exact_repulsion(pos)
    # The mesh spans most nodes, not the far few: an outlier would make every cell coarse.
    low, high = np.percentile(pos, (1, 99), axis=0)
    low = low - EDGE
    mesh = _mesh_size(len(pos))
    # Cell sizes in steps of an eighth of an octave, so a kernel's spectrum is reused.
    cell = 2.0 ** (round(math.log2((float((high - low).max()) + EDGE) / mesh) * 8) / 8)
    ix = np.clip(((pos[:, 0] - low[0]) / cell).astype(np.int64), 0, mesh - 1)
    iy = np.clip(((pos[:, 1] - low[1]) / cell).astype(np.int64), 0, mesh - 1)
    disp = _mesh_repulsion(ix, iy, cell, mesh)
    i, j = _near_pairs(ix, iy, mesh)
    if len(i):
        delta = pos[i] - pos[j]
        dist2 = np.maximum((delta ** 2).sum(axis=1), 1.0)
        keep = dist2 < cell * cell
        push = delta[keep] * (PUSH / dist2[keep])[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(i[keep], push[:, axis], minlength=len(pos))
    return disp


MESH = 128  # cells a side, at most
EXACT_UP_TO = 700  # up to this many nodes every pair is counted exactly
SCREEN = EDGE * 6  # pushes fade over this distance, so a chart stays compact


def _exact_repulsion(pos: np.ndarray) -> np.ndarray:
    delta = pos[:, None, :] - pos[None, :, :]
    dist2 = np.maximum((delta ** 2).sum(axis=2), 1.0)
    np.fill_diagonal(dist2, np.inf)
    screen = np.exp(-np.sqrt(dist2) / SCREEN)
    return (delta * (PUSH * screen / dist2)[:, :, None]).sum(axis=1)


def _mesh_size(n: int) -> int:
    """About two cells a side per √n nodes, as a power of two from 16 to ``MESH``."""
    return int(min(MESH, max(16, 2 ** math.ceil(math.log2(max(2.0, 2 * math.sqrt(n)))))))


_KERNELS: dict[tuple[int, float], tuple[np.ndarray, np.ndarray]] = {}


def _kernel_spectra(mesh: int, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """The Fourier transforms of the push along x and along y, for one mesh and cell size."""
    key = (mesh, cell)
    if key not in _KERNELS:
        if len(_KERNELS) > 32:
            _KERNELS.clear()
        offsets = np.arange(2 * mesh, dtype=float)
        offsets[mesh:] -= 2 * mesh
        dx, dy = offsets[:, None] * cell, offsets[None, :] * cell
        r2 = dx * dx + dy * dy
        r2[0, 0] = np.inf
        weight = PUSH * np.exp(-np.sqrt(r2) / SCREEN) / r2
        _KERNELS[key] = (np.fft.rfft2(dx * weight), np.fft.rfft2(dy * weight))
    return _KERNELS[key]


def _mesh_repulsion(ix: np.ndarray, iy: np.ndarray, cell: float, mesh: int) -> np.ndarray:
    density = np.bincount(ix * (2 * mesh) + iy, minlength=4 * mesh * mesh).astype(float)
    spectrum = np.fft.rfft2(density.reshape(2 * mesh, 2 * mesh))
    out = np.empty((len(ix), 2))
    for axis, kernel in enumerate(_kernel_spectra(mesh, cell)):
        field = np.fft.irfft2(spectrum * kernel, s=(2 * mesh, 2 * mesh))
        out[:, axis] = field[ix, iy]
    return out


def _near_pairs(ix: np.ndarray, iy: np.ndarray, mesh: int) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair (i, j), i ≠ j, of nodes in the same or touching cells."""
    width = mesh + 2  # a border of empty cells all round
    key = (ix + 1) * width + (iy + 1)
    order = np.argsort(key, kind="stable")
    counts = np.bincount(key, minlength=width * width)
    starts = np.cumsum(counts) - counts
    pairs_i, pairs_j = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            target = key + dx * width + dy
            count = counts[target]
            total = int(count.sum())
            if total == 0:
                continue
            pairs_i.append(np.repeat(np.arange(len(ix)), count))
            offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
            pairs_j.append(order[np.repeat(starts[target], count) + offset])
    if not pairs_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    i, j = np.concatenate(pairs_i), np.concatenate(pairs_j)
    distinct = i != j
    return i[distinct], j[distinct]


def _gravity(pos: np.ndarray) -> np.ndarray:
    """A pull towards the middle on nodes beyond the radius n nodes need, so that parts
    without links between them stay near, without packing the chart tighter than that."""
    centre = pos.mean(axis=0)
    delta = centre - pos
    dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
    room = EDGE * math.sqrt(len(pos)) * 0.6
    beyond = np.maximum(dist - room, 0.0)
    return delta * (np.minimum(beyond * 0.2, EDGE * 3) / dist)[:, None]
