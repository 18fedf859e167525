"""Drawing the timeline without a widget: 100,000 items, pictures on disk, hostile titles."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from db.errors import InvalidValueError
from db.timeline import TimelineData, date_to_day
from desktop.timeline import TimelineView, paint_timeline
from desktop.timeline.export import TimelineExportError
from desktop.timeline.tooltip import item_tooltip
from desktop.timeline.view import SYNC_LIMIT

pytestmark = pytest.mark.usefixtures("qapp")  # fonts need a QApplication, even off screen


def d(*args) -> float:
    return date_to_day(date(*args))


def synthetic_timeline(n: int, *, seed: int = 7, actors: int = 18,
                       shares=(0.4, 0.3, 0.2, 0.1)) -> TimelineData:
    """``n`` items over 30 years: exact days, months, years and ranges (in these ``shares``),
    each linked to an actor."""
    rng = np.random.default_rng(seed)
    precision = rng.choice([0, 1, 3, 4], size=n, p=shares).astype(np.int8)
    start = np.floor(rng.uniform(d(1995, 1, 1), d(2025, 1, 1), size=n))
    length = np.select([precision == 0, precision == 1, precision == 3],
                       [1, 30, 365], rng.integers(2, 400, size=n))
    order = np.lexsort((np.arange(n), start + length, start))
    actor_of = rng.integers(0, actors, size=n)[order]  # one actor per item, in time order
    pairs = np.lexsort((np.arange(n), actor_of))  # by actor, then time, as db.timeline gives
    return TimelineData(
        nums=np.arange(1, n + 1)[order], start=start[order], end=(start + length)[order],
        precision=precision[order], kind=rng.integers(0, 5, size=n).astype(np.int8)[order],
        analyst=(rng.random(n) < 0.1)[order], value_usd=np.full(n, np.nan),
        titles=tuple(f"Synthetic item {i}" for i in order),
        ids=tuple(f"synthetic-{i}" for i in order), date_texts=("",) * n,
        actor_ids=tuple(f"actor-{a}" for a in range(actors)),
        actor_titles=tuple(f"Actor {a}" for a in range(actors)),
        link_items=pairs, link_actors=actor_of[pairs])


def render(data, *, size=(1200, 400), **options):
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    frame = paint_timeline(painter, QRectF(0, 0, *size), data, **options)
    painter.end()
    return image, frame


def label_rects(frame) -> list[QRectF]:
    rects = []
    for lane in frame.lanes:
        for k in range(len(lane.items) if lane.mode == "items" else 0):
            if lane.label_w[k]:
                top = frame.row_top(lane, lane.rows[k]) + frame.metrics.bar_h
                rects.append(QRectF(lane.label_x[k], top, lane.label_w[k], frame.metrics.em))
    return rects


def assert_no_overlap(rects: list[QRectF]) -> None:
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b]), (rects[a], rects[b])


@pytest.fixture(scope="module")
def big():
    return synthetic_timeline(100_000)


@pytest.mark.parametrize("first_last", [None, (d(2010, 1, 1), d(2011, 1, 1)),
                                        (d(2010, 6, 1), d(2010, 7, 1)),
                                        (d(2010, 6, 1), d(2010, 6, 4))])
@pytest.mark.parametrize("mode", ["kind", "actor", "single"])
def test_100k_items_render_at_any_zoom(big, mode, first_last):
    image, frame = render(big, lane_mode=mode, visible_range=first_last)
    assert frame.lanes
    assert image.pixelColor(600, 200) != QColor("black")  # the whole rectangle was painted
    assert_no_overlap(label_rects(frame))
    for lane in frame.lanes:
        if lane.mode == "counts":  # each bar counts the lane's items overlapping its bin
            starts, ends = big.start[lane.lane.items], big.end[lane.lane.items]
            for k in (0, len(lane.counts) // 2, len(lane.counts) - 1):
                first, last = lane.bin_edges[k], lane.bin_edges[k + 1]
                assert lane.counts[k] == np.count_nonzero((starts < last) & (ends > first))


def test_100k_zoomed_out_is_counts_and_zoomed_in_is_items():
    days = synthetic_timeline(100_000, shares=(1.0, 0.0, 0.0, 0.0))
    _, frame = render(days)
    assert {lane.mode for lane in frame.lanes} == {"counts"}
    assert sum(int(lane.counts.sum()) for lane in frame.lanes) == 100_000
    _, frame = render(days, visible_range=(d(2010, 6, 1), d(2010, 6, 2)))
    assert {lane.mode for lane in frame.lanes} == {"items"}
    shown = set().union(*(set(lane.items.tolist()) for lane in frame.lanes))
    assert shown == set(np.flatnonzero(days.start == d(2010, 6, 1)).tolist())


@pytest.mark.parametrize("height", [150, 180, 240])
@pytest.mark.parametrize("first_last", [None, (d(2010, 6, 1), d(2010, 6, 3))])
def test_five_kinds_in_a_low_timeline_all_stay_above_the_axis(big, height, first_last):
    image, frame = render(big, size=(1200, height), lane_mode="kind", visible_range=first_last)
    assert len(frame.lanes) == 5
    for lane in frame.lanes:  # no lane of marks cut in two: too low for a row, counts
        assert lane.mode == "counts" or lane.height >= frame.metrics.row_h
    for lane in frame.lanes:
        assert lane.height > 0 and lane.top >= frame.plot.top() - 0.5
        assert lane.top + lane.height <= frame.axis.top() + 0.5, (lane.top, lane.height)
    # under the axis line, only the axis is drawn: no lane's band or bars
    below = int(frame.axis.top()) + 2
    colours = {image.pixelColor(x, below).name() for x in range(int(frame.plot.left()) + 5,
                                                                int(frame.plot.right()) - 5, 7)}
    assert len(colours) <= 3, colours


@pytest.mark.parametrize("first_last", [None, (d(2013, 6, 1), d(2016, 12, 31)),
                                        (d(2016, 5, 15), d(2016, 8, 1))])
def test_labels_of_the_bundled_library_never_overlap(library, first_last):
    data = library.timeline_items([r[0] for r in library.conn.execute("SELECT num FROM entries")])
    for mode in ("kind", "actor", "single"):
        for size in ((1200, 400), (700, 260)):
            _, frame = render(data, size=size, lane_mode=mode, visible_range=first_last)
            assert_no_overlap(label_rects(frame))


def test_export_png_and_svg(qtbot, library, tmp_path):
    view = TimelineView(library=library)
    qtbot.add_widget(view)
    view.resize(1100, 420)
    view.show()
    view.set_results([r[0] for r in library.conn.execute("SELECT num FROM entries")])
    png = view.export_image(tmp_path / "timeline.png")
    image = QImage(str(png))
    assert (image.width(), image.height()) == (2200, 840)  # twice the pixels, for print
    svg = view.export_image(tmp_path / "timeline.SVG")
    text = svg.read_text("utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "U.S. pivot to Asia" in text
    with pytest.raises(InvalidValueError, match=r"\.png or \.svg"):
        view.export_image(tmp_path / "timeline.gif")
    with pytest.raises(TimelineExportError, match="does not exist"):
        view.export_image(tmp_path / "missing" / "timeline.png")


def test_titles_are_never_markup(library):
    hostile = "<img src=x onerror=alert(1)><b>Bold</b> & co"
    library.conn.execute("UPDATE entries SET title = ?, date_text = ? WHERE id = 'obor'",
                         (hostile, "<i>2013</i>"))
    data = library.timeline_items([library.num_for("obor")])
    text = item_tooltip(data, 0)
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; co" in text
    assert "&lt;i&gt;2013&lt;/i&gt;" in text
    assert "<img" not in text and "<i>2013" not in text


def test_large_result_sets_load_off_the_ui_thread(qtbot, library):
    view = TimelineView(library=library)
    qtbot.add_widget(view)
    nums = [r[0] for r in library.conn.execute("SELECT num FROM entries")]
    padded = nums + list(range(10_000_000, 10_000_000 + SYNC_LIMIT))  # unknown numbers
    view.show()
    with qtbot.wait_signal(view.items_changed, timeout=10_000):
        view.set_results(padded)
    assert len(view.item_ids()) == 17
    assert view.total_results() == len(padded)
    view.close()
