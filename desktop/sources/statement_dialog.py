"""Cite for Current Entry, Stating…: the small dialog that asks what the selected words state
for the current entry — its value, date or status, in the words as written — so that the
citation is recorded as a statement (as ``roadbook cite --states`` does) and a source that
states another value shows as a disagreement."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from db import InvalidValueError
from db.statements import STATED_FIELDS, parse_states
from desktop.common.formatting import one_line

FIELD_LABELS = {"value": "Value (a sum of money)", "date": "Date or period", "status": "Status"}


class StatementDialog(QDialog):
    """Which field the words state and the words themselves, prefilled from the selection."""

    def __init__(self, *, entry_title: str, quote: str, prefill: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("statementDialog")
        self.setWindowTitle("Cite, Stating…")
        self._prefill = prefill
        self.field = QComboBox(self)
        self.field.setObjectName("statementField")
        for field in STATED_FIELDS:
            self.field.addItem(FIELD_LABELS[field], field)
        self.words = QLineEdit(self)
        self.words.setObjectName("statementWords")
        self.words.setPlaceholderText("as the source writes it: $456bn, June 2016, signed")
        self.problem = QLabel(self)
        self.problem.setObjectName("statementProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow("For:", _plain_label(one_line(entry_title), self))
        form.addRow("Quote:", _plain_label(one_line(quote, limit=200), self))
        form.addRow("The source states its:", self.field)
        form.addRow("As written:", self.words)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Cite")
        buttons.accepted.connect(self._accept_if_readable)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.field.currentIndexChanged.connect(self._prefill_words)
        self.field.setCurrentIndex(0 if prefill.get("value") or not prefill.get("date") else 1)
        self._prefill_words()
        self.resize(520, 0)

    def states(self) -> str:
        """The statement as ``Library.cite`` takes it: ``value=$456bn``."""
        return f"{self.field.currentData()}={self.words.text().strip()}"

    def _prefill_words(self, *_args) -> None:
        field = self.field.currentData()
        words = {"value": self._prefill.get("value"),
                 "date": self._prefill.get("date_text")}.get(field)
        self.words.setText(words or "")
        self.problem.hide()

    def _accept_if_readable(self) -> None:
        try:
            parse_states(self.states())
        except InvalidValueError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.accept()


def _plain_label(text: str, parent) -> QLabel:
    from PySide6.QtCore import Qt

    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label
