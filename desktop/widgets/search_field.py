"""The search field: results as you type, completion of fields and values, recent queries.

Typing ``ki`` offers ``kind:``, ``kind:d`` offers ``kind:deal``, ``actor:gaz`` offers
``actor:gazprom``; Down in the field lists recent queries; Escape clears it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

TYPE_AHEAD_DELAY_MS = 120
PLACEHOLDER = ('Search — e.g. gas deal, "state visit", kind:deal year:2014..2016, '
               "value:>10bn, actor:gazprom, -railway   (Ctrl+F)")
WINDOW_KEYS = {Qt.Key.Key_D, Qt.Key.Key_K, Qt.Key.Key_B}


def _is_window_shortcut(event) -> bool:
    ctrl_only = event.modifiers() == Qt.KeyboardModifier.ControlModifier
    return ctrl_only and event.key() in WINDOW_KEYS


def last_word_span(text: str, cursor: int) -> tuple[int, int]:
    """Where the word being typed starts and ends (a quoted value counts as one word)."""
    start = cursor
    quotes = text[:cursor].count('"') % 2 == 1
    while start > 0 and (quotes or not text[start - 1].isspace()):
        start -= 1
        if text[start] == '"' and quotes:
            quotes = False
    return start, cursor


class SearchField(QLineEdit):
    """Emits ``query_changed`` shortly after typing pauses, and at once on Enter."""

    query_changed = Signal(str)
    query_committed = Signal(str)

    def __init__(self, parent=None, *, suggest: Callable[[str], list[str]] | None = None):
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setAccessibleName("Search")
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self._suggest = suggest or (lambda word: [])
        self._recent: list[str] = []
        self._choices = QStringListModel(self)
        self._replacing_word = True
        self.completer_popup = QCompleter(self._choices, self)
        self.completer_popup.setWidget(self)
        self.completer_popup.setCompletionMode(
            QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_popup.activated.connect(self._on_choice)
        self._timer = QTimer(self, singleShot=True, interval=TYPE_AHEAD_DELAY_MS)
        self._timer.timeout.connect(self._on_pause)
        self.textEdited.connect(self._on_text_edited)
        self.returnPressed.connect(self._on_return)

    def set_recent(self, queries: list[str]) -> None:
        self._recent = list(queries)

    def set_query(self, text: str) -> None:
        """Put ``text`` in the field and run it now (as if typed and paused)."""
        self.setText(text)
        self._timer.stop()
        self.query_changed.emit(text)

    def choices(self) -> list[str]:
        """What the completion list offers right now."""
        return self._choices.stringList()

    def show_recent(self) -> None:
        if self._recent:
            self._offer(self._recent, replacing_word=False)

    def event(self, event):
        # Let the window's shortcuts win over QLineEdit's own bindings (Ctrl+D deletes a
        # character in a line edit, but here it bookmarks the current entry).
        if event.type() == QEvent.Type.ShortcutOverride and _is_window_shortcut(event):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event):  # noqa: N802 (Qt override)
        popup = self.completer_popup.popup()
        if event.key() == Qt.Key.Key_Escape and not popup.isVisible():
            if self.text():
                self.set_query("")
            return
        if event.key() == Qt.Key.Key_Down and not popup.isVisible():
            self.show_recent()
            return
        super().keyPressEvent(event)

    def _cursor_index(self) -> int:
        """The cursor as an index into ``text()``: Qt counts UTF-16 units, Python code points
        (they differ after an emoji or any character outside the Basic Multilingual Plane)."""
        units = self.text().encode("utf-16-le")[:2 * self.cursorPosition()]
        return len(units.decode("utf-16-le", errors="ignore"))

    def _on_text_edited(self, text: str) -> None:
        self._timer.start()
        start, end = last_word_span(text, self._cursor_index())
        word = text[start:end]
        offers = self._suggest(word) if word else []
        if offers:
            self._offer(offers, replacing_word=True)
        else:
            self.completer_popup.popup().hide()

    def _offer(self, items: list[str], *, replacing_word: bool) -> None:
        self._replacing_word = replacing_word
        self._choices.setStringList(items)
        self.completer_popup.complete()

    def _on_choice(self, choice: str) -> None:
        if not self._replacing_word:
            self.set_query(choice)
            return
        text = self.text()
        start, end = last_word_span(text, self._cursor_index())
        joiner = "" if choice.endswith(":") else " "
        new = text[:start] + choice + joiner + text[end:].lstrip()
        self.setText(new)
        self.setCursorPosition(len((new[:start] + choice + joiner).encode("utf-16-le")) // 2)
        self._timer.start()

    def _on_pause(self) -> None:
        self.query_changed.emit(self.text())

    def _on_return(self) -> None:
        if self.completer_popup.popup().isVisible():
            return
        self._timer.stop()
        self.query_changed.emit(self.text())
        self.query_committed.emit(self.text())
