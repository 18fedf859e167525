"""The small dialog that chooses what a briefing covers, what it includes and its page."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db import Library
from db.report import ReportScope
from desktop.common.formatting import one_line
from desktop.printing.options import DEFAULT_PARTS, PAGE_SIZES, PART_LABELS, PARTS, PrintOptions

MODE_BUTTONS = {"print": "Print…", "preview": "Preview…", "pdf": "Export PDF…"}
SCOPES = ("current", "selection", "results", "bookmarks")


@dataclass(frozen=True)
class ScopeChoices:
    """What the user can print from where they are: entry, selection, results, bookmarks."""

    current_id: str | None
    current_title: str | None
    selected_ids: tuple[str, ...]
    query: str
    result_count: int
    result_capped: bool
    bookmark_tags: tuple[tuple[str, int], ...]
    bookmark_count: int


def scope_choices(library: Library, *, current_id: str | None, selected_ids: list[str],
                  query: str) -> ScopeChoices:
    """Read the counts and names the dialog shows (small queries, fine on the UI thread)."""
    title = library.titles([current_id]).get(current_id, {}).get("title") if current_id else None
    results = library.results(query, limit=1, typing=True)  # bounded in time, as typing is
    return ScopeChoices(
        current_id=current_id if title else None, current_title=title,
        selected_ids=tuple(selected_ids), query=query,
        result_count=results.total, result_capped=results.capped,
        bookmark_tags=tuple(library.bookmark_tags()), bookmark_count=len(library.bookmarks()))


class PrintOptionsDialog(QDialog):
    """Choose the scope (entry, selection, results, bookmarks with a tag) and the parts."""

    def __init__(self, choices: ScopeChoices, *, mode: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle({"pdf": "Export PDF", "preview": "Print Preview"}.get(mode, "Print"))
        self._choices = choices
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("Title (optional)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_edit)
        layout.addWidget(self._scope_box())
        layout.addWidget(self._parts_box())
        layout.addWidget(self._page_box())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(MODE_BUTTONS[mode])
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._choose_default_scope()
        self._on_parts_changed()

    def _scope_box(self) -> QGroupBox:
        box = QGroupBox("Print", self)
        c = self._choices
        self.scope_buttons = {
            "current": QRadioButton(f"Current entry: {one_line(c.current_title or '—', 60)}"),
            "selection": QRadioButton(f"Selected rows ({len(c.selected_ids):,})"),
            "results": QRadioButton(_results_label(c)),
            "bookmarks": QRadioButton(f"Bookmarks ({c.bookmark_count:,})"),
        }
        self.scope_group = QButtonGroup(box)
        self.tag_combo = QComboBox(box)
        self.tag_combo.addItem("All tags", None)
        for tag, count in c.bookmark_tags:
            self.tag_combo.addItem(f"{tag} ({count})", tag)
        form = QVBoxLayout(box)
        for name in SCOPES:
            button = self.scope_buttons[name]
            self.scope_group.addButton(button)
            row = QHBoxLayout()
            row.addWidget(button)
            if name == "bookmarks":
                row.addWidget(self.tag_combo)
            row.addStretch(1)
            form.addLayout(row)
        self.scope_buttons["current"].setEnabled(c.current_id is not None)
        self.scope_buttons["selection"].setEnabled(bool(c.selected_ids))
        self.scope_buttons["bookmarks"].setEnabled(c.bookmark_count > 0)
        return box

    def _parts_box(self) -> QGroupBox:
        box = QGroupBox("Include", self)
        form = QVBoxLayout(box)
        self.part_checks = {p: QCheckBox(PART_LABELS[p], box) for p in PARTS}
        self.notes_combo = QComboBox(box)
        self.notes_combo.addItem("as footnotes under each entry", "footnotes")
        self.notes_combo.addItem("as endnotes at the end", "endnotes")
        for part in PARTS:
            self.part_checks[part].setChecked(part in DEFAULT_PARTS)
            if part == "quotes":
                row = QHBoxLayout()
                row.addWidget(self.part_checks[part])
                row.addWidget(self.notes_combo)
                row.addStretch(1)
                form.addLayout(row)
            else:
                form.addWidget(self.part_checks[part])
        return box

    def _page_box(self) -> QGroupBox:
        box = QGroupBox("Page", self)
        form = QFormLayout(box)
        self.size_combo = QComboBox(box)
        self.size_combo.addItems(PAGE_SIZES)
        self.landscape_check = QCheckBox("Landscape", box)
        form.addRow("Size", self.size_combo)
        form.addRow("", self.landscape_check)
        return box

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for check in self.part_checks.values():
            check.toggled.connect(self._on_parts_changed)
        self.tag_combo.activated.connect(self._on_tag_chosen)

    def _choose_default_scope(self) -> None:
        c = self._choices
        if len(c.selected_ids) > 1:
            self.scope_buttons["selection"].setChecked(True)
        elif c.current_id is not None and not c.query.strip():
            self.scope_buttons["current"].setChecked(True)
        else:
            self.scope_buttons["results"].setChecked(True)

    def _on_parts_changed(self, *_args) -> None:
        self.notes_combo.setEnabled(self.part_checks["quotes"].isChecked())
        any_part = any(check.isChecked() for check in self.part_checks.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(any_part)

    def _on_tag_chosen(self, _index: int) -> None:
        if self.scope_buttons["bookmarks"].isEnabled():
            self.scope_buttons["bookmarks"].setChecked(True)

    def scope_name(self) -> str:
        return next(n for n, b in self.scope_buttons.items() if b.isChecked())

    def scope(self) -> ReportScope:
        """The entries chosen."""
        c, name = self._choices, self.scope_name()
        if name == "current":
            return ReportScope.for_ids([c.current_id])
        if name == "selection":
            return ReportScope.for_ids(c.selected_ids)
        if name == "bookmarks":
            return ReportScope.for_bookmarks(self.tag_combo.currentData())
        return ReportScope.for_query(c.query)

    def options(self) -> PrintOptions:
        """The parts, the place of the quotes, the page and the title chosen."""
        return PrintOptions(
            parts=frozenset(p for p, check in self.part_checks.items() if check.isChecked()),
            notes=self.notes_combo.currentData(), page_size=self.size_combo.currentText(),
            landscape=self.landscape_check.isChecked(),
            title=" ".join(self.title_edit.text().split()) or None)


def _results_label(c: ScopeChoices) -> str:
    count = f"{c.result_count:,}" + ("+" if c.result_capped else "")
    if c.result_capped and not c.result_count:
        count = "not counted: a slow query"
    if not c.query.strip():
        return f"Whole library ({count} entries)"
    return f"Results of “{one_line(c.query, 40)}” ({count})"
