"""The link chart of a briefing's entries as a figure across the page, laid out and drawn by
the chart's own code (``desktop.linkchart``) so print and screen agree."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPaintDevice

from db.report import Report
from desktop.common.formatting import esc
from desktop.linkchart.chart import Chart
from desktop.linkchart.export import draw_whole_chart
from desktop.printing.fonts import document_font
from desktop.printing.pages import PaintedFlow, TextFlow

FIGURE_POINTS = 7.0
SCREEN_DPI = 96
SEED = 1


def link_chart_flow(report: Report, *, device: QPaintDevice,
                    caption: Callable[[str], TextFlow], max_height: float) -> PaintedFlow | None:
    """The figure, or ``None`` when the briefing's entries have no links to draw."""
    graph = report.chart
    if graph is None or not graph.edges:
        return None
    chart = Chart(graph)
    chart.lay_out("force", seed=SEED)
    font = document_font(FIGURE_POINTS)
    font.setPixelSize(round(FIGURE_POINTS * SCREEN_DPI / 72))
    height = min(max_height, device.height() * 0.55)
    ratio = device.logicalDpiX() / SCREEN_DPI  # the chart draws in screen pixels: scale up

    def draw(painter, rect) -> None:
        painter.save()
        painter.translate(rect.topLeft())
        painter.scale(ratio, ratio)
        painter.setFont(font)
        draw_whole_chart(painter, QRectF(0, 0, rect.width() / ratio, rect.height() / ratio),
                         chart)
        painter.restore()

    return PaintedFlow(draw, height=height, caption=caption(chart_caption(chart)))


def chart_caption(chart: Chart) -> str:
    shown, total = chart.left_out()
    more = f" of {total:,}{'+' * chart.total_is_floor}" if total > shown else ""
    return (f"<h3 class='part'>Link chart</h3><p class='small'>{esc(shown)}{esc(more)} entries "
            f"and {len(chart.edges)} links. Solid lines are cited in a source, dashed lines "
            "are the analyst's reading, dotted lines were imported.</p>")
