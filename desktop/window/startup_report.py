"""Start-up timing, for the benchmark harness and for anyone asking why a start is slow.

With ``ROADBOOK_STARTUP_REPORT=1`` in the environment, ``roadbook`` prints ``painted <time>``
when its window's frame first paints and ``complete <time>`` when the results table has painted
over the open library (``<time>``: seconds since the epoch, so that whoever started the process
can subtract its own clock), then closes the window. It works the same in an installed copy and
in the standalone bundle.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer

STARTUP_REPORT_ENV = "ROADBOOK_STARTUP_REPORT"


class _PaintReport(QObject):
    """Watches the frame's status line, then (once the library is in) the results table."""

    def __init__(self, window, then):
        super().__init__(window)
        self._window, self._then = window, then
        window.statusBar().installEventFilter(self)
        window.attached_library.connect(self._watch_results)

    def _watch_results(self) -> None:
        self._window.results_table.viewport().installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            if obj is self._window.statusBar():
                print(f"painted {time.time():.4f}", flush=True)
            else:
                print(f"complete {time.time():.4f}", flush=True)
                QTimer.singleShot(0, self._then)
        return False


def report_start_up(window, then=None) -> None:
    """Print when ``window`` first paints and when it is whole, then close it (or call
    ``then``: the benchmark harness measures the window's memory first)."""
    _PaintReport(window, then or window.close)
