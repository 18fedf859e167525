"""The dock under the results that holds the timeline.

The timeline needs numpy, so its panel is made just after the window's first paint, once its
modules have been imported on a thread of their own (``preload``). It follows the result set a
moment after the table has painted it, and the current entry at once.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from db import Library
from desktop.window.preload import Preloader

TIMELINE_MODULES = ("numpy", "desktop.timeline")
FOLLOW_MS = 25  # the timeline follows a new result set this long after the table


class TimelineDock(QDockWidget):
    """The timeline's dock; ``panel`` is the ``TimelinePanel`` in it (made on first use)."""

    entry_activated = Signal(str)  # an item was chosen: make its entry current
    range_selected = Signal(str)  # a period was dragged: a query fragment for it

    def __init__(self, *, library: Library, parent=None):
        super().__init__("Timeline", parent)
        self.setObjectName("timelineDock")
        self.setAccessibleName("Timeline")
        self._library = library
        self._panel = None
        self._nums = None  # the whole result set to show, once it is in
        self._current: str | None = None
        self._follow = QTimer(self, singleShot=True, interval=FOLLOW_MS)
        self._follow.timeout.connect(self._show_results)

    @property
    def panel(self):
        self.build()
        return self._panel

    def preload(self) -> None:
        """Import the timeline off the UI thread, then make the panel."""
        preloader = Preloader(TIMELINE_MODULES, parent=self)
        preloader.loaded.connect(self.build)
        preloader.start()

    def build(self) -> None:
        if self._panel is not None:
            return
        from desktop.timeline import TimelinePanel

        panel = TimelinePanel(library=self._library, parent=self)
        self._panel = panel
        self.setWidget(panel)
        panel.view.entry_activated.connect(self.entry_activated)
        panel.view.range_selected.connect(self.range_selected)
        self._show_results()
        if self._current:
            panel.view.set_current(self._current)

    def show_results(self, result) -> None:
        """Show ``result`` once it is whole, a moment after the table (the table is what a
        keystroke is for; quick typing then redraws the timeline once, for the last result)."""
        self._nums = result.nums if result.complete else None
        if self._nums is not None and self._panel is not None:
            self._follow.start()

    def show_current(self, entry_id: str) -> None:
        self._current = entry_id
        if self._panel is not None:
            self._panel.view.set_current(entry_id)

    def shutdown(self) -> None:
        if self._panel is not None:
            self._panel.view.shutdown()

    def _show_results(self) -> None:
        if self._nums is not None and self._panel is not None:
            self._panel.view.set_results(self._nums)
