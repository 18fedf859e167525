"""The results table view: rows painted in one pass (matches in bold in the Match column); the
star toggles a bookmark."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.models.results_model import SNIPPET_ROLE, ResultsModel, column_of
from desktop.widgets.results_painter import RowPainter

STAR_WIDTH = 26
# Until the user sizes a column, every column fits the table's width: the title takes what the
# others leave; they fit their content (the rows on show) up to a cap in ems, the Match column
# a quarter of the width; a longer text is elided. The title keeps at least TITLE_SHARE of the
# width, and TITLE_MIN_EM.
CAP_EM = {"kind": 10, "date": 8, "value": 6, "status": 7, "parties": 12}
SNIPPET_SHARE, SNIPPET_EM = 0.25, (6, 24)
TITLE_MIN_EM, TITLE_SHARE = 11, 0.3
# When they do not all fit, these give up width first, down to these ems, in this order
# (dates, sums and statuses are short and read whole); the Match column gives way last while
# it shows the matches of a search.
GIVE_WAY_EM = {"snippet": 5, "parties": 6, "kind": 6}
GIVE_WAY_SEARCHING = ("parties", "kind", "snippet")
PADDING = 12
SAMPLED_ROWS = 64  # one page of the model: rows fetched for the first paint anyway


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
        header.setStretchLastSection(False)
        header.setSectionResizeMode(column_of("title"), QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(column_of("star"), STAR_WIDTH)
        self._fitting = True  # until the user sizes a column or their sizes come back
        self._fitted_width = -1
        self._fitted_matches = False
        header.sectionResized.connect(self._on_section_resized)
        model.modelReset.connect(self._on_results_reset)
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

    def resizeEvent(self, event):  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._fitting and self.viewport().width() != self._fitted_width:
            self.fit_columns()

    def restore_header(self, state) -> None:
        """Put back the columns as the user left them (then they are no longer fitted)."""
        header = self.horizontalHeader()
        if not state.isEmpty() and header.restoreState(state):
            self._fitting = False
            header.setSectionResizeMode(column_of("title"), QHeaderView.ResizeMode.Stretch)

    def fit_columns(self) -> None:
        """Size every column to the table's width, without a horizontal scroll bar."""
        available = self.viewport().width()
        self._fitted_width = available
        em = self.fontMetrics().height()
        widths = {key: self._content_width(key, cap * em) for key, cap in CAP_EM.items()}
        low, high = SNIPPET_EM
        widths["snippet"] = min(max(available * SNIPPET_SHARE, low * em), high * em)
        title = max(TITLE_MIN_EM * em, available * TITLE_SHARE)
        self._fitted_matches = self._shows_matches()
        order = GIVE_WAY_SEARCHING if self._fitted_matches else tuple(GIVE_WAY_EM)
        widths = _give_way(widths, available - STAR_WIDTH - title, em, order)
        self._fitting = False  # these resizes are not the user's
        try:
            for key, width in widths.items():
                self.setColumnWidth(column_of(key), int(width))
        finally:
            self._fitting = True

    def _content_width(self, key: str, cap: float) -> float:
        """The widest text of ``key``'s column among the first rows, with its header."""
        model, column, fm = self.results_model(), column_of(key), self.fontMetrics()
        header = model.headerData(column, Qt.Orientation.Horizontal) or ""
        widest = fm.horizontalAdvance(header) + PADDING * 2  # room for the sort arrow
        for row in range(min(model.rowCount(), SAMPLED_ROWS)):
            text = model.data(model.index(row, column)) or ""
            widest = max(widest, fm.horizontalAdvance(str(text)) + PADDING)
        return min(widest, cap)

    def _shows_matches(self) -> bool:
        """Whether the rows on show have matches of a search to show in the Match column."""
        model = self.results_model()
        return any(model.index(row, column_of("snippet")).data(SNIPPET_ROLE)
                   for row in range(min(model.rowCount(), SAMPLED_ROWS)))

    def _on_results_reset(self) -> None:
        """A search began or ended: the Match column gets its room, or gives it back."""
        if self._fitting and self.isVisible() and self._shows_matches() != self._fitted_matches:
            self.fit_columns()

    def _on_section_resized(self, logical: int, _old: int, _new: int) -> None:
        if self._fitting and logical != column_of("title") and self.isVisible():
            self._fitting = False  # the user sized a column: leave the widths to them

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


def _give_way(widths: dict[str, float], room: float, em: float,
              order: tuple[str, ...]) -> dict[str, float]:
    """``widths`` narrowed to fit ``room``: the long-text columns first, in ``order``, then all
    alike."""
    widths = dict(widths)
    for key in order:
        excess = sum(widths.values()) - room
        if excess <= 0:
            return widths
        least = min(GIVE_WAY_EM[key] * em, widths[key])
        widths[key] = max(widths[key] - excess, least)
    total = sum(widths.values())
    if total > room > 0:
        widths = {key: width * room / total for key, width in widths.items()}
    return widths
