"""The window's source commands: File → Add Source…, Paste as New Source and Review
Suggestions… (a name accepted there opens the entry editor), and the source reader's "New Entry
from Selection…", "Cite for Current Entry" and "Add as Alias of Current Entry". Built by
``MainWindow``; each reports in the status bar, never blocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from db import RoadbookError
from desktop.sources.details_dialog import SourceDetailsDialog

FILE_FILTER = ("Documents (*.txt *.md *.markdown *.html *.htm *.pdf *.docx);;"
               "All files (*)")


class SourceCommands(QObject):
    """Connects the source actions and the reader's selection requests for one window."""

    source_added = Signal(dict)  # what ``Library.add_source`` returned
    source_refused = Signal(str)  # why not

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.review = None  # the open review dialog, if any
        self.adding = None  # the worker adding a source, while it runs
        window.installEventFilter(self)
        actions = window.actions
        actions["add_source"].triggered.connect(self.add_source_file)
        actions["paste_source"].triggered.connect(self.paste_source)
        actions["review_suggestions"].triggered.connect(lambda: self.open_review())
        # After Undo has run (queued): a name whose new entry was undone is pending again.
        actions["undo_edit"].triggered.connect(self._after_undo,
                                               Qt.ConnectionType.QueuedConnection)
        reader = window.source_reader
        reader.cite_requested.connect(self.cite_selection)
        reader.cite_stating_requested.connect(self.cite_stating)
        reader.alias_requested.connect(self.add_alias)
        reader.new_entry_requested.connect(self.new_entry_from_selection)

    def add_source_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._window, "Add Source", "", FILE_FILTER)
        if not path:
            return
        dialog = SourceDetailsDialog(file_name=Path(path).name, parent=self._window)
        if dialog.exec():
            self.add(Path(path), **dialog.details())

    def paste_source(self) -> None:
        text = QGuiApplication.clipboard().text()
        dialog = SourceDetailsDialog(text=text, parent=self._window)
        if dialog.exec():
            self.add(dialog.text(), markdown=dialog.as_markdown(), **dialog.details())

    def add(self, source: Path | str, **details) -> None:
        """Add a file or text as a source on a worker (a long PDF takes seconds), then show it
        and open its review; ``source_added`` or ``source_refused`` says how it went."""
        from desktop.common.background_task import BackgroundTask

        window = self._window
        if self.adding is not None:
            window.show_error("A source is being added; wait for it to finish.")
            return
        path = window.library.path

        def work(_progress, _cancelled):
            from db import Library

            with Library.open(path) as library:  # its own connection, on the worker
                return library.add_source(source, **details)

        name = source.name if isinstance(source, Path) else "the pasted text"
        window.statusBar().showMessage(f"Reading {name}…")
        self.adding = BackgroundTask(work, self)
        self.adding.succeeded.connect(self._on_added)
        self.adding.failed.connect(self._on_refused)
        self.adding.finished.connect(self._on_adding_finished)
        self.adding.start()

    def _on_added(self, added: dict) -> None:
        window = self._window
        window.source_reader.refresh_sources()
        window.source_reader.show_source(added["id"], entry_id=window.navigator.current)
        left_out = added.get("suggestions_left_out") or 0
        more = (f" ({left_out:,} more were left out: the best are kept, mentions of known "
                "entries first)") if left_out else ""
        window.library_changed(f"Added “{added['title']}”: {added['passages']:,} passages, "
                               f"{added['suggestions']:,} suggestions to review{more}.")
        if added["suggestions"]:
            self.open_review(added["id"])
        self.source_added.emit(added)

    def _on_refused(self, message: str) -> None:
        self._window.show_error(f"Not added: {message}")
        self.source_refused.emit(message)

    def _on_adding_finished(self) -> None:
        self.adding.wait()  # the thread has returned before its task is let go
        self.adding.deleteLater()
        self.adding = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        # A window closing while a source is being added waits for it (all or nothing, and
        # never a running thread destroyed with the window).
        if event.type() == QEvent.Type.Close and self.adding is not None:
            self.adding.wait()
        return False

    def open_review(self, source_id: str | None = None) -> None:
        """Review the suggestions of ``source_id`` (default: the source in the reader)."""
        from desktop.sources.review_dialog import SuggestionReview

        window = self._window
        source_id = source_id or window.source_reader.source_id
        if source_id is None:
            return
        if self.review is not None:
            self.review.close()
        self.review = SuggestionReview(library=window.library, source_id=source_id,
                                       parent=window)
        self.review.decided.connect(self._on_decided)
        self.review.entry_activated.connect(window.navigator.go)
        self.review.error.connect(window.show_error)
        self.review.new_entry_requested.connect(self.new_entry_from_suggestion)
        self.review.show()

    def _on_decided(self, _source_id: str) -> None:
        window = self._window
        window.detail_pane.refresh()
        window.source_reader.refresh_sources()
        window.refresh_navigator()

    def cite_selection(self, source_id: str, start: int, quote: str) -> None:
        window = self._window
        entry_id = self._current_or_say("Choose the entry to cite these words for first.")
        if entry_id is None or self._attempt(
                lambda: window.library.cite(entry_id, source_id, quote, start=start)) is None:
            return
        window.detail_pane.refresh()
        window.source_reader.refresh_sources()
        window.statusBar().showMessage(f"Cited {len(quote):,} characters for the current "
                                       "entry.", 8000)

    def cite_stating(self, source_id: str, start: int, quote: str) -> None:
        """Cite the words for the current entry as stating its value, date or status (asked in
        a small dialog, prefilled from what the words say)."""
        from desktop.sources.statement_dialog import StatementDialog

        library = self._window.library
        entry_id = self._current_or_say("Choose the entry these words state something about "
                                        "first.")
        drafted = entry_id and self._attempt(lambda: (
            library.draft_entry_from_selection(source_id, start, quote)["prefill"],
            library.get(entry_id)["title"]))
        if not drafted:
            return
        dialog = StatementDialog(entry_title=drafted[1], quote=quote, prefill=drafted[0],
                                 parent=self._window)
        cited = dialog.exec() and self._attempt(
            lambda: library.cite(entry_id, source_id, quote, start=start,
                                 states=dialog.states()))
        if cited:
            self._after_statement(entry_id, cited["statement"])

    def _current_or_say(self, why: str) -> str | None:
        """The current entry, or ``None`` after saying ``why`` one is needed."""
        entry_id = self._window.navigator.current
        if entry_id is None:
            self._window.show_error(why)
        return entry_id

    def _attempt(self, write):
        """``write()``'s result, or ``None`` after saying why the library refused it."""
        try:
            return write()
        except RoadbookError as exc:
            self._window.show_error(f"Not cited: {exc}")
            return None

    def _after_statement(self, entry_id: str, statement: dict) -> None:
        window = self._window
        window.detail_pane.refresh()
        window.source_reader.refresh_sources()
        window.run_query()  # the results table marks a disputed cell
        disputed = window.library.get(entry_id).get("disagreements") or []
        said = (f" Sources now disagree on the {', '.join(disputed)}: the detail pane shows "
                "each with its source." if statement["field"] in disputed else "")
        window.statusBar().showMessage(f"Cited, stating the {statement['field']} "
                                       f"{statement['text']}.{said}", 10000)

    def add_alias(self, name: str) -> None:
        window = self._window
        entry_id = window.navigator.current
        if entry_id is None:
            window.show_error("Choose the entry these words name first.")
            return
        try:
            added = window.library.add_alias(entry_id, name)
        except RoadbookError as exc:
            window.show_error(f"Not added: {exc}")
            return
        window.detail_pane.refresh()
        window.authoring.update_actions()
        said = "is now another name of the current entry. Undo (Ctrl+Z) takes it back." \
            if added["added"] else "was already a name of the current entry."
        window.statusBar().showMessage(f"“{added['name']}” {said}", 8000)

    def new_entry_from_selection(self, source_id: str, start: int, words: str):
        """Open the entry editor prefilled from the selected words (title, sum, date), the
        words cited at their own place in the source when it is saved."""
        window = self._window
        try:
            draft = window.library.draft_entry_from_selection(source_id, start, words)
        except RoadbookError as exc:
            window.show_error(f"No new entry: {exc}")
            return None
        editor = window.authoring.new_entry(prefill=draft["prefill"], cite=draft["cite"])
        editor.saved.connect(lambda _id: window.source_reader.refresh_sources())
        return editor

    def new_entry_from_suggestion(self, source_id: str, n: int, every_occurrence: bool):
        """A name accepted in the review: the entry editor opens with it as a new actor or
        place; saving accepts the suggestion for the entry, cancelling leaves it pending."""
        window = self._window
        try:
            draft = window.library.draft_entry_from_suggestion(source_id, n)
        except RoadbookError as exc:
            window.show_error(f"No new entry: {exc}")
            return None
        editor = window.authoring.new_entry(prefill=draft["prefill"], cite=draft["cite"],
                                            suggestion=draft["suggestion"],
                                            every_occurrence=every_occurrence)
        editor.saved.connect(lambda _id: self._on_named(source_id))
        return editor

    def _after_undo(self) -> None:
        if self.review is not None:
            self.review.refresh()
        self._window.source_reader.refresh_sources()

    def _on_named(self, source_id: str) -> None:
        if self.review is not None and self.review.source_id == source_id:
            self.review.refresh()
        self._on_decided(source_id)
