"""Lanes of the timeline: by kind, by linked actor, or one lane; and what of each is visible."""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np

from db.timeline import KINDS, TimelineData

LANE_MODES = ("kind", "actor", "single")
KIND_ORDER = ("event", "deal", "figure", "actor", "place")
KIND_LANE_TITLES = {"event": "Events", "deal": "Deals", "figure": "Figures", "actor": "Actors",
                    "place": "Places"}
NO_ACTOR = "No linked actor"


@dataclass(frozen=True, eq=False)
class Lane:
    """A lane's items (indices into the timeline arrays, in time order) and, for fast visible
    queries, their starts and the running maximum of their ends."""

    title: str
    items: np.ndarray
    starts: np.ndarray
    reach: np.ndarray
    sorted_ends: np.ndarray
    kind: str | None = None  # the kind every item of the lane has, if they share one

    @classmethod
    def of(cls, title: str, items: np.ndarray, data: TimelineData, *,
           kind: str | None = None) -> Lane:
        items = np.asarray(items, np.int64)
        ends = data.end[items]
        reach = np.maximum.accumulate(ends) if len(ends) else ends
        # Ends are nearly in order already (items are in start order): a merge sort is quicker.
        return cls(title, items, data.start[items], reach, np.sort(ends, kind="stable"), kind)

    def visible(self, data: TimelineData, lo: float, hi: float) -> np.ndarray:
        """Indices of this lane's items overlapping ``lo``..``hi``, in time order."""
        first = int(np.searchsorted(self.reach, lo, "right"))
        last = int(np.searchsorted(self.starts, hi, "left"))
        if last <= first:
            return self.items[:0]
        items = self.items[first:last]
        return items[data.end[items] > lo]

    def count_between(self, edges) -> np.ndarray:
        """How many items overlap each interval between consecutive ``edges`` (a year-long
        span counts in every month it covers)."""
        edges = np.asarray(edges, np.float64)
        started = np.searchsorted(self.starts, edges[1:], "left")
        ended = np.searchsorted(self.sorted_ends, edges[:-1], "right")
        return started - ended


def build_lanes(data: TimelineData, mode: str, *, max_lanes: int = 1_000) -> list[Lane]:
    """The lanes for a mode; past ``max_lanes`` the quieter actors share an "Other actors" lane.

    The lanes of each mode are kept while ``data`` lives, so a worker can build them before
    the UI thread first paints a million items (tens of milliseconds of sorting).
    """
    if mode not in LANE_MODES:
        raise ValueError(f"unknown lane mode {mode!r}: use one of {', '.join(LANE_MODES)}")
    limit = max(max_lanes, 1) if mode == "actor" else None
    built = _BUILT.setdefault(data, {})
    if mode not in built or built[mode][0] != limit:
        built[mode] = (limit, _lanes(data, mode, limit))
    return built[mode][1]


_BUILT: WeakKeyDictionary[TimelineData, dict[str, tuple[int | None, list[Lane]]]] = (
    WeakKeyDictionary())


def _lanes(data: TimelineData, mode: str, max_lanes: int | None) -> list[Lane]:
    if len(data) == 0:
        return []
    if mode == "single":
        return [Lane.of("All dated", np.arange(len(data)), data)]
    if mode == "kind":
        return _kind_lanes(data)
    return _actor_lanes(data, max_lanes)


def _kind_lanes(data: TimelineData) -> list[Lane]:
    lanes = []
    for kind in KIND_ORDER:
        items = np.flatnonzero(data.kind == KINDS.index(kind))
        if len(items):
            lanes.append(Lane.of(KIND_LANE_TITLES[kind], items, data, kind=kind))
    return lanes


def _actor_lanes(data: TimelineData, max_lanes: int) -> list[Lane]:
    # link_actors is sorted (busiest actor first) and items ascend within each actor, so the
    # quieter actors' items are one tail of link_items: a million links need no loop. Sets of
    # items are counted with bincount (numpy's unique and setdiff1d take a second there).
    actors = len(data.actor_titles)
    alone = np.flatnonzero(np.bincount(data.link_items, minlength=len(data)) == 0)
    spare = max_lanes - (1 if len(alone) else 0)
    shown = actors if actors <= spare else max(spare - 1, 0)
    bounds = np.searchsorted(data.link_actors, np.arange(shown + 1))
    lanes = [Lane.of(data.actor_titles[a], data.link_items[bounds[a]:bounds[a + 1]], data)
             for a in range(shown)]
    if shown < actors:
        rest = np.flatnonzero(np.bincount(data.link_items[bounds[shown]:], minlength=len(data)))
        lanes.append(Lane.of(f"Other actors ({actors - shown})", rest, data))
    if len(alone):
        lanes.append(Lane.of(NO_ACTOR, alone, data))
    return lanes
