"""The results table view: matches in bold in the Match column, the star toggles a bookmark."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QRectF, QSize, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from desktop.formatting import highlighted_html
from desktop.models.results_model import SNIPPET_ROLE, ResultsModel, column_of

DEFAULT_WIDTHS = {"star": 26, "title": 250, "kind": 120, "date": 118, "value": 70,
                  "status": 90, "parties": 180, "snippet": 360}


class HighlightDelegate(QStyledItemDelegate):
    """Paints a search snippet with its matches in bold; the text itself is escaped."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._documents: OrderedDict[tuple, QTextDocument] = OrderedDict()

    def _document(self, snippet: str, font) -> QTextDocument:
        key = (snippet, font.key())
        doc = self._documents.get(key)
        if doc is None:
            doc = QTextDocument()
            doc.setDefaultFont(font)
            doc.setDocumentMargin(0)
            doc.setHtml(highlighted_html(" ".join(snippet.split())))
            self._documents[key] = doc
            if len(self._documents) > 300:
                self._documents.popitem(last=False)
        return doc

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
        doc = self._document(snippet, opt.font)
        painter.save()
        rect = opt.rect.adjusted(4, 0, -4, 0)
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        top = max(0.0, (rect.height() - doc.size().height()) / 2)
        painter.translate(0, top)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index):  # noqa: N802 (Qt override)
        base = super().sizeHint(option, index)
        return QSize(base.width(), base.height())


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
