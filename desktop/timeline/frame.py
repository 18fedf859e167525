"""Where everything goes in one frame: lanes, rows, item marks, labels, count bins, ticks.

A ``Frame`` is computed for a rectangle, a visible range and a set of lanes; painting draws it
and the view uses the same frame to find what is under the mouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from db.timeline import PRECISIONS, TimelineData
from desktop.timeline.labels import LabelLayout, layout_labels, needed_rows
from desktop.timeline.lanes import Lane
from desktop.timeline.scale import Ticks, choose_step, make_ticks, tick_days
from desktop.timeline.style import Metrics

DAY = PRECISIONS.index("day")
MAX_ROWS = 24
MARK_GAP = 1.5  # pixels between marks sharing a row (labels keep a wider gap)
ITEMS_PER_PIXEL = 1 / 6  # past one item per 6 pixels of a lane, it shows counts


@dataclass(eq=False)
class LaneFrame:
    """One lane in a frame: ``mode`` is "items" (marks and labels) or "counts" (a histogram)."""

    lane: Lane
    top: float
    height: float
    mode: str = "items"
    items: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    x0: list[float] = field(default_factory=list)
    x1: list[float] = field(default_factory=list)
    label_x: list[float] = field(default_factory=list)
    label_w: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    bin_edges: np.ndarray = field(default_factory=lambda: np.zeros(0))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass(eq=False)
class Frame:
    rect: QRectF
    lo: float
    hi: float
    metrics: Metrics
    legend: QRectF
    eras: QRectF
    plot: QRectF
    axis: QRectF
    ticks: Ticks
    lanes: list[LaneFrame]

    def x(self, day: float) -> float:
        return self.plot.left() + (day - self.lo) * self.plot.width() / (self.hi - self.lo)

    def day(self, x: float) -> float:
        return self.lo + (x - self.plot.left()) * (self.hi - self.lo) / self.plot.width()

    def row_top(self, lane: LaneFrame, row: int) -> float:
        return lane.top + self.metrics.lane_pad + row * self.metrics.row_h

    def item_rects(self, index: int) -> list[QRectF]:
        """Where item ``index`` is drawn (mark and label), once per lane showing it."""
        rects = []
        for lane in self.lanes:
            if lane.mode != "items":
                continue
            for k in np.flatnonzero(lane.items == index):
                rects.append(self._rect(lane, int(k)))
        return rects

    def _rect(self, lane: LaneFrame, k: int) -> QRectF:
        top = self.row_top(lane, lane.rows[k])
        right = max(lane.x1[k], lane.label_x[k] + lane.label_w[k])
        return QRectF(lane.x0[k], top, right - lane.x0[k], self.metrics.row_h - 1)

    def mark_rect(self, lane: LaneFrame, k: int) -> QRectF:
        m = self.metrics
        top = self.row_top(lane, lane.rows[k])
        if m.labels_beside:  # the mark in the middle of its one-line row
            top += round((m.row_h - 1 - m.bar_h) / 2)
        return QRectF(lane.x0[k], top, lane.x1[k] - lane.x0[k], m.bar_h)

    def label_top(self, lane: LaneFrame, k: int) -> float:
        """The top of item ``k``'s label: under its mark, or level with it in compact rows."""
        if self.metrics.labels_beside:
            return self.row_top(lane, lane.rows[k]) + 1
        return self.mark_rect(lane, k).bottom() + 1

    def item_at(self, pos: QPointF) -> int | None:
        """The item whose mark or label is under ``pos``."""
        lane = self.lane_at(pos)
        if lane is None or lane.mode != "items":
            return None
        for k in range(len(lane.items)):
            if lane.rows[k] >= 0 and self._rect(lane, k).adjusted(-2, 0, 2, 0).contains(pos):
                return int(lane.items[k])
        return None

    def bin_at(self, pos: QPointF) -> tuple[float, float] | None:
        """The days of the count bin under ``pos``, in a lane showing counts."""
        lane = self.lane_at(pos)
        if lane is None or lane.mode != "counts":
            return None
        day = self.day(pos.x())
        k = int(np.searchsorted(lane.bin_edges, day, "right")) - 1
        if 0 <= k < len(lane.counts) and lane.counts[k]:
            return float(lane.bin_edges[k]), float(lane.bin_edges[k + 1])
        return None

    def lane_at(self, pos: QPointF) -> LaneFrame | None:
        if not self.plot.contains(pos):
            return None
        for lane in self.lanes:
            if lane.top <= pos.y() < lane.top + lane.height:
                return lane
        return None


