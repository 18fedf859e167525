"""Making a briefing off the UI thread: a worker with its own library connection gathers the
report and, for a PDF file or a printer, paints it too; progress is posted back and the user
can cancel at any time."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from db import Library, RoadbookError
from db.report import Report, ReportCancelled, ReportScope
from desktop.printing.options import PrintOptions
from desktop.printing.renderer import render_briefing, write_pdf

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOutcome:
    """What a finished job made: the report, and the pages written (0 when only gathered)."""

    report: Report
    pages: int = 0
    path: Path | None = None


class _Worker(QObject):
    progress = Signal(int, int, str)  # done, total, what is happening
    finished = Signal(object)  # PrintOutcome
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, *, library_path: Path, scope: ReportScope, options: PrintOptions,
                 target):
        super().__init__()
        self._path, self._scope, self._options, self._target = \
            library_path, scope, options, target
        self.stop = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            with Library.open(self._path, create=False, read_only=True) as library:
                report = library.report(self._scope, title=self._options.title,
                                        progress=self._step("Reading entries"))
            self.finished.emit(self._render(report))
        except ReportCancelled:
            self.cancelled.emit()
        except RoadbookError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so rather than leave the progress dialog hanging
            log.exception("printing failed")
            self.failed.emit(f"Printing failed ({type(exc).__name__}: {exc}).")

    def _render(self, report: Report) -> PrintOutcome:
        step = self._step("Laying out pages")
        if self._target is None:
            return PrintOutcome(report)
        if isinstance(self._target, Path):
            pages = write_pdf(report, self._target, self._options, progress=step)
            return PrintOutcome(report, pages, self._target)
        return PrintOutcome(report, render_briefing(report, self._options, self._target,
                                                    progress=step))

    def _step(self, label: str):
        def progress(done: int, total: int) -> bool:
            self.progress.emit(done, total, label)
            return not self.stop.is_set()

        return progress


def _stop(thread: QThread, worker: _Worker) -> None:
    """Stop a worker before Qt deletes its thread (deleting a running thread aborts)."""
    worker.stop.set()
    thread.quit()
    thread.wait()


class PrintJob(QObject):
    """One briefing made on a worker thread. ``target`` is a PDF path, a ``QPrinter`` (painted
    from the worker, which Qt allows for printers), or ``None`` to gather the report only."""

    progress = Signal(int, int, str)
    finished = Signal(object)  # PrintOutcome
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, *, library_path: Path, scope: ReportScope, options: PrintOptions,
                 target=None, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("printJob")
        self._worker = _Worker(library_path=library_path, scope=scope, options=options,
                               target=target)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        for signal, slot in ((self._worker.finished, self._on_finished),
                             (self._worker.failed, self._on_failed),
                             (self._worker.cancelled, self._on_cancelled)):
            signal.connect(slot)
        thread, worker = self._thread, self._worker
        self.destroyed.connect(lambda *_: _stop(thread, worker))  # e.g. its window closed

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Stop at the next entry or page; ``cancelled`` follows."""
        self._worker.stop.set()

    def wait(self, msecs: int = 30_000) -> bool:
        return self._thread.wait(msecs)

    def _done(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _on_finished(self, outcome: PrintOutcome) -> None:
        self._done()
        self.finished.emit(outcome)

    def _on_failed(self, message: str) -> None:
        self._done()
        self.failed.emit(message)

    def _on_cancelled(self) -> None:
        self._done()
        self.cancelled.emit()
