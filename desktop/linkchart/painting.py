"""Drawing a chart: links styled by how they are known, nodes shaped and coloured by kind, labels
by level of detail, and a legend. Only what falls in the rectangle is drawn. The window, the
exported pictures and printed briefings all draw with ``paint_chart``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from desktop.common.formatting import neutralised, one_line
from desktop.linkchart.chart import Chart, is_cluster
from desktop.linkchart.layout import KINDS
from desktop.timeline.style import Colors, kind_color

LABEL_ALL = 150  # up to this many nodes in view, every node is labelled
EDGE_LABELS = 120  # up to this many links in view, links carry their role
ARROWS = 1500  # beyond this many links in view, arrowheads are left out
LINE_STYLES = {"cited": Qt.PenStyle.SolidLine, "analyst": Qt.PenStyle.DashLine,
               "imported": Qt.PenStyle.DotLine}
LINE_WORDS = (("cited", "cited in a source"), ("analyst", "analyst's reading"),
              ("imported", "imported"))
SHAPES = {"actor": "circle", "deal": "square", "event": "diamond", "figure": "hexagon",
          "place": "triangle"}


@dataclass(frozen=True)
class ViewBox:
    """Which part of the chart is drawn, and how large: ``scale`` pixels per chart unit."""

    cx: float
    cy: float
    scale: float

    def to_screen(self, rect: QRectF, xy: np.ndarray) -> np.ndarray:
        centre = np.array([rect.center().x(), rect.center().y()])
        return (xy - np.array([self.cx, self.cy])) * self.scale + centre

    def to_chart(self, rect: QRectF, x: float, y: float) -> tuple[float, float]:
        return (self.cx + (x - rect.center().x()) / self.scale,
                self.cy + (y - rect.center().y()) / self.scale)


def fit_box(chart: Chart, rect: QRectF, *, margin: float = 40.0) -> ViewBox:
    """The view that shows every visible, placed node of ``chart`` in ``rect``."""
    pos = chart.positions[chart.visible()]
    pos = pos[~np.isnan(pos[:, 0])]
    if len(pos) == 0:
        return ViewBox(0.0, 0.0, 1.0)
    low, high = pos.min(axis=0), pos.max(axis=0)
    span_x, span_y = max(high[0] - low[0], 1.0), max(high[1] - low[1], 1.0)
    scale = min((rect.width() - 2 * margin) / span_x, (rect.height() - 2 * margin) / span_y)
    scale = float(min(max(scale, 0.02), 2.0))
    return ViewBox(float(low[0] + high[0]) / 2, float(low[1] + high[1]) / 2, scale)


def node_radius(box: ViewBox) -> float:
    return float(min(max(9.0 * math.sqrt(box.scale), 3.0), 14.0))


def paint_chart(painter: QPainter, rect: QRectF, chart: Chart, box: ViewBox, *,
                colors: Colors, current: str | None = None, hover_edge: int | None = None,
                legend: bool = True, label_all: bool = False) -> None:
    """Draw the part of ``chart`` that ``box`` puts inside ``rect``. Every node in view is
    labelled when there are few (or ``label_all``); else only the current entry, its
    neighbours and the pinned nodes are."""
    painter.save()
    try:
        painter.setClipRect(rect)
        painter.fillRect(rect, colors.base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        screen = box.to_screen(rect, np.nan_to_num(chart.positions))
        shown = chart.visible() & ~np.isnan(chart.positions[:, 0])
        r = node_radius(box)
        inside = shown & _inside(screen, rect.adjusted(-r * 8, -r * 8, r * 8, r * 8))
        near = chart.neighbours(current) | {current} if current else set()
        _paint_edges(painter, rect, chart, screen, shown, r, colors, near, hover_edge)
        labelled = label_all or inside.sum() <= LABEL_ALL
        for i in np.flatnonzero(inside):
            node = chart.nodes[i]
            _paint_node(painter, QPointF(*screen[i]), node.id, node.kind, r, colors,
                        current=node.id == current, pinned=node.id in chart.pinned)
            if labelled or node.id in near or node.id in chart.pinned:
                _paint_label(painter, QPointF(*screen[i]), node.title, r, colors,
                             strong=node.id == current)
        if legend:
            paint_legend(painter, rect, colors)
    finally:
        painter.restore()


def _inside(screen: np.ndarray, rect: QRectF) -> np.ndarray:
    return ((screen[:, 0] >= rect.left()) & (screen[:, 0] <= rect.right())
            & (screen[:, 1] >= rect.top()) & (screen[:, 1] <= rect.bottom()))


def _edge_pairs(chart: Chart) -> tuple[np.ndarray, np.ndarray]:
    a = np.array([chart.index[e.from_id] for e in chart.edges], dtype=np.int64)
    b = np.array([chart.index[e.to_id] for e in chart.edges], dtype=np.int64)
    return a, b


def visible_edges(chart: Chart, screen: np.ndarray, shown: np.ndarray,
                  rect: QRectF) -> np.ndarray:
    """Indices of the links with both ends shown whose bounding box meets ``rect``."""
    if not chart.edges:
        return np.zeros(0, dtype=np.int64)
    a, b = _edge_pairs(chart)
    both = shown[a] & shown[b]
    lo, hi = np.minimum(screen[a], screen[b]), np.maximum(screen[a], screen[b])
    meets = (hi[:, 0] >= rect.left()) & (lo[:, 0] <= rect.right()) \
        & (hi[:, 1] >= rect.top()) & (lo[:, 1] <= rect.bottom())
    return np.flatnonzero(both & meets)


def _paint_edges(painter, rect, chart, screen, shown, r, colors, near, hover_edge) -> None:
    for a, c in chart.cluster_lines():
        i, j = chart.index[a], chart.index[c]
        if shown[i] and shown[j]:
            painter.setPen(QPen(colors.grid, 1))
            painter.drawLine(QPointF(*screen[i]), QPointF(*screen[j]))
    which = visible_edges(chart, screen, shown, rect)
    arrows, labels = len(which) <= ARROWS, len(which) <= EDGE_LABELS
    fm = QFontMetricsF(painter.font())
    for k in which:
        edge = chart.edges[k]
        p = QPointF(*screen[chart.index[edge.from_id]])
        q = QPointF(*screen[chart.index[edge.to_id]])
        strong = k == hover_edge or (edge.from_id in near and edge.to_id in near)
        color = colors.highlight if strong else colors.faint
        pen = QPen(color, 1.0 + min(edge.citations, 4) * 0.6 + (1.0 if k == hover_edge else 0))
        pen.setStyle(LINE_STYLES.get(edge.known_by, Qt.PenStyle.SolidLine))
        painter.setPen(pen)
        painter.drawLine(p, q)
        if arrows:
            _arrowhead(painter, p, q, r, color)
        if labels and edge.role:
            _edge_label(painter, p, q, edge.role, colors, fm)


def _arrowhead(painter: QPainter, p: QPointF, q: QPointF, r: float, color: QColor) -> None:
    dx, dy = q.x() - p.x(), q.y() - p.y()
    length = math.hypot(dx, dy)
    if length < r * 2.5:
        return
    ux, uy = dx / length, dy / length
    tip = QPointF(q.x() - ux * (r + 1), q.y() - uy * (r + 1))
    size = max(r * 0.7, 5.0)
    left = QPointF(tip.x() - ux * size - uy * size * 0.5, tip.y() - uy * size + ux * size * 0.5)
    right = QPointF(tip.x() - ux * size + uy * size * 0.5, tip.y() - uy * size - ux * size * 0.5)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon(QPolygonF([tip, left, right]))
    painter.restore()


def _edge_label(painter, p: QPointF, q: QPointF, role: str, colors, fm) -> None:
    text = one_line(neutralised(role), 40)
    mid = QPointF((p.x() + q.x()) / 2, (p.y() + q.y()) / 2)
    width = fm.horizontalAdvance(text)
    if math.hypot(q.x() - p.x(), q.y() - p.y()) < width + 30:
        return
    box = QRectF(mid.x() - width / 2 - 2, mid.y() - fm.height() / 2, width + 4, fm.height())
    painter.fillRect(box, colors.base)
    painter.setPen(colors.faint)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def shape_path(shape: str, centre: QPointF, r: float) -> QPainterPath:
    """The outline of a node's shape (one per kind, so kinds read apart in grey-scale)."""
    path = QPainterPath()
    x, y = centre.x(), centre.y()
    if shape == "circle":
        path.addEllipse(centre, r, r)
        return path
    if shape == "square":
        path.addRoundedRect(QRectF(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8), r * 0.3, r * 0.3)
        return path
    corners = {"diamond": 4, "hexagon": 6, "triangle": 3}.get(shape, 4)
    start = -math.pi / 2
    points = [QPointF(x + r * 1.1 * math.cos(start + 2 * math.pi * k / corners),
                      y + r * 1.1 * math.sin(start + 2 * math.pi * k / corners) + (
                          r * 0.2 if corners == 3 else 0))
              for k in range(corners)]
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