def layout_frame(rect: QRectF, data: TimelineData, lanes: list[Lane], lo: float, hi: float,
                 metrics: Metrics, fm: QFontMetricsF) -> Frame:
    """Compute a frame: visible items per lane (by binary search), rows, labels, counts.

    Lanes sparse enough to draw item by item keep their marks and labels: where their rows do
    not fit the height with labels under the marks, the rows become one line high with each
    label after its mark, and lower still the legend gives way; only lanes too dense for that,
    or a dock too low even so, show counts.
    """
    frame = plans = None
    for m in (metrics, metrics.compact(), metrics.compact(legend=False)):
        frame = _empty_frame(rect, lo, hi, m)
        plans = [_plan(frame, data, lane, fm) for lane in lanes]
        if _fits(m, plans, frame.plot.height()):
            break
    else:  # nothing fits: the first look, with the busiest lanes as counts
        frame = _empty_frame(rect, lo, hi, metrics)
        plans = [_plan(frame, data, lane, fm) for lane in lanes]
    frame.lanes = _place_lanes(frame, plans)
    return frame


def _empty_frame(rect: QRectF, lo: float, hi: float, m: Metrics) -> Frame:
    """The frame's areas (legend, eras, plot, axis) and ticks for these metrics, no lanes yet."""
    legend = QRectF(rect.left(), rect.top(), rect.width(), m.legend_h)
    eras = QRectF(rect.left() + m.gutter, legend.bottom(), rect.width() - m.gutter, m.era_h)
    axis = QRectF(eras.left(), rect.bottom() - m.axis_h, eras.width(), m.axis_h)
    plot = QRectF(eras.left(), eras.bottom(), eras.width(), max(axis.top() - eras.bottom(), 1))
    ticks = make_ticks(lo, hi, plot.width(), min_px=m.em * 4)
    return Frame(rect, lo, hi, m, legend, eras, plot, axis, ticks, [])


def _fits(m: Metrics, plans: list[_Plan], available: float) -> bool:
    """Whether every lane's marks fit on the rows they need (dense lanes as counts)."""
    return sum(_height(m, plan, plan.min_rows) for plan in plans) <= available


def _place_lanes(frame: Frame, plans: list[_Plan]) -> list[LaneFrame]:
    m = frame.metrics
    rows = _allocate(m, plans, frame.plot.height())
    used = sum(_height(m, plan, r) for plan, r in zip(plans, rows, strict=True))
    if used > frame.plot.height():  # even so they do not fit (five kinds in a low dock):
        rows = [0] * len(rows)  # all show counts, which can be drawn lower, and share the height
        used = sum(_height(m, plan, 0) for plan in plans)
    extra = max(frame.plot.height() - used, 0) / max(len(plans), 1)
    squeeze = min(frame.plot.height() / used, 1.0) if used else 1.0
    top, placed = frame.plot.top(), []
    for plan, row_count in zip(plans, rows, strict=True):
        lane = _final(frame, plan, row_count)
        lane.top, lane.height = top, _height(m, plan, row_count) * squeeze + extra
        if lane.mode == "counts":
            _count(frame, lane)
        placed.append(lane)
        top += lane.height
    return placed


@dataclass(eq=False)
class _Plan:
    """A lane's visible items with their pixel extents, and the rows they would need: with
    every label (``full_rows``) and with marks alone (``min_rows``); 0 rows = show counts."""

    lane: Lane
    items: np.ndarray
    x0: list[float]
    x1: list[float]
    label_x: list[float]
    label_w: list[float]
    full_rows: int
    min_rows: int


