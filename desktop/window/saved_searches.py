"""Saving the current query by name (File → Save Search) and deleting saved searches and saved
link charts from the navigator's context menu. Built by ``MainWindow``."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QMenu

from db import InvalidValueError, LibraryError, NotFoundError
from desktop.models.navigator_model import PLACE_ROLE, Place


class SavedSearches(QObject):
    """The window's saved-search commands."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        window.actions["save_search"].triggered.connect(self.save_current)
        window.nav_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.nav_view.customContextMenuRequested.connect(self._on_navigator_menu)

    def save_current(self) -> None:
        window = self._window
        query = window.search_field.text().strip()
        if not query:
            window.show_error("Type a query first, then save it.")
            return
        name, ok = QInputDialog.getText(window, "Save Search", "Name for this search:",
                                        text=query[:60])
        if not ok or not name.strip():
            return
        try:
            window.library.save_search(name, query)
        except (LibraryError, InvalidValueError, ValueError) as exc:
            window.show_error(f"Could not save the search: {exc}")
            return
        window.refresh_navigator()
        window.statusBar().showMessage(f"Saved search “{name.strip()}”", 4000)

    def _on_navigator_menu(self, pos) -> None:
        window = self._window
        place = window.nav_view.indexAt(pos).data(PLACE_ROLE)
        if not isinstance(place, Place) or place.kind not in ("saved", "chart"):
            return
        menu = QMenu(window)
        what = "saved search" if place.kind == "saved" else "chart"
        remove = menu.addAction(f"Delete {what} “{place.value}”")
        if menu.exec(window.nav_view.viewport().mapToGlobal(pos)) is remove:
            self.delete(place)

    def delete(self, place: Place) -> None:
        """Delete a saved search or a saved chart from the library and the navigator."""
        window = self._window
        try:
            if place.kind == "chart":
                window.library.delete_chart(place.value)
            else:
                window.library.delete_saved_search(place.value)
        except (LibraryError, NotFoundError) as exc:
            window.show_error(str(exc))
        window.refresh_navigator()
