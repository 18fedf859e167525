"""File → Import History: every import batch with its counts; undo one in a single step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from db import Library, RoadbookError
from desktop.common.formatting import one_line

COLUMNS = ("Batch", "File", "Imported on", "Rows", "Imported", "Rejected", "Entries now")


class ImportHistoryDialog(QDialog):
    """Lists the library's import batches; ``batch_undone`` says one was removed."""

    batch_undone = Signal(int)
    compact_advised = Signal()  # the batch was more than a quarter of the library

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self.setObjectName("importHistory")
        self.setWindowTitle("Import History")
        self.resize(820, 360)
        self._library = library
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.empty_label = QLabel("Nothing has been imported into this library yet.", self)
        self.undo_button = QPushButton("Undo Import…", self)
        self.undo_button.setObjectName("undoImport")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.refresh()

    def refresh(self) -> None:
        batches = self._library.imports()
        self.table.setRowCount(len(batches))
        for row, batch in enumerate(batches):
            cells = (str(batch["batch"]), one_line(Path(batch["file"]).name, 60),
                     str(batch["created_at"])[:16].replace("T", " "), f"{batch['rows']:,}",
                     f"{batch['imported']:,}", f"{batch['rejected']:,}",
                     f"{batch['entries']:,}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, batch["batch"])
                item.setToolTip(None)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.empty_label.setVisible(not batches)
        self._on_selection_changed()

    def selected_batch(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def undo(self, batch: int) -> None:
        """Remove the batch and its entries (bookmarks on them are kept, marked missing)."""
        try:
            result = self._library.undo_import(batch, compact=False)  # compacted on a worker
        except RoadbookError as exc:
            QMessageBox.warning(self, "Undo Import", str(exc))
            return
        self.refresh()
        self.batch_undone.emit(batch)
        if result["compact_advised"]:
            self.compact_advised.emit()

    def _on_selection_changed(self) -> None:
        self.undo_button.setEnabled(self.selected_batch() is not None)

    def _on_undo_clicked(self) -> None:
        batch = self.selected_batch()
        if batch is None:
            return
        answer = QMessageBox.question(
            self, "Undo Import",
            f"Remove import batch {batch} and every entry it added? Your bookmarks are kept.")
        if answer == QMessageBox.StandardButton.Yes:
            self.undo(batch)
