"""The results table view: matches in bold in the Match column, the star toggles a bookmark."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from db.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN
from desktop.formatting import neutralised
from desktop.models.results_model import SNIPPET_ROLE, ResultsModel, column_of

DEFAULT_WIDTHS = {"star": 26, "title": 250, "kind": 120, "date": 118, "value": 70,
                  "status": 90, "parties": 180, "snippet": 360}


def snippet_runs(snippet: str) -> list[tuple[str, bool]]:
    """``(text, is_match)`` runs of a snippet whose matches sit between \\x02 and \\x03."""
    runs, bold = [], False
    text = neutralised(" ".join(snippet.split()))
    for part in re.split(f"([{HIGHLIGHT_OPEN}{HIGHLIGHT_CLOSE}])", text):
        if part == HIGHLIGHT_OPEN:
            bold = True
        elif part == HIGHLIGHT_CLOSE:
            bold = False
        elif part:
            runs.append((part, bold))
    return runs


class HighlightDelegate(QStyledItemDelegate):
    """Paints a search snippet with its matches in bold, run by run with the painter (no rich
    text: nothing in the snippet can act as markup, and a cell costs a few text draws)."""

    def paint(self, painter, option, index):
        snippet = index.data(SNIPPET_ROLE)
        if not snippet:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        rect = opt.rect.adjusted(4, 0, -4, 0)
        painter.setClipRect(rect)
        _draw_runs(painter, rect, snippet_runs(snippet), opt.font)
        painter.restore()


def _draw_runs(painter, rect, runs, font) -> None:
    bold = QFont(font)
    bold.setBold(True)
    x, right = rect.left(), rect.right()
    for text, is_match in runs:
        face = bold if is_match else font
        metrics = QFontMetrics(face)
        room = right - x
        if room <= 0:
            return
        width = metrics.horizontalAdvance(text)
        if width > room:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            width = room
        painter.setFont(face)
        painter.drawText(QRect(x, rect.top(), width + 1, rect.height()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        x += width


class ResultsTable(QTableView):
    """The middle table; ``star_clicked`` asks to toggle the bookmark of a row's entry."""

    star_clicked = Signal(str)

    def __init__(self, *, model: ResultsModel, parent=None):
        super().__init__(parent)
        self.setObjectName("resultsTable")
        self.setAccessibleName("Results")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(False)  # sorting is asked of the model by header clicks
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # relevance until a click
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for key, width in DEFAULT_WIDTHS.items():
            self.setColumnWidth(column_of(key), width)
        self.setItemDelegateForColumn(column_of("snippet"), HighlightDelegate(self))
        header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.clicked.connect(self._on_clicked)

    def results_model(self) -> ResultsModel:
        return self.model()

    def selected_ids(self) -> list[str]:
        model = self.results_model()
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [i for i in (model.entry_id_at(model.index(r, 0)) for r in rows) if i]

    def select_row(self, row: int) -> None:
        index = self.model().index(row, column_of("title"))
        self.selectionModel().setCurrentIndex(
            index, self.selectionModel().SelectionFlag.ClearAndSelect
            | self.selectionModel().SelectionFlag.Rows)
        self.scrollTo(index)

    def _on_sort_indicator_changed(self, column: int, order) -> None:
        self.results_model().sort(column, order)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == column_of("star"):
            entry_id = self.results_model().entry_id_at(index)
            if entry_id:
                self.star_clicked.emit(entry_id)
