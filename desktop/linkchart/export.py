"""Saving a chart as a PNG or SVG picture (every node labelled) or as JSON in the exchange
shape. Each file appears whole or not at all: it is written beside its place and renamed."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from db.errors import InvalidValueError, RoadbookError
from desktop.linkchart.chart import Chart
from desktop.linkchart.labels import fit_with_labels, label_sizes
from desktop.linkchart.painting import LABEL_ALL, ViewBox, label_width, node_radius, paint_chart
from desktop.timeline.style import Colors

FORMATS = (".png", ".svg", ".json")
PICTURE_WIDTH = 1600


class ChartExportError(RoadbookError):
    """The file could not be written (folder missing, disk full, no permission)."""


def export_chart(chart: Chart, path: Path | str) -> Path:
    """Write ``chart`` to ``path`` as PNG, SVG or JSON, chosen by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidValueError(f"Cannot save a link chart as “{path.suffix or path.name}”: "
                                "use .png, .svg or .json.")
    if not path.parent.is_dir():
        raise ChartExportError(f"Cannot save {path.name}: the folder {path.parent} does not "
                               "exist.")
    fd, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        {".png": _write_png, ".svg": _write_svg, ".json": _write_json}[suffix](chart, temp)
        if os.path.getsize(temp) == 0:
            raise ChartExportError(f"Could not write {path}: check the free space.")
        os.replace(temp, path)
    except OSError as exc:
        raise ChartExportError(f"Could not write {path}: {exc.strerror or exc}.") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def picture_size(chart: Chart) -> QSize:
    """Room for every label: wider when the chart holds more nodes."""
    width = PICTURE_WIDTH if len(chart) <= LABEL_ALL else min(6000, 12 * len(chart))
    return QSize(width, int(width * 0.66))


def draw_whole_chart(painter: QPainter, rect: QRectF, chart: Chart, *,
                     current: str | None = None) -> None:
    """The whole chart fitted to ``rect`` below the legend, every node labelled with its whole
    title and every label inside the picture, in print colours."""
    fm = QFontMetricsF(painter.font())
    box = labelled_box(chart, rect, rect.adjusted(0, fm.height() * 1.6, 0, 0), fm)
    paint_chart(painter, rect, chart, box, colors=Colors.of(None), current=current,
                label_all=True, vector=True, whole_labels=True)


def labelled_box(chart: Chart, rect: QRectF, room: QRectF, fm: QFontMetricsF) -> ViewBox:
    """The view of ``chart`` drawn in ``rect`` that puts every visible node and its whole
    label inside ``room``."""
    shown = chart.visible() & ~np.isnan(chart.positions[:, 0])
    xy = chart.positions[shown]
    widths, heights = label_sizes([n.title for n, s in zip(chart.nodes, shown, strict=True)
                                   if s], fm, max_width=label_width(rect))
    scale, ox, oy = fit_with_labels(xy, widths, heights, room,
                                    lambda s: node_radius(ViewBox(0.0, 0.0, s)),
                                    margin=min(24.0, room.width() * 0.03))
    return ViewBox((rect.center().x() - ox) / scale, (rect.center().y() - oy) / scale, scale)


def _write_json(chart: Chart, path: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump(chart.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")


def _write_png(chart: Chart, path: str) -> None:
    size = picture_size(chart)
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        draw_whole_chart(painter, QRectF(0, 0, size.width(), size.height()), chart)
    finally:
        painter.end()
    if not image.save(path, "PNG"):
        raise ChartExportError(f"Could not write {path}: check the folder's permissions.")


def _write_svg(chart: Chart, path: str) -> None:
    from PySide6.QtSvg import QSvgGenerator

    size = picture_size(chart)
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setResolution(96)
    generator.setTitle("Link chart")
    painter = QPainter()
    if not painter.begin(generator):
        raise ChartExportError(f"Could not write {path}: check the folder's permissions.")
    try:
        draw_whole_chart(painter, QRectF(0, 0, size.width(), size.height()), chart)
    finally:
        painter.end()