def _paint_node(painter, centre: QPointF, node_id: str, kind: str, r: float, colors: Colors,
                *, current: bool, pinned: bool) -> None:
    cluster = is_cluster(node_id)
    if current:
        painter.setPen(QPen(colors.highlight, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r + 5, r + 5)
    pen = QPen(colors.text, 1.0)
    if cluster:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(kind_color(kind, 0.35 if cluster else 1.0))
    painter.drawPath(shape_path(SHAPES.get(kind, "circle"), centre, r * (1.3 if cluster else 1)))
    if pinned:  # a small dark dot in the middle: this node stays where it was put
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.text)
        painter.drawEllipse(centre, max(r * 0.28, 2.0), max(r * 0.28, 2.0))


def _paint_label(painter, centre: QPointF, title: str, r: float, colors: Colors, *,
                 strong: bool) -> None:
    text = one_line(neutralised(title), 40)
    font = painter.font()
    font.setBold(strong)
    painter.setFont(font)
    fm = QFontMetricsF(font)
    width = fm.horizontalAdvance(text)
    top = centre.y() + r + 3
    painter.setPen(colors.text)
    painter.drawText(QRectF(centre.x() - width / 2 - 1, top, width + 2, fm.height()),
                     Qt.AlignmentFlag.AlignCenter, text)
    font.setBold(False)
    painter.setFont(font)


