"""The current entry and the history of entries visited: one signal every pane follows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

MAX_HISTORY = 500


class Navigator(QObject):
    """Holds the current entry id; ``go`` moves to an entry, ``back``/``forward`` walk history."""

    current_changed = Signal(str)
    history_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._history: list[str] = []
        self._position = -1

    @property
    def current(self) -> str | None:
        return self._history[self._position] if self._position >= 0 else None

    def can_go_back(self) -> bool:
        return self._position > 0

    def can_go_forward(self) -> bool:
        return self._position < len(self._history) - 1

    def go(self, entry_id: str) -> None:
        """Make ``entry_id`` current everywhere (no-op when it already is)."""
        if not entry_id or entry_id == self.current:
            return
        del self._history[self._position + 1:]
        self._history.append(entry_id)
        if len(self._history) > MAX_HISTORY:
            del self._history[0]
        self._position = len(self._history) - 1
        self._announce()

    def back(self) -> None:
        if self.can_go_back():
            self._position -= 1
            self._announce()

    def forward(self) -> None:
        if self.can_go_forward():
            self._position += 1
            self._announce()

    def history(self) -> list[str]:
        return list(self._history)

    def _announce(self) -> None:
        self.history_changed.emit()
        self.current_changed.emit(self.current)
