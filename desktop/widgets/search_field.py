"""The search field: type-ahead over the query language, recent queries, Escape clears."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

TYPE_AHEAD_DELAY_MS = 120
PLACEHOLDER = ('Search — e.g. gas deal, "state visit", kind:deal year:2014..2016, '
               "value:>10bn, actor:gazprom, -railway   (Ctrl+F)")


WINDOW_KEYS = {Qt.Key.Key_D, Qt.Key.Key_K, Qt.Key.Key_B}


def _is_window_shortcut(event) -> bool:
    ctrl_only = event.modifiers() == Qt.KeyboardModifier.ControlModifier
    return ctrl_only and event.key() in WINDOW_KEYS


class SearchField(QLineEdit):
    """Emits ``query_changed`` shortly after typing pauses, and at once on Enter."""

    query_changed = Signal(str)
    query_committed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setAccessibleName("Search")
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self._recent = QStringListModel(self)
        completer = QCompleter(self._recent, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self._timer = QTimer(self, singleShot=True, interval=TYPE_AHEAD_DELAY_MS)
        self._timer.timeout.connect(self._on_pause)
        self.textEdited.connect(self._on_text_edited)
        self.returnPressed.connect(self._on_return)

    def set_recent(self, queries: list[str]) -> None:
        self._recent.setStringList(queries)

    def set_query(self, text: str) -> None:
        """Put ``text`` in the field and run it now (as if typed and paused)."""
        self.setText(text)
        self._timer.stop()
        self.query_changed.emit(text)

    def event(self, event):
        # Let the window's shortcuts win over QLineEdit's own bindings (Ctrl+D deletes a
        # character in a line edit, but here it bookmarks the current entry).
        if event.type() == QEvent.Type.ShortcutOverride and _is_window_shortcut(event):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event):  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape and not self.completer().popup().isVisible():
            if self.text():
                self.set_query("")
            return
        super().keyPressEvent(event)

    def _on_text_edited(self, _text: str) -> None:
        self._timer.start()

    def _on_pause(self) -> None:
        self.query_changed.emit(self.text())

    def _on_return(self) -> None:
        self._timer.stop()
        self.query_changed.emit(self.text())
        self.query_committed.emit(self.text())
