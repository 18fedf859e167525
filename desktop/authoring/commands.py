"""The Edit commands that write entries: New Entry…, Edit Entry… (Ctrl+E), Delete Entry and
Undo (Ctrl+Z), and the detail pane's statement links (Prefer, Set aside, Restore). Built by the
main window; each command writes through the library, then has the window read it afresh."""

from __future__ import annotations

from PySide6.QtCore import QObject

from db import LibraryError, NotFoundError, RoadbookError


class AuthoringCommands(QObject):
    """Connects the Edit menu's entry actions to the editor and the library for one window."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.editor = None  # the entry editor while it is open
        actions = window.actions
        actions["new_entry"].triggered.connect(lambda: self.new_entry())
        actions["edit_entry"].triggered.connect(self.edit_entry)
        actions["delete_entry"].triggered.connect(self.delete_entry)
        actions["undo_edit"].triggered.connect(self.undo)
        window.detail_pane.statement_ranked.connect(self.rank_statement)
        window.navigator.current_changed.connect(self.update_actions)
        self.update_actions()

    @property
    def _library(self):
        return self._window.library

    def update_actions(self, *_args) -> None:
        """Writing needs a writable library; editing and deleting need a current entry."""
        writable = not self._library.read_only
        current = self._window.navigator.current is not None
        actions = self._window.actions
        actions["new_entry"].setEnabled(writable)
        last = self._library.last_edit() if writable else None
        actions["undo_edit"].setEnabled(last is not None)
        actions["undo_edit"].setText(_undo_text(last))
        for name in ("edit_entry", "delete_entry"):
            actions[name].setEnabled(writable and current)

    def new_entry(self, *, prefill: dict | None = None, cite: tuple | None = None,
                  suggestion: tuple[str, int] | None = None, every_occurrence: bool = False):
        """Open the editor for a new entry: empty, or prefilled from a source's words with the
        quote to cite, ``(source_id, quote[, start])``, and the name suggestion ``(source_id,
        n)`` it is written from (see ``EntryEditor``)."""
        return self._open_editor(entry=None, prefill=prefill, cite=cite, suggestion=suggestion,
                                 every_occurrence=every_occurrence)

    def edit_entry(self):
        entry_id = self._window.navigator.current
        if entry_id is None:
            return None
        try:
            entry = self._library.get(entry_id)
        except NotFoundError:
            self._window.show_error("This entry is no longer in the library.")
            return None
        return self._open_editor(entry=entry)

    def _open_editor(self, **options):
        from desktop.authoring.editor_dialog import EntryEditor

        editor = EntryEditor(library=self._library, parent=self._window, **options)
        editor.saved.connect(self._on_saved)
        editor.finished.connect(lambda _result: setattr(self, "editor", None))
        self.editor = editor
        editor.open()
        return editor

    def _on_saved(self, entry_id: str) -> None:
        self._window.library_changed("Entry saved. Undo (Ctrl+Z) takes the change back.")
        self._window.navigator.go(entry_id)
        self.update_actions()

    def delete_entry(self) -> None:
        entry_id = self._window.navigator.current
        if entry_id is None:
            return
        try:
            title = self._library.get(entry_id)["title"]
            self._library.delete_entry(entry_id)
        except (LibraryError, NotFoundError) as exc:
            self._window.show_error(f"Could not delete the entry: {exc}")
            return
        self._window.library_changed(f"Deleted “{title}”. Undo (Ctrl+Z) brings it back.")
        self.update_actions()

    def undo(self) -> None:
        try:
            undone = self._library.undo_last_edit()
        except RoadbookError as exc:
            self._window.show_error(f"Nothing undone: {exc}")
            return
        self._window.library_changed(_undone_message(undone))
        if undone["action"] != "create":
            self._window.navigator.go(undone["entry_id"])
        self.update_actions()

    def rank_statement(self, num: int, rank: str) -> None:
        """A statement's link in the detail pane: prefer it, set it aside or restore it."""
        entry_id = self._window.navigator.current
        if entry_id is None:
            return
        try:
            if rank == "preferred":
                chosen = self._library.prefer_statement(entry_id, num)
                message = f"The {chosen['field']} shown is now “{chosen['text']}”."
            else:
                self._library.rank_statement(entry_id, num, rank)
                message = "Set aside: kept, no longer counted as a disagreement." \
                    if rank == "deprecated" else "Restored."
        except RoadbookError as exc:
            self._window.show_error(f"Could not change that statement: {exc}")
            return
        self._window.results_model.refresh_rows()
        self._window.detail_pane.refresh()
        self._window.statusBar().showMessage(f"{message} Undo (Ctrl+Z) takes it back.", 8000)
        self.update_actions()


def _undo_text(last: dict | None) -> str:
    """The Undo action's text: what it would take back ("Undo Edit of gazprom")."""
    if last is None:
        return "&Undo"
    if last["action"] == "create":
        return f"&Undo New Entry {last['entry_id']}"
    if last["action"] == "delete":
        return f"&Undo Delete of {last['entry_id']}"
    return f"&Undo Edit of {last['entry_id']}"


def _undone_message(undone: dict) -> str:
    if undone["action"] == "create":
        return f"Undone: the new entry {undone['entry_id']} is gone."
    if undone["action"] == "delete":
        return f"Undone: {undone['entry_id']} is back."
    fields = [f for f in undone["fields"] if not f.startswith("rank:")]
    return f"Undone: the change of {', '.join(fields) or 'the preferred value'}."
