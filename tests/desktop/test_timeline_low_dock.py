"""In a low dock the timeline still draws each item of a sparse lane — in thin rows of marks,
labelled where there is room, and in lanes that scroll when even that does not fit — and shows
counts only for a lane whose items are dense."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from db.timeline import KINDS, TimelineData
from desktop.timeline import TimelineView

LANES = ["Events", "Deals", "Figures", "Actors"]


@pytest.fixture
def low_view(qtbot, library):
    """A timeline widget of a given size showing the bundled library, or other arrays."""

    def make(height: int, *, width: int = 1000, data: TimelineData | None = None,
             mode: str = "kind") -> TimelineView:
        view = TimelineView(library)
        qtbot.addWidget(view)
        view.resize(width, height)
        view.show()
        qtbot.waitExposed(view)
        view.set_lane_mode(mode)
        if data is None:
            view.set_results(library.results("").nums)
        else:
            view.set_data(data)
        assert view.height() == height
        return view

    return make


def drawn_rects(frame) -> list:
    """Every mark and label drawn, in widget coordinates."""
    rects = []
    for lane in frame.lanes:
        for k in range(len(lane.items)):
            rects.append(frame.mark_rect(lane, k))
            if lane.label_w[k]:
                rects.append(QRectF(lane.label_x[k], frame.label_top(lane, k),
                                    lane.label_w[k], frame.metrics.em))
    return rects


def found_at_its_mark(view: TimelineView, entry_id: str) -> bool:
    """Whether the entry's mark shows in the lanes and the mouse finds it there."""
    rect = view.mark_rect(entry_id)
    return (rect is not None and view.frame().plot.contains(rect.center())
            and view.entry_at(rect.center()) == entry_id)


def with_dense_lane(sparse: TimelineData, n: int = 5_000) -> TimelineData:
    """The bundled items plus ``n`` places spread over the same years: a dense fifth lane."""
    rng = np.random.default_rng(3)
    start = np.floor(rng.uniform(sparse.start.min(), sparse.end.max(), n))

    def joined(a, b):
        return np.concatenate([np.asarray(a), np.asarray(b)])

    columns = {
        "nums": joined(sparse.nums, np.arange(10_000, 10_000 + n)),
        "start": joined(sparse.start, start), "end": joined(sparse.end, start + 1),
        "precision": joined(sparse.precision, np.zeros(n, np.int8)),
        "kind": joined(sparse.kind, np.full(n, KINDS.index("place"), np.int8)),
        "analyst": joined(sparse.analyst, np.zeros(n, bool)),
        "value_usd": joined(sparse.value_usd, np.full(n, np.nan)),
        "titles": joined(sparse.titles, np.array([f"Place {i}" for i in range(n)], object)),
        "ids": joined(sparse.ids, np.array([f"place-{i}" for i in range(n)], object)),
        "date_texts": joined(sparse.date_texts, np.full(n, "", object)),
    }
    order = np.lexsort((columns["nums"], columns["end"], columns["start"]))
    return TimelineData(**{name: values[order] for name, values in columns.items()})


@pytest.mark.parametrize("height", [150, 170])
def test_a_low_dock_draws_every_dated_entry_as_a_mark_without_scrolling(low_view, height):
    view = low_view(height)
    frame = view.frame()
    assert [lane.lane.title for lane in frame.lanes] == LANES
    assert [lane.mode for lane in frame.lanes] == ["items"] * 4
    assert not frame.overflow and not view.lane_bar.isVisible()
    assert len(view.item_ids()) == 17
    for entry_id in view.item_ids():
        assert found_at_its_mark(view, entry_id), entry_id
    rects = drawn_rects(frame)
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b]), (rects[a], rects[b])
    assert frame.lanes[-1].top + frame.lanes[-1].height <= frame.axis.top() + 0.5
    labelled = sum(1 for lane in frame.lanes for width in lane.label_w if width)
    assert labelled >= 1  # a lane of one row keeps its labels; the rest are in tooltips


def test_marks_alone_take_thin_rows_and_lanes_with_room_keep_their_labels(low_view):
    frame = low_view(150).frame()
    m = frame.metrics
    thin = [lane for lane in frame.lanes if lane.row_h < m.row_h]
    assert thin and all(lane.row_h <= 12 for lane in thin)  # a mark needs about 10 pixels
    one_line = [lane for lane in frame.lanes if lane.row_h == m.row_h]
    assert one_line and all(any(lane.label_w) for lane in one_line)


