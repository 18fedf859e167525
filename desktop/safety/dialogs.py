"""Tools → Check Library…, Back Up Now, Restore from Backup…, the daily backup, and the same ways
out offered at start-up when a library cannot be opened.

Everything that touches the file runs on a worker with its own connection (``safety_jobs``);
dialogs show data as plain text only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desktop.common.plain_widgets import plain_label
from desktop.safety import jobs
from desktop.safety.jobs import SafetyJob

if TYPE_CHECKING:
    from db.backup import BackupInfo

SCHEDULE_INTERVAL_MS = 60 * 60 * 1000  # look hourly; a backup is taken when the last is a day old
FIRST_SCHEDULED_MS = 5 * 60 * 1000  # well after start-up


class DataSafety(QObject):
    """The window's data-safety actions and its daily backup (built by ``MainWindow``)."""

    finished = Signal(str, object)  # job name, result
    failed = Signal(str, str)  # job name, message

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._path = window.library.path
        self._read_only = window.library.read_only
        self._pool = QThreadPool(self)  # deleted with the window, after its work is done
        self._pool.setMaxThreadCount(1)
        self._jobs: set[SafetyJob] = set()
        actions = window.actions
        actions["check_library"].triggered.connect(self._on_check_library)
        actions["backup_now"].triggered.connect(self._on_backup_now)
        actions["restore_backup"].triggered.connect(self._on_restore_backup)
        actions["restore_backup"].setEnabled(not self._read_only)
        actions["compact_library"].triggered.connect(self.compact_library)
        actions["compact_library"].setEnabled(not self._read_only)
        self._timer = QTimer(self)
        self._timer.setInterval(SCHEDULE_INTERVAL_MS)
        self._timer.timeout.connect(self.run_scheduled_backup)
        self._timer.start()
        QTimer.singleShot(FIRST_SCHEDULED_MS, self, self.run_scheduled_backup)
        session = window.library.session
        if session is not None and session.unclean:
            window.statusBar().showMessage("Roadbook was not closed properly last time; the "
                                           "library was checked and is sound.", 15000)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def start(self, job: SafetyJob, on_done=None, on_failed=None) -> SafetyJob:
        """Run ``job`` on the worker; ``finished``/``failed`` follow its outcome."""
        self._jobs.add(job)
        job.signals.done.connect(lambda result: self._on_job_done(job, result, on_done))
        job.signals.failed.connect(lambda message: self._on_job_failed(job, message, on_failed))
        self._pool.start(job)
        return job

    def _on_job_done(self, job: SafetyJob, result, on_done) -> None:
        self._jobs.discard(job)
        if on_done is not None:
            on_done(result)
        self.finished.emit(job.name, result)

    def _on_job_failed(self, job: SafetyJob, message: str, on_failed) -> None:
        self._jobs.discard(job)
        if on_failed is not None:
            on_failed(message)
        else:
            self._window.show_error(message)
        self.failed.emit(job.name, message)

    # -- backups ------------------------------------------------------------------------------

    def run_scheduled_backup(self) -> None:
        """The daily backup: taken when the newest backup is a day old (never while busy)."""
        if self._read_only or self.busy:
            return
        self.start(SafetyJob("scheduled backup", jobs.scheduled_backup_work(self._path)),
                   on_failed=lambda message: self._window.show_error(
                       f"The daily backup could not be taken: {message}"))

    def _on_backup_now(self) -> None:
        job = SafetyJob("backup", jobs.backup_work(self._path, "manual"))
        progress = _progress_dialog(self._window, "Backing up the library…", job)
        self.start(job, on_done=lambda info: self._on_backed_up(info, progress),
                   on_failed=lambda message: self._on_backup_failed(message, progress))

    def _on_backed_up(self, info: BackupInfo, progress: QProgressDialog) -> None:
        progress.reset()
        self._window.statusBar().showMessage(f"Backed up to {info.path.name}", 8000)

    def _on_backup_failed(self, message: str, progress: QProgressDialog) -> None:
        progress.reset()
        self._window.show_error(message)

    # -- compacting ---------------------------------------------------------------------------

    def compact_library(self) -> None:
        """Tools → Compact Library, and after undoing a large import: on the worker, with a
        progress dialog; the status bar gives the sizes before and after."""
        if self._read_only:
            return
        job = SafetyJob("compact", jobs.compact_work(self._path))
        progress = _progress_dialog(self._window, "Compacting the library…", job)
        self.start(job, on_done=lambda sizes: self._on_compacted(sizes, progress),
                   on_failed=lambda message: self._on_backup_failed(message, progress))

    def _on_compacted(self, sizes, progress: QProgressDialog) -> None:
        progress.reset()
        self._window.statusBar().showMessage(
            f"Library compacted: {sizes.before / 2**20:,.1f} MB → "
            f"{sizes.after / 2**20:,.1f} MB.", 15000)

    # -- restoring ----------------------------------------------------------------------------

    def _on_restore_backup(self) -> None:
        from db.backup import list_backups  # loaded when asked for, not at start-up

        backups = list_backups(self._path)
        if not backups:
            self._window.show_error("There are no backups of this library yet "
                                    "(Tools → Back Up Now makes one).")
            return
        dialog = RestoreDialog(backups, self._window)
        dialog.accepted.connect(lambda: self._restore(dialog.chosen()))
        dialog.open()

    def _restore(self, backup: BackupInfo | None) -> None:
        if backup is None:
            return
        self._window.detail_pane.save_note()  # kept in the backup taken before restoring
        self.start(SafetyJob("restore", jobs.restore_work(self._path, backup)),
                   on_done=self._on_restored)

    def _on_restored(self, result) -> None:
        self._window.statusBar().showMessage(
            f"Restored from {result.restored.name}; what was there before is kept as "
            f"{result.previous.name if result.previous else 'nothing (no library)'}.", 15000)
        self.refresh_window(replaced_file=result.replaced_file)

    # -- checking and repairing ---------------------------------------------------------------

    def _on_check_library(self) -> None:
        dialog = CheckDialog(self._window, can_repair=not self._read_only)
        dialog.repair_requested.connect(lambda: self._repair(dialog))
        dialog.open()
        self.start(SafetyJob("check", jobs.check_work(self._path)),
                   on_done=dialog.show_problems, on_failed=dialog.show_failure)

    def _repair(self, dialog: CheckDialog) -> None:
        dialog.show_busy("Backing up, then repairing…")
        self.start(SafetyJob("repair", jobs.repair_work(self._path)),
                   on_done=lambda report: self._on_repaired(dialog, report),
                   on_failed=dialog.show_failure)

    def _on_repaired(self, dialog: CheckDialog, report) -> None:
        dialog.show_repair(report)
        if report.found:
            self.refresh_window(replaced_file=report.replaced_file)

    def refresh_window(self, *, replaced_file: bool) -> None:
        """Show the library's new content (a new window when the file itself was replaced)."""
        window = self._window
        if replaced_file:
            if window.open_library(self._path, read_only=self._read_only) is not None:
                window.close()
                window.deleteLater()
            return
        window.refresh_navigator()
        window.bookmarks_view.refresh()
        window.detail_pane.refresh()
        window.run_query()


