"""The timeline's legend strip (what each mark means) and its era bands and today line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from db.timeline import date_to_day
from desktop.timeline.frame import Frame
from desktop.timeline.lanes import KIND_ORDER
from desktop.timeline.style import TODAY_COLOR, Colors, EraBand, kind_color

ERA_COLOR = "#d9a21b"
SAMPLE_KIND = "deal"

# (mark, words) in the order they are explained.
LEGEND = (("day", "exact day"), ("exact", "exact dates"),
          ("uncertain", "somewhere in the year, quarter or month"),
          ("analyst", "dated by the analyst, not the source"), ("counts", "number of entries"))


def draw_legend(painter: QPainter, frame: Frame, colors: Colors, fm: QFontMetricsF, *,
                kinds: bool) -> None:
    """Samples of each mark with its meaning, left to right; what does not fit is left out."""
    m, strip = frame.metrics, frame.legend
    if strip.height() < m.em:  # a dock too low for it: the marks came first
        return
    x, right = strip.left() + m.em * 0.3, strip.right() - m.em * 0.3
    swatch_w, swatch_h = m.em * 1.4, m.bar_h
    y = strip.top() + (strip.height() - swatch_h) / 2
    entries = [(mark, words, SAMPLE_KIND) for mark, words in LEGEND]
    if kinds:
        entries += [("kind", kind, kind) for kind in KIND_ORDER]
    for mark, words, kind in entries:
        width = swatch_w + m.em * 0.3 + fm.horizontalAdvance(words) + m.em
        if x + width - m.em > right:
            break
        _draw_sample(painter, QRectF(x, y, swatch_w, swatch_h), mark, kind, colors)
        painter.setPen(colors.faint)
        baseline = strip.top() + (strip.height() - m.em) / 2 + m.ascent
        painter.drawText(QPointF(x + swatch_w + m.em * 0.3, baseline), words)
        x += width
    painter.setPen(QPen(colors.grid, 0))
    painter.drawLine(strip.bottomLeft(), strip.bottomRight())


def _draw_sample(painter: QPainter, rect: QRectF, mark: str, kind: str, colors: Colors) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(kind_color(kind, 0.75), 1))
    if mark == "day":
        c, h = rect.center(), rect.height() / 2 + 1
        painter.setBrush(kind_color(kind))
        painter.drawPolygon(QPolygonF([QPointF(c.x(), c.y() - h), QPointF(c.x() + h, c.y()),
                                       QPointF(c.x(), c.y() + h), QPointF(c.x() - h, c.y())]))
    elif mark in ("exact", "kind"):
        painter.setBrush(kind_color(kind))
        painter.drawRect(rect)
    elif mark == "uncertain":
        painter.setBrush(kind_color(kind, 0.28))
        painter.drawRect(rect)
    elif mark == "analyst":
        pen = QPen(kind_color(kind, 0.9), 1.3)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(kind_color(kind, 0.85), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)
    else:  # counts: a small histogram
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(kind_color(kind, 0.45))
        third = rect.width() / 3
        for k, share in enumerate((0.5, 1.0, 0.7)):
            height = (rect.height() + 4) * share
            painter.drawRect(QRectF(rect.left() + k * third, rect.bottom() + 2 - height,
                                    third - 1, height))
    painter.restore()


def shade_eras(painter: QPainter, frame: Frame, eras: Sequence[EraBand], today: date) -> None:
    """Tint each era behind the lanes (drawn before the items, so it never dims them)."""
    shade = QColor(ERA_COLOR)
    shade.setAlphaF(0.07)
    for x0, x1, _ in _era_spans(frame, eras, today):
        painter.fillRect(QRectF(x0, frame.plot.top(), x1 - x0, frame.plot.height()), shade)


def draw_eras(painter: QPainter, frame: Frame, eras: Sequence[EraBand], today: date,
              colors: Colors, fm: QFontMetricsF) -> None:
    """Name each era in the strip above the lanes, and draw the today line."""
    m, strip, plot = frame.metrics, frame.eras, frame.plot
    today_x = frame.x(date_to_day(today))
    today_label = "Today"
    today_left = today_x - fm.horizontalAdvance(today_label) - 4
    band_color = QColor(ERA_COLOR)
    band_color.setAlphaF(0.22)
    baseline = strip.top() + (strip.height() - m.em) / 2 + m.ascent
    for x0, x1, era in _era_spans(frame, eras, today):
        painter.fillRect(QRectF(x0, strip.top() + 1, x1 - x0, strip.height() - 2), band_color)
        limit = x1 - 4
        if plot.left() <= today_x <= plot.right() and x0 < today_left:
            limit = min(limit, today_left - m.em * 0.5)
        label = fm.elidedText(era.label, Qt.TextElideMode.ElideRight, limit - x0 - 4)
        if label and label != "…":
            painter.setPen(colors.text)
            painter.drawText(QPointF(x0 + 4, baseline), label)
    if plot.left() <= today_x <= plot.right():
        painter.setPen(QPen(QColor(TODAY_COLOR), 1.5))
        painter.drawLine(QPointF(today_x, strip.top()), QPointF(today_x, plot.bottom()))
        if today_left >= plot.left():
            painter.setPen(QColor(TODAY_COLOR))
            painter.drawText(QPointF(today_left, baseline), today_label)


def _era_spans(frame: Frame, eras: Sequence[EraBand], today: date):
    """(left x, right x, era) of each era overlapping the visible range, clipped to it."""
    for era in eras:
        first, last = era.days(today)
        x0, x1 = max(frame.x(first), frame.plot.left()), min(frame.x(last), frame.plot.right())
        if x1 > x0:
            yield x0, x1, era
