"""Drawing a chart: links styled by how they are known, nodes shaped and coloured by kind, labels
by level of detail, and a legend. Only what falls in the rectangle is drawn. The window, the
exported pictures and printed briefings all draw with ``paint_chart``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)

from desktop.common.formatting import neutralised, one_line
from desktop.linkchart.chart import Chart, is_cluster
from desktop.linkchart.labels import LABEL_GAP, label_lines
from desktop.linkchart.layout import KINDS
from desktop.timeline.style import Colors, kind_color

LABEL_ALL = 150  # up to this many nodes in view, every node is labelled (given the room)
ROOM_PER_LABEL = 5000  # square pixels of view per node for every node to be labelled
EDGE_LABELS = 120  # up to this many links in view, links carry their role
ARROWS = 800  # beyond this many links in view, arrowheads are left out
SMOOTH = 250  # up to this many links in view, lines are antialiased
STYLED = 1500  # up to this many links in view, lines are dashed or dotted by how known
DOTS_UP_TO = 3.5  # nodes this small (in pixels) among many are drawn as dots
SPRITES_OVER = 200  # beyond this many nodes in view, each kind's shape is drawn once and copied
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
    margin = min(margin, min(rect.width(), rect.height()) * 0.1)  # a small view: less border
    low, high = pos.min(axis=0), pos.max(axis=0)
    span_x, span_y = max(high[0] - low[0], 1.0), max(high[1] - low[1], 1.0)
    scale = min((rect.width() - 2 * margin) / span_x, (rect.height() - 2 * margin) / span_y)
    scale = float(min(max(scale, 0.02), 2.0))
    return ViewBox(float(low[0] + high[0]) / 2, float(low[1] + high[1]) / 2, scale)


def node_radius(box: ViewBox) -> float:
    return float(min(max(9.0 * math.sqrt(box.scale), 3.0), 14.0))


def paint_chart(painter: QPainter, rect: QRectF, chart: Chart, box: ViewBox, *,
                colors: Colors, current: str | None = None, hover_edge: int | None = None,
                legend: bool = True, label_all: bool = False, vector: bool = False,
                whole_labels: bool = False) -> None:
    """Draw the part of ``chart`` that ``box`` puts inside ``rect``. Every node in view is
    labelled when there are few (or ``label_all``); else only the current entry, its
    neighbours and the pinned nodes are. ``vector`` draws every node as a path (for SVG);
    ``whole_labels`` gives each label its whole title, wrapped (for exports and print)."""
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
        near_mask = _mask(chart, near)
        _paint_edges(painter, rect, chart, screen, shown, r, colors, near_mask, hover_edge)
        count = int(inside.sum())
        special = _mask(chart, chart.pinned | ({current} if current else set()))
        if not vector and count > SPRITES_OVER:
            _paint_sprites(painter, chart, screen, inside & ~special, r, colors)
            each = inside & special
        else:
            each = inside
        for i in np.flatnonzero(each).tolist():
            node = chart.nodes[i]
            _paint_node(painter, QPointF(*screen[i]), node.id, node.kind, r, colors,
                        current=node.id == current, pinned=node.id in chart.pinned)
        # Every label while there are few nodes with room for them; else the current entry,
        # its neighbours and the pinned nodes only.
        roomy = count <= LABEL_ALL and rect.width() * rect.height() >= count * ROOM_PER_LABEL
        labelled = inside if label_all or roomy else inside & (near_mask | special)
        for i in np.flatnonzero(labelled).tolist():
            _paint_label(painter, QPointF(*screen[i]), chart.nodes[i].title, r, colors,
                         strong=chart.nodes[i].id == current,
                         wrap_width=label_width(rect) if whole_labels else None)
        if legend:
            paint_legend(painter, rect, colors)
    finally:
        painter.restore()


def _mask(chart: Chart, ids) -> np.ndarray:
    out = np.zeros(len(chart), bool)
    out[[chart.index[i] for i in ids if i in chart.index]] = True
    return out


def _paint_sprites(painter, chart: Chart, screen: np.ndarray, which: np.ndarray, r: float,
                   colors: Colors) -> None:
    """Many nodes: each kind's shape drawn once, then copied to every node of that kind."""
    kinds, clusters = chart.node_codes()
    for code, kind in enumerate(chart.KIND_CODES):
        for cluster in (False, True):
            picked = np.flatnonzero(which & (kinds == code) & (clusters == cluster))
            if len(picked) == 0:
                continue
            if r <= DOTS_UP_TO:  # too small for a shape to show: a dot of the kind's colour
                painter.setPen(QPen(kind_color(kind), r * 2, Qt.PenStyle.SolidLine,
                                    Qt.PenCapStyle.RoundCap))
                painter.drawPoints(QPolygonF([QPointF(x, y)
                                              for x, y in screen[picked].tolist()]))
                continue
            sprite = _sprite(kind, cluster, r, colors, painter)
            pixmap, dx, dy = sprite.pixmap, sprite.offset.x(), sprite.offset.y()
            for x, y in screen[picked].tolist():
                painter.drawPixmap(QPointF(x - dx, y - dy), pixmap)


