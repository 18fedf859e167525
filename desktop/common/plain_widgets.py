"""Labels and message boxes that show text as written: file names and data are never markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def message(parent: QWidget, title: str, text: str, *,
            question: bool = False) -> bool:
    """A message box that shows ``text`` as written; for a question, whether it was Yes."""
    box = QMessageBox(QMessageBox.Icon.Question if question else QMessageBox.Icon.Warning,
                      title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if question:
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A label that shows text as written (file names and data are never read as markup)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label
