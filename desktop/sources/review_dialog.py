"""The review of a source's suggestions, as a queue: accept or reject the selected ones, or
every occurrence of the same words at once; hidden ones can be shown with the reason. Every
decision is kept in the library at once. Accepting a name the library does not know asks for
the entry editor instead: the name is accepted when its new entry is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from db import Library, RoadbookError
from desktop.common.formatting import neutralised
from desktop.sources.suggestions_model import SuggestionsModel

STATUS_FILTERS = (("Pending", "pending"), ("Accepted", "accepted"), ("Rejected", "rejected"),
                  ("All", None))


class SuggestionReview(QDialog):
    """Review one source's suggestions; ``decided`` says the library changed."""

    decided = Signal(str)  # the source id
    entry_activated = Signal(str)
    error = Signal(str)
    new_entry_requested = Signal(str, int, bool)  # source id, a name's number, every occurrence

    def __init__(self, *, library: Library, source_id: str, parent=None):
        super().__init__(parent)
        self.setObjectName("suggestionReview")
        self._library = library
        self.source_id = source_id
        self.model = SuggestionsModel(self)
        self._build()
        self._connect_signals()
        self.refresh()

    def _build(self) -> None:
        title = next((s["title"] for s in self._library.sources()
                      if s["id"] == self.source_id), self.source_id)
        self.setWindowTitle(f"Suggestions — {neutralised(title)}")
        self.status_filter = QComboBox(self)
        for label, value in STATUS_FILTERS:
            self.status_filter.addItem(label, value)
        self.show_hidden = QCheckBox("Show &hidden", self)
        self.table = QTableView(self)
        self.table.setObjectName("suggestionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.quote = QLabel(self)
        self.quote.setObjectName("suggestionQuote")
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setWordWrap(True)
        self.buttons = {key: QPushButton(label, self) for key, label in (
            ("accept", "&Accept"), ("reject", "&Reject"),
            ("accept_all", "Accept &Every Occurrence"), ("reject_all", "Reject E&very Occurrence"),
            ("goto", "&Go to Entry"))}
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:", self))
        top.addWidget(self.status_filter)
        top.addWidget(self.show_hidden)
        top.addStretch(1)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.quote)
        layout.addLayout(row)
        self.resize(860, 520)

    def _connect_signals(self) -> None:
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.show_hidden.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(self._go_to_entry)
        b = self.buttons
        b["accept"].clicked.connect(lambda: self.decide("accepted"))
        b["reject"].clicked.connect(lambda: self.decide("rejected"))
        b["accept_all"].clicked.connect(lambda: self.decide("accepted", every_occurrence=True))
        b["reject_all"].clicked.connect(lambda: self.decide("rejected", every_occurrence=True))
        b["goto"].clicked.connect(self._go_to_entry)
        QShortcut(QKeySequence("A"), self.table, lambda: self.decide("accepted"))
        QShortcut(QKeySequence("R"), self.table, lambda: self.decide("rejected"))

    def refresh(self) -> None:
        """Read the suggestions again with the filters shown."""
        status = self.status_filter.currentData()
        rows = self._library.suggestions(self.source_id, status=status)
        if not self.show_hidden.isChecked():
            rows = [r for r in rows if not r["hidden_reason"]]
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self._on_current_changed()

    def selected_rows(self) -> list[dict]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows if self.model.row_at(r)]

    def decide(self, status: str, *, every_occurrence: bool = False) -> None:
        """Decide the selected suggestions; the queue moves on to the next one. A new name
        accepted is not decided here: the entry editor opens for it (the first one selected)."""
        rows = self.selected_rows()
        if not rows:
            return
        new_names = [r["n"] for r in rows if status == "accepted" and _new_name(r)]
        numbers = [r["n"] for r in rows if r["n"] not in new_names]
        if numbers:
            self._decide(numbers, status, every_occurrence)
        if new_names:
            self.new_entry_requested.emit(self.source_id, new_names[0], every_occurrence)

    def _decide(self, numbers: list[int], status: str, every_occurrence: bool) -> None:
        next_row = max(i.row() for i in self.table.selectionModel().selectedRows())
        try:
            self._library.decide_suggestions(self.source_id, numbers, status,
                                             every_occurrence=every_occurrence)
        except RoadbookError as exc:
            self.error.emit(f"Could not decide: {exc}")
            return
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(min(next_row, self.model.rowCount() - 1)
                                 if self.status_filter.currentData() == "pending"
                                 else min(next_row + 1, self.model.rowCount() - 1))
        self.decided.emit(self.source_id)

    def _on_current_changed(self, *_args) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        self.quote.setText(neutralised(row["quote"]) if row else "Nothing to review here.")
        for key in ("accept", "reject", "accept_all", "reject_all"):
            self.buttons[key].setEnabled(row is not None)
        self.buttons["goto"].setEnabled(bool(row and row["entry_id"]))

    def _go_to_entry(self, *_args) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row and row["entry_id"]:
            self.entry_activated.emit(row["entry_id"])


def _new_name(row: dict) -> bool:
    """A name the library does not know: accepting it means writing its entry."""
    return row["kind"] == "name" and row["entry_id"] is None
