"""Fetching timeline arrays for large result sets off the UI thread.

The worker opens its own read-only connection; a newer request interrupts the one running, and
only the newest result is delivered.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from db import Library, RoadbookError


class _Worker(QObject):
    loaded = Signal(int, object)  # generation, TimelineData
    failed = Signal(int, str)

    def __init__(self, library_path: Path):
        super().__init__()
        self._path = library_path
        self._library: Library | None = None
        self.latest = 0  # written by the UI thread: the generation still wanted

    @Slot(int, object)
    def load(self, generation: int, nums) -> None:
        if generation != self.latest:
            return
        try:
            if self._library is None:
                self._library = Library.open(self._path, read_only=True)
            data = self._library.timeline_items(nums)
        except sqlite3.OperationalError as exc:
            if "interrupt" not in str(exc):
                self.failed.emit(generation, str(exc))
            return
        except RoadbookError as exc:
            self.failed.emit(generation, str(exc))
            return
        if generation == self.latest:
            self.loaded.emit(generation, data)

    def interrupt(self) -> None:
        if self._library is not None:
            self._library.conn.interrupt()

    @Slot()
    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


class TimelineLoader(QObject):
    """Loads ``TimelineData`` for a list of entry numbers on a worker thread."""

    loaded = Signal(object)
    failed = Signal(str)
    _requested = Signal(int, object)
    _closing = Signal()

    def __init__(self, *, library_path: Path, parent=None):
        super().__init__(parent)
        self._path = library_path
        self._generation = 0
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self.loading = False
        app = QCoreApplication.instance()
        if app is not None:  # a thread still running when Qt tears down would abort
            app.aboutToQuit.connect(self.shutdown)

    def request(self, nums: list[int]) -> None:
        """Load the arrays for ``nums``; an earlier request still running is abandoned."""
        worker = self._start()
        self._generation += 1
        self.loading = True
        worker.latest = self._generation
        worker.interrupt()
        self._requested.emit(self._generation, list(nums))

    def cancel(self) -> None:
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
            self._thread.setObjectName("timelineLoader")
            self._worker = _Worker(self._path)
            self._worker.moveToThread(self._thread)
            self._requested.connect(self._worker.load)
            self._closing.connect(self._worker.close)
            self._worker.loaded.connect(self._on_loaded)
            self._worker.failed.connect(self._on_failed)
            self._thread.start()
        return self._worker

    def _on_loaded(self, generation: int, data) -> None:
        if generation == self._generation:
            self.loading = False
            self.loaded.emit(data)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.loading = False
            self.failed.emit(message)