def paint_legend(painter: QPainter, rect: QRectF, colors: Colors) -> None:
    """Kinds by shape and colour, then the three line styles, across the top."""
    fm = QFontMetricsF(painter.font())
    h = fm.height() * 1.6
    strip = QRectF(rect.left(), rect.top(), rect.width(), h)
    painter.fillRect(strip, colors.base)
    x, mid, r = rect.left() + 8, strip.center().y(), fm.height() * 0.35
    for kind in KINDS:
        painter.setPen(QPen(colors.text, 1))
        painter.setBrush(kind_color(kind))
        painter.drawPath(shape_path(SHAPES[kind], QPointF(x + r, mid), r))
        x = _legend_words(painter, x + 2 * r + 4, mid, kind, fm, colors)
    for known_by, words in LINE_WORDS:
        pen = QPen(colors.text, 1.5)
        pen.setStyle(LINE_STYLES[known_by])
        painter.setPen(pen)
        painter.drawLine(QPointF(x, mid), QPointF(x + 22, mid))
        x = _legend_words(painter, x + 26, mid, words, fm, colors)
    painter.setPen(QPen(colors.grid, 0))
    painter.drawLine(strip.bottomLeft(), strip.bottomRight())


def _legend_words(painter, x: float, mid: float, words: str, fm, colors) -> float:
    painter.setPen(colors.faint)
    painter.drawText(QPointF(x, mid - fm.height() / 2 + fm.ascent()), words)
    return x + fm.horizontalAdvance(words) + 14
