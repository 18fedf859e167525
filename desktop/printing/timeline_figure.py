"""The timeline of a briefing's entries as a figure across the page, drawn by the timeline's
own painter (``desktop.timeline.paint_timeline``) so print and screen agree."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QPaintDevice

from db.report import Report
from desktop.printing.briefing_html import timeline_caption
from desktop.printing.fonts import document_font
from desktop.printing.pages import PaintedFlow, TextFlow
from desktop.timeline import paint_timeline
from desktop.timeline.style import Metrics

FIGURE_POINTS = 7.5
ROWS_PER_LANE = 3  # room for a few labels side by side before a lane turns into counts


def timeline_flow(report: Report, *, device: QPaintDevice, caption: Callable[[str], TextFlow],
                  max_height: float) -> PaintedFlow | None:
    """The figure, or ``None`` when no entry of the report has a date."""
    data = report.timeline
    if data is None or len(data) == 0:
        return None
    font = document_font(FIGURE_POINTS)
    m = Metrics.of(font, device)
    _, per_kind = np.unique(data.kind, return_counts=True)
    lanes = sum(min(int(n), ROWS_PER_LANE) * m.row_h + 2 * m.lane_pad for n in per_kind)
    height = min(m.legend_h + m.era_h + m.axis_h + lanes + m.em, max_height)

    def draw(painter, rect) -> None:
        painter.setFont(font)
        paint_timeline(painter, rect, data, lane_mode="kind")

    return PaintedFlow(draw, height=height,
                       caption=caption(timeline_caption(len(data), len(report.entries))))
