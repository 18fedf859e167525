"""The timeline's pure parts: label layout never overlaps; ticks adapt; drags become filters."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.timeline import date_to_day
from desktop.timeline.labels import labels_across_rows, layout_labels
from desktop.timeline.scale import make_ticks, range_fragment, snap_range


def d(*args) -> float:
    return date_to_day(date(*args))


# -- labels -------------------------------------------------------------------------------------

def occupied(layout, x0, x1, label_x, i):
    """What item ``i`` covers on its row: its mark, and its label if shown."""
    right = max(x1[i], label_x[i] + layout.widths[i]) if layout.widths[i] else x1[i]
    return x0[i], right


def label_boxes(layout, label_x):
    return [(layout.rows[i], label_x[i], label_x[i] + w)
            for i, w in enumerate(layout.widths) if w > 0]


def test_overlapping_spans_stack_on_two_rows_with_every_label():
    x0, x1, label_x = [0.0, 10.0], [100.0, 50.0], [0.0, 10.0]
    layout = layout_labels(x0, x1, label_x, [60.0, 60.0], max_rows=3, gap=4)
    assert layout.rows == [0, 1]
    assert layout.widths == [60.0, 60.0]
    assert not layout.overflow


def test_labels_shrink_before_the_next_item_when_rows_run_out():
    # Three points in one row: the first two labels get the room before the next point.
    x0, x1 = [0.0, 50.0, 200.0], [8.0, 58.0, 208.0]
    layout = layout_labels(x0, x1, x0, [120.0, 120.0, 120.0], max_rows=1, gap=4,
                           min_label=24, right=400)
    assert layout.rows == [0, 0, 0]
    assert layout.widths == [46.0, 120.0, 120.0]
    assert not layout.overflow


def test_a_label_with_too_little_room_is_dropped():
    x0, x1 = [0.0, 10.0], [8.0, 18.0]
    layout = layout_labels(x0, x1, x0, [80.0, 80.0], max_rows=1, gap=4, min_label=24)
    assert layout.rows == [0, 0]
    assert layout.widths == [0.0, 80.0]


def test_labels_stop_at_the_right_edge():
    layout = layout_labels([90.0], [95.0], [90.0], [80.0], max_rows=1, right=150, min_label=24)
    assert layout.widths == [60.0]
    dropped = layout_labels([140.0], [145.0], [140.0], [80.0], max_rows=1, right=150,
                            min_label=24)
    assert dropped.widths == [0.0]


def test_too_many_overlapping_marks_overflow():
    x0, x1 = [0.0, 0.0, 0.0], [10.0, 10.0, 10.0]
    layout = layout_labels(x0, x1, x0, [5.0, 5.0, 5.0], max_rows=2)
    assert layout.overflow
    assert sorted(layout.rows) == [-1, 0, 1]


items = st.lists(
    st.tuples(st.floats(-200, 1200, allow_nan=False), st.floats(0, 300, allow_nan=False),
              st.floats(0, 30, allow_nan=False), st.floats(0, 250, allow_nan=False)),
    max_size=60)


@settings(max_examples=300, deadline=None)
@given(items, st.integers(1, 6), st.floats(0, 12), st.floats(0, 4), st.floats(200, 1500))
def test_layout_never_draws_anything_on_top_of_anything(spec, max_rows, gap, mark_gap, right):
    x0 = [a for a, _, _, _ in spec]
    x1 = [a + length for a, length, _, _ in spec]
    label_x = [a + offset for a, _, offset, _ in spec]
    wanted = [w for _, _, _, w in spec]
    layout = layout_labels(x0, x1, label_x, wanted, max_rows=max_rows, right=right, gap=gap,
                           mark_gap=mark_gap)
    assert len(layout.rows) == len(spec)
    assert all(-1 <= r < max_rows for r in layout.rows)
    assert layout.overflow == (-1 in layout.rows)
    for i, width in enumerate(layout.widths):
        assert 0 <= width <= wanted[i]
        if width:
            assert layout.rows[i] >= 0
            assert label_x[i] + width <= right + 1e-9
    # Labels never overlap one another ...
    boxes = label_boxes(layout, label_x)
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            (row_a, l_a, r_a), (row_b, l_b, r_b) = boxes[a], boxes[b]
            assert row_a != row_b or r_a <= l_b or r_b <= l_a, (boxes[a], boxes[b])
    # ... nor another item's mark on the same row, and marks never overlap each other.
    placed = [i for i in range(len(spec)) if layout.rows[i] >= 0]
    for i in placed:
        for j in placed:
            if i < j and layout.rows[i] == layout.rows[j]:
                a0, a1 = occupied(layout, x0, x1, label_x, i)
                b0, b1 = occupied(layout, x0, x1, label_x, j)
                assert a1 <= b0 or b1 <= a0, (i, j)


def test_a_label_across_thin_rows_stops_before_what_it_would_touch():
    # Marks 7 px high in rows 10 px apart; a label 14 px high reaches into the row below.
    marks = ([0.0, 5.0, 300.0], [10.0, 12.0, 310.0], [1.0, 11.0, 1.0], [8.0, 18.0, 8.0])
    widths = labels_across_rows(marks, [14.0, 16.0, 314.0], [-2.0, 8.0, -2.0],
                                [300.0, 100.0, 100.0], height=14, right=500, gap=4,
                                min_label=24)
    # The first stops before the third mark; the second would cross the first label.
    assert widths == [282.0, 0.0, 100.0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 900, allow_nan=False), st.floats(2, 120, allow_nan=False),
                          st.integers(0, 3), st.floats(0, 300, allow_nan=False)), max_size=40))
def test_labels_across_thin_rows_never_touch_a_mark_or_another_label(spec):
    x0 = [a for a, _, _, _ in spec]
    x1 = [a + length for a, length, _, _ in spec]
    y0 = [row * 10.0 + 1 for _, _, row, _ in spec]
    y1 = [y + 7 for y in y0]
    label_x = [x + 4 for x in x1]
    tops = [y - 3.5 for y in y0]
    widths = labels_across_rows((x0, x1, y0, y1), label_x, tops, [w for *_, w in spec],
                                height=14, right=1000, gap=4, min_label=24)
    marks = list(zip(x0, x1, y0, y1, strict=True))
    labels = [(label_x[i], label_x[i] + w, tops[i], tops[i] + 14)
              for i, w in enumerate(widths) if w]
    for i, a in enumerate(labels):
        assert a[1] <= 1000
        for b in marks + labels[i + 1:]:
            apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
            assert apart, (a, b)


# -- ticks --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("first", "last", "unit", "step", "some_labels"), [
    (d(1800, 1, 1), d(2030, 1, 1), "year", 20, ["1800", "1820", "2000"]),
    (d(1930, 1, 1), d(2030, 1, 1), "year", 10, ["1930s", "2010s"]),
    (d(1980, 1, 1), d(2030, 1, 1), "year", 5, ["1980", "2015"]),
    (d(2011, 1, 1), d(2021, 1, 1), "year", 1, ["2011", "2014", "2020"]),
    (d(2014, 1, 1), d(2017, 1, 1), "quarter", 1, ["Q1", "Q3"]),
    (d(2016, 1, 1), d(2016, 12, 31), "month", 1, ["Jan", "Jun", "Dec"]),
    (d(2016, 6, 1), d(2016, 8, 1), "day", 5, ["1", "6", "26"]),
    (d(2016, 6, 20), d(2016, 7, 5), "day", 1, ["20", "30", "1", "4"]),
])
def test_ticks_adapt_to_the_zoom(first, last, unit, step, some_labels):
    ticks = make_ticks(first, last, 1000, min_px=56)
    assert (ticks.unit, ticks.step) == (unit, step)
    for label in some_labels:
        assert label in ticks.labels
    assert ticks.days[0] <= first and ticks.days[-1] >= last
    assert all(a < b for a, b in zip(ticks.days, ticks.days[1:], strict=False))


def test_context_row_names_the_year_under_months_and_the_month_under_days():
    months = make_ticks(d(2015, 6, 1), d(2016, 6, 1), 1000, min_px=56)
    assert months.unit == "month"
    assert "2016" in months.context_labels
    days = make_ticks(d(2016, 6, 25), d(2016, 7, 5), 1000, min_px=56)
    assert days.context_labels[:2] == ("June 2016", "July 2016")


# -- dragging a range ---------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "unit", "fragment"), [
    (d(2014, 3, 5), d(2016, 7, 1), "year", "year:2014..2016"),
    (d(2016, 7, 1), d(2014, 3, 5), "year", "year:2014..2016"),
    (d(2014, 2, 1), d(2014, 11, 1), "year", "year:2014"),
    (d(2014, 3, 5), d(2016, 6, 20), "month", "date:2014-03..2016-06"),
    (d(2014, 3, 5), d(2016, 6, 20), "quarter", "date:2014-03..2016-06"),
    (d(2016, 6, 3), d(2016, 6, 20), "month", "date:2016-06"),
    (d(2016, 6, 22), d(2016, 7, 12) + 0.5, "day", "date:2016-06-22..2016-07-12"),
])
def test_a_drag_becomes_a_search_fragment(a, b, unit, fragment):
    assert range_fragment(a, b, unit) == fragment


def test_a_year_drag_snaps_to_whole_years():
    assert snap_range(d(2014, 5, 5), d(2014, 9, 1), "year") == (d(2014, 1, 1), d(2015, 1, 1))
    assert snap_range(d(2016, 1, 20), d(2016, 3, 2), "month") == (d(2016, 1, 1), d(2016, 4, 1))
