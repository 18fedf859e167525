"""The export dialog: which entries (results, selection, bookmarks), which format, which file.

The export runs off the UI thread on its own read-only connection, shows its progress and can
be cancelled (no file is left). ``open_export_dialog`` is the way in for the main window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db import Library
from desktop.common.background_task import BackgroundTask
from desktop.common.plain_widgets import message, plain_label

FORMATS = (("csv", "CSV (opens in Excel; UTF-8)"), ("xlsx", "Excel workbook (.xlsx)"),
           ("json", "JSON (every field, links and quotes)"))
FILTERS = {"csv": "CSV files (*.csv)", "xlsx": "Excel workbooks (*.xlsx)",
           "json": "JSON files (*.json)"}


class ExportDialog(QDialog):
    """Choose what to export and where; ``exported`` is the file once it is written."""

    def __init__(self, *, library: Library, query: str, selected_ids: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export Entries")
        self.setObjectName("exportDialog")
        self._library = library
        self._query = query
        self._selected = list(selected_ids)
        self._task: BackgroundTask | None = None
        self.exported: Path | None = None
        self.scopes = QButtonGroup(self)
        self.formats = QButtonGroup(self)
        self.path_edit = QLineEdit()
        self.progress = QProgressBar()
        self.status = plain_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self._build()
        self.buttons.accepted.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)
        self.formats.idToggled.connect(self._on_format_toggled)

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("Entries:", self._scope_buttons())
        form.addRow("Format:", self._format_buttons())
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow("File:", row)
        self.path_edit.setText(str(_documents() / "roadbook-export.csv"))
        self.progress.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _scope_buttons(self) -> QWidget:
        results = self._library.results(self._query, limit=1, typing=True)  # bounded in time
        count = f"{results.total:,}{'+' if results.capped else ''}"
        if results.capped and not results.total:
            count = "not counted: a slow query"
        marks = len(self._library.export_ids("bookmarks"))
        query = f" of “{self._query}”" if self._query.strip() else ""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for number, (scope, text, enabled) in enumerate((
                ("results", f"The current results{query} ({count})",
                 bool(results.total) or results.capped),
                ("selection", f"The selected entries ({len(self._selected):,})",
                 bool(self._selected)),
                ("bookmarks", f"Your bookmarks ({marks:,})", bool(marks)))):
            button = QRadioButton(text)
            button.setObjectName(f"scope:{scope}")
            button.setEnabled(enabled)
            self.scopes.addButton(button, number)
            layout.addWidget(button)
        order = (1, 0, 2) if self._selected else (0, 2)
        enabled = [n for n in order if self.scopes.button(n).isEnabled()]
        if enabled:
            self.scopes.button(enabled[0]).setChecked(True)
        else:
            self.export_button.setEnabled(False)
            self.status.setText("There is nothing to export: no results, selection or "
                                "bookmarks.")
        return box

    def _format_buttons(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for number, (fmt, text) in enumerate(FORMATS):
            button = QRadioButton(text)
            button.setObjectName(f"format:{fmt}")
            self.formats.addButton(button, number)
            layout.addWidget(button)
        self.formats.button(0).setChecked(True)
        return box

    # -- choices ------------------------------------------------------------------------------

    @property
    def scope(self) -> str:
        return ("results", "selection", "bookmarks")[self.scopes.checkedId()]

    @property
    def format(self) -> str:
        return FORMATS[self.formats.checkedId()][0]

    def choose(self, *, scope: str | None = None, fmt: str | None = None,
               path: Path | None = None) -> None:
        """Set the dialog's choices (as a user would click them)."""
        if scope:
            self.findChild(QRadioButton, f"scope:{scope}").setChecked(True)
        if fmt:
            self.findChild(QRadioButton, f"format:{fmt}").setChecked(True)
        if path:
            self.path_edit.setText(str(path))

    def _on_format_toggled(self, number: int, checked: bool) -> None:
        if checked and self.path_edit.text().strip():
            self.path_edit.setText(str(Path(self.path_edit.text()).with_suffix(
                f".{FORMATS[number][0]}")))

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(),
                                              FILTERS[self.format])
        if path:
            self.path_edit.setText(path)

    # -- exporting ----------------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        out = Path(self.path_edit.text().strip()).expanduser()
        if not self.path_edit.text().strip():
            self.status.setText("Choose a file to write.")
            return
        if out.exists() and not message(self, "Export Entries",
                                        f"{out.name} exists. Replace it?", question=True):
            return
        self.start_export(out)

    def start_export(self, out: Path) -> None:
        """Write the chosen entries to ``out`` on a worker; the dialog closes when done."""
        path, scope, fmt = self._library.path, self.scope, self.format
        query, selected = self._query, self._selected

        def work(progress, cancelled):
            with Library.open(path, read_only=True) as library:
                ids = library.export_ids(scope, query=query, selected_ids=selected)

                def on_row(done: int) -> bool:
                    progress("writing", done, len(ids))
                    return not cancelled()

                return library.export(ids, out, fmt, progress=on_row), out

        self._task = BackgroundTask(work, self)
        self._task.progressed.connect(self._on_progressed)
        self._task.succeeded.connect(self._on_exported)
        self._task.failed.connect(self._on_failed)
        self._task.cancelled.connect(self._on_cancelled)
        self._task.finished.connect(self._on_finished)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("Exporting…")
        self._task.start()

    def _on_progressed(self, _stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"Writing {done:,} of {total:,} entries…")

    def _on_exported(self, result) -> None:
        count, out = result
        self.exported = out
        self.status.setText(f"Wrote {count:,} entries to {out}.")
        # The worker is returning from its last line; a dialog closed (and deleted) before it
        # has returned would destroy a running thread, which aborts the program.
        self._task.wait()
        self.accept()

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)

    def _on_cancelled(self) -> None:
        self.status.setText("Cancelled: no file was written.")

    def _on_finished(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)

    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()

    def reject(self) -> None:
        """Cancel stops a running export first (and leaves no file); else it closes."""
        if self.is_running():
            self._task.cancel()
            self._task.wait()
        super().reject()


def open_export_dialog(parent: QWidget, library: Library, *, query: str,
                       selected_ids: list[str]) -> Path | None:
    """Run the export dialog modally; the file written, or ``None`` if nothing was."""
    dialog = ExportDialog(library=library, query=query, selected_ids=selected_ids,
                          parent=parent)
    dialog.exec()
    exported = dialog.exported
    dialog.deleteLater()
    return exported


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()
