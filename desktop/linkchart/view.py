"""``LinkChartView``: the chart drawn in a plain widget (only what is in view), with zoom and
pan, a click that makes an entry current, dragging that pins a node where it is dropped, and a
menu to expand, collapse, hide and pin.

While the user pans or zooms, each frame moves the last full drawing (a pixmap) instead of
drawing thousands of links again; the chart is drawn anew in full a moment after the last step.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from desktop.linkchart.chart import Chart, is_cluster
from desktop.linkchart.painting import (
    ViewBox,
    fit_box,
    node_radius,
    paint_chart,
    paint_legend,
    visible_edges,
)
from desktop.linkchart.tooltip import edge_tooltip, node_tooltip
from desktop.timeline.style import Colors

DRAG_PIXELS = 4
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.01, 6.0
SETTLE_MS = 150  # after the last pan or zoom step, the chart is drawn anew in full


class LinkChartView(QWidget):
    """Draws a ``Chart``; tells the panel what the user asked for through its signals."""

    entry_activated = Signal(str)  # a node or link was clicked: make that entry current
    expand_requested = Signal(str)
    collapse_requested = Signal(str)
    node_moved = Signal(str)  # a node was dragged (and so pinned)
    chart_edited = Signal()  # hidden or pinned nodes changed

    def __init__(self, parent: QWidget | None = None, *,
                 evidence: Callable[[str, str], list[dict]] | None = None):
        super().__init__(parent)
        self.setObjectName("linkChartView")
        self.setAccessibleName("Link chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._evidence = evidence
        self.chart = Chart()
        self.box = ViewBox(0.0, 0.0, 1.0)
        self.current: str | None = None
        self._hover_edge: int | None = None
        self._press: QPointF | None = None
        self._last: QPointF | None = None  # where the mouse was, once a drag has begun
        self._dragging: str | None = None
        self._placed_by_hand = False  # zoomed or panned by the user: a resize keeps the view
        self._still: tuple[QPixmap, ViewBox] | None = None  # the last full drawing, and where
        self._moving = False  # panning or zooming: frames move the still drawing
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)

    # -- what is shown ------------------------------------------------------------------------

    def set_chart(self, chart: Chart, *, fit: bool = True) -> None:
        self.chart = chart
        self._hover_edge = None
        if fit:
            self.fit_all()
        self.update()

    def set_positions(self, positions: np.ndarray) -> None:
        """New positions from a layout run (same nodes, same order)."""
        if positions.shape == self.chart.positions.shape:
            self.chart.positions = positions
            self.update()

    def set_current(self, entry_id: str | None) -> None:
        self.current = entry_id
        self.update()

    def fit_all(self) -> None:
        self._placed_by_hand = False
        legend = self._legend_h()
        box = fit_box(self.chart, QRectF(self.rect()).adjusted(0, legend, 0, 0))
        # centred under the legend, not in the whole widget
        self.box = ViewBox(box.cx, box.cy - legend / 2 / box.scale, box.scale)
        self.update()

    def zoom(self, factor: float, around: QPointF | None = None) -> None:
        rect = QRectF(self.rect())
        around = around or rect.center()
        x, y = self.box.to_chart(rect, around.x(), around.y())
        scale = min(max(self.box.scale * factor, MIN_SCALE), MAX_SCALE)
        # keep the chart point under ``around`` where it is
        cx = x - (around.x() - rect.center().x()) / scale
        cy = y - (around.y() - rect.center().y()) / scale
        self.box = ViewBox(cx, cy, scale)
        self._moved()

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def pan(self, dx: float, dy: float) -> None:
        self.box = ViewBox(self.box.cx - dx / self.box.scale, self.box.cy - dy / self.box.scale,
                           self.box.scale)
        self._moved()

    def _moved(self) -> None:
        self._moving = True
        self._settle.start()
        self.update()

    def _on_settled(self) -> None:
        self._moving = False
        self.update()

    def screen_positions(self) -> np.ndarray:
        return self.box.to_screen(QRectF(self.rect()), np.nan_to_num(self.chart.positions))

    def node_point(self, node_id: str) -> QPointF | None:
        i = self.chart.index.get(node_id)
        if i is None or np.isnan(self.chart.positions[i, 0]):
            return None
        return QPointF(*self.screen_positions()[i])

    # -- hit testing --------------------------------------------------------------------------

    def node_at(self, pos: QPointF) -> str | None:
        if not len(self.chart):
            return None
        screen = self.screen_positions()
        shown = self.chart.visible() & ~np.isnan(self.chart.positions[:, 0])
        dist = np.hypot(screen[:, 0] - pos.x(), screen[:, 1] - pos.y())
        dist[~shown] = np.inf
        best = int(np.argmin(dist))
        return self.chart.nodes[best].id if dist[best] <= node_radius(self.box) + 3 else None

    def edge_at(self, pos: QPointF) -> int | None:
        """The link nearest ``pos`` within a few pixels, as an index into ``chart.edges``."""
        screen = self.screen_positions()
        shown = self.chart.visible() & ~np.isnan(self.chart.positions[:, 0])
        near = QRectF(pos.x() - 4, pos.y() - 4, 8, 8)
        best, best_d = None, 4.0
        for k in visible_edges(self.chart, screen, shown, near):
            edge = self.chart.edges[k]
            d = _segment_distance(pos, screen[self.chart.index[edge.from_id]],
                                  screen[self.chart.index[edge.to_id]])
            if d <= best_d:
                best, best_d = int(k), d
        return best

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        rect, colors = QRectF(self.rect()), Colors.of(self.palette())
        still = self._still if self._moving else None
        if still is None or still[0].deviceIndependentSize() != rect.size():
            still = self._still = (self._full_drawing(rect, colors), self.box)
        painter = QPainter(self)
        try:
            painter.fillRect(rect, colors.base)
            _move_drawing(painter, rect, still, self.box)
            paint_legend(painter, rect, colors)
        finally:
            painter.end()

    def _full_drawing(self, rect: QRectF, colors: Colors) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        try:
            paint_chart(painter, rect, self.chart, self.box, colors=colors,
                        current=self.current, hover_edge=self._hover_edge, legend=False)
        finally:
            painter.end()
        return pixmap

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(640, 360)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(240, 160)

    def _legend_h(self) -> float:
        return self.fontMetrics().height() * 1.6

    # -- mouse and keys -----------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._press, self._last = event.position(), None
        self._dragging = self.node_at(event.position())
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        pos = event.position()
        if self._press is None:
            self._set_hover(self.edge_at(pos) if self.node_at(pos) is None else None)
            return
        if self._last is None and (pos - self._press).manhattanLength() < DRAG_PIXELS:
            return
        if self._dragging is not None:
            x, y = self.box.to_chart(QRectF(self.rect()), pos.x(), pos.y())
            self.chart.move(self._dragging, x, y)
            self.update()
        else:
            delta = pos - (self._last or self._press)
            self.pan(delta.x(), delta.y())
            self._placed_by_hand = True
        self._last = pos

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        if self._last is None:
            self._activate_at(event.position())
        elif self._dragging is not None:
            self.node_moved.emit(self._dragging)
            self.chart_edited.emit()
        self._press, self._last, self._dragging = None, None, None

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        node = self.node_at(event.position())
        if node is None:
            self.fit_all()
        elif not is_cluster(node):
            self.expand_requested.emit(node)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP ** steps, event.position())
            self._placed_by_hand = True

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if not self._placed_by_hand:
            self.fit_all()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and self.current:
            self.expand_requested.emit(self.current)
        elif key == Qt.Key.Key_Minus and self.current:
            self.collapse_requested.emit(self.current)
        elif key == Qt.Key.Key_F:
            self.fit_all()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        node = self.node_at(QPointF(event.pos()))
        menu = self.node_menu(node)
        if not menu.isEmpty():
            menu.exec(event.globalPos())

    def node_menu(self, node: str | None) -> QMenu:
        """Expand, collapse, hide and pin for ``node``; showing hidden nodes again."""
        menu = QMenu(self)
        if node is not None and not is_cluster(node):
            menu.addAction("Expand neighbours (+)", lambda: self.expand_requested.emit(node))
            menu.addAction("Collapse (−)", lambda: self.collapse_requested.emit(node))
            menu.addAction("Hide", lambda: self.hide_node(node))
            pinned = node in self.chart.pinned
            menu.addAction("Unpin" if pinned else "Pin here", lambda: self.toggle_pin(node))
        if self.chart.hidden:
            menu.addAction(f"Show {len(self.chart.hidden)} hidden", self.show_hidden)
        return menu

    def hide_node(self, node_id: str) -> None:
        self.chart.hidden.add(node_id)
        self.chart_edited.emit()
        self.update()

    def show_hidden(self) -> None:
        self.chart.hidden.clear()
        self.chart_edited.emit()
        self.update()

    def toggle_pin(self, node_id: str) -> None:
        self.chart.pinned ^= {node_id}
        self.chart_edited.emit()
        self.update()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event)
            return True
        return super().event(event)

    def _show_tooltip(self, event) -> None:
        pos = QPointF(event.pos())
        node = self.node_at(pos)
        if node is not None:
            text = node_tooltip(self.chart, node)
        else:
            k = self.edge_at(pos)
            text = None if k is None else edge_tooltip(self.chart, self.chart.edges[k],
                                                       self._evidence)
        if text:
            QToolTip.showText(event.globalPos(), text, self)
        else:
            QToolTip.hideText()

    def _set_hover(self, edge: int | None) -> None:
        if edge != self._hover_edge:
            self._hover_edge = edge
            self.update()

    def _activate_at(self, pos: QPointF) -> None:
        node = self.node_at(pos)
        if node is not None:
            cluster = self.chart.clusters.get(node)
            self.entry_activated.emit(cluster.anchor if cluster else node)
            return
        k = self.edge_at(pos)
        if k is not None:  # a link stands for the entry it is written on
            self.entry_activated.emit(self.chart.edges[k].from_id)


def _segment_distance(p: QPointF, a: np.ndarray, b: np.ndarray) -> float:
    ax, ay, bx, by = float(a[0]), float(a[1]), float(b[0]), float(b[1])
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p.x() - ax) * dx + (p.y() - ay) * dy)
                                               / length2))
    return math.hypot(p.x() - (ax + t * dx), p.y() - (ay + t * dy))


def _move_drawing(painter: QPainter, rect: QRectF, still: tuple[QPixmap, ViewBox],
                  box: ViewBox) -> None:
    """Draw ``still`` (a drawing made at its own view) where the view ``box`` puts it."""
    pixmap, drawn_at = still
    if drawn_at == box:
        painter.drawPixmap(0, 0, pixmap)
        return
    k = box.scale / drawn_at.scale
    centre = rect.center()
    painter.save()
    painter.translate(centre.x() + (drawn_at.cx - box.cx) * box.scale,
                      centre.y() + (drawn_at.cy - box.cy) * box.scale)
    painter.scale(k, k)
    painter.translate(-centre.x(), -centre.y())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    painter.drawPixmap(0, 0, pixmap)
    painter.restore()
