"""Start-up work that can wait until the window is on screen.

``after_first_paint(widget, callback)`` calls ``callback`` once, from the event loop, just after
``widget`` first paints: work the user would not notice a moment later (a background load that
would compete with the paint for the interpreter, a pane that needs numpy) then no longer delays
the first sight of the window. A widget that is never painted (a minimised window) still gets
its callback after ``FALLBACK_MS``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]):
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._done = False
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._fire)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and not self._done:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._fire)  # once this paint has reached the screen
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._widget.removeEventFilter(self)
        self._callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, just after ``widget`` first paints (or after ``FALLBACK_MS``)."""
    _FirstPaint(widget, callback)


def set_start_up_aside() -> None:
    """What start-up made lives as long as the application: once, after the first window's
    first paint, the garbage it left is collected and the rest set aside from the collector's
    full passes, which then walk only what came after (each pass is a pause in the window)."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()
