"""One piece of heavy work (reading a file, an import, an export) on its own thread.

The work is a function ``work(progress, cancelled)``: it reports with ``progress(stage, done,
total)``, asks ``cancelled()`` now and then, and opens its own library connection. Its outcome
comes back to the UI thread, once the thread has stopped, as exactly one of ``succeeded``,
``failed`` (a ``RoadbookError`` the user can act on), ``cancelled`` or ``crashed`` (a bug, passed
to ``sys.excepthook``), then ``finished``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from db.errors import ImportCancelledError, RoadbookError
from db.export import ExportCancelled

PROGRESS_INTERVAL_S = 0.05  # at most twenty progress updates a second reach the UI
CANCELLED = (ImportCancelledError, ExportCancelled)


class _Thread(QThread):
    """Runs the work and keeps its outcome: ``(signal name, arguments)``."""

    def __init__(self, task: BackgroundTask):
        super().__init__(task)
        self._task = task
        self.outcome: tuple[str, tuple] = ("cancelled", ())

    def run(self) -> None:
        task = self._task
        try:
            self.outcome = ("succeeded", (task._work(task._report, task.is_cancelled),))
        except CANCELLED:
            self.outcome = ("cancelled", ())
        except RoadbookError as exc:
            self.outcome = ("failed", (str(exc),))
        except Exception as exc:  # a bug: shown by the crash handler on the UI thread
            self.outcome = ("crashed", (exc,))


class BackgroundTask(QObject):
    """Runs ``work`` off the UI thread; cancel it with ``cancel()``."""

    progressed = Signal(str, int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    crashed = Signal(object)
    finished = Signal()

    def __init__(self, work: Callable, parent: QObject | None = None):
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._thread = _Thread(self)
        self._thread.finished.connect(self._on_thread_finished)
        self.crashed.connect(self._on_crashed)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop; it stops at its next check and leaves nothing half-done."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, msecs: int = 30_000) -> bool:
        return self._thread.wait(msecs)

    def _report(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.progressed.emit(stage, done, total)

    def _on_thread_finished(self) -> None:
        # The outcome is announced only once the thread has stopped: a handler may close and
        # delete the dialog that owns this task, and a thread destroyed while it still runs
        # aborts the whole process.
        self._thread.wait()
        name, args = self._thread.outcome
        getattr(self, name).emit(*args)
        self.finished.emit()

    @staticmethod
    def _on_crashed(exc: BaseException) -> None:
        sys.excepthook(type(exc), exc, exc.__traceback__)
