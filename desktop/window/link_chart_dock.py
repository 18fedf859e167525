"""The dock beside the timeline that holds the link chart (View → Link Chart, Ctrl+G).

The chart needs numpy, so its panel is made only when the dock is first shown, after the
window's first paint. While the dock is hidden it follows nothing; shown, it charts the whole
result set a moment after the table, and highlights the current entry at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from db import Library, LibraryError, NotFoundError
from desktop.window.preload import Preloader

CHART_MODULES = ("numpy", "desktop.linkchart.panel")
FOLLOW_MS = 60  # the chart follows a new result set this long after the table
MIN_WIDTH = 420


class LinkChartDock(QDockWidget):
    """The link chart's dock; ``panel`` is the ``LinkChartPanel`` in it (made on first use)."""

    entry_activated = Signal(str)  # a node or line was clicked: make its entry current
    charts_changed = Signal()  # a chart was saved: the navigator lists it
    error = Signal(str)

    def __init__(self, *, library: Library, parent=None):
        super().__init__("Link Chart", parent)
        self.setObjectName("linkChart")
        self.setAccessibleName("Link chart")
        self._library = library
        self._panel = None
        self._result = None  # the last whole result set, to chart when shown
        self._charted = None  # the result set on the chart
        self._current: str | None = None
        self._ready = False  # the chart's modules are in (never imported before the first paint)
        self._follow = QTimer(self, singleShot=True, interval=FOLLOW_MS)
        self._follow.timeout.connect(self._show_results)
        self.visibilityChanged.connect(self._on_visibility_changed)

    @property
    def panel(self):
        self.build()
        return self._panel

    def preload(self) -> None:
        """Import the chart's modules off the UI thread (after the first paint)."""
        preloader = Preloader(CHART_MODULES, parent=self)
        preloader.loaded.connect(self._on_preloaded)
        preloader.start()

    def _on_preloaded(self) -> None:
        self._ready = True
        if self.isVisible():
            self._on_visibility_changed(True)

    def build(self) -> None:
        if self._panel is not None:
            return
        from desktop.linkchart.panel import LinkChartPanel

        panel = LinkChartPanel(library=self._library, parent=self)
        self._panel = panel
        self.setWidget(panel)
        panel.view.entry_activated.connect(self.entry_activated)
        panel.charts_changed.connect(self.charts_changed)
        panel.view.set_current(self._current)
        self._show_results()

    def show_results(self, result) -> None:
        """Chart ``result`` once it is whole (and the dock is on show)."""
        if result.complete:
            self._result = result
            if self._panel is not None and self.isVisible():
                self._follow.start()

    def show_current(self, entry_id: str) -> None:
        self._current = entry_id
        if self._panel is not None:
            self._panel.view.set_current(entry_id)

    def open_chart(self, name: str) -> None:
        """Show the dock with the chart saved as ``name``."""
        self.show()
        self.raise_()
        try:
            self.panel.open_chart(name)
        except (LibraryError, NotFoundError, ValueError) as exc:
            self.error.emit(f"Could not open the chart: {exc}")
            return
        self._charted = self._result  # a new search replaces it, not this one

    def shutdown(self) -> None:
        if self._panel is not None:
            self._panel.shutdown()

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and (self._ready or self._panel is not None):
            self.build()
            self._make_room()
            self._follow.start()

    def _make_room(self) -> None:
        """Beside the timeline the chart first gets half the width, not a sliver."""
        window = self.parentWidget()
        if self.isFloating() or self.width() >= MIN_WIDTH or window is None:
            return
        window.resizeDocks([self], [max(window.width() // 2, MIN_WIDTH)],
                           Qt.Orientation.Horizontal)

    def _show_results(self) -> None:
        result = self._result
        if result is None or self._panel is None or result is self._charted:
            return
        self._charted = result
        query = getattr(result.query, "text", "")
        self._panel.show_results(result.nums, total=result.total, query=str(query or ""))
