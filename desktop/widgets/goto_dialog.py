"""Ctrl+K: jump to an entry by typing part of its name (in any script, typos forgiven)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from db import Library
from desktop.common.formatting import kind_label, one_line

MAX_CHOICES = 30


class GotoDialog(QDialog):
    """A small type-ahead list; ``chosen_id`` holds the entry picked."""

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self.setObjectName("gotoDialog")
        self.setWindowTitle("Go to entry")
        self.resize(520, 380)
        self._library = library
        self.chosen_id: str | None = None
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Type a name: Gazprom, Путин, 普京, Kazan…")
        self.choices = QListWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.choices)
        self.field.textChanged.connect(self._on_text_changed)
        self.field.returnPressed.connect(self._on_return)
        self.choices.itemActivated.connect(self._on_item_activated)
        self._on_text_changed("")

    def keyPressEvent(self, event):  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.field.hasFocus():
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.choices.count() - 1, self.choices.currentRow() + step))
            self.choices.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def _on_text_changed(self, text: str) -> None:
        self.choices.clear()
        if not text.strip():
            return
        result = self._library.search(text, limit=MAX_CHOICES, typing=True)  # bounded in time
        for hit in result["hits"]:
            item = QListWidgetItem(f"{one_line(hit['title'])}  —  {kind_label(hit['kind'])}")
            item.setData(Qt.ItemDataRole.UserRole, hit["id"])
            self.choices.addItem(item)
        if self.choices.count():
            self.choices.setCurrentRow(0)

    def _on_return(self) -> None:
        item = self.choices.currentItem()
        if item is not None:
            self._on_item_activated(item)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.chosen_id = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
