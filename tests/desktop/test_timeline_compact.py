"""A timeline with few items draws each of them in a low dock: rows one line high, each label
after its mark, then thin rows of marks, rather than counts per year."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.timeline import paint_timeline

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def bundled_timeline(library):
    return library.timeline_items(library.results("").nums)


def render(data, height: int, width: int = 1229):
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    frame = paint_timeline(painter, QRectF(0, 0, width, height), data)
    painter.end()
    return image, frame


def drawn_rects(frame) -> list[QRectF]:
    """Every mark and every label of every lane, as drawn."""
    rects = []
    for lane in frame.lanes:
        for k in range(len(lane.items)):
            rects.append(frame.mark_rect(lane, k))
            if lane.label_w[k]:
                rects.append(QRectF(lane.label_x[k], frame.label_top(lane, k), lane.label_w[k],
                                    frame.metrics.em))
    return rects


def test_a_low_dock_draws_every_dated_entry_with_labels_beside_the_marks(bundled_timeline):
    _, frame = render(bundled_timeline, height=214)
    assert frame.metrics.labels_beside and frame.legend.height() > 0
    assert [lane.mode for lane in frame.lanes] == ["items"] * 4
    assert sum(len(lane.items) for lane in frame.lanes) == len(bundled_timeline) == 17
    rects = drawn_rects(frame)
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b]), (rects[a], rects[b])
    for lane in frame.lanes:
        assert lane.top + lane.height <= frame.axis.top() + 0.5
        for k in range(len(lane.items)):
            if lane.label_w[k]:
                assert lane.label_x[k] >= lane.x1[k]  # after its mark, on its line
    assert sum(1 for lane in frame.lanes for w in lane.label_w if w) >= 12


def test_lower_still_the_legend_gives_way_to_the_marks(bundled_timeline):
    _, frame = render(bundled_timeline, height=194)  # the dock's first height until now
    assert frame.metrics.labels_beside and frame.legend.height() == 0
    assert [lane.mode for lane in frame.lanes] == ["items"] * 4
    assert sum(len(lane.items) for lane in frame.lanes) == 17
    assert frame.plot.top() == frame.eras.bottom() == frame.metrics.era_h
    last = frame.lanes[-1]
    assert last.top + last.height <= frame.axis.top() + 0.5


def test_with_room_the_labels_stay_under_the_marks(bundled_timeline):
    _, frame = render(bundled_timeline, height=420)
    assert not frame.metrics.labels_beside
    assert [lane.mode for lane in frame.lanes] == ["items"] * 4


def test_lower_still_lanes_of_several_rows_draw_their_marks_in_thin_rows(bundled_timeline):
    _, frame = render(bundled_timeline, height=150)
    assert [lane.mode for lane in frame.lanes] == ["items"] * 4
    assert sum(len(lane.items) for lane in frame.lanes) == 17
    thin = [lane for lane in frame.lanes if max(lane.rows) > 0]
    assert thin and all(lane.row_h < frame.metrics.em for lane in thin)
    rects = drawn_rects(frame)
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b]), (rects[a], rects[b])
    last = frame.lanes[-1]
    assert last.top + last.height <= frame.axis.top() + 0.5


def test_a_picture_too_low_even_for_thin_rows_shows_counts(bundled_timeline):
    _, frame = render(bundled_timeline, height=110)  # a picture cannot scroll, as a dock does
    assert {lane.mode for lane in frame.lanes} == {"counts"}
    last = frame.lanes[-1]
    assert last.top + last.height <= frame.axis.top() + 0.5
