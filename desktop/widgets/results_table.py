"""The results table view: rows painted in one pass (matches in bold in the Match column); the
star toggles a bookmark."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.models.results_model import ResultsModel, column_of
from desktop.widgets.results_painter import RowPainter

DEFAULT_WIDTHS = {"star": 26, "title": 250, "kind": 120, "date": 118, "value": 70,
                  "status": 90, "parties": 180, "snippet": 360}


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
        self._row_painter = RowPainter(
            self, aligns={column_of("value"): "right", column_of("star"): "center"},
            runs_column=column_of("snippet"))
        header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.clicked.connect(self._on_clicked)

    def paintEvent(self, event):  # noqa: N802 (Qt override)
        painter = QPainter(self.viewport())
        self._row_painter.paint(painter, event.rect(), self.results_model().painted_row)
        painter.end()

    def changeEvent(self, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FontChange:
            self._row_painter.forget_text_sizes()
        super().changeEvent(event)

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
