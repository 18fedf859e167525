"""Modules the window needs soon after it appears, imported on a thread of their own.

numpy and the timeline take some 100 ms to import. On the UI thread that is a tenth of a second
in which the window does not answer; on another thread the interpreter passes between the two
every few milliseconds, so the window keeps answering, and ``loaded`` says when they are in.
"""

from __future__ import annotations

import contextlib
import importlib
import threading

from PySide6.QtCore import QObject, Signal


class Preloader(QObject):
    """Imports ``modules`` off the UI thread once ``start`` is called; then emits ``loaded``."""

    loaded = Signal()

    def __init__(self, modules: tuple[str, ...], parent=None):
        super().__init__(parent)
        self._modules = modules

    def start(self) -> None:
        threading.Thread(target=self._run, name="preload").start()

    def _run(self) -> None:
        for name in self._modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 (imported again, and reported, where it is used)
                break
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self.loaded.emit()
