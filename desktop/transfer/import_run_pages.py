"""Steps 4 and 5 of the import wizard: the preview, then the import itself and its summary.

Both run off the UI thread on their own library connection (the preview read-only); the
import shows its progress, can be cancelled, and leaves nothing behind when it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from db import Library
from db.provenance import dataset_of
from desktop.common.background_task import BackgroundTask
from desktop.common.formatting import tooltip_html
from desktop.common.plain_widgets import plain_label
from desktop.models.import_models import PreviewRowsModel, RejectionsModel
from desktop.transfer.import_job import ImportJob

STAGES = {"checking": "Checking rows", "linking": "Finding the names they link to",
          "writing": "Preparing entries", "saving": "Saving the batch in the library",
          "indexing": "Indexing them for search"}


def table_view(model, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def stage_text(stage: str, done: int, total: int) -> str:
    return f"{STAGES.get(stage, stage)}: {done:,} of {total:,}…"


class _WorkPage(QWizardPage):
    """A page whose work runs in a ``BackgroundTask``; ``done`` once it has ended."""

    def __init__(self, job: ImportJob):
        super().__init__()
        self._job = job
        self._task: BackgroundTask | None = None
        self.done = False
        self.progress = QProgressBar()
        self.stage = plain_label()

    def _new_task(self, work) -> BackgroundTask:
        """A task for ``work``; connect its outcome signals, then ``start()`` it."""
        self.stop_work()
        self.done = False
        self.progress.setRange(0, 0)
        self.progress.show()
        self._task = BackgroundTask(work, self)
        self._task.progressed.connect(self._on_progressed)
        self._task.finished.connect(self._on_task_finished)
        self.completeChanged.emit()
        return self._task

    def _on_progressed(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.stage.setText(stage_text(stage, done, total))

    def _on_task_finished(self) -> None:
        self.done = True
        self.progress.hide()
        self.completeChanged.emit()

    def stop_work(self) -> None:
        if self._task is not None and self._task.is_running():
            self._task.cancel()
            self._task.wait()

    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()


class PreviewPage(_WorkPage):
    """Step 4: the first rows as they will be imported, and every row that will not be."""

    def __init__(self, job: ImportJob):
        super().__init__(job)
        self.preview = None
        self.setTitle("Preview")
        self.setSubTitle("The first rows as they will be imported, and every row that will "
                         "not be, with the reason. Nothing is written until you import.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.summary = plain_label()
        self.rows_model = PreviewRowsModel(self)
        self.rejections_model = RejectionsModel(self)
        self.rows_view = table_view(self.rows_model, "previewRows")
        self.rejections_label = plain_label()
        self.rejections_view = table_view(self.rejections_model, "previewRejections")
        self.again_note = plain_label()
        self.again_box = QCheckBox("Import it again")
        self.again_box.toggled.connect(self._on_again_toggled)
        self.credit_edit = QLineEdit()
        self.credit_edit.setObjectName("importCredit")
        self.credit_edit.textChanged.connect(self._on_credit_edited)
        credit = QHBoxLayout()
        credit.addWidget(QLabel("Credit for this data:"))
        credit.addWidget(self.credit_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(credit)
        for widget in (self.progress, self.stage, self.summary, self.rows_view,
                       self.rejections_label, self.rejections_view, self.again_note,
                       self.again_box):
            layout.addWidget(widget)
        layout.setStretch(4, 3)
        layout.setStretch(6, 2)

    def initializePage(self) -> None:
        job = self._job
        self.preview = None
        self.summary.setText("")
        self.rows_model.set_rows([])
        self.rejections_model.set_rows([])
        self._show_again(False)
        self._show_credit()
        self.stage.show()
        self.stage.setText("Checking every row…")
        table, mapping, kind, path = job.table, job.mapping, job.kind, job.library_path

        def work(progress, cancelled):
            with Library.open(path, read_only=True) as library:
                return library.preview_import(table, mapping=mapping, kind=kind,
                                              progress=progress, cancel=cancelled)

        task = self._new_task(work)
        task.succeeded.connect(self._on_previewed)
        task.failed.connect(self._on_failed)
        task.start()

    def cleanupPage(self) -> None:
        self.stop_work()

    def _on_previewed(self, preview) -> None:
        self.preview = preview
        self.stage.hide()
        flagged = (f" ({preview.flagged:,} flagged: kept with a note on what the file said)"
                   if preview.flagged else "")
        self.summary.setText(f"{preview.rows:,} rows: {preview.imported:,} will be imported"
                             f"{flagged}, {preview.rejected:,} will not.")
        self.rows_model.set_rows(preview.sample)
        self.rows_view.resizeColumnsToContents()
        self.rejections_model.set_rows(preview.rejections)
        self.rejections_label.setText(f"Rows that will not be imported ({preview.rejected:,}):"
                                      if preview.rejected else "Every row can be imported.")
        self.rejections_view.setVisible(bool(preview.rejected))
        self.rejections_view.resizeColumnToContents(0)
        if preview.previous_batch is not None:
            self.again_note.setText(
                f"This file was imported before, on {preview.previous_date[:10]} (batch "
                f"{preview.previous_batch}). Import it again only if you mean to: rows whose "
                "entries are already in the library will be listed as not imported.")
            self._show_again(True)

    def _on_failed(self, message: str) -> None:
        self.stage.setText(message)

    def _show_credit(self) -> None:
        """The credit kept with the batch: the preset's, unless the user types another."""
        job = self._job
        preset = dataset_of(job.mapping, job.path).credit if job.mapping else None
        self.credit_edit.setPlaceholderText(
            preset or "Whom to credit for this data (kept with every entry, printed with it)")
        self.credit_edit.setToolTip(tooltip_html(preset))
        self.credit_edit.setText(job.credit or "")

    def _on_credit_edited(self, text: str) -> None:
        self._job.credit = text.strip() or None

    def _show_again(self, shown: bool) -> None:
        self.again_note.setVisible(shown)
        self.again_box.setVisible(shown)
        self.again_box.setChecked(False)

    def _on_again_toggled(self, checked: bool) -> None:
        self._job.again = checked
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        preview = self.preview
        if not self.done or preview is None or preview.imported == 0:
            return False
        return preview.previous_batch is None or self.again_box.isChecked()


