"""The timeline view on the bundled library: items, zoom and pan, clicks, keys, range drags."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from db.timeline import date_to_day
from desktop.timeline import TimelinePanel, TimelineView

DATED = ["us-pivot-to-asia", "obor", "silk-road-economic-belt", "gas-deal-2014",
         "sanctions-on-russia", "crimea-incursion", "eeu", "china-obor-trade-2015",
         "chinese-obor-investment-2015", "russian-experts-report-2015", "china-gdp-q1-2016",
         "putin-state-visit-2016-06", "june-2016-business-initiatives",
         "xi-uzbekistan-visit-2016", "silk-road-rally", "south-china-sea-ruling",
         "moderately-well-off-society"]


def d(*args) -> float:
    return date_to_day(date(*args))


def all_nums(library) -> list[int]:
    return [r[0] for r in library.conn.execute("SELECT num FROM entries")]


@pytest.fixture
def view(qtbot, library):
    view = TimelineView(library=library)
    qtbot.add_widget(view)
    view.resize(1100, 420)
    view.show()
    qtbot.wait_exposed(view)
    view.set_results(all_nums(library))
    return view


def point(rect) -> QPoint:
    return rect.center().toPoint()


def test_items_are_the_dated_entries_of_the_results(view, library):
    assert view.item_ids() == DATED
    assert view.total_results() == 78
    deals = library.results("kind:deal").nums
    view.set_results(deals)
    assert set(view.item_ids()) == {"us-pivot-to-asia", "obor", "silk-road-economic-belt",
                                    "gas-deal-2014", "june-2016-business-initiatives",
                                    "moderately-well-off-society"}
    view.set_results([])
    assert view.item_ids() == []


def test_panel_says_how_many_results_are_dated(qtbot, library):
    panel = TimelinePanel(library=library)
    qtbot.add_widget(panel)
    panel.view.set_results(all_nums(library))
    assert panel.view.item_ids() == []  # a hidden timeline (a closed dock) fetches nothing
    panel.show()
    assert len(panel.view.item_ids()) == 17  # ... until it is shown
    assert panel.status.text() == "17 of 78 results are dated"
    panel.view.set_results(library.results("is:dated").nums)
    assert panel.status.text() == "17 dated entries"
    panel.lane_box.setCurrentIndex(1)
    assert panel.view.lane_mode() == "actor"


def test_every_item_is_drawn_at_its_dates(view):
    for entry_id in DATED:
        assert view.mark_rect(entry_id) is not None, entry_id


def test_a_year_is_drawn_over_the_whole_year(view):
    mark = view.mark_rect("gas-deal-2014")
    assert mark.left() == pytest.approx(view.x_for_day(d(2014, 1, 1)), abs=0.01)
    assert mark.right() == pytest.approx(view.x_for_day(d(2015, 1, 1)), abs=0.01)
    june = view.mark_rect("putin-state-visit-2016-06")
    assert june.left() == pytest.approx(view.x_for_day(d(2016, 6, 1)), abs=0.01)
    assert june.width() >= 3


def test_zoom_around_the_mouse_keeps_the_day_under_it(view, qtbot):
    lo, hi = view.visible_range()
    x = view.x_for_day(d(2016, 1, 1))
    view.zoom(2.0, x)
    lo2, hi2 = view.visible_range()
    assert hi2 - lo2 == pytest.approx((hi - lo) / 2)
    assert view.day_for_x(x) == pytest.approx(d(2016, 1, 1))
    view.zoom_out()
    assert view.visible_range()[1] - view.visible_range()[0] > hi2 - lo2


def test_ctrl_wheel_and_keys_zoom(view, qtbot):
    span = view.visible_range()[1] - view.visible_range()[0]
    pos = QPointF(view.x_for_day(d(2015, 1, 1)), 100)
    wheel = QWheelEvent(pos, view.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, wheel)
    zoomed = view.visible_range()[1] - view.visible_range()[0]
    assert zoomed < span
    assert view.day_for_x(pos.x()) == pytest.approx(d(2015, 1, 1))
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.visible_range()[1] - view.visible_range()[0] > zoomed
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.visible_range()[1] - view.visible_range()[0] < zoomed
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.visible_range()[1] - view.visible_range()[0] == pytest.approx(span)


def test_dragging_the_lanes_pans(view, qtbot):
    view.set_visible_range(d(2014, 1, 1), d(2017, 1, 1))
    lo, hi = view.visible_range()
    plot = view.frame().plot
    start = QPoint(int(plot.center().x()), int(plot.bottom() - 5))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + QPoint(60, 0))
    qtbot.mouseMove(view, start + QPoint(120, 0))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(120, 0))
    lo2, hi2 = view.visible_range()
    assert lo2 < lo and hi2 < hi  # dragged right: earlier days come into view
    assert hi2 - lo2 == pytest.approx(hi - lo)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.visible_range()[0] > lo2


def test_double_click_on_empty_space_fits_all(view, qtbot):
    fitted = view.visible_range()
    view.set_visible_range(d(2016, 6, 1), d(2016, 8, 1))
    plot = view.frame().plot
    empty = QPoint(int(plot.left() + 3), int(plot.bottom() - 3))
    assert view.entry_at(QPointF(empty)) is None
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=empty)
    assert view.visible_range() == pytest.approx(fitted)


def test_clicking_an_item_activates_it(view, qtbot):
    rect = view.item_rect("south-china-sea-ruling")
    with qtbot.wait_signal(view.entry_activated) as signal:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(rect))
    assert signal.args == ["south-china-sea-ruling"]
    assert view.current_id() == "south-china-sea-ruling"


def highlighted_pixels(view, rect) -> int:
    image = view.grab().toImage()
    palette = view.palette()
    colors = {palette.color(group, QPalette.ColorRole.Highlight).rgb()
              for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)}
    ratio = image.devicePixelRatio()
    count = 0
    for x in range(int(rect.left() * ratio), int(rect.right() * ratio)):
        for y in range(int(rect.top() * ratio), int(rect.bottom() * ratio)):
            if QColor(image.pixel(x, y)).rgb() in colors:
                count += 1
    return count


def test_current_entry_is_highlighted_and_scrolled_into_view(view):
    view.set_visible_range(d(2010, 6, 1), d(2012, 6, 1))
    assert view.item_rect("south-china-sea-ruling") is None  # off screen
    view.set_current("south-china-sea-ruling")
    lo, hi = view.visible_range()
    assert lo < d(2016, 7, 12) < hi
    rect = view.item_rect("south-china-sea-ruling")
    assert highlighted_pixels(view, rect) > 50
    view.set_current(None)
    assert highlighted_pixels(view, rect) == 0


def test_left_and_right_step_through_items_in_time(view, qtbot):
    view.set_current("gas-deal-2014")
    with qtbot.wait_signal(view.entry_activated) as signal:
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert signal.args == ["sanctions-on-russia"]
    with qtbot.wait_signal(view.entry_activated) as signal:
        qtbot.keyClick(view, Qt.Key.Key_Left)
    assert signal.args == ["gas-deal-2014"]
    view.set_current("moderately-well-off-society")
    with qtbot.assert_not_emitted(view.entry_activated):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current_id() == "moderately-well-off-society"  # the last one stays current


def drag_on_axis(qtbot, view, first: float, last: float) -> list:
    axis = view.axis_rect()
    y = int(axis.top() + axis.height() / 2)
    a, b = QPoint(int(view.x_for_day(first)), y), QPoint(int(view.x_for_day(last)), y)
    with qtbot.wait_signal(view.range_selected) as signal:
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=a)
        qtbot.mouseMove(view, (a + b) / 2)
        qtbot.mouseMove(view, b)
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=b)
    return signal.args


def test_a_drag_on_the_axis_filters_the_query_by_year(view, qtbot, library):
    visible = view.visible_range()
    [fragment] = drag_on_axis(qtbot, view, d(2014, 4, 1), d(2015, 8, 1))
    assert fragment == "year:2014..2015"
    assert view.visible_range() == visible  # selecting does not pan
    found = library.results(f"kind:event {fragment}")
    assert {library.id_for(n) for n in found.nums} == {
        "sanctions-on-russia", "crimea-incursion", "russian-experts-report-2015"}


def test_a_drag_zoomed_in_filters_by_month(view, qtbot, library):
    view.set_visible_range(d(2016, 1, 1), d(2016, 12, 31))
    [fragment] = drag_on_axis(qtbot, view, d(2016, 6, 10), d(2016, 7, 20))
    assert fragment == "date:2016-06..2016-07"
    found = library.results(fragment)
    assert {library.id_for(n) for n in found.nums} == {
        "june-2016-business-initiatives", "putin-state-visit-2016-06", "silk-road-rally",
        "south-china-sea-ruling", "xi-uzbekistan-visit-2016"}


def test_lane_modes(view):
    assert [lane.lane.title for lane in view.frame().lanes] == [
        "Events", "Deals", "Figures", "Actors"]
    view.set_lane_mode("actor")
    titles = [lane.lane.title for lane in view.frame().lanes]
    assert titles[0] == "China"
    assert titles[-1] == "No linked actor"
    assert view.item_rect("gas-deal-2014") is not None
    view.set_lane_mode("single")
    assert [lane.lane.title for lane in view.frame().lanes] == ["All dated"]
    with pytest.raises(ValueError, match="lane mode"):
        view.set_lane_mode("colour")


def test_tooltip_shows_title_date_as_written_and_value(view):
    from desktop.timeline.tooltip import item_tooltip

    text = item_tooltip(view.data, view.data.index_of("china-obor-trade-2015"))
    assert "<b>Chinese trade with OBOR countries in 2015</b>" in text
    assert "2015 <i>(year)</i> — “last year”" in text
    assert "$1 tn" in text
    crimea = item_tooltip(view.data, view.data.index_of("crimea-incursion"))
    assert "Dated by the analyst" in crimea


def test_hovering_an_item_shows_its_tooltip(view, qtbot):
    pos = point(view.item_rect("gas-deal-2014"))
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
    qtbot.wait_until(lambda: QToolTip.isVisible())
    assert "China–Russia gas deal (2014)" in QToolTip.text()
    assert "$400 bn" in QToolTip.text()
    QToolTip.hideText()


def test_dense_items_become_counts_that_expand_on_zoom(qtbot, library):
    days = [date.fromordinal(date(2015, 1, 1).toordinal() + i * 365 // 600) for i in range(600)]
    with library.transaction():
        library.conn.executemany(
            "INSERT INTO entries (id, kind, title, date_start, date_end, date_precision) "
            "VALUES (?, 'event', ?, ?, ?, 'day')",
            [(f"visit-{i}", f"Visit {i}", day.isoformat(), day.isoformat())
             for i, day in enumerate(days)])
    view = TimelineView(library=library)
    qtbot.add_widget(view)
    view.resize(900, 300)
    view.show()
    view.set_results(all_nums(library))
    events = view.frame().lanes[0]
    assert events.lane.title == "Events"
    assert events.mode == "counts"
    assert int(events.counts.sum()) == 608  # each event starting in view is counted once
    busiest = int(events.counts.argmax())
    first, last = events.bin_edges[busiest], events.bin_edges[busiest + 1]
    bar = QPoint(int((view.x_for_day(first) + view.x_for_day(last)) / 2),
                 int(events.top + events.height - 4))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=bar)
    lo, hi = view.visible_range()
    assert lo < first and last < hi and hi - lo < (last - first) * 1.5  # zoomed into the bar
    view.set_visible_range(d(2015, 3, 1), d(2015, 3, 4))
    events = view.frame().lanes[0]
    assert events.mode == "items"
    shown = {view.data.ids[i] for i in events.items}
    visits = {f"visit-{i}" for i, day in enumerate(days)
              if date(2015, 3, 1) <= day < date(2015, 3, 4)}
    assert len(visits) == 5
    assert shown == visits | {"russian-experts-report-2015"}  # "last year": all of 2015


def test_a_large_result_set_loads_on_a_worker_items_first_then_links(qtbot, library,
                                                                     monkeypatch):
    from array import array

    monkeypatch.setattr("desktop.timeline.view.SYNC_LIMIT", 10)
    view = TimelineView(library=library)
    qtbot.add_widget(view)
    view.resize(1100, 420)
    view.show()
    qtbot.wait_exposed(view)
    view.set_current("south-china-sea-ruling")
    view.set_lane_mode("actor")
    view.set_results(array("q", reversed(all_nums(library))))  # as the result loader gives them
    assert view.item_ids() == []  # still loading
    qtbot.waitUntil(lambda: view.item_ids() == DATED)
    view.set_visible_range(d(2015, 1, 1), d(2017, 1, 1))
    direct = library.timeline_items(all_nums(library))
    qtbot.waitUntil(lambda: view.data.actor_titles == direct.actor_titles)
    assert view.data.link_items.tolist() == direct.link_items.tolist()
    assert view.visible_range() == (d(2015, 1, 1), d(2017, 1, 1))  # the links kept the view
    assert [lane.lane.title for lane in view.frame().lanes][0] == "China"
    rect = view.item_rect("south-china-sea-ruling")
    assert rect is not None and highlighted_pixels(view, rect) > 50
    view.shutdown()


@pytest.mark.parametrize("max_lanes", [1, 2, 3, 5, 8, 1_000])
def test_quieter_actors_share_a_lane_past_the_limit(library, max_lanes):
    from desktop.timeline.lanes import NO_ACTOR, build_lanes

    data = library.timeline_items(all_nums(library))
    lanes = build_lanes(data, "actor", max_lanes=max_lanes)
    actors = {a: sorted(data.link_items[data.link_actors == a].tolist())
              for a in range(len(data.actor_titles))}
    linked = set(data.link_items.tolist())
    alone = [i for i in range(len(data)) if i not in linked]
    shown = len(actors) if len(actors) + 1 <= max_lanes else max(max_lanes - 2, 0)
    expected = [(data.actor_titles[a], actors[a]) for a in range(shown)]
    if shown < len(actors):
        rest = sorted({i for a in range(shown, len(actors)) for i in actors[a]})
        expected.append((f"Other actors ({len(actors) - shown})", rest))
    expected.append((NO_ACTOR, alone))
    assert [(lane.title, lane.items.tolist()) for lane in lanes] == expected
    assert len(lanes) <= max(max_lanes, 2)


def test_lanes_are_kept_per_mode_and_limit(library):
    from desktop.timeline.lanes import build_lanes

    data = library.timeline_items(all_nums(library))
    assert build_lanes(data, "kind") is build_lanes(data, "kind", max_lanes=3)
    few = [lane.title for lane in build_lanes(data, "actor", max_lanes=3)]
    every = [lane.title for lane in build_lanes(data, "actor", max_lanes=1_000)]
    assert few[-2].startswith("Other actors") and len(few) == 3
    assert len(every) == len(data.actor_titles) + 1
    again = library.timeline_items(all_nums(library)[:30])
    assert len(build_lanes(again, "single")[0].items) == len(again) < len(data)


def test_the_actor_lanes_are_not_exported_before_their_links_are_in(qtbot, library,
                                                                    monkeypatch, tmp_path):
    import threading
    from array import array

    from db.library import Library
    from desktop.timeline.export import TimelineExportError

    links_may_come = threading.Event()
    real_links = Library.timeline_links

    def held_links(self, data):
        links_may_come.wait(10)
        return real_links(self, data)

    monkeypatch.setattr(Library, "timeline_links", held_links)
    monkeypatch.setattr("desktop.timeline.view.SYNC_LIMIT", 10)
    view = TimelineView(library=library)
    qtbot.add_widget(view)
    try:
        view.resize(1100, 420)
        view.show()
        qtbot.wait_exposed(view)
        view.set_lane_mode("actor")
        view.set_results(array("q", all_nums(library)))
        qtbot.waitUntil(lambda: view.item_ids() == DATED)
        with pytest.raises(TimelineExportError, match="still loading"):
            view.export_image(tmp_path / "early.png")
        assert not (tmp_path / "early.png").exists()
    finally:
        links_may_come.set()  # never leave the worker waiting
    qtbot.waitUntil(lambda: len(view.data.actor_titles) > 0)
    assert view.export_image(tmp_path / "lanes.png").stat().st_size > 0
    view.shutdown()
