"""The navigator's tree: library views with counts, sources, bookmarks and saved searches."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from db import Library
from desktop.common.formatting import KIND_PLURALS, one_line, tooltip_html

PLACE_ROLE = Qt.ItemDataRole.UserRole + 10


@dataclass(frozen=True)
class Place:
    """Where the navigator can take the user: ``kind`` is all|kind|source|dataset|bookmarks|
    saved|chart."""

    kind: str
    value: str = ""


class NavigatorModel(QStandardItemModel):
    """Rebuilt from the library with ``refresh()``; each item carries a ``Place``."""

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self._library = library
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        counts = self._library.kind_counts()
        library = _group("Library")
        library.appendRow(_item(f"All ({sum(counts.values()):,})", Place("all")))
        for kind, plural in KIND_PLURALS.items():
            library.appendRow(_item(f"{plural} ({counts.get(kind, 0):,})", Place("kind", kind)))
        sources = _group("Sources")
        for source in self._library.sources():
            sources.appendRow(_item(f"{one_line(source['title'])} ({source['entries']})",
                                    Place("source", source["id"])))
        for dataset in self._library.imported_datasets():  # what source:NAME finds too
            item = _item(f"{one_line(dataset['dataset'])} ({dataset['entries']:,})",
                         Place("dataset", dataset["dataset"]))
            item.setToolTip(tooltip_html(f"Imported dataset: {dataset['dataset']}"))
            sources.appendRow(item)
        marks = self._library.bookmarks()
        bookmarks = _group(f"Bookmarks ({len(marks)})", Place("bookmarks"))
        for tag, count in self._library.bookmark_tags():
            bookmarks.appendRow(_item(f"#{one_line(tag)} ({count})", Place("bookmarks", tag)))
        saved = _group("Saved searches")
        for search in self._library.saved_searches():
            item = _item(one_line(search["name"]), Place("saved", search["name"]))
            item.setToolTip(tooltip_html(search["query"]))
            saved.appendRow(item)
        charts = _group("Charts")
        for chart in self._library.charts():
            item = _item(one_line(chart["name"]), Place("chart", chart["name"]))
            item.setToolTip(tooltip_html(f"Link chart of {chart['nodes']:,} entries"))
            charts.appendRow(item)
        for group in (library, sources, bookmarks, saved, charts):
            self.appendRow(group)

    def index_of(self, place: Place):
        """The model index showing ``place``, or an invalid index."""
        for row in range(self.rowCount()):
            group = self.item(row)
            if group.data(PLACE_ROLE) == place:
                return group.index()
            for child_row in range(group.rowCount()):
                child = group.child(child_row)
                if child.data(PLACE_ROLE) == place:
                    return child.index()
        return self.index(-1, -1)


def _group(title: str, place: Place | None = None) -> QStandardItem:
    item = QStandardItem(title)
    item.setEditable(False)
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    if place is None:
        item.setSelectable(False)
    else:
        item.setData(place, PLACE_ROLE)
    return item


def _item(title: str, place: Place) -> QStandardItem:
    item = QStandardItem(title)
    item.setEditable(False)
    item.setData(place, PLACE_ROLE)
    return item
