"""Saving a timeline as a PNG or SVG picture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from db.errors import InvalidValueError, RoadbookError

FORMATS = (".png", ".svg")


class TimelineExportError(RoadbookError):
    """The picture could not be written (folder missing, disk full, no permission)."""


def export_picture(path: Path | str, size: QSize, draw: Callable[[QPainter, QRectF], None],
                   *, title: str = "Timeline") -> Path:
    """Draw into a PNG (at twice the pixels, for sharp print) or an SVG chosen by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidValueError(
            f"Cannot save a timeline as “{path.suffix or path.name}”: use .png or .svg.")
    if not path.parent.is_dir():
        raise TimelineExportError(f"Cannot save {path.name}: the folder {path.parent} "
                                  "does not exist.")
    rect = QRectF(0, 0, size.width(), size.height())
    if suffix == ".png":
        _write_png(path, size, rect, draw)
    else:
        _write_svg(path, size, rect, draw, title)
    if not path.exists() or path.stat().st_size == 0:
        raise TimelineExportError(f"Could not write {path}: check the folder's permissions "
                                  "and free space.")
    return path


def _write_png(path: Path, size: QSize, rect: QRectF, draw) -> None:
    image = QImage(size * 2, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(2.0)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        draw(painter, rect)
    finally:
        painter.end()
    if not image.save(str(path), "PNG"):
        raise TimelineExportError(f"Could not write {path}: check the folder's permissions "
                                  "and free space.")


def _write_svg(path: Path, size: QSize, rect: QRectF, draw, title: str) -> None:
    from PySide6.QtSvg import QSvgGenerator

    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setResolution(96)
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise TimelineExportError(f"Could not write {path}: check the folder's permissions.")
    try:
        draw(painter, rect)
    finally:
        painter.end()
