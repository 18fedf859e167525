"""Painting the rows of the results table in one pass.

A ``QTableView`` paints cell by cell through a delegate that asks the model for seven roles of
every visible cell: with a Python model that is some 1,700 calls into Python a paint. Here the
view asks the model once per visible row for its cell texts and draws them directly: row
backgrounds (alternating, selected), text elided to its column, matches of a search in bold in
the Match column, the grid and the focus frame. Elided texts are kept between paints.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLine, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect, QStyleOptionViewItem, QTableView

TEXT_PADDING = 4
ELIDED_KEPT = 20_000  # elided texts remembered between paints before the store is emptied


@dataclass(frozen=True)
class Column:
    logical: int
    left: int
    width: int
    align: str  # "left", "right" or "center"


@dataclass(frozen=True)
class Colours:
    base: QColor
    alternate: QColor
    highlight: QColor
    text: QColor
    highlighted_text: QColor
    grid: QColor


class RowPainter:
    """Draws the visible rows of a results table; one instance per view."""

    def __init__(self, view: QTableView, *, aligns: dict[int, str], runs_column: int):
        self._view = view
        self._aligns = aligns
        self._runs_column = runs_column
        self._elided: dict[tuple[str, int, bool], tuple[str, int]] = {}

    def forget_text_sizes(self) -> None:
        """The font changed: elided texts and their widths must be measured again."""
        self._elided.clear()

    def paint(self, painter: QPainter, area: QRect, rows) -> None:
        """Paint the rows that cross ``area``; ``rows(row)`` gives ``(cells, runs)`` or None."""
        view = self._view
        first = view.rowAt(area.top())
        if first < 0:
            return
        last = view.rowAt(area.bottom())
        last = view.model().rowCount() - 1 if last < 0 else last
        columns = self._visible_columns(area)
        colours = self._colours()
        height = view.verticalHeader().defaultSectionSize()
        top = view.rowViewportPosition(first)
        fonts = _Fonts(view.font())
        selected_rows = _selected_rows(view.selectionModel(), first, last)
        for row in range(first, last + 1):
            y = top + (row - first) * height
            selected = row in selected_rows
            self._paint_background(painter, area, y, height, row, selected, colours)
            found = rows(row)
            if found is not None:
                painter.setPen(colours.highlighted_text if selected else colours.text)
                self._paint_cells(painter, columns, y, height, found, fonts)
        self._paint_grid(painter, area, columns, first, last, top, height, colours)
        self._paint_focus(painter, first, last, top, height, area)

    # -- parts of a paint -----------------------------------------------------------------------

    def _visible_columns(self, area: QRect) -> list[Column]:
        header = self._view.horizontalHeader()
        out = []
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if header.isSectionHidden(logical):
                continue
            left, width = header.sectionViewportPosition(logical), header.sectionSize(logical)
            if left + width >= area.left() and left <= area.right() and width > 0:
                out.append(Column(logical, left, width, self._aligns.get(logical, "left")))
        return out

    def _colours(self) -> Colours:
        view = self._view
        palette = view.palette()
        if not view.isEnabled():
            group = QPalette.ColorGroup.Disabled
        elif view.isActiveWindow():
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole
        option = QStyleOptionViewItem()
        option.initFrom(view)
        grid = view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view)
        return Colours(palette.color(group, role.Base), palette.color(group, role.AlternateBase),
                       palette.color(group, role.Highlight), palette.color(group, role.Text),
                       palette.color(group, role.HighlightedText),
                       QColor.fromRgba(grid & 0xFFFFFFFF) if grid else palette.color(role.Mid))

    def _paint_background(self, painter, area, y, height, row, selected, colours) -> None:
        if selected:
            colour = colours.highlight
        elif self._view.alternatingRowColors() and row % 2:
            colour = colours.alternate
        else:
            colour = colours.base
        painter.fillRect(area.left(), y, area.width(), height, colour)

    def _paint_cells(self, painter, columns, y, height, found, fonts) -> None:
        cells, runs = found
        baseline = y + (height - fonts.metrics.height()) // 2 + fonts.metrics.ascent()
        for column in columns:
            room = column.width - 2 * TEXT_PADDING
            if room <= 0:
                continue
            if column.logical == self._runs_column and runs:
                self._paint_runs(painter, column, baseline, runs, fonts)
                continue
            text = cells[column.logical]
            if not text:
                continue
            shown, width = self._fit(text, room, False, fonts)
            x = column.left + TEXT_PADDING
            if column.align == "right":
                x += room - width
            elif column.align == "center":
                x += (room - width) // 2
            painter.drawText(x, baseline, shown)

    def _paint_runs(self, painter, column, baseline, runs, fonts) -> None:
        """A snippet run by run, matches in bold, the last visible run elided."""
        x = column.left + TEXT_PADDING
        right = column.left + column.width - TEXT_PADDING
        for text, bold in runs:
            room = right - x
            if room <= 0:
                break
            shown, width = self._fit(text, room, bold, fonts)
            painter.setFont(fonts.bold if bold else fonts.plain)
            painter.drawText(x, baseline, shown)
            x += width
        painter.setFont(fonts.plain)

    def _fit(self, text: str, room: int, bold: bool, fonts) -> tuple[str, int]:
        key = (text, room, bold)
        found = self._elided.get(key)
        if found is None:
            metrics = fonts.bold_metrics if bold else fonts.metrics
            width = metrics.horizontalAdvance(text)
            if width > room:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
                width = metrics.horizontalAdvance(text)
            if len(self._elided) >= ELIDED_KEPT:
                self._elided.clear()
            found = self._elided[key] = (text, width)
        return found

    def _paint_grid(self, painter, area, columns, first, last, top, height, colours) -> None:
        if not self._view.showGrid():
            return
        bottom = top + (last - first + 1) * height - 1
        lines = [QLine(c.left + c.width - 1, area.top(), c.left + c.width - 1, bottom)
                 for c in columns]
        lines += [QLine(area.left(), top + (i + 1) * height - 1,
                        area.right(), top + (i + 1) * height - 1)
                  for i in range(last - first + 1)]
        painter.setPen(colours.grid)
        painter.drawLines(lines)

    def _paint_focus(self, painter, first, last, top, height, area) -> None:
        view = self._view
        current = view.currentIndex()
        if not view.hasFocus() or not current.isValid() or not first <= current.row() <= last:
            return
        option = QStyleOptionFocusRect()
        option.initFrom(view)
        option.rect = QRect(area.left(), top + (current.row() - first) * height,
                            area.width(), height - 1)
        option.backgroundColor = view.palette().color(QPalette.ColorRole.Highlight)
        view.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter,
                                   view)


class _Fonts:
    def __init__(self, font: QFont):
        self.plain = font
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.metrics = QFontMetrics(self.plain)
        self.bold_metrics = QFontMetrics(self.bold)


def _selected_rows(selection, first: int, last: int) -> set[int]:
    """The rows from ``first`` to ``last`` that are selected, read from the selection's ranges
    once (asking row by row makes Qt ask the model each cell's flags: 90 µs a row)."""
    rows: set[int] = set()
    for picked in selection.selection() if selection is not None else ():
        rows.update(range(max(picked.top(), first), min(picked.bottom(), last) + 1))
    return rows