class RunPage(_WorkPage):
    """Step 5: the import, with progress and cancel, then what it did."""

    def __init__(self, job: ImportJob):
        super().__init__(job)
        self.report = None
        self.setTitle("Importing")
        self.cancel_button = QPushButton("Cancel Import")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.summary = plain_label()
        self.rejections_model = RejectionsModel(self)
        self.rejections_view = table_view(self.rejections_model, "importRejections")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.undo_button = QPushButton("Undo This Import")
        self.undo_button.clicked.connect(self._on_undo_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.stage)
        layout.addWidget(self.summary)
        layout.addWidget(self.rejections_view, 10)
        layout.addStretch(1)  # takes the room while there is no list of rejected rows
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)

    def initializePage(self) -> None:
        job = self._job
        self.setSubTitle(f"{job.path.name} is imported as one batch: if you cancel, nothing "
                         "of it is kept.")
        self.setTitle("Importing")
        self.summary.setText("")
        self.rejections_view.hide()
        self.undo_button.hide()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.stage.setText("Starting…")
        table, mapping, kind, again, path = job.table, job.mapping, job.kind, job.again, \
            job.library_path
        credit = job.credit

        def work(progress, cancelled):
            with Library.open(path) as library:
                return library.import_file(table, mapping=mapping, kind=kind, again=again,
                                           progress=progress, cancel=cancelled, credit=credit)

        task = self._new_task(work)
        task.succeeded.connect(self._on_imported)
        task.cancelled.connect(self._on_cancelled)
        task.failed.connect(self._on_failed)
        task.crashed.connect(self._on_crashed)
        task.start()

    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.stage.setText("Cancelling…")
        if self._task is not None:
            self._task.cancel()

    def _on_imported(self, report) -> None:
        self.report = report
        self._job.batch = report.batch
        made = (f" {report.created:,} actors and places the library did not have were added."
                if report.created else "")
        rejected = (f" {report.rejected:,} rows were not imported; they are listed below with "
                    "the reasons." if report.rejected else " Every row was imported.")
        self.setTitle("Imported")
        flagged = (f" Flagged, kept with a note on what the file said: {report.flagged:,} "
                   "(search is:flagged)." if report.flagged else "")
        self._end(f"Imported {report.imported:,} of {report.rows:,} rows as batch "
                  f"{report.batch}.{rejected}{flagged}{made}")
        self.undo_button.show()
        self.rejections_model.set_rows(report.rejections)
        self.rejections_view.setVisible(bool(report.rejections))
        self.rejections_view.resizeColumnToContents(0)

    def _on_cancelled(self) -> None:
        self.setTitle("Import cancelled")
        self._end("The import was cancelled. Nothing of it was written to the library.")

    def _on_undo_clicked(self) -> None:
        """Take the batch back out in one step (on a worker: a batch can be large)."""
        batch, path = self._job.batch, self._job.library_path

        def work(progress, cancelled):
            with Library.open(path) as library:
                return library.undo_import(batch)

        self.undo_button.hide()
        self.stage.setText(f"Undoing batch {batch}…")
        task = self._new_task(work)
        task.succeeded.connect(self._on_undone)
        task.failed.connect(self._on_failed)
        task.start()

    def _on_undone(self, result: dict) -> None:
        self._job.batch = None
        self.setTitle("Import undone")
        self.rejections_view.hide()
        self._end(f"Batch {result['batch']} was undone: its {result['removed']:,} entries "
                  "were removed from the library.")

    def _on_failed(self, message: str) -> None:
        self._end(message if self._job.batch else f"{message}\nNothing was imported.")

    def _on_crashed(self, _exc) -> None:
        self._end("The import stopped on an unexpected error. Nothing was imported.")

    def _end(self, text: str) -> None:
        self.setSubTitle(f"From {self._job.path.name}.")
        self.stage.setText("")
        self.summary.setText(text)
        self.cancel_button.hide()

    def isComplete(self) -> bool:
        return self.done