def _plan(frame: Frame, data: TimelineData, lane: Lane, fm: QFontMetricsF) -> _Plan:
    visible = lane.visible(data, frame.lo, frame.hi)
    counts = _Plan(lane, visible, [], [], [], [], 0, 0)
    if len(visible) > max(frame.plot.width() * ITEMS_PER_PIXEL, 1):
        return counts
    m, left = frame.metrics, frame.plot.left()
    cap = max(min(MAX_ROWS, int((frame.plot.height() - 2 * m.lane_pad) // m.row_h)), 1)
    scale = frame.plot.width() / (frame.hi - frame.lo)
    starts = left + (data.start[visible] - frame.lo) * scale
    ends = left + (data.end[visible] - frame.lo) * scale
    exact_day = data.precision[visible] == DAY
    half = m.bar_h * 0.75
    middle = (starts + ends) / 2
    x0 = np.where(exact_day, middle - half, starts)
    x1 = np.where(exact_day, middle + half, np.maximum(ends, starts + 3))
    if _deepest_overlap(x0, x1 + MARK_GAP) > cap:
        return counts  # more marks on top of each other than rows could ever hold
    label_x = x1 + m.gap if m.labels_beside else np.maximum(x0, left + 2)
    plan = _Plan(lane, visible, x0.tolist(), x1.tolist(), label_x.tolist(), [], 0, 0)
    marks = layout_labels(plan.x0, plan.x1, plan.x0, [0.0] * len(visible), max_rows=cap,
                          gap=MARK_GAP, mark_gap=MARK_GAP)
    if marks.overflow:
        return counts
    plan.label_w = [fm.horizontalAdvance(data.titles[i]) + 2 for i in visible.tolist()]
    full = _layout(frame, plan, cap)
    plan.min_rows = max(needed_rows(marks), 1)
    plan.full_rows = cap if full.overflow else max(needed_rows(full), plan.min_rows)
    return plan


def _deepest_overlap(x0: np.ndarray, x1: np.ndarray) -> int:
    """The most intervals covering any one point (a lower bound on the rows they need)."""
    if not len(x0):
        return 0
    edges = np.concatenate([x0, x1])
    steps = np.concatenate([np.ones(len(x0), np.int64), -np.ones(len(x1), np.int64)])
    order = np.lexsort((steps, edges))  # at a tie an interval ends before the next begins
    return int(np.cumsum(steps[order]).max())


def _layout(frame: Frame, plan: _Plan, max_rows: int) -> LabelLayout:
    return layout_labels(plan.x0, plan.x1, plan.label_x, plan.label_w, max_rows=max_rows,
                         right=frame.plot.right() - 2, gap=frame.metrics.gap,
                         mark_gap=MARK_GAP, min_label=frame.metrics.em * 3)


def _allocate(m: Metrics, plans: list[_Plan], available: float) -> list[int]:
    """Rows per lane (0 = counts): first the rows each lane's marks need, turning the busiest
    lanes into counts while even that does not fit, then rows for labels, by need."""
    rows = [plan.min_rows for plan in plans]

    def total() -> float:
        return sum(_height(m, plan, r) for plan, r in zip(plans, rows, strict=True))

    while total() > available and any(r * m.row_h > m.counts_h for r in rows):
        busiest = max(range(len(rows)), key=lambda i: (rows[i], len(plans[i].items)))
        rows[busiest] = 0
    spare = int(max(available - total(), 0) // m.row_h)
    while spare > 0:
        wanting = [i for i, r in enumerate(rows) if r and r < plans[i].full_rows]
        if not wanting:
            break
        for i in wanting[:spare]:
            rows[i] += 1
        spare -= len(wanting[:spare])
    return rows


def _height(m: Metrics, plan: _Plan, rows: int) -> float:
    return rows * m.row_h + 2 * m.lane_pad if rows else m.counts_h


def _final(frame: Frame, plan: _Plan, rows: int) -> LaneFrame:
    lane = LaneFrame(plan.lane, 0.0, 0.0)
    if not rows:
        lane.mode = "counts"
        return lane
    layout = _layout(frame, plan, rows)
    if layout.overflow:  # greedy packing is not quite monotonic: never draw a crowded lane
        lane.mode = "counts"
        return lane
    lane.items, lane.rows, lane.label_w = plan.items, layout.rows, layout.widths
    lane.x0, lane.x1, lane.label_x = plan.x0, plan.x1, plan.label_x
    return lane


def _count(frame: Frame, lane: LaneFrame) -> None:
    """Histogram bins on calendar boundaries, a couple of ems wide or more."""
    unit, step = choose_step(frame.lo, frame.hi, frame.plot.width(), min_px=frame.metrics.em * 3)
    lane.bin_edges = tick_days(unit, step, frame.lo, frame.hi)
    lane.counts = lane.lane.count_between(lane.bin_edges)
