"""A line edit that finds an entry by name as you type (any script, typos forgiven)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from db import Library, LibraryError
from desktop.common.formatting import kind_label, one_line

CHOICES = 12


class EntryPicker(QLineEdit):
    """Type part of a name; pick from the list. ``chosen_id`` is the entry picked (or ``None``
    while the text is not one of the choices); ``entry_chosen`` says when one is picked."""

    entry_chosen = Signal(str)

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self.setObjectName("entryPicker")
        self.setPlaceholderText("Type a name: Gazprom, Путин, Kazan…")
        self._library = library
        self._ids: dict[str, str] = {}
        self.chosen_id: str | None = None
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompleter(completer)
        self.textEdited.connect(self._on_text_edited)
        completer.activated.connect(self._on_activated)

    def choices(self) -> list[str]:
        """The choices offered for the text typed, as shown."""
        return self._model.stringList()

    def choose(self, text: str) -> None:
        """Pick one of the choices by its text (as a click in the list does)."""
        self._on_activated(text)

    def _on_text_edited(self, text: str) -> None:
        self.chosen_id = self._ids.get(text)
        self._ids = {label: entry_id for label, entry_id in self._matches(text)}
        self._model.setStringList(list(self._ids))

    def _matches(self, text: str) -> list[tuple[str, str]]:
        if not text.strip():
            return []
        try:
            result = self._library.results(text, limit=CHOICES, typing=True)
            rows = self._library.rows(result.nums)
        except LibraryError:
            return []
        return [(f"{one_line(rows[n]['title'])} — {kind_label(rows[n]['kind'])} "
                 f"({rows[n]['id']})", rows[n]["id"]) for n in result.nums if n in rows]

    def _on_activated(self, text: str) -> None:
        self.chosen_id = self._ids.get(text)
        if self.chosen_id:
            self.setText(text)
            self.entry_chosen.emit(self.chosen_id)
