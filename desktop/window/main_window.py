"""The main window: composes the panes and wires them to one navigation signal.

It does not format, query or dispatch on types: panes and models do their own work. At start-up
the window first paints its frame (title, size, "Opening …") and is given its library just after
(``attach``): the library layer and the panes are imported then, not before the first sight.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow

from db.errors import LibraryError
from desktop.window import settings, window_state
from desktop.window.first_paint import after_first_paint, set_start_up_aside
from desktop.window.navigation import Navigator
from desktop.window.result_status import status_text

if TYPE_CHECKING:
    from db import Library

RESULTS_PAGE, BOOKMARKS_PAGE = 0, 1
FIRST_PAGE = 256  # rows a query shows at once; a worker brings the rest


class MainWindow(QMainWindow):
    """Roadbook's window over one open ``Library``."""

    attached_library = Signal()  # the window has its library and its panes (see ``attach``)

    def __init__(self, *, library: Library | None, open_library: Callable[..., object],
                 opening: str = "", parent=None):
        """``open_library(path, read_only=False)`` opens another library in a window of its own
        (the composition root's), for File → Open Library and a restore that replaced the file.
        Without a ``library`` the window is only its frame, saying it is ``opening`` that file,
        until ``attach`` gives it one."""
        super().__init__(parent)
        self.library: Library | None = None
        self.open_library = open_library
        self.navigator = Navigator(self)
        self._scope = ""  # a query fragment from the navigator (kind:…, source:…)
        self._order: tuple[str, bool] = ("", False)
        self._query = ""
        self.last_result = None
        self._holding_load = False  # while the restored query runs: see _restore_state
        self._waiting_load: tuple | None = None  # its whole-set load, started after the paint
        window_state.restore_geometry(self)
        if library is not None:
            self.attach(library)
        else:
            self._show_opening(opening)

    def _show_opening(self, name: str) -> None:
        """The frame painted at start-up: its title, and its status line saying what comes.
        (Nothing in the middle: a central widget's first layout alone costs some 20 ms.)"""
        self.setWindowTitle(f"Roadbook — {name}" if name else "Roadbook")
        self.statusBar().showMessage(f"Opening {name}…" if name else "Opening the library…")

    def show_unopened(self, name: str) -> None:
        """The library could not be opened: say so where "Opening …" was."""
        if not self.attached:
            self.statusBar().showMessage(f"{name} could not be opened: an unexpected error, "
                                         "written to Roadbook's log.")

    def attach(self, library: Library) -> None:
        """Show ``library``: build the panes over it and put back the last session's layout."""
        from desktop.window import panes

        self.library = library
        self.statusBar().clearMessage()
        self.setWindowTitle(f"Roadbook — {library.path.name}"
                            + (" (read-only)" if library.read_only else ""))
        panes.build(self)
        self._connect_signals()
        self._restore_state()
        self.attached_library.emit()

    @property
    def attached(self) -> bool:
        """Whether the window has its library and panes (not only its frame)."""
        return self.library is not None

    # -- building -----------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        a = self.actions
        a["find"].triggered.connect(self._on_find)
        a["goto"].triggered.connect(self._on_goto)
        a["toggle_bookmark"].triggered.connect(self.detail_pane.toggle_bookmark)
        a["back"].triggered.connect(self.navigator.back)
        a["forward"].triggered.connect(self.navigator.forward)
        a["show_results"].triggered.connect(lambda: self.show_page(RESULTS_PAGE))
        a["show_bookmarks"].triggered.connect(lambda: self.show_page(BOOKMARKS_PAGE))
        a["quit"].triggered.connect(self.close)
        a["about"].triggered.connect(self._on_about)
        a["query_help"].triggered.connect(self._on_query_help)
        a["open_library"].triggered.connect(self._on_open_library)
        self.search_field.query_changed.connect(self._on_query_changed)
        self.search_field.query_committed.connect(self._on_query_committed)
        self.results_model.sort_requested.connect(self._on_sort_requested)
        self.result_loader.loaded.connect(self._on_full_results)
        self.result_loader.failed.connect(self.show_error)
        self.results_table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.nav_view.selectionModel().currentChanged.connect(self._on_place_changed)
        self.navigator.current_changed.connect(self._on_current_changed)
        self.navigator.history_changed.connect(self._update_history_actions)
        self._update_history_actions()
        self.detail_pane.entry_link_clicked.connect(self.navigator.go)
        self.detail_pane.citation_clicked.connect(self.source_reader.show_citation)
        self.detail_pane.error.connect(self.show_error)
        self.source_reader.entry_link_clicked.connect(self.navigator.go)
        self.timeline_dock.entry_activated.connect(self.navigator.go)
        self.timeline_dock.range_selected.connect(self._on_time_range_selected)
        self.link_chart_dock.entry_activated.connect(self.navigator.go)
        self.link_chart_dock.charts_changed.connect(self.refresh_navigator)
        self.link_chart_dock.error.connect(self.show_error)
        after_first_paint(self.results_table.viewport(), self._on_first_paint)
        self.bookmarks_view.entry_activated.connect(self.navigator.go)
        self.bookmarks_view.error.connect(self.show_error)

    def _on_first_paint(self) -> None:
        """The window is on screen: start what was held back so that it painted sooner."""
        set_start_up_aside()
        if self._waiting_load is not None:
            text, order, descending = self._waiting_load
            self._waiting_load = None
            self.result_loader.request(text, order=order, descending=descending)
        self.timeline_dock.preload()
        self.link_chart_dock.preload()

    @property
    def timeline_panel(self):
        """The timeline in the bottom dock (built on first use)."""
        return self.timeline_dock.panel

    # -- state --------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        window_state.restore_panes(self)
        # The restored query shows its first page at once; loading the whole set on a worker
        # would slow the first paint (they share the interpreter), so it starts just after it.
        # Any query run before then starts its load at once and drops this one.
        self._holding_load = True
        try:
            self.search_field.set_query(window_state.last_query())
        finally:
            self._holding_load = False

    def save_state(self) -> None:
        window_state.save_layout(self)

    def closeEvent(self, event):  # noqa: N802 (Qt override)
        if not self.attached:  # closed while opening: nothing of this session to keep
            super().closeEvent(event)
            return
        self.detail_pane.save_note()
        self.save_state()
        self.result_loader.shutdown()
        self.timeline_dock.shutdown()
        self.link_chart_dock.shutdown()
        super().closeEvent(event)

    # -- searching ----------------------------------------------------------------------------

    def run_query(self) -> None:
        """Run the search field's query within the navigator's scope and show the results."""
        text = self.effective_query()
        order, descending = self._order[0] or None, self._order[1]
        self._started = time.perf_counter()
        try:
            result = self.library.results(text, order=order, descending=descending,
                                          limit=FIRST_PAGE, typing=True)
        except LibraryError as exc:
            self.show_error(str(exc))
            return
        self.results_model.set_results(result)
        self._waiting_load = None
        if result.complete:
            self.result_loader.cancel()
        elif self._holding_load:
            self._waiting_load = (text, order, descending)
        else:
            self.result_loader.request(text, order=order, descending=descending)
        self._show_result(result)
        self._reselect_current()

    def _on_full_results(self, result) -> None:
        self.results_model.complete_results(result)
        self._show_result(result)

    def _show_result(self, result) -> None:
        """The count and the hints; the whole set's, once the worker brings it (a query
        stopped on the UI thread corrects its misspelt words there)."""
        self.last_result = result
        elapsed_ms = (time.perf_counter() - self._started) * 1000
        self.count_label.setText(status_text(result, elapsed_ms))
        hints = " ".join(result.hints)
        self.hint_label.setText(hints)
        self.hint_label.setVisible(bool(hints))
        self.results_changed(result)

    def results_changed(self, result) -> None:
        """Panes that follow the result set: the timeline shows the whole set once it is in."""
        self.timeline_dock.show_results(result)
        self.link_chart_dock.show_results(result)

    def _on_query_changed(self, text: str) -> None:
        self._query = text
        if self.center.currentIndex() != RESULTS_PAGE:
            self.show_page(RESULTS_PAGE)
        self.run_query()

    def _on_time_range_selected(self, fragment: str) -> None:
        """A range dragged on the timeline narrows the query to those dates."""
        self.search_field.set_query(f"{self._query} {fragment}".strip())

    def _on_query_committed(self, text: str) -> None:
        self.search_field.set_recent(settings.remember_query(text))

    def _on_sort_requested(self, key: str, descending: bool) -> None:
        self._order = (key, descending)
        self.run_query()

    def _reselect_current(self) -> None:
        current = self.navigator.current
        row = self.results_model.row_of_entry(current) if current else None
        if row is not None:  # selecting it again asks the navigator for the entry it shows
            self.results_table.select_row(row)

    # -- navigation ---------------------------------------------------------------------------

    def _on_row_changed(self, current, _previous) -> None:
        entry_id = self.results_model.entry_id_at(current)
        if entry_id:
            self.navigator.go(entry_id)

    def _on_current_changed(self, entry_id: str) -> None:
        self.detail_pane.show_entry(entry_id)
        self.source_reader.show_entry(entry_id)
        row = self.results_model.row_of_entry(entry_id)
        selected = self.results_model.entry_id_at(self.results_table.currentIndex())
        if row is not None and selected != entry_id:
            self.results_table.select_row(row)
        self.current_entry_changed(entry_id)

    def current_entry_changed(self, entry_id: str) -> None:
        """Panes that follow the current entry beyond the detail pane and source reader."""
        self.timeline_dock.show_current(entry_id)
        self.link_chart_dock.show_current(entry_id)

    def _update_history_actions(self) -> None:
        self.actions["back"].setEnabled(self.navigator.can_go_back())
        self.actions["forward"].setEnabled(self.navigator.can_go_forward())

    def _on_place_changed(self, index, _previous) -> None:
        from desktop.models.navigator_model import PLACE_ROLE, Place

        place = index.data(PLACE_ROLE) if index.isValid() else None
        if not isinstance(place, Place):
            return
        if place.kind == "bookmarks":
            self.bookmarks_view.show_tag(place.value or None)
            self.show_page(BOOKMARKS_PAGE)
            return
        if place.kind == "chart":
            self.link_chart_dock.open_chart(place.value)
            return
        if place.kind == "saved":
            self.search_field.set_query(self._saved_query(place.value))
            self._scope = ""
        else:
            self._scope = {"all": "", "kind": f"kind:{place.value}",
                           "source": f'source:"{place.value}"',
                           "dataset": f'source:"{place.value}"'}[place.kind]
            if place.kind == "source":
                self.source_reader.show_source(place.value, entry_id=self.navigator.current)
                self.side_column.show_source()
        self.show_page(RESULTS_PAGE)
        self.run_query()

    def _saved_query(self, name: str) -> str:
        return next((s["query"] for s in self.library.saved_searches() if s["name"] == name), "")

    def show_page(self, page: int) -> None:
        self.center.setCurrentIndex(page)
        if page == BOOKMARKS_PAGE:  # another copy of Roadbook may have changed them
            self.bookmarks_view.refresh()
            self.refresh_navigator()

    # -- the navigator ------------------------------------------------------------------------

    def refresh_navigator(self) -> None:
        self.nav_view.refresh()

    # -- small actions ------------------------------------------------------------------------

    def effective_query(self) -> str:
        """The query as run: the search field's text within the navigator's scope."""
        return f"{self._query} {self._scope}".strip()

    def selected_ids(self) -> list[str]:
        """The entries selected in the page on show (results or bookmarks)."""
        if self.center.currentIndex() == BOOKMARKS_PAGE:
            return self.bookmarks_view.selected_ids()
        return self.results_table.selected_ids()

    def library_changed(self, message: str) -> None:
        """Entries came or went (an import or its undo): every pane reads the library again."""
        self.refresh_navigator()
        self.run_query()
        self.detail_pane.refresh()
        self.bookmarks_view.refresh()
        self.statusBar().showMessage(message, 8000)

    def _on_find(self) -> None:
        self.show_page(RESULTS_PAGE)
        from PySide6.QtCore import Qt

        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _on_about(self) -> None:
        from desktop.window.dialogs import show_about

        show_about(self, self.library)

    def _on_query_help(self) -> None:
        from desktop.window.dialogs import show_query_help

        show_query_help(self)

    def _on_goto(self) -> None:
        from desktop.widgets.goto_dialog import GotoDialog

        dialog = GotoDialog(library=self.library, parent=self)
        if dialog.exec() and dialog.chosen_id:
            self.navigator.go(dialog.chosen_id)

    def _on_open_library(self) -> None:
        from desktop.common.library_files import choose_library_file

        path = choose_library_file(self)
        if path is not None:
            self.open_library(path)

    def show_error(self, message: str) -> None:
        """A problem the user can act on: shown in the status bar, never blocking."""
        self.statusBar().showMessage(message, 10000)
