"""Drawing a timeline with a ``QPainter`` — on the widget, into an image or SVG, or on a page.

``paint_timeline`` depends on no widget: give it a painter, a rectangle and the arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
)

from db.timeline import KINDS, UNCERTAIN_PRECISIONS, TimelineData
from desktop.timeline.frame import DAY, Frame, LaneFrame, layout_frame
from desktop.timeline.lanes import Lane, build_lanes
from desktop.timeline.legend import draw_eras, draw_legend, shade_eras
from desktop.timeline.scale import fit_range, range_fragment
from desktop.timeline.style import (
    DEFAULT_ERAS,
    SELECTION_COLOR,
    Colors,
    EraBand,
    Metrics,
    kind_color,
)

NEUTRAL_KIND = "neutral"


def paint_timeline(painter: QPainter, rect: QRectF, data: TimelineData, *,
                   lane_mode: str = "kind", visible_range: tuple[float, float] | None = None,
                   lanes: list[Lane] | None = None, eras: Sequence[EraBand] = DEFAULT_ERAS,
                   today: date | None = None, current: int | None = None,
                   palette: QPalette | None = None) -> Frame:
    """Draw ``data`` into ``rect``: legend, era bands, lanes, the time axis and a today line.

    ``visible_range`` is (first, last) in days since 1970 (all items when ``None``);
    ``current`` is the index of an item to highlight. Without a ``palette`` it draws in print
    colours (black on white). Returns the frame's geometry (what was drawn where).
    """
    painter.save()
    try:
        frame = frame_for(painter.font(), painter.device(), rect, data, lane_mode=lane_mode,
                          visible_range=visible_range, lanes=lanes)
        draw_frame(painter, frame, data, lane_mode=lane_mode, eras=eras, today=today,
                   current=current, palette=palette)
    finally:
        painter.restore()
    return frame


def frame_for(font: QFont, device: QPaintDevice | None, rect: QRectF, data: TimelineData, *,
              lane_mode: str = "kind", visible_range: tuple[float, float] | None = None,
              lanes: list[Lane] | None = None, scroll: float | None = None) -> Frame:
    """The geometry ``paint_timeline`` would draw with this font on this device; ``scroll``
    (pixels) for a view whose lanes may scroll rather than turn into counts."""
    metrics = Metrics.of(font, device)
    fm = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    if lanes is None:
        lanes = build_lanes(data, lane_mode, max_lanes=max_lanes(rect.height(), metrics,
                                                                  lane_mode))
    lo, hi = visible_range or fit_range(data.start, data.end)
    return layout_frame(rect, data, lanes, lo, hi, metrics, fm, scroll=scroll)


def draw_frame(painter: QPainter, frame: Frame, data: TimelineData, *, lane_mode: str = "kind",
               eras: Sequence[EraBand] = DEFAULT_ERAS, today: date | None = None,
               current: int | None = None, palette: QPalette | None = None) -> None:
    """Draw a frame computed by ``frame_for`` (with the painter's font and device)."""
    fm = QFontMetricsF(painter.font(), painter.device())
    colors = Colors.of(palette)
    painter.save()
    painter.fillRect(frame.rect, colors.base)
    # Bars, lines and text sit on whole pixels; only the diamonds ask for antialiasing.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    _draw_lanes(painter, frame, data, colors, fm, current, eras, today or date.today())
    draw_eras(painter, frame, eras, today or date.today(), colors, fm)
    _draw_axis(painter, frame, colors, fm)
    draw_legend(painter, frame, colors, fm, kinds=lane_mode != "kind")
    if not len(data):
        _draw_message(painter, frame, colors, "No dated entries in these results")
    painter.restore()


def max_lanes(height: float, metrics: Metrics, lane_mode: str = "kind") -> int:
    """How many lanes fit in a drawing ``height`` pixels high: actor lanes get room for two
    rows each (an actor's items overlap more often than a kind's)."""
    free = height - metrics.legend_h - metrics.era_h - metrics.axis_h
    rows = 2 if lane_mode == "actor" else 1
    return max(int(free // (rows * metrics.row_h + 2 * metrics.lane_pad)), 1)


# -- lanes ------------------------------------------------------------------------------------

def _draw_lanes(painter: QPainter, frame: Frame, data: TimelineData, colors: Colors,
                fm: QFontMetricsF, current: int | None, eras: Sequence[EraBand],
                today: date) -> None:
    lanes_area = QRectF(frame.rect.left(), frame.plot.top(), frame.rect.width(),
                        frame.plot.height())  # nothing of a lane below it, over the axis
    painter.save()
    painter.setClipRect(lanes_area)
    for n, lane in enumerate(frame.lanes):
        if n % 2:
            painter.fillRect(QRectF(frame.rect.left(), lane.top, frame.rect.width(),
                                    lane.height), colors.lane_alt)
    painter.restore()
    shade_eras(painter, frame, eras, today)
    _draw_grid(painter, frame, colors)
    painter.save()
    painter.setClipRect(lanes_area)
    for lane in frame.lanes:
        _draw_lane_title(painter, frame, lane, colors, fm)
        painter.save()
        painter.setClipRect(QRectF(frame.plot.left(), lane.top, frame.plot.width(), lane.height),
                            Qt.ClipOperation.IntersectClip)
        if lane.mode == "counts":
            _draw_counts(painter, frame, lane, colors, fm)
        else:
            _draw_items(painter, frame, lane, data, colors, fm, current)
        painter.restore()
    painter.restore()


def _draw_lane_title(painter: QPainter, frame: Frame, lane: LaneFrame, colors: Colors,
                     fm: QFontMetricsF) -> None:
    m = frame.metrics
    width = m.gutter - m.em * 0.6
    x, y = frame.rect.left() + m.em * 0.3, lane.top + m.lane_pad + m.ascent
    painter.setPen(colors.text)
    painter.drawText(QPointF(x, y), fm.elidedText(lane.lane.title, Qt.TextElideMode.ElideRight,
                                                    width))
    if lane.height >= m.em * 2.2:
        total = len(lane.lane.items)
        note = f"{total:,} entr{'y' if total == 1 else 'ies'}"
        painter.setPen(colors.faint)
        painter.drawText(QPointF(x, y + m.em), fm.elidedText(note, Qt.TextElideMode.ElideRight,
                                                              width))


def _draw_grid(painter: QPainter, frame: Frame, colors: Colors) -> None:
    """Lane separators and a line at each tick, in one call (each call costs more than a
    line does)."""
    top, bottom, left, right = (frame.plot.top(), frame.plot.bottom(), frame.rect.left(),
                                frame.rect.right())
    xs = [frame.x(day) for day in frame.ticks.days.tolist()]
    lines = [QLineF(x, top, x, bottom) for x in xs if frame.plot.left() <= x <= frame.plot.right()]
    lines += [QLineF(left, lane.top + lane.height, right, lane.top + lane.height)
              for lane in frame.lanes if top <= lane.top + lane.height <= bottom]
    painter.setPen(QPen(colors.grid, 0))
    painter.drawLines(lines)


class _Marks:
    """Pens and brushes for item marks, made once per frame."""

    def __init__(self, colors: Colors):
        self.colors = colors
        self._cache: dict[tuple, tuple[QPen, QBrush]] = {}

    def style(self, kind: str, uncertain: bool, analyst: bool) -> tuple[QPen, QBrush]:
        key = (kind, uncertain, analyst)
        if key not in self._cache:
            pen = QPen(kind_color(kind, 0.9 if analyst else 0.75), 1.3 if analyst else 1.0)
            if analyst:
                pen.setStyle(Qt.PenStyle.DashLine)
            if uncertain:
                brush = QBrush(kind_color(kind, 0.28))
            elif analyst:
                brush = QBrush(kind_color(kind, 0.85), Qt.BrushStyle.BDiagPattern)
            else:
                brush = QBrush(kind_color(kind))
            self._cache[key] = (pen, brush)
        return self._cache[key]


def _draw_items(painter: QPainter, frame: Frame, lane: LaneFrame, data: TimelineData,
                colors: Colors, fm: QFontMetricsF, current: int | None) -> None:
    marks, m = _Marks(colors), frame.metrics
    later = None
    for k, index in enumerate(lane.items.tolist()):
        if index == current:
            later = k
            continue
        _draw_item(painter, frame, lane, k, data, marks, fm, colors.text)
    if later is not None:
        rect = frame.mark_rect(lane, later)
        label = QRectF(lane.label_x[later] - 2, frame.label_top(lane, later),
                       lane.label_w[later] + 4, m.em + 1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.highlight)
        if lane.label_w[later]:
            painter.drawRoundedRect(label, 3, 3)
        painter.setPen(QPen(colors.highlight, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 3, 3)
        _draw_item(painter, frame, lane, later, data, marks, fm, colors.highlighted_text)


def _draw_item(painter: QPainter, frame: Frame, lane: LaneFrame, k: int, data: TimelineData,
               marks: _Marks, fm: QFontMetricsF, text: QColor) -> None:
    index = int(lane.items[k])
    rect = frame.mark_rect(lane, k)
    kind = KINDS[data.kind[index]]
    precision = int(data.precision[index])
    pen, brush = marks.style(kind, precision in UNCERTAIN_PRECISIONS, bool(data.analyst[index]))
    painter.setPen(pen)
    painter.setBrush(brush)
    if precision == DAY:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.drawPolygon(_diamond(rect))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    else:
        painter.drawRect(rect)
    width = lane.label_w[k]
    if width:
        title = data.titles[index]
        if width < fm.horizontalAdvance(title):
            title = fm.elidedText(title, Qt.TextElideMode.ElideRight, width)
        painter.setPen(text)
        painter.drawText(QPointF(lane.label_x[k], frame.label_top(lane, k) + fm.ascent()),
                         title)


def _diamond(rect: QRectF) -> QPolygonF:
    c, h = rect.center(), rect.height() / 2 + 1
    return QPolygonF([QPointF(c.x(), c.y() - h), QPointF(c.x() + h, c.y()),
                      QPointF(c.x(), c.y() + h), QPointF(c.x() - h, c.y())])


def _draw_counts(painter: QPainter, frame: Frame, lane: LaneFrame, colors: Colors,
                 fm: QFontMetricsF) -> None:
    """A histogram band: bars as tall as their share of the busiest bin, with the count."""
    m = frame.metrics
    if not len(lane.counts) or lane.counts.max() == 0:
        return
    color = kind_color(lane.lane.kind or NEUTRAL_KIND, 0.45)
    bottom = lane.top + lane.height - m.lane_pad
    room = max(lane.height - 2 * m.lane_pad - m.em, 2)
    peak = float(lane.counts.max())
    xs = [frame.x(d) for d in lane.bin_edges.tolist()]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    for k, count in enumerate(lane.counts.tolist()):
        if count:
            height = max(room * count / peak, 2)
            painter.drawRect(QRectF(xs[k] + 1, bottom - height, xs[k + 1] - xs[k] - 2, height))
    painter.setPen(colors.text)
    for k, count in enumerate(lane.counts.tolist()):
        text = compact_count(count) if count else ""
        if text and fm.horizontalAdvance(text) + 4 <= xs[k + 1] - xs[k]:
            height = max(room * count / peak, 2)
            box = QRectF(xs[k], bottom - height - m.em, xs[k + 1] - xs[k], m.em)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def compact_count(n: int) -> str:
    """1, 999, 1.2k, 12k, 1.2M: short enough to sit on a narrow bar."""
    if n < 1000:
        return str(n)
    if n < 10_000:
        return f"{n / 1000:.1f}k".replace(".0k", "k")
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1e6:.1f}M".replace(".0M", "M")


# -- axis -------------------------------------------------------------------------------------

def _draw_axis(painter: QPainter, frame: Frame, colors: Colors, fm: QFontMetricsF) -> None:
    m, axis, ticks = frame.metrics, frame.axis, frame.ticks
    painter.save()
    painter.setClipRect(axis.adjusted(-1, 0, 1, 0))
    tick = m.em * 0.35
    shown = [(frame.x(day), label) for day, label in zip(ticks.days.tolist(), ticks.labels,
                                                          strict=True)]
    # A label cut by either edge reads as another word ("ov" for "Nov"): leave it out.
    shown = [(x, label) for x, label in shown
             if x >= axis.left() and x + 3 + fm.horizontalAdvance(label) <= axis.right()]
    painter.setPen(QPen(colors.faint, 0))
    painter.drawLines([QLineF(axis.topLeft(), axis.topRight())]
                      + [QLineF(x, axis.top(), x, axis.top() + tick) for x, _ in shown])
    painter.setPen(colors.text)
    for x, label in shown:
        painter.drawText(QPointF(x + 3, axis.top() + tick + m.ascent), label)
    _draw_context(painter, frame, colors, fm, axis.top() + tick + m.em)
    painter.restore()


def _draw_context(painter: QPainter, frame: Frame, colors: Colors, fm: QFontMetricsF,
                  top: float) -> None:
    """The coarser row (years under months, months under days); the one in force at the left
    edge stays visible there."""
    ticks, left = frame.ticks, frame.plot.left()
    xs = [frame.x(d) for d in ticks.context_days.tolist()]
    painter.setPen(colors.faint)
    for k, (x, label) in enumerate(zip(xs, ticks.context_labels, strict=True)):
        following = min(xs[k + 1] if k + 1 < len(xs) else math.inf, frame.plot.right() + 6)
        if following <= left:
            continue
        start = max(x, left) + 3
        width = following - start - 6
        if x >= left:
            painter.drawLine(QPointF(x, top - frame.metrics.em * 0.8), QPointF(x, top + 2))
        text = fm.elidedText(label, Qt.TextElideMode.ElideRight, width)
        if text == label or width >= frame.metrics.em * 4:  # never a stub like "2…"
            painter.drawText(QPointF(start, top + frame.metrics.ascent), text)


def _draw_message(painter: QPainter, frame: Frame, colors: Colors, text: str) -> None:
    painter.setPen(colors.faint)
    painter.drawText(frame.plot, Qt.AlignmentFlag.AlignCenter, text)


def paint_selection(painter: QPainter, frame: Frame, selection: tuple[float, float]) -> None:
    """The range being dragged on the axis, with the filter it will add to the search."""
    x0, x1 = frame.x(selection[0]), frame.x(selection[1])
    band = QRectF(x0, frame.eras.top(), x1 - x0, frame.axis.bottom() - frame.eras.top())
    fill = QColor(SELECTION_COLOR)
    fill.setAlphaF(0.18)
    painter.fillRect(band, fill)
    painter.setPen(QPen(QColor(SELECTION_COLOR), 0))
    painter.drawRect(band)
    # The filter it will add, on a solid pill so no label underneath can garble it.
    text = range_fragment(*selection, frame.ticks.unit)
    fm = QFontMetricsF(painter.font(), painter.device())
    m = frame.metrics
    width = fm.horizontalAdvance(text) + m.em
    pill = QRectF(band.center().x() - width / 2, frame.plot.top() + m.em * 0.3, width, m.em * 1.3)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(SELECTION_COLOR))
    painter.drawRoundedRect(pill, m.em * 0.4, m.em * 0.4)
    painter.setPen(QColor("white"))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
