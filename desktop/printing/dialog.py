"""Print, Print Preview and Export PDF from the window: options, then a printer or a file, then
the briefing made on a worker (or, for the preview, in small steps) with a progress dialog.

Every step opens its dialog with ``open()`` and continues from a signal, so the window keeps
drawing and nothing waits inside a nested event loop of ours.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from db import Library
from db.report import Report, ReportCancelled, ReportError, default_title
from desktop.printing.options_dialog import PrintOptionsDialog, scope_choices
from desktop.printing.renderer import check_writable, render_briefing, set_up_page
from desktop.printing.worker import PrintJob, PrintOutcome

MODES = ("print", "preview", "pdf")


def open_print_dialog(parent: QWidget, library: Library, *, current_id: str | None,
                      selected_ids: list[str], query: str, mode: str) -> PrintSession:
    """Start printing (``mode`` "print"), a print preview ("preview") or a PDF export ("pdf").

    Returns at once; the session's ``finished(message)`` or ``failed(message)`` says how it
    ended (a line for the status bar).
    """
    if mode not in MODES:
        raise ValueError(f"unknown print mode {mode!r}")
    session = PrintSession(parent, library, current_id=current_id, selected_ids=selected_ids,
                           query=query, mode=mode)
    session.start()
    return session


class PrintSession(QObject):
    """One print, preview or export, step by step; owned by the window it was started from."""

    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget, library: Library, *, current_id: str | None,
                 selected_ids: list[str], query: str, mode: str):
        super().__init__(parent)
        self._parent, self._library_path, self.mode = parent, library.path, mode
        choices = scope_choices(library, current_id=current_id, selected_ids=selected_ids,
                                query=query)
        self.options_dialog = PrintOptionsDialog(choices, mode=mode, parent=parent)
        self.printer: QPrinter | None = None
        self.file_dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self.preview_dialog: QPrintPreviewDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.job: PrintJob | None = None
        self._report: Report | None = None
        self._painting = False

    def start(self) -> None:
        self.options_dialog.accepted.connect(self._on_options_accepted)
        self.options_dialog.open()

    # -- choosing where it goes ------------------------------------------------------------------

    def _on_options_accepted(self) -> None:
        self.scope, self.options = self.options_dialog.scope(), self.options_dialog.options()
        if self.mode == "pdf":
            self._choose_file()
        elif self.mode == "print":
            self._choose_printer()
        else:
            self._run(None)

    def _choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = _file_name(self.options.title or default_title(self.scope, []))
        self.file_dialog = QFileDialog(self._parent, "Export PDF", str(Path(folder) / name),
                                       "PDF files (*.pdf)")
        self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.file_dialog.setDefaultSuffix("pdf")
        self.file_dialog.fileSelected.connect(self._on_file_chosen)
        self.file_dialog.open()

    def _on_file_chosen(self, path: str) -> None:
        try:
            check_writable(path)
        except ReportError as exc:
            return self._fail(str(exc))
        self._run(Path(path))

    def _choose_printer(self) -> None:
        self.printer = self._new_printer()
        self.print_dialog = QPrintDialog(self.printer, self._parent)
        self.print_dialog.accepted.connect(self._on_printer_chosen)
        QDialog.open(self.print_dialog)  # the binding hides open() behind open(receiver, slot)

    def _on_printer_chosen(self) -> None:
        self._run(self.printer)

    def _new_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        set_up_page(printer, self.options)
        printer.setDocName(self.options.title or default_title(self.scope, []))
        return printer

    # -- making it -----------------------------------------------------------------------------

    def _run(self, target) -> None:
        self.job = PrintJob(library_path=self._library_path, scope=self.scope,
                            options=self.options, target=target, parent=self)
        self.progress_dialog = self._progress("Preparing the briefing…", self.job.cancel)
        self.job.progress.connect(self._on_job_progress)
        self.job.finished.connect(self._on_job_finished)
        self.job.failed.connect(self._fail)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.start()

    def _progress(self, label: str, cancel) -> QProgressDialog:
        dialog = QProgressDialog(label, "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle("Roadbook")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel)
        return dialog

    def _on_job_progress(self, done: int, total: int, label: str) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText(f"{label}…")
            self.progress_dialog.setMaximum(max(total, 1))
            self.progress_dialog.setValue(min(done, total))

    def _on_job_finished(self, outcome: PrintOutcome) -> None:
        self._close_progress()
        if self.mode == "preview":
            return self._show_preview(outcome.report)
        pages = f"{outcome.pages} page{'s' * (outcome.pages != 1)}"
        where = f"to {outcome.path}" if outcome.path else "to the printer"
        self.finished.emit(f"Sent {pages} {where}." if not outcome.path
                           else f"Wrote {pages} {where}.")

    def _on_job_cancelled(self) -> None:
        self._close_progress()
        self.finished.emit("Printing cancelled.")

    def _fail(self, message: str) -> None:
        self._close_progress()
        box = QMessageBox(QMessageBox.Icon.Warning, "Roadbook", message,
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.failed.emit(message)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    # -- the preview ---------------------------------------------------------------------------

    def _show_preview(self, report: Report) -> None:
        self._report = report
        self.printer = self._new_printer()
        self.preview_dialog = QPrintPreviewDialog(self.printer, self._parent)
        self.preview_dialog.paintRequested.connect(self._on_paint_requested)
        self.preview_dialog.finished.connect(self._on_preview_closed)
        QDialog.open(self.preview_dialog)

    def _on_paint_requested(self, printer: QPrinter) -> None:
        """Paint the preview here, a piece at a time, keeping the window alive between pieces."""
        if self._painting or self._report is None:
            return
        self._painting = True
        stop = {"asked": False}
        dialog = self._progress("Laying out pages…", lambda: stop.update(asked=True))

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, total))
            QCoreApplication.processEvents()
            return not stop["asked"]

        try:
            render_briefing(self._report, self.options, printer, progress=progress)
        except ReportCancelled:
            pass  # the pages made so far stay in the preview
        except ReportError as exc:
            self._fail(str(exc))
        finally:
            dialog.close()
            dialog.deleteLater()
            self._painting = False

    def _on_preview_closed(self, _result: int) -> None:
        self.finished.emit("Print preview closed.")


def _file_name(title: str) -> str:
    """A file name from a title: letters, digits and dashes; never empty."""
    stem = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-")[:60]
    return f"{stem or 'briefing'}.pdf"
