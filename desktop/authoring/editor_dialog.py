"""The entry editor: a new entry, or the current one's fields, names, links and tags.

Nothing is written until Save; a value that cannot be read (a date, a sum, a link) is named in
the dialog, which stays open. Only the fields changed are saved, as one undoable change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from db import Library, RoadbookError
from db.dates import date_spec
from db.entry_fields import KINDS, parse_field
from db.money import format_usd
from desktop.authoring.list_editors import AliasEditor, LinkEditor
from desktop.common.edit_text import field_value_text
from desktop.common.plain_widgets import plain_label

LINE_FIELDS = (("title", "Title"), ("category", "Category"), ("status", "Status"),
               ("date", "Date"), ("date_text", "Date as written"), ("value", "Value as written"),
               ("tags", "Tags"))
HINTS = {"date": "2014, 2016-Q1, 2016-06, 2016-07-12 or 2014..2016",
         "date_text": "the words of the source: “last year”, “in June”",
         "value": "as written: $400 billion, nearly $15bn, ¥3 bn",
         "category": "person, company, agreement, visit, city…",
         "status": "signed, proposed, under discussion…", "tags": "energy, transport"}


class EntryEditor(QDialog):
    """Edits ``entry`` (a ``Library.get`` dict) or writes a new one; ``saved`` carries its id.

    ``prefill``: field texts for a new entry (``{"title": …, "value": …}``); ``cite``:
    ``(source_id, quote)`` or ``(source_id, quote, start)`` to cite with it (New Entry from
    Selection); ``suggestion``: the name suggestion ``(source_id, n)`` it is written from, accepted
    for it on Save (with ``every_occurrence``, every pending one of that name)."""

    saved = Signal(str)

    def __init__(self, *, library: Library, entry: dict | None = None,
                 prefill: dict | None = None, cite: tuple | None = None,
                 suggestion: tuple[str, int] | None = None, every_occurrence: bool = False,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("entryEditor")
        self.setWindowTitle(f"Edit “{entry['title']}”" if entry else "New entry")
        self.resize(560, 640)
        self._library = library
        self._entry = entry
        self._cite = cite
        self._suggestion = suggestion
        self._every_occurrence = every_occurrence
        self.saved_id: str | None = None
        self._build()
        self._fill(entry, prefill or {})
        self._initial = self._texts()

    def _build(self) -> None:
        form = QFormLayout()
        self.kind = QComboBox(self)
        self.kind.addItems(KINDS)
        form.addRow("Kind", self.kind)
        self.lines: dict[str, QLineEdit] = {}
        for field, label in LINE_FIELDS:
            line = self.lines[field] = QLineEdit(self)
            line.setObjectName(f"edit_{field}")
            line.setPlaceholderText(HINTS.get(field, ""))
            form.addRow(label, line)
        self.value_hint = plain_label("", self)
        form.addRow("", self.value_hint)
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText("A sentence or two in your own words")
        self.summary.setMaximumHeight(80)
        form.addRow("Summary", self.summary)
        self.aliases = AliasEditor(self)
        form.addRow("Other names", self.aliases)
        self.links = LinkEditor(library=self._library, parent=self)
        form.addRow("Links", self.links)
        if self._cite:
            form.addRow("Quote", plain_label(f"“{self._cite[1]}”", self))
        self.error_label = plain_label("", self)
        self.error_label.setObjectName("editorError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.aliases.name.installEventFilter(self)
        self.links.picker.installEventFilter(self)
        self.lines["value"].textChanged.connect(self._show_value_reading)
        self.lines["date"].textChanged.connect(self._show_value_reading)

    def _fill(self, entry: dict | None, prefill: dict) -> None:
        if entry is None:
            self.kind.setCurrentText(prefill.get("kind", "deal"))
            for field, text in prefill.items():
                if field in self.lines:
                    self.lines[field].setText(text)
            self.summary.setPlainText(prefill.get("summary", ""))
            return
        self.kind.setCurrentText(entry["kind"])
        spec = _date_spec(entry)
        texts = {"title": entry["title"], "category": entry.get("category"),
                 "status": entry.get("status"), "date": spec,
                 "date_text": entry.get("date_text"), "value": entry.get("value_text"),
                 "tags": ", ".join(entry.get("tags", []))}
        for field, text in texts.items():
            self.lines[field].setText(text or "")
        self.summary.setPlainText(entry.get("summary") or "")
        self.aliases.set_aliases(entry.get("aliases", []))
        self.links.set_links([lk for lk in entry.get("links", []) if lk["direction"] == "out"])

    def _texts(self) -> dict:
        """What the dialog holds now, field by field, as typed."""
        texts = {field: line.text().strip() for field, line in self.lines.items()}
        texts["kind"] = self.kind.currentText()
        texts["summary"] = self.summary.toPlainText().strip()
        texts["aliases"] = self.aliases.values()
        texts["links"] = sorted(self.links.values(), key=lambda lk: (lk["role"], lk["to"]))
        return texts

    def changed_values(self) -> dict:
        """The fields changed since the dialog opened, read as values (raises on bad input)."""
        values = {}
        for field, text in self._texts().items():
            if text == self._initial.get(field) and self._entry is not None:
                continue
            if field in ("aliases", "links"):
                values[field] = text
            elif field == "tags":
                values[field] = parse_field("tags", text.replace(",", ";"))
            else:
                values[field] = parse_field(field, text)
        return values

    def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
        # Enter in the name or link field adds that item; it does not save the whole entry.
        if event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.aliases.name:
                self.aliases.add_typed()
                return True
            if watched is self.links.picker and not self.links.picker.completer().popup(
                    ).isVisible():
                self.links.add_picked()
                return True
        return super().eventFilter(watched, event)

    def save(self) -> None:
        """Write the changes (or the new entry) as one change; stay open on a bad value."""
        if self.saved_id is not None:
            return  # saved already (a second click while the dialog closes)
        try:
            values = self.changed_values()
            if self._entry is None:
                kind, title = values.pop("kind"), values.pop("title")
                self.saved_id = self._library.create_entry(
                    kind, title, {k: v for k, v in values.items() if v not in (None, [])},
                    cite=self._cite, suggestion=self._suggestion,
                    every_occurrence=self._every_occurrence)
            else:
                self._library.edit_entry(self._entry["id"], values)
                self.saved_id = self._entry["id"]
        except RoadbookError as exc:
            self.error_label.setText(str(exc))
            return
        self.saved.emit(self.saved_id)
        self.accept()

    def _show_value_reading(self) -> None:
        """Under the fields: what Roadbook reads in the date and the sum, or why it cannot."""
        parts = []
        for field in ("date", "value"):
            text = self.lines[field].text().strip()
            if not text:
                continue
            try:
                value = parse_field(field, text)
            except RoadbookError as exc:
                parts.append(str(exc))
                continue
            read = format_usd(value["usd"]) if field == "value" and value["usd"] else \
                field_value_text(field, value)
            parts.append(f"{field}: {read}")
        self.value_hint.setText(" · ".join(parts))
        self.value_hint.setAlignment(Qt.AlignmentFlag.AlignLeft)


def _date_spec(entry: dict) -> str:
    return date_spec(entry.get("date_start"), entry.get("date_end"),
                     entry.get("date_precision")) or ""
