"""``TimelineView``: the current results in time, zoomable and pannable, painted from arrays.

The view fetches the arrays once per result set (on a worker when the set is large) and paints
only what the visible range holds; the same frame geometry answers "what is under the mouse".
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from db.timeline import TimelineData, empty_timeline
from desktop.timeline.export import TimelineExportError, export_picture
from desktop.timeline.interaction import TimelineInteraction
from desktop.timeline.lane_scroll import LaneScrolling
from desktop.timeline.lanes import LANE_MODES, Lane, build_lanes
from desktop.timeline.painting import (
    draw_frame,
    max_lanes,
    paint_selection,
    paint_timeline,
)
from desktop.timeline.scale import clamp_range, fit_range, range_fragment, snap_range
from desktop.timeline.style import DEFAULT_ERAS, EraBand, Metrics
from desktop.timeline.tooltip import bin_tooltip, item_tooltip

SYNC_LIMIT = 5_000  # result sets up to this size are fetched at once, larger ones on a worker
ZOOM_STEP = 1.25


class TimelineView(TimelineInteraction, LaneScrolling, QWidget):
    """The timeline of a result set. ``set_results`` / ``set_current`` in, ``entry_activated``
    (an entry id) and ``range_selected`` (a query fragment such as ``year:2014..2016``) out."""

    entry_activated = Signal(str)
    range_selected = Signal(str)
    items_changed = Signal()  # new arrays arrived (after set_results)
    range_changed = Signal()  # the visible range moved or zoomed

    def __init__(self, library=None, parent: QWidget | None = None, *,
                 eras: Sequence[EraBand] = DEFAULT_ERAS):
        QWidget.__init__(self, parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self._library = library
        self._loader = None
        self._data: TimelineData = empty_timeline()
        self._total = 0
        self._mode = "kind"
        self._lanes: list[Lane] | None = None
        self._lanes_key: tuple | None = None
        self._range = fit_range(self._data.start, self._data.end)
        self._current: int | None = None
        self._current_id: str | None = None
        self._eras = tuple(eras)
        self._selection: tuple[float, float] | None = None
        self._message = ""
        self._pending: Sequence[int] | None = None
        self._links_for: TimelineData | None = None  # shown items whose links are loading
        TimelineInteraction.__init__(self)
        LaneScrolling.__init__(self)

    # -- what is shown ------------------------------------------------------------------------

    def set_results(self, nums: Sequence[int]) -> None:
        """Show the dated entries among ``nums`` (a result set's entry numbers, any order).

        While the view is hidden (a closed dock) nothing is fetched; the last result set is
        fetched when it is shown.
        """
        nums = array("q", nums)  # flat: a million numbers are not a million objects
        self._total = len(nums)
        if self._library is None:
            return
        if not self.isVisible():
            self._pending = nums
            return
        self._pending = None
        if len(nums) <= SYNC_LIMIT:
            if self._loader is not None:
                self._loader.cancel()
            self.set_data(self._library.timeline_items(nums))
            return
        self._message = f"Loading {len(nums):,} entries…"
        self._links_for = None
        self._start_loader().request(nums)
        self.update()

    def set_data(self, data: TimelineData, *, total: int | None = None) -> None:
        """Show these arrays (what ``set_results`` fetched) and fit them in view."""
        self._data = data
        self._links_for = None
        if total is not None:
            self._total = total
        self._total = max(self._total, len(data))
        self._message = ""
        self._lanes = None
        self._lane_scroll = 0.0
        self._current = data.index_of(self._current_id) if self._current_id else None
        self._range = fit_range(data.start, data.end)
        self.setAccessibleDescription(self._describe())
        self._changed()
        self.items_changed.emit()
        self.range_changed.emit()

    def set_current(self, entry_id: str | None) -> None:
        """Highlight an entry (or none) and bring it into view if it is off screen."""
        self._current_id = entry_id
        self._current = self._data.index_of(entry_id) if entry_id else None
        if self._current is not None:
            self._scroll_to(self._current)
        self._changed()
        if self._current is not None:
            self.reveal_item(self._current)

    def set_lane_mode(self, mode: str) -> None:
        """Lanes by ``"kind"`` (the default), by linked ``"actor"``, or one ``"single"`` lane."""
        if mode not in LANE_MODES:
            raise ValueError(f"unknown lane mode {mode!r}: use one of {', '.join(LANE_MODES)}")
        self._mode = mode
        self._lanes = None
        self._lane_scroll = 0.0
        self._changed()

    def lane_mode(self) -> str:
        return self._mode

    def set_eras(self, eras: Sequence[EraBand]) -> None:
        self._eras = tuple(eras)
        self.update()

    def eras(self) -> tuple[EraBand, ...]:
        return self._eras

    @property
    def data(self) -> TimelineData:
        return self._data

    def item_ids(self) -> list[str]:
        """The ids of every item on the timeline, in time order."""
        return list(self._data.ids)

    def total_results(self) -> int:
        """How many entries the last result set had (dated or not)."""
        return self._total

    def current_id(self) -> str | None:
        return self._current_id

    # -- the visible range --------------------------------------------------------------------

    def visible_range(self) -> tuple[float, float]:
        """(first, last) day shown, as days since 1970-01-01."""
        return self._range

    def set_visible_range(self, lo: float, hi: float) -> None:
        self._range = clamp_range(lo, hi)
        self._changed()
        self.range_changed.emit()

    def fit_all(self) -> None:
        self.set_visible_range(*fit_range(self._data.start, self._data.end))

    def zoom(self, factor: float, around_x: float | None = None) -> None:
        """Zoom in (``factor`` > 1) or out around a widget x (the middle when ``None``)."""
        lo, hi = self._range
        frame = self.frame()
        anchor = frame.day(around_x) if around_x is not None else (lo + hi) / 2
        self.set_visible_range(anchor - (anchor - lo) / factor, anchor + (hi - anchor) / factor)

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def pan(self, pixels: float) -> None:
        """Move the view right by ``pixels`` (negative: left)."""
        lo, hi = self._range
        days = pixels * (hi - lo) / max(self.frame().plot.width(), 1)
        self.set_visible_range(lo + days, hi + days)

    # -- geometry, for the mouse and for tests ------------------------------------------------

    def item_rect(self, entry_id: str) -> QRectF | None:
        """Where an entry's mark and label are drawn (its first lane), or ``None``."""
        index = self._data.index_of(entry_id)
        rects = self.frame().item_rects(index) if index is not None else []
        return rects[0] if rects else None

    def mark_rect(self, entry_id: str) -> QRectF | None:
        """Where an entry's bar or diamond is drawn (its first lane), or ``None``."""
        index = self._data.index_of(entry_id)
        frame = self.frame()
        for lane in frame.lanes:
            if lane.mode == "items" and index is not None:
                found = np.flatnonzero(lane.items == index)
                if len(found):
                    return frame.mark_rect(lane, int(found[0]))
        return None

    def axis_rect(self) -> QRectF:
        return self.frame().axis

    def x_for_day(self, day: float) -> float:
        return self.frame().x(day)

    def day_for_x(self, x: float) -> float:
        return self.frame().day(x)

    def entry_at(self, pos: QPointF) -> str | None:
        index = self.frame().item_at(pos)
        return self._data.ids[index] if index is not None else None

    # -- pictures -----------------------------------------------------------------------------

    @property
    def _waiting_for_lanes(self) -> bool:
        """Actor lanes are shown while the items' links are still loading."""
        return self._links_for is not None and self._mode == "actor"

    def export_image(self, path: Path | str) -> Path:
        """Save what is shown as a PNG or SVG (by the file's suffix)."""
        if self._waiting_for_lanes:
            raise TimelineExportError("The actors' links are still loading: export the "
                                      "timeline again in a moment, once its lanes are drawn.")
        # At least a page's width and enough height for lanes of items, not just counts.
        size = QSize(max(self.width(), 1000), max(self.height(), 360))

        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setFont(self.font())
            paint_timeline(painter, rect, self._data, lane_mode=self._mode,
                           visible_range=self._range, eras=self._eras, current=self._current)

        return export_picture(path, size, draw, title="Roadbook timeline")

    # -- Qt overrides -------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(900, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 100)  # lanes too low for their rows scroll

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        frame = self.frame()
        if frame.rect.width() < self.width():  # beside the lanes' scroll bar
            painter.fillRect(self.rect(), self.palette().base())
        draw_frame(painter, frame, self._data, lane_mode=self._mode, eras=self._eras,
                   today=date.today(), current=self._current, palette=self.palette())
        if self._selection is not None:
            paint_selection(painter, frame, self._selection)
        message = self._message
        if not message and self._waiting_for_lanes:
            message = "Loading the actors' links…"
        if message:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(frame.plot, Qt.AlignmentFlag.AlignCenter, message)
        painter.end()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self.set_results(self._pending)

    def resizeEvent(self, event) -> None:
        self._frame = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._lanes = None
            self._changed()
        super().changeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event)
            return True
        if self.handle_gesture(event):
            return True
        return super().event(event)

    # -- inside -------------------------------------------------------------------------------

    def _describe(self) -> str:
        data = self._data
        if not len(data):
            return "No dated entries"
        first, last = data.date_label(0), data.date_label(int(data.end.argmax()))
        return f"{len(data):,} dated entries, from {first} to {last}"

    def _changed(self) -> None:
        self._frame = None
        self.update()

    def _current_lanes(self) -> list[Lane]:
        metrics = Metrics.of(self.font(), self)
        key = (self._mode, max_lanes(self.height(), metrics, self._mode))
        if self._lanes is None or key != self._lanes_key:
            self._lanes = build_lanes(self._data, self._mode, max_lanes=key[1])
            self._lanes_key = key
        return self._lanes

    def _scroll_to(self, index: int) -> None:
        lo, hi = self._range
        start, end = float(self._data.start[index]), float(self._data.end[index])
        span = hi - lo
        if start >= lo + span * 0.02 and end <= hi - span * 0.02:
            return
        if end - start > span * 0.8:
            span = (end - start) * 1.25
        middle = (start + end) / 2
        self.set_visible_range(middle - span / 2, middle + span / 2)

    def _step(self, direction: int) -> None:
        """Make the previous (-1) or next (+1) item in time current, and say so."""
        n = len(self._data)
        if not n:
            return
        if self._current is None:
            visible = self._visible_indices()
            index = (visible[0] if direction > 0 else visible[-1]) if visible else 0
        else:
            index = min(max(self._current + direction, 0), n - 1)
            if index == self._current:
                return  # already the first or last
        entry_id = self._data.ids[index]
        self.set_current(entry_id)
        self.entry_activated.emit(entry_id)

    def _visible_indices(self) -> list[int]:
        """The first and last item overlapping the visible range (none when it is empty)."""
        lo, hi = self._range
        shown = np.flatnonzero((self._data.start < hi) & (self._data.end > lo))
        return [int(shown[0]), int(shown[-1])] if len(shown) else []

    def _activate_at(self, pos: QPointF) -> bool:
        frame = self.frame()
        index = frame.item_at(pos)
        if index is not None:
            entry_id = self._data.ids[index]
            self.set_current(entry_id)
            self.entry_activated.emit(entry_id)
            return True
        span = frame.bin_at(pos)
        if span is not None:
            margin = (span[1] - span[0]) * 0.1
            self.set_visible_range(span[0] - margin, span[1] + margin)
            return True
        return False

    def _select(self, a: float, b: float) -> None:
        self._selection = snap_range(a, b, self.frame().ticks.unit)
        self.update()

    def _finish_selection(self, a: float, b: float) -> None:
        unit = self.frame().ticks.unit
        self._selection = None
        self.update()
        self.range_selected.emit(range_fragment(a, b, unit))

    def _show_tooltip(self, event) -> None:
        frame = self.frame()
        pos = QPointF(event.pos())
        index = frame.item_at(pos)
        if index is not None:
            QToolTip.showText(event.globalPos(), item_tooltip(self._data, index), self)
            return
        span = frame.bin_at(pos)
        lane = frame.lane_at(pos)
        if span is not None and lane is not None:
            count = int(lane.lane.count_between([span[0], span[1]])[0])
            QToolTip.showText(event.globalPos(),
                              bin_tooltip(count, span[0], span[1], lane.lane.title), self)
            return
        QToolTip.hideText()
        event.ignore()

    def _start_loader(self):
        if self._loader is None:
            from desktop.timeline.loader import TimelineLoader

            self._loader = TimelineLoader(library_path=self._library.path, parent=self)
            self._loader.loaded.connect(self._on_loaded)
            self._loader.failed.connect(self._on_load_failed)
        return self._loader

    def _on_loaded(self, data: TimelineData) -> None:
        if self._links_for is not None and data.nums is self._links_for.nums:
            # The items shown, now with their actor links: keep the range and the current item.
            self._links_for = None
            self._data = data
            if self._mode == "actor":  # the other modes' lanes do not depend on links
                self._lanes = None
            self._changed()
            return
        self.set_data(data)
        if len(data):
            self._links_for = data
            self._loader.request_links(data)

    def _on_load_failed(self, message: str) -> None:
        self._links_for = None
        self._message = f"The timeline could not be loaded: {message}"
        self.update()

    def shutdown(self) -> None:
        """Stop the background loader (if one was started) and close its connection."""
        if self._loader is not None:
            self._loader.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
