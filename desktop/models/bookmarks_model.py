"""The bookmarks list: entry, tags and note for each bookmark, missing entries marked."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from db import Library
from desktop.common.formatting import kind_label, one_line, tooltip_html

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Title", "Kind", "Tags", "Note", "Bookmarked")


class BookmarksModel(QAbstractTableModel):
    """Bookmarks, newest first, optionally only those with one tag."""

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self._library = library
        self._tag: str | None = None
        self._marks: list[dict] = []
        self.refresh()

    @property
    def tag(self) -> str | None:
        return self._tag

    def set_tag(self, tag: str | None) -> None:
        self._tag = tag or None
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._marks = self._library.bookmarks(tag=self._tag)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._marks)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._marks):
            return None
        mark = self._marks[index.row()]
        if role == ENTRY_ID_ROLE:
            return mark["id"]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(index.column(), mark)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 3 and mark["note"]:
                return tooltip_html(mark["note"])
            if not mark["exists"]:
                return "This entry is no longer in the library; the bookmark is kept."
        if role == Qt.ItemDataRole.FontRole and not mark["exists"]:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        return None

    def entry_id_at(self, index: QModelIndex) -> str | None:
        if not index.isValid() or not 0 <= index.row() < len(self._marks):
            return None
        return self._marks[index.row()]["id"]


def _cell(column: int, mark: dict) -> str:
    if column == 0:
        title = one_line(mark["title"])
        return title if mark["exists"] else f"{title} (no longer in the library)"
    if column == 1:
        return kind_label(mark["kind"]) if mark["exists"] else "—"
    if column == 2:
        return ", ".join(mark["tags"])
    if column == 3:
        return one_line(mark["note"], 200)
    if column == 4:
        return mark["created_at"][:10]
    return ""