def test_lower_still_the_thin_lanes_scroll(low_view):
    view = low_view(110)
    assert view.minimumSizeHint().height() <= 110  # a dock may be made this low
    frame = view.frame()
    assert [lane.mode for lane in frame.lanes] == ["items"] * 4
    assert frame.overflow and view.lane_bar.isVisible()
    assert view.lane_bar.geometry().left() >= frame.plot.right() - 1
    rows_at_150 = [(lane.row_h, max(lane.rows)) for lane in low_view(150).frame().lanes]
    assert [(lane.row_h, max(lane.rows)) for lane in frame.lanes] == rows_at_150  # as thin
    assert all(any(lane.label_w) for lane in frame.lanes)  # a label or more in each lane
    assert sum(len(lane.items) for lane in frame.lanes) == 17
    for entry_id in view.item_ids():  # making an entry current scrolls it into view
        view.set_current(entry_id)
        assert found_at_its_mark(view, entry_id), entry_id
    view.lane_bar.setValue(view.lane_bar.maximum())
    frame = view.frame()
    last = frame.lanes[-1]
    assert frame.scroll > 0 and last.top + last.height == pytest.approx(frame.plot.bottom())


def test_hidden_lanes_are_neither_drawn_nor_found_over_the_axis(low_view):
    view = low_view(110)
    top_of_axis = int(view.frame().axis.top())
    before = view.grab().toImage()
    view.lane_bar.setValue(view.lane_bar.maximum())
    after = view.grab().toImage()
    width = int(view.frame().rect.width())
    for y in range(top_of_axis + 1, view.height()):
        for x in range(0, width, 3):
            assert before.pixel(x, y) == after.pixel(x, y), (x, y)
    frame = view.frame()
    for lane in frame.lanes:
        for k in range(len(lane.items)):
            center = frame.mark_rect(lane, k).center()
            if not frame.plot.contains(center):
                assert view.entry_at(center) is None


def test_the_wheel_over_the_lane_titles_and_the_arrow_keys_scroll_the_lanes(low_view, qtbot):
    view = low_view(110)
    frame = view.frame()
    title = QPointF(frame.plot.left() / 2, frame.plot.center().y())
    wheel = QWheelEvent(title, view.mapToGlobal(title), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    range_before = view.visible_range()
    QApplication.sendEvent(view, wheel)
    assert view.lanes_scroll() > 0 and view.visible_range() == range_before
    assert view.lane_bar.value() == round(view.lanes_scroll())
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    lower = view.lanes_scroll()
    assert lower > frame.metrics.row_h
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.lanes_scroll() < lower
    view.resize(1000, 300)  # a taller dock: every lane fits and the bar goes
    assert not view.frame().overflow and view.lanes_scroll() == 0
    assert not view.lane_bar.isVisible()


def test_a_drag_up_the_lanes_scrolls_them_and_keeps_the_time_range(low_view, qtbot):
    view = low_view(110)
    plot = view.frame().plot
    start = QPoint(int(plot.center().x()), int(plot.bottom()) - 4)
    range_before = view.visible_range()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + QPoint(0, -15))
    qtbot.mouseMove(view, start + QPoint(0, -30))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(0, -30))
    assert view.lanes_scroll() == pytest.approx(30, abs=1)
    assert view.visible_range() == pytest.approx(range_before)
    assert view.current_id() is None  # a drag, not a click


@pytest.mark.parametrize("height", [110, 150])
def test_only_a_dense_lane_shows_counts(low_view, library, height):
    sparse = library.timeline_items(library.results("").nums)
    view = low_view(height, data=with_dense_lane(sparse))
    frame = view.frame()
    modes = {lane.lane.title: lane.mode for lane in frame.lanes}
    assert modes == dict.fromkeys(LANES, "items") | {"Places": "counts"}
    for entry_id in sparse.ids:
        view.set_current(entry_id)
        assert found_at_its_mark(view, entry_id), entry_id


def test_many_entries_on_one_day_show_counts_a_few_show_marks(low_view, library):
    sparse = library.timeline_items(library.results("").nums)
    for stacked, mode in ((3, "items"), (40, "counts")):
        day = np.full(stacked, sparse.start[0])
        data = TimelineData(
            nums=np.arange(stacked), start=day, end=day + 1,
            precision=np.zeros(stacked, np.int8), kind=np.zeros(stacked, np.int8),
            analyst=np.zeros(stacked, bool), value_usd=np.full(stacked, np.nan),
            titles=np.array([f"Meeting {i}" for i in range(stacked)], object),
            ids=np.array([f"meeting-{i}" for i in range(stacked)], object),
            date_texts=np.full(stacked, "", object))
        view = low_view(150, data=data, mode="single")
        view.set_visible_range(float(day[0]) - 400, float(day[0]) + 400)
        assert [lane.mode for lane in view.frame().lanes] == [mode]


def test_low_docks_are_saved_for_a_person_to_look_at(low_view, tmp_path, capsys):
    shots = {}
    for height in (170, 150, 110):
        shots[f"timeline-{height}.png"] = low_view(height).grab()
    scrolled = low_view(110)
    scrolled.lane_bar.setValue(scrolled.lane_bar.maximum())
    shots["timeline-110-scrolled.png"] = scrolled.grab()
    for name, picture in shots.items():
        assert picture.save(str(tmp_path / name), "PNG")
        assert (tmp_path / name).stat().st_size > 3_000
    with capsys.disabled():
        print(f"\nlow-dock timeline screenshots: {tmp_path}")
