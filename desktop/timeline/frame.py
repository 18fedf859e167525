"""Where everything goes in one frame: lanes, rows, item marks, labels, count bins, ticks.

A ``Frame`` is computed for a rectangle, a visible range and a set of lanes; painting draws it
and the view uses the same frame to find what is under the mouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from db.timeline import PRECISIONS, TimelineData
from desktop.timeline.labels import (
    LabelLayout,
    labels_across_rows,
    layout_labels,
    needed_rows,
)
from desktop.timeline.lanes import Lane
from desktop.timeline.rows import (
    COUNTS,
    THIN,
    LanePlan,
    allocate,
    fits,
    lane_height,
    low_specs,
    total_height,
)
from desktop.timeline.scale import Ticks, choose_step, make_ticks, tick_days
from desktop.timeline.style import Metrics

DAY = PRECISIONS.index("day")
MAX_ROWS = 24
MARK_GAP = 1.5  # pixels between marks sharing a row (labels keep a wider gap)
ITEMS_PER_PIXEL = 1 / 6  # past one item per 6 pixels of a lane, it shows counts
SPARSE_ROWS = 8  # marks stacked no deeper than this are drawn one by one at any height


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
    row_h: float = 0.0
    pad: float = 0.0  # above the first row
    beside: bool = False  # one-line rows: the mark in the middle, its label (if any) after it
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
    lanes_height: float = 0.0  # all the lanes, taller than ``plot`` when they scroll
    scroll: float = 0.0  # how far the lanes are scrolled up

    @property
    def overflow(self) -> bool:
        """Whether the lanes are taller than the plot (the view scrolls them)."""
        return self.lanes_height > self.plot.height() + 0.5

    def x(self, day: float) -> float:
        return self.plot.left() + (day - self.lo) * self.plot.width() / (self.hi - self.lo)

    def day(self, x: float) -> float:
        return self.lo + (x - self.plot.left()) * (self.hi - self.lo) / self.plot.width()

    def row_top(self, lane: LaneFrame, row: int) -> float:
        return lane.top + lane.pad + row * lane.row_h

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
        right = lane.x1[k]
        if lane.label_w[k]:
            right = max(right, lane.label_x[k] + lane.label_w[k])
        return QRectF(lane.x0[k], top, right - lane.x0[k], lane.row_h - 1)

    def mark_rect(self, lane: LaneFrame, k: int) -> QRectF:
        bar_h = self.metrics.bar_h
        top = self.row_top(lane, lane.rows[k])
        if lane.beside:  # the mark in the middle of its one-line row
            top += round((lane.row_h - 1 - bar_h) / 2)
        return QRectF(lane.x0[k], top, lane.x1[k] - lane.x0[k], bar_h)

    def label_top(self, lane: LaneFrame, k: int) -> float:
        """The top of item ``k``'s label: under its mark, level with it in one-line rows, or
        centred on it in thin rows (within the lane)."""
        em = self.metrics.em
        if lane.row_h < em:
            centred = self.row_top(lane, lane.rows[k]) + (lane.row_h - 1 - em) / 2
            return min(max(centred, lane.top), lane.top + lane.height - em)
        if lane.beside:
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
                 metrics: Metrics, fm: QFontMetricsF, *, scroll: float | None = None) -> Frame:
    """Compute a frame: visible items per lane (by binary search), rows, labels, counts.

    Lanes sparse enough to draw item by item keep their marks and labels: where their rows do
    not fit the height with labels under the marks, the rows become one line high with each
    label after its mark, and lower still the legend gives way. In a dock too low even for
    that, see ``_low_frame``.
    """
    planner = _Planner(data, lanes, fm)
    for m in (metrics, metrics.compact(), metrics.compact(legend=False)):
        frame = _empty_frame(rect, lo, hi, m)
        plans = planner.plans(frame)
        if fits(m, plans, frame.plot.height()):
            return _placed(frame, plans, allocate(m, plans, frame.plot.height()), scroll)
    return _low_frame(rect, lo, hi, metrics, planner, scroll)


class _Planner:
    """The lanes' plans for the looks a frame tries, each worked out once: looks with the same
    rows (and rows a lane may stack) share their plans, and each title is measured once."""

    def __init__(self, data: TimelineData, lanes: list[Lane], fm: QFontMetricsF):
        self.data, self.lanes, self.fm = data, lanes, fm
        self._plans: dict[tuple, list[LanePlan]] = {}
        self._widths: dict[int, float] = {}

    def plans(self, frame: Frame, max_rows: int | None = None) -> list[LanePlan]:
        """Each lane's plan in ``frame``: marks stacked deeper than ``max_rows`` (by default
        the rows the plot holds, never fewer than ``SPARSE_ROWS``) make a lane counts."""
        m = frame.metrics
        fitting = int((frame.plot.height() - 2 * m.lane_pad) // m.row_h)
        cap = max_rows or max(min(MAX_ROWS, fitting), SPARSE_ROWS)
        key = (m.row_h, m.labels_beside, cap)
        if key not in self._plans:
            self._plans[key] = [_plan(frame, self.data, lane, cap, self.label_widths)
                                for lane in self.lanes]
        return self._plans[key]

    def label_widths(self, items: list[int]) -> list[float]:
        widths, titles, fm = self._widths, self.data.titles, self.fm
        for i in items:
            if i not in widths:
                widths[i] = fm.horizontalAdvance(titles[i]) + 2
        return [widths[i] for i in items]


def _low_frame(rect: QRectF, lo: float, hi: float, metrics: Metrics, planner: _Planner,
               scroll: float | None) -> Frame:
    """A dock too low for every lane's rows: a lane shows counts only when its items are dense
    (marks stacked deeper than ``SPARSE_ROWS``, whatever the height). Lanes of several rows
    draw their marks in thin rows (labelled where a line of text touches nothing), the others
    keep one-line rows; the legend stays where it costs no lane its one-line rows. Lower still
    a frame that can scroll (the view's, ``scroll`` pixels down) keeps the lanes taller than
    the plot; a picture, which cannot, shows counts sharing its height."""
    frame = _empty_frame(rect, lo, hi, metrics.compact(legend=False).low())
    plans = planner.plans(frame, SPARSE_ROWS)
    m, available = frame.metrics, frame.plot.height()
    specs = low_specs(m, plans, available)
    legend = _empty_frame(rect, lo, hi, metrics.compact().low())
    with_legend = low_specs(m, plans, legend.plot.height())
    if (total_height(m, with_legend) <= legend.plot.height()
            and [style for _, style in with_legend] == [style for _, style in specs]):
        return _placed(legend, plans, with_legend, scroll)
    if total_height(m, specs) > available and (
            scroll is None or all(style == COUNTS for _, style in specs)):
        specs, scroll = [(0, COUNTS)] * len(plans), None
    return _placed(frame, plans, specs, scroll)


def _empty_frame(rect: QRectF, lo: float, hi: float, m: Metrics) -> Frame:
    """The frame's areas (legend, eras, plot, axis) and ticks for these metrics, no lanes yet."""
    legend = QRectF(rect.left(), rect.top(), rect.width(), m.legend_h)
    eras = QRectF(rect.left() + m.gutter, legend.bottom(), rect.width() - m.gutter, m.era_h)
    axis = QRectF(eras.left(), rect.bottom() - m.axis_h, eras.width(), m.axis_h)
    plot = QRectF(eras.left(), eras.bottom(), eras.width(), max(axis.top() - eras.bottom(), 1))
    ticks = make_ticks(lo, hi, plot.width(), min_px=m.em * 4)
    return Frame(rect, lo, hi, m, legend, eras, plot, axis, ticks, [])


def _placed(frame: Frame, plans: list[LanePlan], specs: list[tuple[int, str]],
            scroll: float | None) -> Frame:
    """The frame with its lanes stacked down the plot: the height left over is shared; lanes
    taller than the plot start ``scroll`` pixels above it, or in a picture (no ``scroll``)
    are squeezed into it."""
    m, available = frame.metrics, frame.plot.height()
    used = total_height(m, specs)
    squeeze = available / used if scroll is None and used > available else 1.0
    extra = max(available - used, 0) / max(len(plans), 1)
    frame.lanes_height = max(used * squeeze, available)
    frame.scroll = min(max(scroll or 0.0, 0.0), frame.lanes_height - available)
    top = frame.plot.top() - frame.scroll
    for plan, (rows, style) in zip(plans, specs, strict=True):
        lane = _final(frame, plan, rows, style)
        lane.top, lane.height = top, lane_height(m, rows, style) * squeeze + extra
        if lane.mode == "counts":
            _count(frame, lane)
        elif style == THIN:
            _label_thin_rows(frame, lane, plan)
        frame.lanes.append(lane)
        top += lane.height
    return frame


def _plan(frame: Frame, data: TimelineData, lane: Lane, cap: int,
          label_widths: Callable[[list[int]], list[float]]) -> LanePlan:
    """Where the lane's visible items go, unless they are dense: more than one per few pixels,
    or marks stacked deeper than ``cap`` rows."""
    visible = lane.visible(data, frame.lo, frame.hi)
    counts = LanePlan(lane, visible)
    if len(visible) > max(frame.plot.width() * ITEMS_PER_PIXEL, 1):
        return counts
    m, left = frame.metrics, frame.plot.left()
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
    plan = LanePlan(lane, visible, x0.tolist(), x1.tolist(), label_x.tolist())
    marks = layout_labels(plan.x0, plan.x1, plan.x0, [0.0] * len(visible), max_rows=cap,
                          gap=MARK_GAP, mark_gap=MARK_GAP)
    if marks.overflow:
        return counts
    plan.label_w = label_widths(visible.tolist())
    full = _layout(frame, plan, cap)
    plan.min_rows, plan.mark_rows = max(needed_rows(marks), 1), marks.rows
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


def _layout(frame: Frame, plan: LanePlan, max_rows: int) -> LabelLayout:
    return layout_labels(plan.x0, plan.x1, plan.label_x, plan.label_w, max_rows=max_rows,
                         right=frame.plot.right() - 2, gap=frame.metrics.gap,
                         mark_gap=MARK_GAP, min_label=frame.metrics.em * 3)


def _final(frame: Frame, plan: LanePlan, rows: int, style: str) -> LaneFrame:
    """The lane as drawn: its items on ``rows`` rows of ``style``, or its counts."""
    m = frame.metrics
    lane = LaneFrame(plan.lane, 0.0, 0.0, row_h=m.row_h, pad=m.lane_pad,
                     beside=m.labels_beside)
    if not rows or style == COUNTS:
        lane.mode = "counts"
        return lane
    if style == THIN:  # marks alone, each centred in its row
        lane.row_h, lane.beside = m.mark_row_h, True
        lane.rows, lane.label_w = plan.mark_rows, [0.0] * len(plan.items)
    else:
        layout = _layout(frame, plan, rows)
        if layout.overflow:  # greedy packing is not quite monotonic: never draw a crowded lane
            lane.mode = "counts"
            return lane
        lane.rows, lane.label_w = layout.rows, layout.widths
    lane.items, lane.x0, lane.x1, lane.label_x = plan.items, plan.x0, plan.x1, plan.label_x
    return lane


def _label_thin_rows(frame: Frame, lane: LaneFrame, plan: LanePlan) -> None:
    """Labels after the marks of thin rows, wherever the line of text touches nothing."""
    marks = [frame.mark_rect(lane, k) for k in range(len(lane.items))]
    lane.label_w = labels_across_rows(
        ([r.left() for r in marks], [r.right() for r in marks], [r.top() for r in marks],
         [r.bottom() for r in marks]), lane.label_x,
        [frame.label_top(lane, k) for k in range(len(lane.items))], plan.label_w,
        height=frame.metrics.em, right=frame.plot.right() - 2, gap=frame.metrics.gap,
        min_label=frame.metrics.em * 3)


def _count(frame: Frame, lane: LaneFrame) -> None:
    """Histogram bins on calendar boundaries, a couple of ems wide or more."""
    unit, step = choose_step(frame.lo, frame.hi, frame.plot.width(), min_px=frame.metrics.em * 3)
    lane.bin_edges = tick_days(unit, step, frame.lo, frame.hi)
    lane.counts = lane.lane.count_between(lane.bin_edges)
