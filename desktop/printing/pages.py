"""Laying pieces of a briefing out on pages.

Each piece (the cover with the table, one entry's section, the timeline, the notes) is a
*flow*. A short flow that does not fit in what is left of a page moves whole to the next page,
so an entry reads on one page and a heading is never left at the foot of one. A long flow is
cut between lines of text (never through one) when enough of it fits, with a few lines at
least on each side of the cut. The cover with the summary table is paged by Qt itself so the
table's header row repeats on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPaintDevice,
    QPainter,
    QTextDocument,
)

SPLIT_ABOVE = 0.4  # flows taller than this share of a page may be cut; shorter ones move whole
EDGE = 1.0  # device pixels kept clear on each side of a cut


class BriefingDocument(QTextDocument):
    """A text document that loads nothing from outside (no files, no network, no images)."""

    def loadResource(self, kind, url):  # noqa: N802 (Qt override)
        return None


class TextFlow:
    """HTML laid out at the body width of the page. ``paged`` flows start on a fresh page and
    are paged by Qt (table header rows repeat); the others are cut between lines."""

    def __init__(self, html: str, *, device: QPaintDevice, font: QFont, stylesheet: str,
                 paged: bool = False, continued: str | None = None):
        self.paged = paged
        self.continued = continued  # the line above a piece carried over to the next page
        self.doc = BriefingDocument()
        self.doc.setDocumentMargin(0)
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setDefaultFont(font)
        self.doc.setDefaultStyleSheet(stylesheet)
        self.doc.setHtml(html)
        self.doc.setUndoRedoEnabled(False)
        self._lines: list[tuple[float, float]] | None = None
        self._spans: list[tuple[float, float, int, int]] | None = None

    def height(self, width: float) -> float:
        self.doc.setTextWidth(width)
        self._lines = self._spans = None
        return self._content_bottom()

    def paginate(self, width: float, page_height: float) -> tuple[int, float]:
        """Lay out over pages; returns how many and where the content ends on the last one."""
        self.doc.setPageSize(QSizeF(width, page_height))
        self._lines = self._spans = None
        bottom = self._content_bottom()
        last = max(int(bottom // page_height), 0)
        last = min(last, self.doc.pageCount() - 1)
        return last + 1, bottom - last * page_height

    def _content_bottom(self) -> float:
        """Where the ink ends: Qt keeps an empty block after a closing table and reports it
        beside the table, so the last table and the last plain block are measured."""
        layout = self.doc.documentLayout()
        frames = self.doc.rootFrame().childFrames()
        bottom = layout.frameBoundingRect(frames[-1]).bottom() if frames else 0.0
        block = self.doc.lastBlock()
        while block.isValid() and not block.text():
            block = block.previous()
        if block.isValid() and not (frames and block.position() <= frames[-1].lastPosition()):
            bottom = max(bottom, layout.blockBoundingRect(block).bottom())
        return bottom

    def cut(self, start: float, room: float, *, least: float) -> float | None:
        """The lowest place within ``room`` below ``start`` where no line of text is cut,
        leaving at least ``least`` of the flow on both sides; ``None`` when there is none."""
        end = self._content_bottom()
        best = None
        for _, bottom in self._bands():
            if bottom > start + room:
                break
            if bottom - start >= least and end - bottom >= least:
                best = bottom
        return best

    def end_before(self, cut: float) -> float:
        """Where the piece above a cut ends: just above the next line (Qt draws every line a
        clip touches, and neighbouring lines may overlap by a pixel)."""
        return min(cut, self._next_top(cut)) - EDGE

    def next_start(self, cut: float) -> float:
        """Where the flow goes on after a cut: the next line, without the gap before it."""
        return max(cut + EDGE, self._next_top(cut))

    def _next_top(self, cut: float) -> float:
        return next((top for top, bottom in self._bands() if bottom > cut + EDGE), cut + EDGE)

    def _bands(self) -> list[tuple[float, float]]:
        """The lines of text merged where they overlap (cells of one row side by side): the
        flow may be cut at the bottom of any band."""
        if self._lines is None:
            bands: list[tuple[float, float]] = []
            for top, bottom in sorted(span[:2] for span in self._line_spans()):
                if bands and top < bands[-1][1] - (bottom - top) / 4:  # paragraphs' lines
                    bands[-1] = (bands[-1][0], max(bands[-1][1], bottom))  # touch; cells overlap
                else:
                    bands.append((top, bottom))
            self._lines = bands
        return self._lines

    def paint(self, painter: QPainter, source: QRectF) -> None:
        """Draw the lines within ``source`` (the painter clips to it already)."""
        context = QAbstractTextDocumentLayout.PaintContext()
        top = self._clip_top(source.top()) if source.top() > 0 else source.top()
        context.clip = QRectF(source.left(), top, source.width(), source.bottom() - top)
        self.doc.documentLayout().draw(painter, context)

    def _clip_top(self, start: float) -> float:
        """Where to tell Qt a carried-over piece starts, so that it draws no line above.

        Within a paragraph Qt draws, besides the lines a clip touches, the last line wholly
        above it: clipped away on the page, yet in the PDF's text (a search finds it twice).
        So when a piece starts inside a paragraph that goes on below its first line, and no
        other text sits beside that line, Qt is told the piece starts just below that line,
        which Qt then draws as the "last line above". Else the piece starts where it starts.
        """
        lines = self._line_spans()
        first = next((line for line in lines if abs(line[0] - start) <= EDGE), None)
        if first is None or first[2] == 0 or first[2] + 1 == first[3]:
            return start
        clip = first[1] + EDGE
        if any(line is not first and line[0] < first[1] - EDGE and line[1] > start + EDGE
               for line in lines):
            return start  # a row of cells: each cell is a paragraph of its own
        return clip

    def _line_spans(self) -> list[tuple[float, float, int, int]]:
        """Every line of text as (top, bottom, its index in its paragraph, the paragraph's
        lines), in document order."""
        if self._spans is None:
            layout, spans = self.doc.documentLayout(), []
            block = self.doc.begin()
            while block.isValid():
                if block.text():  # empty blocks hold no ink (and Qt misplaces the last one)
                    top = layout.blockBoundingRect(block).top()
                    lines = block.layout()
                    for i in range(lines.lineCount()):
                        line = lines.lineAt(i)
                        spans.append((top + line.y(), top + line.y() + line.height(), i,
                                      lines.lineCount()))
                block = block.next()
            self._spans = spans
        return self._spans


class PaintedFlow:
    """A figure of a fixed height drawn by ``draw(painter, rect)``, under a caption; it is
    never cut."""

    paged = False
    continued = None

    def __init__(self, draw, *, height: float, caption: TextFlow | None = None):
        self._draw = draw
        self._figure_height = height
        self._caption = caption
        self._caption_height = 0.0
        self._width = 0.0

    def height(self, width: float) -> float:
        self._width = width
        self._caption_height = self._caption.height(width) if self._caption else 0.0
        return self._caption_height + self._figure_height

    def cut(self, start: float, room: float, *, least: float) -> float | None:
        return None

    def end_before(self, cut: float) -> float:
        return cut

    def next_start(self, cut: float) -> float:
        return cut

    def paint(self, painter: QPainter, source: QRectF) -> None:
        if self._caption is not None:
            self._caption.paint(painter, QRectF(0, 0, self._width, self._caption_height))
        self._draw(painter, QRectF(0, self._caption_height, self._width, self._figure_height))


@dataclass(frozen=True)
class Placement:
    """Part of a flow (``source``, in the flow's own coordinates) at ``top`` of a page body."""

    flow: object
    page: int
    top: float
    source: QRectF

    @property
    def carried_over(self) -> bool:
        """Whether this piece goes on from a previous page (and wants a "continued" line)."""
        return self.source.top() > 0 and not self.flow.paged


class Paginator:
    """Places flows one after another on pages of ``width`` × ``height`` (the page body).

    ``least`` is the least of a cut flow to leave on either side of a cut (a few lines);
    ``label`` the height kept above a carried-over piece for its "continued" line.
    """

    def __init__(self, width: float, height: float, *, gap: float, least: float,
                 label: float = 0.0):
        self.width, self.height = width, height
        self.gap, self.least, self.label = gap, least, label
        self.page, self.y = 0, 0.0
        self.placements: list[Placement] = []

    @property
    def page_count(self) -> int:
        return self.page + 1

    def new_page(self) -> None:
        if self.y > 0:
            self.page, self.y = self.page + 1, 0.0

    def place(self, flow) -> None:
        height = flow.height(self.width)
        top = self.y + self.gap if self.y > 0 else 0.0
        if top + height <= self.height:
            return self._put(flow, top, 0.0, height)
        if flow.paged:
            return self._paged(flow)
        cut = None
        if height > self.height * SPLIT_ABOVE:
            cut = flow.cut(0.0, self.height - top, least=self.least)
        if cut is None:
            self.new_page()
            top = 0.0
        start = 0.0
        while height - start > self.height - top:
            if cut is None:
                cut = flow.cut(start, self.height - top, least=self.least)
            if cut is None:  # no line ends on this page (one taller than a page): slice
                end = next_start = start + self.height - top
            else:
                end, next_start = flow.end_before(cut), flow.next_start(cut)
            self._put(flow, top, start, end)
            start, cut = next_start, None
            self.new_page()
            top = self.label if flow.continued else 0.0
        self._put(flow, top, start, height)

    def _paged(self, flow) -> None:
        self.new_page()
        pages, end = flow.paginate(self.width, self.height)
        for i in range(pages):
            source = QRectF(0, i * self.height, self.width, self.height)
            self.placements.append(Placement(flow, self.page + i, 0.0, source))
        self.page, self.y = self.page + pages - 1, end

    def _put(self, flow, top: float, start: float, end: float) -> None:
        self.placements.append(
            Placement(flow, self.page, top, QRectF(0, start, self.width, end - start)))
        self.y = top + end - start
