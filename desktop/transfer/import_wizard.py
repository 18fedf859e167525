"""The import wizard: file → sheet or encoding → mapping → preview → import → summary.

Reading, previewing and importing run off the UI thread, each on its own library connection;
the import is one transaction that a cancel leaves untouched. ``open_import_dialog`` is the way
in for the main window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from db import Library, RoadbookError
from db.importing.encodings import COMMON
from db.importing.reading import (
    check_encoding,
    detect_file_encoding,
    file_format,
    peek_text,
    sheet_names,
)
from desktop.common.plain_widgets import plain_label
from desktop.transfer.import_job import ImportJob
from desktop.transfer.import_mapping_page import MappingPage
from desktop.transfer.import_run_pages import PreviewPage, RunPage

FILE_FILTER = ("Data files (*.csv *.tsv *.tab *.txt *.xlsx *.xlsm *.json *.jsonl *.ndjson);;"
               "All files (*)")
FORMAT_NAMES = {"csv": "CSV text", "tsv": "Tab-separated text", "xlsx": "Excel workbook",
                "json": "JSON", "jsonl": "JSON Lines"}


class FilePage(QWizardPage):
    """Step 1: the file to import."""

    def __init__(self, job: ImportJob):
        super().__init__()
        self._job = job
        self.setTitle("Choose a file")
        self.setSubTitle("CSV or TSV text, an Excel workbook (.xlsx), JSON or JSON Lines. "
                         "Every row is either imported or listed with the reason it was not.")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Path of the file to import")
        self.path_edit.setObjectName("importPath")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        self.info = plain_label()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.info)
        layout.addStretch(1)
        self.path_edit.textChanged.connect(self._on_path_changed)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a File", self.path_edit.text(),
                                              FILE_FILTER)
        if path:
            self.path_edit.setText(path)

    def _on_path_changed(self, text: str) -> None:
        self._job.format = None
        path = Path(text.strip()).expanduser() if text.strip() else None
        if path is None:
            self.info.setText("")
        elif not path.is_file():
            self.info.setText("There is no file at this path.")
        else:
            try:
                self._job.format = file_format(path)
                self._job.path = path
                size = path.stat().st_size
                self.info.setText(f"{FORMAT_NAMES[self._job.format]}, {_size(size)}.")
            except RoadbookError as exc:
                self.info.setText(str(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._job.format is not None


class SourcePage(QWizardPage):
    """Step 2: the sheet of a workbook, or the encoding of a text file (checked by eye)."""

    def __init__(self, job: ImportJob):
        super().__init__()
        self._job = job
        self._ok = False
        self.setTitle("Sheet and text encoding")
        self.sheet_combo = QComboBox()
        self.encoding_combo = QComboBox()
        self.sample = QPlainTextEdit()
        self.sample.setReadOnly(True)
        self.sample.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.problem = plain_label()
        form = QFormLayout()
        form.addRow("Sheet:", self.sheet_combo)
        form.addRow("Text encoding:", self.encoding_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.sample, 1)
        self.encoding_combo.currentIndexChanged.connect(self._on_encoding_changed)

    def initializePage(self) -> None:
        workbook = self._job.format == "xlsx"
        self._set_row_visible(self.sheet_combo, workbook)
        self._set_row_visible(self.encoding_combo, not workbook)
        self.sample.setVisible(not workbook)
        if workbook:
            self.setSubTitle("Choose the sheet that holds the table (its first row names the "
                             "columns).")
            self._load_sheets()
        else:
            self.setSubTitle("The first lines of the file, as read with this encoding. If "
                             "letters look wrong (Ã© for é), choose another encoding.")
            self._load_encodings()

    def _set_row_visible(self, field: QWidget, visible: bool) -> None:
        form = self.layout().itemAt(0).layout()
        form.setRowVisible(field, visible)

    def _load_sheets(self) -> None:
        self.sheet_combo.clear()
        try:
            names = sheet_names(self._job.path)
        except RoadbookError as exc:
            self._show_problem(str(exc))
            return
        self.sheet_combo.addItems(names)
        if self._job.sheet in names:
            self.sheet_combo.setCurrentText(self._job.sheet)
        self._show_problem("" if names else "This workbook has no sheets.")

    def _load_encodings(self) -> None:
        self.encoding_combo.blockSignals(True)
        self.encoding_combo.clear()
        self.encoding_combo.addItem(self._detected_label(), None)
        for name in COMMON:
            self.encoding_combo.addItem(name, name)
        if self._job.encoding:
            self.encoding_combo.setCurrentIndex(max(0, self.encoding_combo.findData(
                self._job.encoding)))
        self.encoding_combo.blockSignals(False)
        self._on_encoding_changed()

    def _detected_label(self) -> str:
        """The encoding the import will use: detected over the whole file (or, for a very big
        one, over its start, which the label says; the import then checks all of it)."""
        try:
            detected, sampled = detect_file_encoding(self._job.path)
        except RoadbookError:
            return "Detected: utf-8"
        if sampled is None:
            return f"Detected: {detected}"
        return f"Detected from the first {sampled >> 10:,} KB: {detected}"

    def _on_encoding_changed(self) -> None:
        if self._job.format == "xlsx" or self._job.path is None:
            return
        try:
            chosen = self.encoding_combo.currentData()
            check_encoding(self._job.path, chosen)  # the whole file (or its first 64 MB)
            text, _ = peek_text(self._job.path, encoding=chosen)
        except RoadbookError as exc:
            self.sample.setPlainText("")
            self._show_problem(str(exc))
            return
        self.sample.setPlainText(text)
        self._show_problem("")

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self._ok = not text
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._ok

    def validatePage(self) -> bool:
        workbook = self._job.format == "xlsx"
        self._job.sheet = self.sheet_combo.currentText() if workbook else None
        self._job.encoding = None if workbook else self.encoding_combo.currentData()
        if not workbook and self._job.encoding is not None:
            try:  # a file too big to check as the encoding was chosen is checked whole now
                check_encoding(self._job.path, self._job.encoding, whole=True)
            except RoadbookError as exc:
                self._show_problem(str(exc))
                return False
        return True


class ImportWizard(QWizard):
    """Import a file into the library as one batch; ``batch`` is set once it is imported."""

    def __init__(self, *, library: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self.job = ImportJob(library=library)
        self.setWindowTitle("Import a File")
        self.setObjectName("importWizard")
        self.setTitleFormat(Qt.TextFormat.PlainText)  # subtitles name files: never markup
        self.setSubTitleFormat(Qt.TextFormat.PlainText)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self.job)
        self.source_page = SourcePage(self.job)
        self.mapping_page = MappingPage(self.job)
        self.preview_page = PreviewPage(self.job)
        self.run_page = RunPage(self.job)
        for page in (self.file_page, self.source_page, self.mapping_page, self.preview_page,
                     self.run_page):
            self.addPage(page)
        self.resize(900, 640)

    @property
    def batch(self) -> int | None:
        return self.job.batch

    def reject(self) -> None:
        """Closing while work runs cancels it first (an import leaves nothing behind)."""
        for page in (self.mapping_page, self.preview_page, self.run_page):
            page.stop_work()
        super().reject()


def open_import_dialog(parent: QWidget, library: Library) -> int | None:
    """Run the import wizard modally; the new batch's id, or ``None`` if nothing was imported."""
    wizard = ImportWizard(library=library, parent=parent)
    wizard.exec()
    batch = wizard.batch
    wizard.deleteLater()
    return batch


def _size(size: int) -> str:
    for unit, step in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= step:
            return f"{size / step:.1f} {unit}"
    return f"{size} bytes"
