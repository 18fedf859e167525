"""Step 3 of the import wizard: which entry field each column fills.

The file is read off the UI thread when the page opens. The mapping starts from guesses (or a
saved mapping or preset the user picks) and can be saved by name for the next file like it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from db import RoadbookError
from db.importing.guessing import guess_mapping
from db.importing.mapping import FIELDS, ColumnRule, Mapping, check_template, resolve
from db.importing.presets import nearly_fitting_preset, recognise_preset
from db.importing.reading import read_table
from desktop.common.background_task import BackgroundTask
from desktop.common.formatting import one_line
from desktop.common.plain_widgets import message, plain_label
from desktop.transfer.import_job import ImportJob

KINDS = ("deal", "event", "actor", "place", "figure")
ROLES = ("party", "financier", "recipient", "beneficiary", "donor", "implementer", "investor",
         "participant", "located in")
UNITS = (("in ones", "ones"), ("in thousands", "thousands"), ("in millions", "millions"),
         ("in billions", "billions"))
SEPARATORS = ((";", ";"), (",", ","), ("|", "|"), ("; (with a space)", "; "))
EXTRA_TYPES = ("text", "date", "number", "list")
GUESSED = "Guessed from the headers"
COLUMN, EXAMPLES, FIELD, OPTION = range(4)
RULE_ROLE = Qt.ItemDataRole.UserRole


class MappingPage(QWizardPage):
    """A row per column of the file: examples of its values, the field, one option."""

    def __init__(self, job: ImportJob):
        super().__init__()
        self._job = job
        self._task: BackgroundTask | None = None
        self._read_key = None
        self._base = Mapping()
        self._problem = "The file has not been read yet."
        self.setTitle("Columns and fields")
        self.setSubTitle("Choose the field each column fills. Columns kept as extra "
                         "properties stay with each entry; links name actors and places, "
                         "found by their names or added.")
        self.mapping_combo = QComboBox()
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(KINDS)
        self.save_button = QPushButton("Save Mapping…")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.status = plain_label()
        self.chosen = plain_label()  # which preset the headers picked, or how titles are made
        self.chosen.setObjectName("mappingChosen")
        self.chosen.setWordWrap(True)
        self.title_edit = QLineEdit()  # a title composed from columns, when no column is one
        self.title_edit.setObjectName("titleTemplate")
        self.title_edit.setPlaceholderText("e.g. {Investor} → {Transaction Party} ({Year}); "
                                           "used when no column is the title")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Column", "Examples", "Field", "Option"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EXAMPLES, QHeaderView.ResizeMode.Stretch)
        for column, width in ((FIELD, 250), (OPTION, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self._build_layout()
        self.mapping_combo.activated.connect(self._on_mapping_chosen)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.title_edit.textChanged.connect(lambda _text: self._check())

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Mapping:"))
        top.addWidget(self.mapping_combo, 1)
        top.addWidget(QLabel("Entries are:"))
        top.addWidget(self.kind_combo)
        top.addWidget(self.save_button)
        titles = QHBoxLayout()
        titles.addWidget(QLabel("Titles from columns:"))
        titles.addWidget(self.title_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(titles)
        layout.addWidget(self.busy)
        layout.addWidget(self.chosen)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    # -- reading the file ---------------------------------------------------------------------

    def initializePage(self) -> None:
        self._fill_mapping_combo()
        if self._job.table is not None and self._read_key == self._job.source_key():
            return
        self._job.table = None
        self.table.setRowCount(0)
        self._set_problem("Reading the file…")
        self.busy.show()
        path, sheet, encoding = self._job.source_key()
        self._read_key = self._job.source_key()
        self._task = BackgroundTask(
            lambda progress, cancelled: read_table(path, sheet=sheet, encoding=encoding), self)
        self._task.succeeded.connect(self._on_read)
        self._task.failed.connect(self._on_read_failed)
        self._task.finished.connect(self.busy.hide)
        self._task.start()

    def _on_read(self, table) -> None:
        self._job.table = table
        preset = recognise_preset(table.columns)
        self._apply(preset or guess_mapping(table.columns))
        index = self.mapping_combo.findData(preset.name) if preset else 0
        self.mapping_combo.setCurrentIndex(max(index, 0))

    def _on_read_failed(self, message: str) -> None:
        self._read_key = None
        self._set_problem(message)

    def stop_work(self) -> None:
        if self._task is not None and self._task.is_running():
            self._task.cancel()
            self._task.wait()

    # -- mappings by name ---------------------------------------------------------------------

    def _fill_mapping_combo(self) -> None:
        self.mapping_combo.clear()
        self.mapping_combo.addItem(GUESSED, None)
        for name in self._job.library.import_mapping_names():
            self.mapping_combo.addItem(name, name)

    def _on_mapping_chosen(self, index: int) -> None:
        table = self._job.table
        if table is None:
            return
        name = self.mapping_combo.itemData(index)
        try:
            mapping = self._job.library.import_mapping(name) if name else \
                guess_mapping(table.columns)
        except RoadbookError as exc:
            self._set_problem(str(exc))
            return
        self._apply(mapping)
        missing = [c for c, r in mapping.columns.items()
                   if c not in table.columns and not r.optional]
        if missing:
            self._set_problem("This mapping names columns the file does not have: "
                              f"{', '.join(missing)}. The other columns follow it.")

    def _on_save_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, "Save Mapping", "Name for this mapping:")
        if not ok or not name.strip():
            return
        try:
            self._job.library.save_import_mapping(name.strip(), self.current_mapping())
        except RoadbookError as exc:
            message(self, "Save Mapping", str(exc))
            return
        self._fill_mapping_combo()
        self.mapping_combo.setCurrentIndex(self.mapping_combo.findData(name.strip()))

    # -- the table of columns -----------------------------------------------------------------

    def _apply(self, mapping: Mapping) -> None:
        """Show ``mapping`` for the file's columns (unnamed columns follow ``unmapped``)."""
        table = self._job.table
        self._base = mapping
        self.chosen.setText(_chosen_text(mapping, table.columns))
        self.chosen.setVisible(bool(self.chosen.text()))
        self.title_edit.blockSignals(True)  # checked once, below
        self.title_edit.setText(mapping.title_template or "")
        self.title_edit.blockSignals(False)
        if mapping.kind in KINDS:
            self.kind_combo.setCurrentText(mapping.kind)
        self.table.setRowCount(len(table.columns))
        for row, column in enumerate(table.columns):
            rule = mapping.columns.get(column) or ColumnRule(
                "extra" if mapping.unmapped == "extra" else "ignore")
            self._fill_row(row, column, rule, _examples(table, row))
        self._check()

    def _fill_row(self, row: int, column: str, rule: ColumnRule, examples: str) -> None:
        name = QTableWidgetItem(column)
        name.setData(RULE_ROLE, rule)  # the rule as the mapping gave it
        self.table.setItem(row, COLUMN, name)
        self.table.setItem(row, EXAMPLES, QTableWidgetItem(examples))
        field = QComboBox()
        for key, label in FIELDS.items():
            field.addItem(label, key)
        field.setCurrentIndex(field.findData(rule.field))
        field.setObjectName(f"field:{column}")
        self.table.setCellWidget(row, FIELD, field)
        self._fill_option(row, rule)
        field.currentIndexChanged.connect(lambda _i, r=row: self._on_field_changed(r))

    def _fill_option(self, row: int, rule: ColumnRule) -> None:
        option = QComboBox()
        choices, current, editable = _option_choices(rule)
        option.setEditable(editable)
        for label, value in choices:
            option.addItem(label, value)
        option.setEnabled(bool(choices))
        if current is not None:
            index = option.findData(current)
            if index >= 0:
                option.setCurrentIndex(index)
            else:
                option.setEditText(str(current))
        option.currentTextChanged.connect(lambda _t: self._check())
        self.table.setCellWidget(row, OPTION, option)

    def _on_field_changed(self, row: int) -> None:
        field = self.table.cellWidget(row, FIELD).currentData()
        self._fill_option(row, ColumnRule(field))
        self._check()

    def current_mapping(self) -> Mapping:
        """The mapping as the page shows it, every column named."""
        columns = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COLUMN)
            field = self.table.cellWidget(row, FIELD).currentData()
            option = self.table.cellWidget(row, OPTION)
            value = option.currentText() if option.isEditable() else option.currentData()
            base = item.data(RULE_ROLE)
            rule = base if base is not None and base.field == field else ColumnRule(field)
            columns[item.text()] = _with_option(rule, value)
        return replace(self._base, columns=columns, kind=self.kind_combo.currentText(),
                       unmapped="extra", title_template=self.title_edit.text().strip() or None)

    def set_field(self, column: str, field: str) -> None:
        """Choose the field of a column (as the user would with its combo box)."""
        for row in range(self.table.rowCount()):
            if self.table.item(row, COLUMN).text() == column:
                combo = self.table.cellWidget(row, FIELD)
                combo.setCurrentIndex(combo.findData(field))
                return
        raise KeyError(column)

    def _check(self) -> None:
        if self._job.table is None:
            return
        try:
            mapping = self.current_mapping()
            if mapping.title_template:
                check_template("the title", mapping.title_template)
            resolve(mapping, self._job.table.columns)
            self._set_problem("")
        except RoadbookError as exc:
            self._set_problem(str(exc))

    def _set_problem(self, text: str) -> None:
        self._problem = text
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._job.table is not None and not self._problem

    def validatePage(self) -> bool:
        self._job.mapping = self.current_mapping()
        self._job.kind = self.kind_combo.currentText()
        return True


