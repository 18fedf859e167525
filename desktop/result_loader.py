"""Loading whole result sets off the UI thread.

The window shows the first page of a query at once (``Library.results(limit=…)``); when that is
not the whole set, a worker with its own connection fetches every match in order and posts it
back. A newer query interrupts the one still running.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from db import Library, RoadbookError

FIRST_PAGE = 256


class _Worker(QObject):
    loaded = Signal(int, object)  # generation, ResultSet
    failed = Signal(int, str)

    def __init__(self, library_path: Path):
        super().__init__()
        self._path = library_path
        self._library: Library | None = None
        self.latest = 0  # written by the UI thread: the generation still wanted

    @Slot(int, str, object, bool)
    def load(self, generation: int, text: str, order, descending: bool) -> None:
        if generation != self.latest:
            return  # a newer query came in while this one waited
        try:
            if self._library is None:
                self._library = Library.open(self._path, read_only=True)
            result = self._library.results(text, order=order, descending=descending)
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


class ResultLoader(QObject):
    """Fetches full result sets in a background thread; ``loaded`` carries the newest one."""

    loaded = Signal(object)
    failed = Signal(str)
    _requested = Signal(int, str, object, bool)
    _closing = Signal()

    def __init__(self, *, library_path: Path, parent=None):
        super().__init__(parent)
        self._generation = 0
        self._loading = False
        self._path = library_path
        self._thread: QThread | None = None  # started on the first request only
        self._worker: _Worker | None = None

    def _start(self) -> _Worker:
        if self._worker is None:
            self._thread = QThread(self)
            self._thread.setObjectName("resultLoader")
            self._worker = _Worker(self._path)
            self._worker.moveToThread(self._thread)
            self._requested.connect(self._worker.load)
            self._closing.connect(self._worker.close)
            self._worker.loaded.connect(self._on_loaded)
            self._worker.failed.connect(self._on_failed)
            self._thread.start()
        return self._worker

    def request(self, text: str, *, order: str | None, descending: bool) -> None:
        """Load every match of ``text``; any earlier request is abandoned."""
        worker = self._start()
        self._generation += 1
        self._loading = True
        worker.latest = self._generation
        worker.interrupt()
        self._requested.emit(self._generation, text, order, descending)

    def cancel(self) -> None:
        """Abandon whatever is loading (the first page was already complete)."""
        self._generation += 1
        self._loading = False
        if self._worker is not None:
            self._worker.latest = self._generation
            self._worker.interrupt()

    @property
    def loading(self) -> bool:
        """Whether a requested result set has not arrived yet."""
        return self._loading

    def shutdown(self) -> None:
        self.cancel()
        if self._thread is not None:
            self._closing.emit()
            self._thread.quit()
            self._thread.wait(5000)

    def _on_loaded(self, generation: int, result) -> None:
        if generation == self._generation:
            self._loading = False
            self.loaded.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._loading = False
            self.failed.emit(message)
