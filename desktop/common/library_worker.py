"""Work on a library off the UI thread, where only the newest request matters.

A worker thread holds its own read-only connection to the library; a new request interrupts the
one running (SQLite's interrupt), and a result is delivered only if no newer request came in.
Used for whole result sets and for timeline arrays.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from db import Library, RoadbookError

Job = Callable[[Library, tuple], object]
# A woken worker takes the interpreter at once, and the UI thread, still busy with the keystroke
# that asked for the work (the first page, the repaint), waits for it: 2-8 ms a keystroke. The
# worker first sleeps (the lock is free meanwhile) so that the UI thread finishes its frame.
YIELD_S = 0.015


class _Worker(QObject):
    loaded = Signal(int, object)  # generation, result
    failed = Signal(int, str)

    def __init__(self, library_path: Path, job: Job):
        super().__init__()
        self._path = library_path
        self._job = job
        self._library: Library | None = None
        self.latest = 0  # written by the UI thread: the generation still wanted

    @Slot(int, object)
    def run(self, generation: int, args: tuple) -> None:
        time.sleep(YIELD_S)  # let the UI thread finish the frame that asked for this
        if generation != self.latest:
            return  # a newer request came in while this one waited
        try:
            if self._library is None:
                self._library = Library.open(self._path, read_only=True)
            result = self._job(self._library, args)
        except sqlite3.OperationalError as exc:
            if "interrupt" not in str(exc):
                self.failed.emit(generation, str(exc))
            return
        except RoadbookError as exc:
            self.failed.emit(generation, str(exc))
            return
        if generation == self.latest:
            self.loaded.emit(generation, result)

    def interrupt(self) -> None:
        if self._library is not None:
            self._library.conn.interrupt()

    @Slot()
    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


class LatestOnlyLoader(QObject):
    """Runs ``job(library, args)`` on a worker thread; ``loaded`` carries the newest result."""

    loaded = Signal(object)
    failed = Signal(str)
    _requested = Signal(int, object)
    _closing = Signal()

    def __init__(self, *, library_path: Path, job: Job, name: str, parent=None):
        super().__init__(parent)
        self._path = library_path
        self._job = job
        self._name = name
        self._generation = 0
        self._thread: QThread | None = None  # started on the first request only
        self._worker: _Worker | None = None
        self.loading = False
        app = QCoreApplication.instance()
        if app is not None:  # a thread still running when Qt tears down would abort
            app.aboutToQuit.connect(self.shutdown)

    def request(self, *args) -> None:
        """Run the job with ``args``; any earlier request still running is abandoned."""
        worker = self._start()
        self._generation += 1
        self.loading = True
        worker.latest = self._generation
        worker.interrupt()
        self._requested.emit(self._generation, args)

    def cancel(self) -> None:
        """Abandon whatever is running."""
        self._generation += 1
        self.loading = False
        if self._worker is not None:
            self._worker.latest = self._generation
            self._worker.interrupt()

    def shutdown(self) -> None:
        self.cancel()
        if self._thread is not None:
            self._closing.emit()
            self._thread.quit()
            self._thread.wait(5000)
            self._thread = None
            self._worker = None

    def _start(self) -> _Worker:
        if self._worker is None:
            self._thread = QThread(self)
            self._thread.setObjectName(self._name)
            self._worker = _Worker(self._path, self._job)
            self._worker.moveToThread(self._thread)
            self._requested.connect(self._worker.run)
            self._closing.connect(self._worker.close)
            self._worker.loaded.connect(self._on_loaded)
            self._worker.failed.connect(self._on_failed)
            self._thread.start()
        return self._worker

    def _on_loaded(self, generation: int, result) -> None:
        if generation == self._generation:
            self.loading = False
            self.loaded.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.loading = False
            self.failed.emit(message)
