"""The source reader: the text behind the current entry, its passages highlighted, the words
suggested for review shaded; a selection can become a new entry, be cited for the current entry
or be kept as another name of it."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db import Library, NotFoundError
from desktop.common.formatting import neutralised
from desktop.common.provenance_text import record_html
from desktop.common.source_html import SourceMarkup, source_style
from desktop.widgets.detail_pane import SafeBrowser, palette_colors
from desktop.widgets.source_loading import SourceLoader, passage_ordinal

MAX_MARKS = 3_000  # suggestions shaded in the reader: more would slow its painting down


def _shown(text: str) -> str:
    """Text as the reader shows it: unsafe characters as �, runs of spaces as one."""
    return " ".join(neutralised(text).split())


class SourceReader(QWidget):
    """Shows a source; ``show_entry`` highlights that entry's quotes and scrolls to the first.
    A long source shows the passages on screen at once and the rest in steps (``complete``
    says when all of it is in, and ``loaded`` tells)."""

    entry_link_clicked = Signal(str)
    cite_requested = Signal(str, int, str)  # source id, start offset, the selected words
    cite_stating_requested = Signal(str, int, str)  # the same, to record what they state
    alias_requested = Signal(str)  # the selected words
    new_entry_requested = Signal(str, int, str)  # source id, start offset, the selected words
    loaded = Signal(str)  # source id: the whole of it is shown

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self.setObjectName("sourceReader")
        self.setAccessibleName("Source reader")
        self._library = library
        self._source_id: str | None = None
        self._entry_id: str | None = None
        self.highlighted: list[str] = []
        self._cited_entry: str | None = None
        self._citations: list[dict] = []
        self._text, self._passages = "", []
        self._by_ordinal: dict[int, dict] = {}
        self._source: dict | None = None  # the source last read (sources do not change)
        self._record: dict | None = None  # the record card shown, for an entry without quotes
        self.browser = SafeBrowser(self)
        self.browser.setObjectName("sourceBrowser")
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.document().setUndoRedoEnabled(False)  # read-only: nothing to undo
        self.loader = SourceLoader(self.browser, self)
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("sourceChooser")
        self.refresh_sources()
        top = QHBoxLayout()
        top.addWidget(QLabel("Source:", self))
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.browser.customContextMenuRequested.connect(self._on_context_menu)
        self.chooser.activated.connect(self._on_source_chosen)
        self.loader.finished.connect(self._on_loaded)
        if self.chooser.count():
            self.show_source(self.chooser.itemData(0))

    def text(self) -> str:
        return self.browser.toPlainText()

    @property
    def source_id(self) -> str | None:
        return self._source_id

    @property
    def complete(self) -> bool:
        """Whether the whole of the source shown is in (a long one is added in steps)."""
        return self.loader.complete

    def refresh_sources(self) -> None:
        """List the library's sources again (one was added) and show the current one anew."""
        self.chooser.clear()
        for source in self._library.sources():
            self.chooser.addItem(source["title"], source["id"])
        self._cited_entry, self._source = None, None  # citations may have changed too
        if self._source_id:
            self.show_source(self._source_id, entry_id=self._entry_id)

    def selected_quote(self) -> tuple[int, str] | None:
        """The selection as ``(start offset in the source, words)``, or ``None`` when nothing
        within one paragraph of the source text is selected."""
        cursor = self.browser.textCursor()
        words = cursor.selectedText()
        if not words.strip() or "\u2029" in words or self._source_id is None:
            return None
        block = self.browser.document().findBlock(cursor.selectionStart())
        passage = self._passage_of_block(block)
        if passage is None:
            return None
        start = passage["start"] + cursor.selectionStart() - block.position()
        if self._text[start:start + len(words)] == words:
            return start, words
        # The reader shows runs of spaces as one: find the words in their paragraph instead.
        found = passage["text"].find(words)
        if found < 0 or passage["text"].find(words, found + 1) >= 0:
            return None
        return passage["start"] + found, words

    def _passage_of_block(self, block) -> dict | None:
        # Each of the reader's paragraphs of source text opens with its passage's anchor.
        ordinal = passage_ordinal(block)
        passage = self._by_ordinal.get(ordinal) if ordinal is not None else None
        if passage is None or _shown(passage["text"]) != _shown(block.text()):
            return None
        return passage

    def show_source(self, source_id: str, *, entry_id: str | None = None,
                    focus_citation: int | None = None) -> None:
        """Show ``source_id`` with ``entry_id``'s quotes highlighted, scrolled to the quote
        ``focus_citation`` (else the entry's first one): the passages there at once, the rest
        of a long source in steps."""
        source = self._read_source(source_id)
        if source is None:
            return
        self.loader.cancel()
        self._source_id, self._record = source_id, None
        self._text, self._passages = source["text"], source["passages"]
        self._by_ordinal = {p["ordinal"]: p for p in self._passages}
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(source_id)))
        citations = [c for c in self._citations_of(entry_id) if c["source_id"] == source_id]
        self.highlighted = [c["quote"] for c in citations]
        spans = {(c["start"], c["end"]): c["num"] for c in citations}
        markup = SourceMarkup(source, self._library.passage_entries(source_id),
                              current=set(spans), current_nums=spans,
                              suggestions=self._library.suggestion_marks(source_id,
                                                                         limit=MAX_MARKS))
        target = next((c for c in citations if c["num"] == focus_citation),
                      citations[0] if citations else None)
        self.browser.document().setDefaultStyleSheet(source_style(palette_colors(self)))
        self.loader.show(markup, self._passage_index(target["start"]) if target else 0)
        if target is not None:
            self.browser.scrollToAnchor(f"cite-{target['num']}")
        if self.loader.complete:
            self.loaded.emit(source_id)

    def _read_source(self, source_id: str) -> dict | None:
        """The source with its text and passages, read again only for another source."""
        if self._source is None or self._source["id"] != source_id:
            try:
                self._source = self._library.source(source_id)
            except NotFoundError:
                return None
        return self._source

    def _passage_index(self, offset: int) -> int:
        """The index of the passage holding ``offset`` (or the nearest before it)."""
        starts = [p["start"] for p in self._passages]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def show_entry(self, entry_id: str | None) -> None:
        """Follow the current entry: open its first cited source with its quotes highlighted."""
        self._entry_id = entry_id
        cites = self._citations_of(entry_id)
        record = None if cites or entry_id is None else self._library.record(entry_id)
        if record is not None:
            self.show_record(record)
            return
        source_id = cites[0]["source_id"] if cites else self._source_id
        if source_id:
            self.show_source(source_id, entry_id=entry_id)

    def show_record(self, record: dict) -> None:
        """Show the row an imported entry came from, in place of a source (nothing in it can
        be cited: it is the data itself, credited to its dataset)."""
        self.loader.cancel()
        self._source_id, self._record = None, record
        self._text, self._passages, self.highlighted = "", [], []
        self._by_ordinal = {}
        self.chooser.setCurrentIndex(-1)
        self.browser.document().setDefaultStyleSheet("")
        self.browser.setHtml(record_html(record, colors=palette_colors(self)))

    @property
    def record(self) -> dict | None:
        """The record card shown, if the reader shows one."""
        return self._record

    def show_citation(self, citation_num: int) -> None:
        for cite in self._citations_of(self._entry_id):
            if cite["num"] == citation_num:
                self.show_source(cite["source_id"], entry_id=self._entry_id,
                                 focus_citation=citation_num)

    def _citations_of(self, entry_id: str | None) -> list[dict]:
        """An entry's citations, read once per entry shown (every pane asks as it follows)."""
        if entry_id is None:
            return []
        if self._cited_entry != entry_id:
            try:
                self._citations = self._library.get(entry_id)["citations"]
            except NotFoundError:
                self._citations = []
            self._cited_entry = entry_id
        return self._citations

    def changeEvent(self, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.PaletteChange and self._record is not None:
            self.show_record(self._record)
        elif event.type() == QEvent.Type.PaletteChange and self._source_id:
            self.show_source(self._source_id, entry_id=self._entry_id)
        super().changeEvent(event)

    def _on_loaded(self) -> None:
        if self._source_id is not None:
            self.loaded.emit(self._source_id)

    def _on_source_chosen(self, index: int) -> None:
        self.show_source(self.chooser.itemData(index), entry_id=self._entry_id)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "entry" and url.path():
            self.entry_link_clicked.emit(url.path())

    def _on_context_menu(self, pos) -> None:
        menu = self.browser.createStandardContextMenu(pos)
        menu.addSeparator()
        selected = self.selected_quote()
        chosen_as = {menu.addAction("New Entry from Selection…"): "new_entry",
                     menu.addAction("Cite for Current Entry"): "cite",
                     menu.addAction("Cite for Current Entry, Stating…"): "cite_stating",
                     menu.addAction("Add as Alias of Current Entry"): "alias"}
        writable = selected is not None and not self._library.read_only
        for action, what in chosen_as.items():
            action.setEnabled(writable and (what == "new_entry" or self._entry_id is not None))
        chosen = menu.exec(self.browser.viewport().mapToGlobal(pos))
        if chosen in chosen_as and selected is not None:
            self.act_on_selection(chosen_as[chosen])

    def act_on_selection(self, what: str) -> None:
        """Ask for the selection to become a new entry (``new_entry``), to be cited for
        (``cite``), cited as stating a value, date or status of (``cite_stating``) or kept as
        an alias of (``alias``) the current entry."""
        selected = self.selected_quote()
        if selected is None or self._source_id is None:
            return
        if what == "new_entry":
            self.new_entry_requested.emit(self._source_id, selected[0], selected[1])
        elif what == "cite":
            self.cite_requested.emit(self._source_id, selected[0], selected[1])
        elif what == "cite_stating":
            self.cite_stating_requested.emit(self._source_id, selected[0], selected[1])
        elif what == "alias":
            self.alias_requested.emit(selected[1])