def _inside(screen: np.ndarray, rect: QRectF) -> np.ndarray:
    return ((screen[:, 0] >= rect.left()) & (screen[:, 0] <= rect.right())
            & (screen[:, 1] >= rect.top()) & (screen[:, 1] <= rect.bottom()))


def visible_edges(chart: Chart, screen: np.ndarray, shown: np.ndarray,
                  rect: QRectF) -> np.ndarray:
    """Indices of the links with both ends shown whose bounding box meets ``rect``."""
    if not chart.edges:
        return np.zeros(0, dtype=np.int64)
    a, b = chart.edge_indices()
    both = shown[a] & shown[b]
    lo, hi = np.minimum(screen[a], screen[b]), np.maximum(screen[a], screen[b])
    meets = (hi[:, 0] >= rect.left()) & (lo[:, 0] <= rect.right()) \
        & (hi[:, 1] >= rect.top()) & (lo[:, 1] <= rect.bottom())
    return np.flatnonzero(both & meets)


def _paint_edges(painter, rect, chart, screen, shown, r, colors, near_mask,
                 hover_edge) -> None:
    """Links in groups of one pen (how known, how many citations, highlighted or not), each
    group drawn in one call; arrowheads and roles only while few links are in view."""
    for a, c in chart.cluster_lines():
        i, j = chart.index[a], chart.index[c]
        if shown[i] and shown[j]:
            painter.setPen(QPen(colors.grid, 1))
            painter.drawLine(QPointF(*screen[i]), QPointF(*screen[j]))
    which = visible_edges(chart, screen, shown, rect)
    if len(which) == 0:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(which) <= SMOOTH)
    a, b = chart.edge_indices()
    known, cited = chart.edge_codes()
    strong = near_mask[a[which]] & near_mask[b[which]]
    if hover_edge is not None:
        strong |= which == hover_edge
    keys = known[which] * 16 + cited[which] * 2 + strong
    coords = np.hstack([screen[a[which]], screen[b[which]]])
    for key in np.unique(keys).tolist():
        lines = [QLineF(*c) for c in coords[keys == key].tolist()]
        pen = QPen(colors.highlight if key % 2 else colors.faint, 1.0 + (key % 16 // 2) * 0.6)
        if len(which) <= STYLED:  # beyond, dashes cannot be told apart and cost much
            pen.setStyle(LINE_STYLES.get(chart.KNOWN_CODES[key // 16], Qt.PenStyle.SolidLine))
        painter.setPen(pen)
        painter.drawLines(lines)
    if hover_edge is not None and hover_edge in set(which.tolist()):
        pen = QPen(colors.highlight, 2.5 + min(chart.edges[hover_edge].citations, 4) * 0.6)
        pen.setStyle(LINE_STYLES.get(chart.edges[hover_edge].known_by, Qt.PenStyle.SolidLine))
        painter.setPen(pen)
        painter.drawLine(QPointF(*screen[a[hover_edge]]), QPointF(*screen[b[hover_edge]]))
    if len(which) <= ARROWS:
        _paint_arrowheads(painter, screen[a[which]], screen[b[which]], strong, r, colors)
    if len(which) <= EDGE_LABELS:
        fm = QFontMetricsF(painter.font())
        for k in which.tolist():
            if chart.edges[k].role:
                _edge_label(painter, QPointF(*screen[a[k]]), QPointF(*screen[b[k]]),
                            chart.edges[k].role, colors, fm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


def _paint_arrowheads(painter: QPainter, tails: np.ndarray, heads: np.ndarray,
                      strong: np.ndarray, r: float, colors: Colors) -> None:
    """An open arrowhead (two short strokes) where each link meets the node it points to,
    all computed at once and drawn in one call per colour."""
    delta = heads - tails
    length = np.hypot(delta[:, 0], delta[:, 1])
    room = length > r * 2.5
    unit = delta[room] / length[room][:, None]
    tip = heads[room] - unit * (r + 1)
    size = max(r * 0.8, 5.0)
    normal = np.stack([-unit[:, 1], unit[:, 0]], axis=1)
    left = tip - unit * size + normal * size * 0.5
    right = tip - unit * size - normal * size * 0.5
    strokes = np.hstack([tip, left, tip, right]).reshape(-1, 4)
    bright = np.repeat(strong[room], 2)
    for highlighted in (False, True):
        chosen = strokes[bright == highlighted]
        if len(chosen):
            painter.setPen(QPen(colors.highlight if highlighted else colors.faint, 1.4))
            painter.drawLines([QLineF(*c) for c in chosen.tolist()])


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


@dataclass(frozen=True)
class _Sprite:
    pixmap: QPixmap
    offset: QPointF


_SPRITES: dict[tuple, _Sprite] = {}


def _sprite(kind: str, cluster: bool, r: float, colors: Colors, painter: QPainter) -> _Sprite:
    """A node's shape drawn once into a pixmap, for charts with many nodes in view."""
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    key = (kind, cluster, round(r, 1), colors.text.rgba(), ratio)
    if key not in _SPRITES:
        if len(_SPRITES) > 64:
            _SPRITES.clear()
        side = int(math.ceil((r * 1.5 + 2) * 2))
        pixmap = QPixmap(int(side * ratio), int(side * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        inner = QPainter(pixmap)
        inner.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _paint_node(inner, QPointF(side / 2, side / 2), "cluster:" if cluster else "", kind, r,
                    colors, current=False, pinned=False)
        inner.end()
        _SPRITES[key] = _Sprite(pixmap, QPointF(side / 2, side / 2))
    return _SPRITES[key]


def label_width(rect: QRectF) -> float:
    """The widest a whole-title label may wrap to in a picture of ``rect``."""
    return rect.width() * 0.45


def _paint_label(painter, centre: QPointF, title: str, r: float, colors: Colors, *,
                 strong: bool, wrap_width: float | None = None) -> None:
    """The title centred below its node: cut to one line, or (``wrap_width``) whole."""
    font = painter.font()
    font.setBold(strong)
    painter.setFont(font)
    fm = QFontMetricsF(font)
    lines = label_lines(title, fm, whole=wrap_width is not None,
                        max_width=wrap_width or 0.0)
    top = centre.y() + r + LABEL_GAP
    painter.setPen(colors.text)
    for text in lines:  # one text item per line: an SVG keeps each as text
        width = fm.horizontalAdvance(text)
        painter.drawText(QRectF(centre.x() - width / 2 - 1, top, width + 2, fm.height()),
                         Qt.AlignmentFlag.AlignCenter, text)
        top += fm.height()
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