def _progress_dialog(parent, text: str, job: SafetyJob) -> QProgressDialog:
    dialog = QProgressDialog(text, "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.canceled.connect(job.cancel)
    job.signals.progress.connect(lambda done, total: _show_progress(dialog, done, total))
    return dialog


def _show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(total)
    dialog.setValue(min(done, total))


# -- dialogs ----------------------------------------------------------------------------------


class CheckDialog(QDialog):
    """Tools → Check Library: what the check found, and a button to back up and repair."""

    repair_requested = Signal()

    def __init__(self, parent=None, *, can_repair: bool = True):
        super().__init__(parent)
        self.setObjectName("checkLibraryDialog")
        self.setWindowTitle("Check Library")
        self._can_repair = can_repair
        self.status = plain_label("Checking the library…", self)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.repair_button = buttons.addButton("Back Up and Repair",
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.repair_button.setEnabled(False)
        self.repair_button.clicked.connect(self.repair_requested)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.details, buttons):
            layout.addWidget(widget)
        self.resize(560, 320)

    def show_busy(self, text: str) -> None:
        self.status.setText(text)
        self.repair_button.setEnabled(False)

    def show_problems(self, problems: list[str]) -> None:
        if not problems:
            self.status.setText("The library is sound: nothing to repair.")
            return
        self.status.setText(f"{len(problems)} problem(s) found."
                            + ("" if self._can_repair else " Open the library for writing to "
                               "repair it."))
        self._show_lines(problems)
        self.repair_button.setEnabled(self._can_repair)

    def show_repair(self, report) -> None:
        self.repair_button.setEnabled(False)
        if not report.found:
            self.status.setText("The library is sound: nothing to repair.")
        elif report.ok:
            self.status.setText("Repaired. The library as it was before is kept as "
                                f"{report.safety_copy.name}.")
        else:
            self.status.setText(f"{len(report.remaining)} problem(s) could not be repaired. "
                                "Restore a backup (Tools → Restore from Backup…).")
        self._show_lines([*report.repaired, *(f"still: {p}" for p in report.remaining)])

    def show_failure(self, message: str) -> None:
        self.status.setText(message)
        self.repair_button.setEnabled(False)

    def _show_lines(self, lines: list[str]) -> None:
        self.details.setPlainText("\n".join(lines))
        self.details.show()


class RestoreDialog(QDialog):
    """Choose one of the library's backups to put back."""

    def __init__(self, backups: list[BackupInfo], parent=None):
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle("Restore from Backup")
        self._backups = list(backups)
        note = plain_label("The library will be replaced by the backup you choose. What is in "
                            "it now is backed up first, so this can be undone the same way.",
                            self)
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Taken", "Why", "Size"])
        for backup in self._backups:
            when = backup.created.astimezone().strftime("%Y-%m-%d %H:%M")
            self.list.addTopLevelItem(QTreeWidgetItem(
                [when, backup.reason.replace("-", " "), f"{backup.size / 1024:,.0f} KB"]))
        self.list.setCurrentItem(self.list.topLevelItem(0))
        for column in range(2):
            self.list.resizeColumnToContents(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (note, self.list, buttons):
            layout.addWidget(widget)
        self.resize(520, 340)

    def chosen(self) -> BackupInfo | None:
        row = self.list.indexOfTopLevelItem(self.list.currentItem())
        return self._backups[row] if 0 <= row < len(self._backups) else None
