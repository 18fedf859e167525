"""The one renderer of briefings: a ``db.report.Report`` painted on pages of any paged device
(a PDF file, a printer, the print preview), with a running header and page numbers."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from db.export import as_new_file
from db.output_path import OutputPathError, output_target
from db.report import Report, ReportCancelled, ReportError
from desktop.printing import briefing_html as html
from desktop.printing.fonts import document_font
from desktop.printing.linkchart_figure import link_chart_flow
from desktop.printing.options import PrintOptions
from desktop.printing.pages import Paginator, TextFlow
from desktop.printing.pdf_check import pdf_problem
from desktop.printing.timeline_figure import timeline_flow

MARGINS_MM = QMarginsF(18, 13, 18, 13)  # left, top, right, bottom
HEADER_PT, FOOTER_PT = 22, 20
GAP_PT, LEAST_PT, LABEL_PT = 16, 40, 14  # between pieces; least of a cut piece; its label
FULL_DISK_BYTES = 4 << 20  # less free than this beside a PDF that came out short: a full disk
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}

Progress = Callable[[int, int], bool | None]


def set_up_page(device: QPagedPaintDevice, options: PrintOptions) -> None:
    """Page size, orientation and margins of a briefing on ``device``."""
    orientation = QPageLayout.Orientation.Landscape if options.landscape \
        else QPageLayout.Orientation.Portrait
    device.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES[options.page_size]), orientation,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))


def render_briefing(report: Report, options: PrintOptions, device: QPagedPaintDevice, *,
                    progress: Progress | None = None) -> int:
    """Paint ``report`` on ``device`` (set up already); returns the number of pages.

    ``progress(done, total)`` is called as pieces are laid out and pages painted; returning
    ``False`` stops with ``ReportCancelled`` (what was painted stays on the device).
    """
    pt = device.logicalDpiY() / 72.0
    body = QRectF(0, HEADER_PT * pt, device.width(), device.height() - (HEADER_PT + FOOTER_PT) * pt)
    flows = _flows(report, options, device, body.height())
    steps = len(flows) * 2
    pages = Paginator(body.width(), body.height(), gap=GAP_PT * pt, least=LEAST_PT * pt,
                      label=LABEL_PT * pt)
    for done, flow in enumerate(flows, start=1):
        pages.place(flow)
        _tick(progress, done, steps)
    painter = QPainter()
    if not painter.begin(device):
        raise ReportError("The printer or file could not be opened for writing.")
    try:
        _paint_pages(painter, device, pages, body, report, options, progress, len(flows))
    finally:
        painter.end()
    return pages.page_count


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ReportCancelled("Printing was cancelled.")


def _flows(report: Report, options: PrintOptions, device, body_height: float) -> list:
    font, sheet = document_font(), html.stylesheet()

    def text(markup: str, **kwargs) -> TextFlow:
        return TextFlow(markup, device=device, font=font, stylesheet=sheet, **kwargs)

    cover = html.cover_html(report, options)
    if _table_wanted(report, options):  # the table runs on from the cover
        flows = [text(cover + html.table_html(report), paged=True)]
    else:
        flows = [text(cover)]
    if options.has("timeline") and report.timeline is not None:
        figure = timeline_flow(report, device=device, caption=text,
                               max_height=body_height * 0.8)
        flows += [figure] if figure is not None else []
    if options.has("linkchart") and report.chart is not None:
        figure = link_chart_flow(report, device=device, caption=text,
                                 max_height=body_height * 0.8)
        flows += [figure] if figure is not None else []
    if options.has("sections"):
        flows += [text(html.section_html(e, report, options),
                       continued=f"{e.position}  {e.title} (continued)")
                  for e in report.entries]
    if options.has("quotes") and report.citations and (
            options.notes == "endnotes" or not options.has("sections")):
        flows.append(text(html.endnotes_html(report), continued="Notes (continued)"))
    if (options.has("quotes") and report.citations) or report.datasets:
        flows.append(text(html.sources_html(report), continued="Sources and credits (continued)"))
    return flows


def _table_wanted(report: Report, options: PrintOptions) -> bool:
    """A table of one entry only repeats its section: it is left out then."""
    if not options.has("table") or not report.entries:
        return False
    return len(report.entries) > 1 or not options.has("sections")


def _paint_pages(painter: QPainter, device, pages: Paginator, body: QRectF, report: Report,
                 options: PrintOptions, progress: Progress | None, flow_count: int) -> None:
    by_page: dict[int, list] = {}
    for placement in pages.placements:
        by_page.setdefault(placement.page, []).append(placement)
    for page in range(pages.page_count):
        if page and not device.newPage():
            raise ReportError("The printer refused a new page (is the disk full?).")
        if page:  # in reading order: header, body, footer
            _paint_header(painter, device, report, options)
        for placement in by_page.get(page, []):
            if placement.carried_over and placement.flow.continued:
                _paint_continued(painter, device, body, placement)
            painter.save()
            painter.translate(body.left(), body.top() + placement.top - placement.source.top())
            painter.setClipRect(placement.source)
            placement.flow.paint(painter, placement.source)
            painter.restore()
        _paint_footer(painter, device, page, pages.page_count, report)
        _tick(progress, flow_count + round((page + 1) / pages.page_count * flow_count),
              flow_count * 2)


def _furniture_font(painter: QPainter, device) -> QFontMetricsF:
    font = document_font(7.5)
    painter.setFont(font)
    painter.setPen(QColor(html.MUTED))
    return QFontMetricsF(font, device)


def _paint_header(painter: QPainter, device, report: Report, options: PrintOptions) -> None:
    """The running header of every page after the first: title, then what and when."""
    pt, width = device.logicalDpiY() / 72.0, float(device.width())
    painter.save()
    metrics = _furniture_font(painter, device)
    right = f"Roadbook briefing · {report.made_on.day} {report.made_on:%b %Y}"
    left = metrics.elidedText(options.title or report.title, Qt.TextElideMode.ElideRight,
                              width - metrics.horizontalAdvance(right) - 24 * pt)
    line = QRectF(0, 0, width, 10 * pt)
    painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left)
    painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right)
    painter.setPen(QPen(QColor(html.RULE), 0.5 * pt))
    painter.drawLine(QPointF(0, 12 * pt), QPointF(width, 12 * pt))
    painter.restore()


def _paint_continued(painter: QPainter, device, body: QRectF, placement) -> None:
    """The line above a piece carried over from the page before: "23  China (continued)"."""
    pt = device.logicalDpiY() / 72.0
    painter.save()
    metrics = _furniture_font(painter, device)
    line = QRectF(body.left(), body.top() + placement.top - LABEL_PT * pt, body.width(),
                  LABEL_PT * pt)
    text = metrics.elidedText(placement.flow.continued, Qt.TextElideMode.ElideRight,
                              body.width())
    painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
    painter.restore()


def _paint_footer(painter: QPainter, device, page: int, count: int, report: Report) -> None:
    """What the briefing was made from, and "Page n of N"."""
    pt = device.logicalDpiY() / 72.0
    width, height = float(device.width()), float(device.height())
    painter.save()
    metrics = _furniture_font(painter, device)
    number = f"Page {page + 1} of {count}"
    scope = metrics.elidedText(f"{report.scope_text} · {report.library_name}",
                               Qt.TextElideMode.ElideRight,
                               width - metrics.horizontalAdvance(number) - 24 * pt)
    foot = QRectF(0, height - 9 * pt, width, 9 * pt)
    painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, scope)
    painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, number)
    painter.restore()


def write_pdf(report: Report, out: Path | str, options: PrintOptions, *,
              progress: Progress | None = None) -> int:
    """Write the briefing to a PDF file whole or not at all; returns the number of pages.

    Raises ``ReportError`` with a one-line reason when the file cannot be written.
    """
    out = _target(out)
    part = _partial_file(out)
    try:
        writer = QPdfWriter(str(part))
        writer.setTitle(options.title or report.title)
        writer.setCreator("Roadbook")
        set_up_page(writer, options)
        pages = render_briefing(report, options, writer, progress=progress)
        del writer  # closes the file
        _synced(part)
        problem = pdf_problem(part, pages)
        if problem is not None:
            raise ReportError(_not_written(out, problem))
        as_new_file(part)  # made 0600 as a temporary file: leave it as new files are
        os.replace(part, out)
    except OSError as exc:
        raise ReportError(_not_written(out, exc.strerror or str(exc))) from None
    finally:
        part.unlink(missing_ok=True)
    return pages


def _synced(path: Path) -> None:
    """On disk, not only in the system's cache: a full disk can refuse the data only now."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _not_written(out: Path, problem: str) -> str:
    """Why the PDF was not written, saying so when the disk is full, and that an earlier file
    at ``out`` is still there."""
    kept = f" The earlier {out.name} was kept." if out.exists() else " Nothing was written."
    free = shutil.disk_usage(out.parent).free
    if free < FULL_DISK_BYTES or "space" in problem:
        return (f"Cannot write {out}: the disk is full ({free // 1024:,} KB free) and the PDF "
                f"came out incomplete; {problem}.{kept} Free some space and print again.")
    return f"Cannot write {out}: the PDF came out incomplete; {problem}.{kept}"


def check_writable(out: Path | str) -> None:
    """Raise ``ReportError`` now if a PDF cannot be written at ``out`` (before any work)."""
    _partial_file(_target(out)).unlink()


def _target(out: Path | str) -> Path:
    """The file to write for ``out`` (through a link, the file it names); ``ReportError`` for
    a pipe, a device, a folder or a link in a circle."""
    try:
        return output_target(out)
    except OutputPathError as exc:
        message = str(exc)
        raise ReportError(message[:1].upper() + message[1:] + ".") from None


def _partial_file(out: Path) -> Path:
    if out.is_dir():
        raise ReportError(f"Cannot write {out}: it is a folder; give a file name ending in .pdf.")
    if not out.parent.exists():
        raise ReportError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    if not out.parent.is_dir():
        raise ReportError(f"Cannot write {out}: {out.parent} is a file, not a folder.")
    try:
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    except OSError as exc:
        raise ReportError(f"Cannot write {out}: {exc.strerror or exc} "
                          f"(choose a folder you can write to).") from None
    os.close(fd)
    return Path(name)
