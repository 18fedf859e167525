"""Keeping every pane that shows bookmarks in step: the results' ★ column, the detail pane's
bookmark bar, the bookmarks page and the navigator's counts. Built by ``MainWindow``."""

from __future__ import annotations

from PySide6.QtCore import QObject

from db import LibraryError, NotFoundError


class BookmarkSync(QObject):
    """A bookmark changed in one pane: the others read it again."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        window.results_table.star_clicked.connect(self._on_star_clicked)
        window.detail_pane.bookmark_changed.connect(self._on_bookmark_changed)
        window.bookmarks_view.bookmarks_changed.connect(self._on_bookmarks_removed)

    def _on_star_clicked(self, entry_id: str) -> None:
        window = self._window
        try:
            if window.library.get_bookmark(entry_id) is None:
                window.library.bookmark(entry_id)
            else:
                window.library.unbookmark(entry_id)
        except (LibraryError, NotFoundError) as exc:
            window.show_error(f"Could not change the bookmark: {exc}")
            return
        self._on_bookmark_changed(entry_id)
        if entry_id == window.detail_pane.entry_id:
            window.detail_pane.refresh()

    def _on_bookmark_changed(self, _entry_id: str) -> None:
        self._window.results_model.refresh_rows()
        self._window.bookmarks_view.refresh()
        self._window.refresh_navigator()

    def _on_bookmarks_removed(self) -> None:
        self._window.results_model.refresh_rows()
        self._window.detail_pane.refresh()
        self._window.refresh_navigator()
