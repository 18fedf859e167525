"""Data-safety work (backup, check, repair, restore) on a worker thread with its own connection.

A ``SafetyJob`` runs one function on a thread pool; the function gets ``progress(done, total)``
(which answers ``False`` once the job is cancelled) and returns a result that is posted back to
the UI thread with ``done``. Expected problems (``RoadbookError``) arrive as ``failed`` with a
message for the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from db import Library, RoadbookError

log = logging.getLogger("roadbook")


class JobSignals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)


class SafetyJob(QRunnable):
    """One piece of data-safety work; ``signals`` are delivered on the UI thread."""

    def __init__(self, name: str, work: Callable):
        super().__init__()
        self.name = name
        self.signals = JobSignals()
        self._work = work
        self._cancelled = False
        self.setAutoDelete(False)  # the caller keeps it until ``done`` or ``failed``

    def cancel(self) -> None:
        self._cancelled = True

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self._cancelled

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except RoadbookError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: logged, and still reported instead of lost
            log.exception("%s failed", self.name)
            self.signals.failed.emit(f"{self.name} failed unexpectedly: {exc}")
        else:
            self.signals.done.emit(result)


# -- the work itself, each on a connection of its own -----------------------------------------


def backup_work(path: Path, reason: str):
    def work(progress):
        with Library.open(path, read_only=True) as lib:
            return lib.backup(reason, progress=progress)

    return work


def scheduled_backup_work(path: Path):
    def work(_progress):
        from db.backup import backup_if_due

        with Library.open(path, read_only=True) as lib:
            return backup_if_due(lib.conn, path)

    return work


def check_work(path: Path):
    def work(_progress):
        from db.repair import check_file

        return check_file(path)

    return work


def repair_work(path: Path):
    def work(_progress):
        from db.repair import repair_library

        return repair_library(path)

    return work


def compact_work(path: Path):
    def work(progress):
        with Library.open(path) as lib:
            return lib.compact(progress=progress)

    return work


def restore_work(path: Path, backup):
    def work(_progress):
        from db.restore import restore_backup

        return restore_backup(path, backup)

    return work
