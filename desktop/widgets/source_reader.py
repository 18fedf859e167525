"""The source reader: the text behind the current entry, its passages highlighted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db import Library, NotFoundError
from desktop.common.source_html import source_html
from desktop.widgets.detail_pane import SafeBrowser, palette_colors


class SourceReader(QWidget):
    """Shows a source; ``show_entry`` highlights that entry's quotes and scrolls to the first."""

    entry_link_clicked = Signal(str)

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
        self.browser = SafeBrowser(self)
        self.browser.setObjectName("sourceBrowser")
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("sourceChooser")
        for source in library.sources():
            self.chooser.addItem(source["title"], source["id"])
        top = QHBoxLayout()
        top.addWidget(QLabel("Source:", self))
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.chooser.activated.connect(self._on_source_chosen)
        if self.chooser.count():
            self.show_source(self.chooser.itemData(0))

    def text(self) -> str:
        return self.browser.toPlainText()

    def show_source(self, source_id: str, *, entry_id: str | None = None,
                    focus_citation: int | None = None) -> None:
        """Show ``source_id`` with ``entry_id``'s quotes highlighted."""
        try:
            source = self._library.source(source_id)
        except NotFoundError:
            return
        self._source_id = source_id
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(source_id)))
        citations = [c for c in self._citations_of(entry_id) if c["source_id"] == source_id]
        current = {(c["start"], c["end"]) for c in citations}
        current_nums = {(c["start"], c["end"]): c["num"] for c in citations}
        self.highlighted = [c["quote"] for c in citations]
        mentions = self._library.passage_entries(source_id)
        self.browser.setHtml(source_html(source, mentions, current=current,
                                         current_nums=current_nums,
                                         colors=palette_colors(self)))
        target = focus_citation if focus_citation is not None else (
            citations[0]["num"] if citations else None)
        if target is not None:
            self.browser.scrollToAnchor(f"cite-{target}")

    def show_entry(self, entry_id: str | None) -> None:
        """Follow the current entry: open its first cited source with its quotes highlighted."""
        self._entry_id = entry_id
        cites = self._citations_of(entry_id)
        source_id = cites[0]["source_id"] if cites else self._source_id
        if source_id:
            self.show_source(source_id, entry_id=entry_id)

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
        if event.type() == QEvent.Type.PaletteChange and self._source_id:
            self.show_source(self._source_id, entry_id=self._entry_id)
        super().changeEvent(event)

    def _on_source_chosen(self, index: int) -> None:
        self.show_source(self.chooser.itemData(index), entry_id=self._entry_id)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "entry" and url.path():
            self.entry_link_clicked.emit(url.path())
