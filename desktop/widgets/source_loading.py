"""Showing a long source in steps: the passages around the place read are shown at once, the
rest is added on the event loop a few thousand characters at a time (each step a few
milliseconds, so the window stays responsive), the view held still while passages go in above
it. A source of ordinary length is shown in one go."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from desktop.common.source_html import SourceMarkup

FIRST_CHARS = 20_000  # passage text shown at once: several screens around the place read
AFTER_SHARE = 0.8  # of it, the part from the place read on
WHOLE_CHARS = 2 * FIRST_CHARS  # a source up to this long is shown in one go
CHUNK_CHARS = 4_000  # passage text added at a time
STEP_SECONDS = 0.005  # chunks are added until a step has taken this long, then Qt paints
FIRST_STEP_MS = 10  # the first step waits this long: the first window is painted before it


def first_window(passages: list[dict], focus: int, *, chars: int = FIRST_CHARS) -> tuple[int, int]:
    """The passages ``[low, high)`` shown first around passage ``focus``: most of ``chars``
    from it on, the rest (more near the end of the source) before it."""
    high, after = focus, 0
    while high < len(passages) and after < chars * AFTER_SHARE:
        after += len(passages[high]["text"])
        high += 1
    low, before = focus, 0
    while low > 0 and before < chars - after:
        low -= 1
        before += len(passages[low]["text"])
    return low, high


def chunks(passages: list[dict], low: int, high: int, *, chars: int = CHUNK_CHARS):
    """Passages ``[low, high)`` as consecutive runs ``(a, b)`` of about ``chars`` each."""
    runs, start, size = [], low, 0
    for i in range(low, high):
        size += len(passages[i]["text"])
        if size >= chars or i == high - 1:
            runs.append((start, i + 1))
            start, size = i + 1, 0
    return runs


class SourceLoader(QObject):
    """Fills ``browser`` with a source's markup: ``show`` puts in the first window, the timer
    the rest; ``cancel`` drops what is left (another source or record is shown)."""

    finished = Signal()  # the last of the passages added in steps is in

    def __init__(self, browser: QTextBrowser, parent: QObject | None = None):
        super().__init__(parent)
        self._browser = browser
        self._markup: SourceMarkup | None = None
        self._after: list[tuple[int, int]] = []  # runs still to add below the shown ones
        self._before: list[tuple[int, int]] = []  # runs still to add above, nearest first
        self._top = 0  # where the first passage shown begins: runs above go in there
        self._scroll: float | None = None  # the view's exact place, kept while runs go in above
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)

    @property
    def complete(self) -> bool:
        return not (self._after or self._before)

    def show(self, markup: SourceMarkup, focus: int) -> None:
        """Show ``markup``'s source: all of it if short, else the passages around ``focus``
        (an index into its passages) now and the others in steps."""
        self.cancel()
        passages = markup.source["passages"]
        low, high = 0, len(passages)
        if sum(len(p["text"]) for p in passages) > WHOLE_CHARS:
            low, high = first_window(passages, focus)
        self._browser.setHtml(markup.head() + markup.passages(low, high) + markup.foot())
        top = passage_block(self._browser.document(), passages[low]["ordinal"]) if low else None
        if low and top is None:  # its anchor not found (a passage has text): all at once
            low, high = 0, len(passages)
            self._browser.setHtml(markup.head() + markup.passages(low, high) + markup.foot())
        if (low, high) != (0, len(passages)):
            self._markup, self._top = markup, top.position() if top is not None else 0
            self._after = chunks(passages, high, len(passages))
            self._before = chunks(passages, 0, low)[::-1]
            self._timer.start(FIRST_STEP_MS)

    def cancel(self) -> None:
        self._timer.stop()
        self._after, self._before, self._markup, self._scroll = [], [], None, None

    def _step(self) -> None:
        self._timer.setInterval(0)
        began = time.perf_counter()
        while not self.complete and time.perf_counter() - began < STEP_SECONDS:
            if self._after:
                self._append(self._markup.passages(*self._after.pop(0)))
            else:
                self._prepend(self._markup.passages(*self._before.pop(0)))
        if self.complete:
            self.cancel()
            self.finished.emit()

    def _append(self, html: str) -> None:
        """Add passages after the last one shown (before the source's credit, if any)."""
        cursor = QTextCursor(self._browser.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if self._markup.foot():
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        _insert_before(cursor, html)

    def _prepend(self, html: str) -> None:
        """Add passages before the first one shown, the view held still if it shows them or
        what follows (it moves down by as much as went in above it)."""
        document = self._browser.document()
        layout, bar = document.documentLayout(), self._browser.verticalScrollBar()
        shown = QTextCursor(document)
        shown.setPosition(self._top)  # moves on as text goes in before it
        top = layout.blockBoundingRect(shown.block()).top()
        if self._scroll is None or round(self._scroll) != bar.value():
            self._scroll = float(bar.value())  # first time, or the reader scrolled meanwhile
        at = QTextCursor(document)
        at.setPosition(self._top)
        _insert_before(at, html)
        if self._scroll >= top:
            self._scroll += layout.blockBoundingRect(shown.block()).top() - top
            bar.setValue(round(self._scroll))


def _insert_before(cursor: QTextCursor, html: str) -> None:
    """Insert ``html``'s paragraphs as blocks of their own before the block at ``cursor`` (or
    after the last block, at the document's end): inserted into a block, the first paragraph
    would join the text there and the last the text after it."""
    at_end = cursor.atEnd() and not cursor.atBlockStart()
    cursor.beginEditBlock()
    cursor.insertBlock()
    if not at_end:
        cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
    cursor.insertHtml(html)
    cursor.endEditBlock()


def passage_ordinal(block) -> int | None:
    """The ordinal of the passage a paragraph of the reader shows (from its ``p-N`` anchor),
    or ``None`` for its other lines (title, byline, the entries a passage names)."""
    fragments = block.begin()
    if fragments.atEnd():
        return None
    for name in fragments.fragment().charFormat().anchorNames():
        if name.startswith("p-") and name[2:].isdigit():
            return int(name[2:])
    return None


def passage_block(document, ordinal: int):
    """The paragraph showing passage ``ordinal`` among the first few of ``document``."""
    block = document.begin()
    while block.isValid() and passage_ordinal(block) is None:
        block = block.next()
    return block if block.isValid() and passage_ordinal(block) == ordinal else None