def _chosen_text(mapping: Mapping, columns: list[str]) -> str:
    """What the page says about the mapping: the preset the headers picked, with its credit
    and licence (or one they nearly fit), and how titles are composed when no column holds
    them."""
    lines = []
    near = None if mapping.headers else nearly_fitting_preset(columns)
    if near is not None:
        preset, missing = near
        lines.append(f"The {preset.label or preset.name} preset nearly fits this file (it lacks "
                     f"{', '.join(repr(m) for m in missing)}): choose it above to use it.")
    if mapping.headers and mapping.name:
        lines.append(f"Recognised by its headers: using the {mapping.label or mapping.name} "
                     "preset. Choose another mapping above to change it.")
        lines += [f"Credit: {mapping.credit}"] if mapping.credit else []
        lines += [f"Licence: {mapping.licence}"] if mapping.licence else []
    if mapping.title_template:
        lines.append(f"Titles are composed from the columns: {mapping.title_template}")
    return "\n".join(lines)


def _examples(table, index: int, count: int = 3) -> str:
    seen: list[str] = []
    for row in table.rows:
        value = one_line(row[index], 40) if index < len(row) else ""
        if value and value not in seen:
            seen.append(value)
            if len(seen) == count:
                break
    return "  ·  ".join(seen)


def _option_choices(rule: ColumnRule) -> tuple[list[tuple[str, object]], object, bool]:
    """(choices as (label, value), the current value, whether free text is allowed)."""
    if rule.field in ("actor", "place"):
        roles = [(r, r) for r in dict.fromkeys((rule.role or "party", *ROLES))]
        return roles, rule.role, True
    if rule.field == "value":
        return list(UNITS), rule.unit, False
    if rule.field in ("tags", "aliases"):
        return list(SEPARATORS), rule.separator or ";", False
    if rule.field == "extra":
        return [(t, t) for t in EXTRA_TYPES] + [("json", "json")], rule.type, False
    return [], None, False


def _with_option(rule: ColumnRule, value) -> ColumnRule:
    if rule.field in ("actor", "place"):
        return replace(rule, role=str(value).strip() or rule.role)
    if rule.field == "value" and value:
        return replace(rule, unit=value)
    if rule.field in ("tags", "aliases") and value:
        return replace(rule, separator=value)
    if rule.field == "extra" and value:
        return replace(rule, type=value)
    return rule
