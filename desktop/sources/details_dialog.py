"""The small dialog that asks for a new source's title, author, publisher, date and address —
and, for Paste as New Source, shows the text to be added."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)


class SourceDetailsDialog(QDialog):
    """Details of a source about to be added; empty fields take what the file says."""

    def __init__(self, *, file_name: str | None = None, text: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("sourceDetailsDialog")
        self.setWindowTitle("Paste as New Source" if text is not None else "Add Source")
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        hint = "from the file" if file_name else ""
        for key, label, placeholder in (
                ("title", "&Title:", hint or "the first line"), ("author", "&Author:", hint),
                ("publisher", "&Publisher:", ""), ("date", "&Date:", "2016-07-12, 2016-07 or 2016"),
                ("url", "&Address:", "where it was published (kept, never opened)")):
            edit = QLineEdit(self)
            edit.setObjectName(f"source_{key}")
            edit.setPlaceholderText(placeholder)
            self.fields[key] = edit
            form.addRow(label, edit)
        layout = QVBoxLayout(self)
        if file_name:
            name = QLabel(file_name, self)
            name.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(name)
        self.text_edit = self.markdown = None
        if text is not None:
            self.text_edit = QPlainTextEdit(text, self)
            self.text_edit.setObjectName("sourceText")
            self.markdown = QCheckBox("Read as &Markdown (front matter, markup stripped)", self)
            layout.addWidget(self.text_edit, 1)
            layout.addWidget(self.markdown)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add Source")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420 if text is not None else 220)

    def details(self) -> dict:
        """The options for ``Library.add_source``: what was typed, ``None`` for empty fields."""
        return {key: edit.text().strip() or None for key, edit in self.fields.items()}

    def text(self) -> str:
        return self.text_edit.toPlainText() if self.text_edit is not None else ""

    def as_markdown(self) -> bool:
        return bool(self.markdown and self.markdown.isChecked())
