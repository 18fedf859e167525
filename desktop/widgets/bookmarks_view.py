"""The Bookmarks view: every bookmark with its tags and note, a tag filter, bulk remove."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db import Library, LibraryError
from desktop.models.bookmarks_model import BookmarksModel

ALL_TAGS = "All tags"


class BookmarksView(QWidget):
    """Lists bookmarks; activating one emits ``entry_activated``."""

    entry_activated = Signal(str)
    bookmarks_changed = Signal()
    error = Signal(str)

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self.setObjectName("bookmarksView")
        self.setAccessibleName("Bookmarks")
        self._library = library
        self.model = BookmarksModel(library=library, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("bookmarksTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(0, 280)
        self.table.setColumnWidth(1, 70)
        self.table.setColumnWidth(2, 140)
        self.table.setColumnWidth(3, 320)
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("bookmarkTagFilter")
        self.remove_button = QPushButton("Remove selected", self)
        self.remove_button.setObjectName("removeBookmarks")
        self.remove_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.count_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:", self))
        top.addWidget(self.tag_filter)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.remove_button.clicked.connect(self.remove_selected)
        self.tag_filter.activated.connect(self._on_tag_chosen)

    def refresh(self) -> None:
        tag = self.model.tag
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(ALL_TAGS, "")
        for name, count in self._library.bookmark_tags():
            self.tag_filter.addItem(f"#{name} ({count})", name)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(tag or "")))
        self.tag_filter.blockSignals(False)
        if tag and self.tag_filter.findData(tag) < 0:
            tag = None
        self.model.set_tag(tag)
        self._update_count()

    def show_tag(self, tag: str | None) -> None:
        self.model.set_tag(tag)
        self.refresh()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.entry_id_at(self.model.index(r, 0)) for r in rows]

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            self._library.unbookmark(*ids)
        except LibraryError as exc:
            self.error.emit(f"Could not remove bookmarks: {exc}")
            return
        self.refresh()
        self.bookmarks_changed.emit()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n} bookmark{'s' if n != 1 else ''}")

    def _on_tag_chosen(self, index: int) -> None:
        self.show_tag(self.tag_filter.itemData(index) or None)

    def _on_activated(self, index) -> None:
        entry_id = self.model.entry_id_at(index)
        if entry_id:
            self.entry_activated.emit(entry_id)
