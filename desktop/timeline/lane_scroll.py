"""The frame of ``TimelineView`` and, in a dock too low for its lanes even in thin rows, a
scroll bar beside them (a mixin the view inherits): sparse lanes keep their marks and labels
and scroll, rather than turning into counts."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSignalBlocker, Qt
from PySide6.QtWidgets import QScrollBar

from desktop.timeline.frame import Frame
from desktop.timeline.painting import frame_for

REVEAL_MARGIN = 2.0  # pixels kept between a revealed item and the plot's edge


class LaneScrolling:
    """Lays out the view's frame, narrower by a vertical scroll bar when the lanes are taller
    than the plot, and scrolls them: the bar, the wheel over the lane titles, ↑/↓ and
    Page Up/Down, and whatever brings the current entry into view."""

    def __init__(self):
        self._frame: Frame | None = None
        self._lane_scroll = 0.0
        self._lanes_overflow = False
        self.lane_bar = QScrollBar(Qt.Orientation.Vertical, self)
        self.lane_bar.setObjectName("timelineLaneScroll")
        self.lane_bar.setAccessibleName("Scroll the timeline's lanes")
        self.lane_bar.setCursor(Qt.CursorShape.ArrowCursor)
        self.lane_bar.hide()
        self.lane_bar.valueChanged.connect(self._on_lane_bar_moved)

    def frame(self) -> Frame:
        """Where everything is drawn at the current size, range and lane scroll."""
        if self._frame is None:
            whole = QRectF(self.rect())
            beside_bar = whole.adjusted(0, 0, -self.lane_bar.sizeHint().width(), 0)
            # Laid out at the width the last frame had; again only when that changes.
            frame = self._layout_in(beside_bar if self._lanes_overflow else whole)
            if frame.overflow != self._lanes_overflow:
                frame = self._layout_in(beside_bar if frame.overflow else whole)
            self._lanes_overflow = frame.overflow
            self._lane_scroll = frame.scroll  # kept within the lanes
            self._frame = frame
            self._sync_lane_bar(frame)
        return self._frame

    def lanes_scroll(self) -> float:
        """How many pixels the lanes are scrolled up (0 when they fit)."""
        return self.frame().scroll

    def scroll_lanes(self, pixels: float) -> None:
        """Scroll the lanes down by ``pixels`` (negative: up), when they do not all fit."""
        if self.frame().overflow and pixels:
            self._lane_scroll = self.frame().scroll + pixels
            self._changed()

    def reveal_item(self, index: int) -> None:
        """Scroll the lanes so that item ``index`` (its first lane) shows whole."""
        frame = self.frame()
        rects = frame.item_rects(index)
        if not frame.overflow or not rects:
            return
        rect, plot = rects[0], frame.plot
        if rect.top() < plot.top():
            self.scroll_lanes(rect.top() - plot.top() - REVEAL_MARGIN)
        elif rect.bottom() > plot.bottom():
            self.scroll_lanes(rect.bottom() - plot.bottom() + REVEAL_MARGIN)

    def _layout_in(self, rect: QRectF) -> Frame:
        return frame_for(self.font(), self, rect, self._data, lane_mode=self._mode,
                         visible_range=self._range, lanes=self._current_lanes(),
                         scroll=self._lane_scroll)

    def _sync_lane_bar(self, frame: Frame) -> None:
        if not frame.overflow:
            self.lane_bar.hide()
            return
        plot, width = frame.plot, self.lane_bar.sizeHint().width()
        blocker = QSignalBlocker(self.lane_bar)
        self.lane_bar.setGeometry(self.width() - width, int(plot.top()), width,
                                  int(plot.height()))
        self.lane_bar.setRange(0, math.ceil(frame.lanes_height - plot.height()))
        self.lane_bar.setPageStep(max(int(plot.height()), 1))
        self.lane_bar.setSingleStep(max(int(frame.metrics.row_h), 1))
        self.lane_bar.setValue(round(frame.scroll))
        blocker.unblock()
        self.lane_bar.show()

    def _on_lane_bar_moved(self, value: int) -> None:
        self._lane_scroll = float(value)
        self._changed()
