"""The link chart's parts: layouts, painting, tooltips, exports, the navigator's charts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from db import InvalidValueError
from desktop.common.formatting import one_line
from desktop.linkchart.chart import Chart
from desktop.linkchart.export import ChartExportError, export_chart
from desktop.linkchart.layout import LAYOUTS, ForceLayout
from desktop.linkchart.painting import fit_box, paint_chart
from desktop.linkchart.tooltip import edge_tooltip, node_tooltip
from desktop.models.navigator_model import NavigatorModel, Place
from desktop.timeline.style import Colors

HOSTILE = '<b>Bold</b><img src="x.png">\u202eexe'


def gazprom_chart(library) -> Chart:
    return Chart(library.graph("actor:gazprom"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_places_every_node_the_same_way_for_the_same_seed(library, layout):
    first, second = gazprom_chart(library), gazprom_chart(library)
    first.lay_out(layout, seed=5)
    second.lay_out(layout, seed=5)
    assert not np.isnan(first.positions).any()
    assert np.array_equal(first.positions, second.positions)
    spread = np.ptp(first.positions, axis=0)
    assert (spread > 0).any()


def test_another_seed_gives_another_force_layout(library):
    first, second = gazprom_chart(library), gazprom_chart(library)
    first.lay_out("force", seed=1)
    second.lay_out("force", seed=2)
    assert not np.array_equal(first.positions, second.positions)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_pinned_node_stays_put_whatever_the_layout(library, layout):
    chart = gazprom_chart(library)
    chart.lay_out("circle")
    chart.move("gazprom", 777.0, -333.0)
    chart.lay_out(layout, seed=3)
    assert chart.position("gazprom") == (777.0, -333.0)


def test_the_force_layout_cools_and_stops_by_itself(library):
    chart = gazprom_chart(library)
    force = ForceLayout(chart.layout_problem(1))
    while not force.done:
        force.step()
    assert force.steps < ForceLayout.MAX_STEPS


def test_an_incremental_run_moves_only_the_new_nodes(library):
    chart = Chart(library.graph("id:baic"))
    chart.lay_out("force")
    before = {i: chart.position(i) for i in chart.entry_ids()}
    chart.merge(library.graph_around(["china"]))
    chart.lay_out("force", only_new=True)
    assert {i: chart.position(i) for i in before} == before
    assert all(chart.position(i) is not None for i in chart.entry_ids())


def test_linked_nodes_end_up_nearer_than_unlinked_ones(library):
    chart = gazprom_chart(library)
    chart.lay_out("force")
    pos = {i: np.array(chart.position(i)) for i in chart.entry_ids()}
    linked = {(e.from_id, e.to_id) for e in chart.edges}
    near = [np.linalg.norm(pos[a] - pos[b]) for a, b in linked]
    ids = chart.entry_ids()
    apart = [np.linalg.norm(pos[a] - pos[b]) for a in ids for b in ids
             if a < b and (a, b) not in linked and (b, a) not in linked]
    assert np.median(near) < np.median(apart)


def hostile_chart(library) -> Chart:
    with library.transaction():
        library.conn.execute("INSERT INTO entries (id, kind, title) VALUES ('hostile', 'actor',"
                             " ?)", (HOSTILE,))
        library.conn.execute("INSERT INTO links (from_id, to_id, role) VALUES ('hostile', "
                             "'gazprom', '<i>owns</i>')")
    chart = Chart(library.graph_around(["hostile"]))
    chart.lay_out("circle")
    return chart


def test_hostile_titles_are_shown_as_their_characters(library, qapp):
    chart = hostile_chart(library)
    tip = node_tooltip(chart, "hostile")
    assert "&lt;b&gt;Bold&lt;/b&gt;&lt;img src=&quot;x.png&quot;&gt;" in tip
    assert "\u202e" not in tip and "\ufffd" in tip
    edge = next(e for e in chart.edges if e.from_id == "hostile")
    assert "&lt;i&gt;owns&lt;/i&gt;" in edge_tooltip(chart, edge, library.link_evidence)
    image = QImage(800, 500, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    rect = QRectF(0, 0, 800, 500)
    paint_chart(painter, rect, chart, fit_box(chart, rect), colors=Colors.of(None))
    painter.end()


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return [(el.text or "").strip() for el in root.iter() if el.tag.endswith("text")]


def test_the_exported_svg_keeps_every_label_as_text(library, tmp_path, qapp):
    chart = hostile_chart(library)
    chart.merge(library.graph("actor:gazprom"))
    chart.lay_out("force")
    export_chart(chart, tmp_path / "chart.svg")
    texts = svg_texts(tmp_path / "chart.svg")
    lines = " ".join(texts)  # a long title is wrapped: its lines follow one another
    for node in chart.nodes:
        assert one_line(node.title.replace("\u202e", "\ufffd"), 1000) in lines, node.title
    assert HOSTILE.replace("\u202e", "\ufffd") in texts
    assert "cited in a source" in texts


LONG_TITLE = ("Memorandum on joint investments in Russian petrochemical initiatives, gas "
              "processing plants along the Amur and the pipeline to the Chinese border")


def svg_text_boxes(path) -> tuple[float, list[tuple[str, float, float]]]:
    """The picture's width, and each text's words, left and right edge (in the picture's
    units: the exporter draws untransformed)."""
    from PySide6.QtGui import QFont, QFontMetricsF

    root = ET.parse(path).getroot()
    width = float(root.attrib["viewBox"].split()[2])
    boxes = []
    for el in root.iter():
        if el.tag.endswith("text") and (el.text or "").strip():
            font = QFont(el.attrib["font-family"])
            font.setPixelSize(round(float(el.attrib["font-size"])))
            left = float(el.attrib["x"])
            boxes.append((el.text, left, left + QFontMetricsF(font).horizontalAdvance(el.text)))
    return width, boxes


def test_exported_labels_carry_whole_titles_inside_the_picture(library, tmp_path, qapp):
    long_id = library.create_entry("deal", LONG_TITLE,
                                   {"links": [{"to": "gazprom", "role": "party"}]})
    chart = gazprom_chart(library)
    chart.lay_out("force")
    right = float(np.nanmax(chart.positions[:, 0]))
    chart.move(long_id, right + 300.0, 0.0)  # the long title on the chart's right edge
    export_chart(chart, tmp_path / "chart.svg")
    width, boxes = svg_text_boxes(tmp_path / "chart.svg")
    lines = " ".join(text for text, _left, _right in boxes)
    assert LONG_TITLE in lines
    assert [n.title for n in chart.nodes if n.title not in lines] == []
    assert not any(text.endswith("…") for text, _left, _right in boxes)
    outside = [text for text, left, right_edge in boxes if left < 0 or right_edge > width + 1]
    assert outside == []
    texts = [text for text, _left, _right in boxes]
    first = next(i for i, text in enumerate(texts) if text.startswith("Memorandum"))
    assert " ".join(texts[first:first + 3]) == LONG_TITLE  # on three lines


def test_the_exported_json_has_the_exchange_shape(library, tmp_path):
    chart = gazprom_chart(library)
    chart.lay_out("kind")
    chart.move("gazprom", 1.0, 2.0)
    chart.hidden.add("russia")
    export_chart(chart, tmp_path / "chart.json")
    data = json.loads((tmp_path / "chart.json").read_text("utf-8"))
    assert {"id", "kind", "title", "x", "y", "pinned"} == set(data["nodes"][0])
    assert {"from", "to", "role", "known_by", "citations"} == set(data["edges"][0])
    gazprom = next(n for n in data["nodes"] if n["id"] == "gazprom")
    assert (gazprom["x"], gazprom["y"], gazprom["pinned"]) == (1.0, 2.0, True)
    assert "russia" not in {n["id"] for n in data["nodes"]}
    assert all("russia" not in (e["from"], e["to"]) for e in data["edges"])


def test_the_exported_png_is_a_picture(library, tmp_path, qapp):
    chart = gazprom_chart(library)
    chart.lay_out("circle")
    export_chart(chart, tmp_path / "chart.png")
    image = QImage(str(tmp_path / "chart.png"))
    assert image.width() >= 1000 and not image.isNull()


def test_exports_that_cannot_be_written_say_why(library, tmp_path):
    chart = gazprom_chart(library)
    with pytest.raises(InvalidValueError, match="use .png, .svg or .json"):
        export_chart(chart, tmp_path / "chart.gif")
    with pytest.raises(ChartExportError, match="does not exist"):
        export_chart(chart, tmp_path / "missing" / "chart.json")


def test_a_hub_with_many_neighbours_shows_clusters_with_a_count(library):
    from db.graph import HUB_LIMIT

    with library.transaction():
        for n in range(HUB_LIMIT + 5):
            library.conn.execute("INSERT INTO entries (id, kind, title) VALUES (?, 'deal', ?)",
                                 (f"deal-{n}", f"Deal {n}"))
            library.conn.execute("INSERT INTO links (from_id, to_id, role) VALUES (?, "
                                 "'gazprom', 'party')", (f"deal-{n}",))
    chart = Chart(library.graph_around(["gazprom"]))
    cluster_id = "cluster:gazprom:deal"
    assert cluster_id in chart.clusters
    assert chart.node(cluster_id).title.endswith("more deals")
    assert ("gazprom", cluster_id) in chart.cluster_lines()
    chart.lay_out("force")
    assert chart.position(cluster_id) is not None


def test_the_navigator_lists_saved_charts(qtmodeltester, library):
    library.save_chart("Energy", {"nodes": [{"id": "gazprom", "x": 0, "y": 0}]})
    model = NavigatorModel(library=library)
    qtmodeltester.check(model, force_py=True)
    index = model.index_of(Place("chart", "Energy"))
    assert index.data() == "Energy"
    assert index.parent().data() == "Charts"


def test_with_many_nodes_in_view_only_the_current_neighbourhood_is_labelled(tmp_path, qapp):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtSvg import QSvgGenerator

    from tests.benchmarks.measure_linkchart import synthetic_chart

    chart = synthetic_chart(400, 800)
    chart.lay_out("circle")
    current = "n10"
    generator = QSvgGenerator()
    generator.setFileName(str(tmp_path / "lod.svg"))
    generator.setSize(QSize(1200, 800))
    generator.setViewBox(QRect(0, 0, 1200, 800))
    painter = QPainter(generator)
    rect = QRectF(0, 0, 1200, 800)
    paint_chart(painter, rect, chart, fit_box(chart, rect), colors=Colors.of(None),
                current=current, vector=True)
    painter.end()
    titles = {n.title: n.id for n in chart.nodes}
    labelled = {titles[t] for t in svg_texts(tmp_path / "lod.svg") if t in titles}
    assert labelled == chart.neighbours(current) | {current}


def _shown(view) -> QImage:
    return view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_panning_moves_the_last_drawing_and_a_moment_later_draws_anew(library, qtbot):
    from desktop.linkchart.view import SETTLE_MS, LinkChartView

    chart = gazprom_chart(library)
    chart.lay_out("circle")
    view = LinkChartView()
    qtbot.add_widget(view)
    view.resize(480, 320)
    view.show()
    qtbot.waitExposed(view)
    view.set_chart(chart)
    before = _shown(view)
    view.pan(40, 0)
    moved = _shown(view)
    band = range(120, 300, 7)  # below the legend, which stays where it is
    pairs = [(moved.pixel(x + 40, y), before.pixel(x, y)) for y in band for x in range(0, 400, 5)]
    assert sum(a == b for a, b in pairs) == len(pairs)  # the same drawing, 40 pixels along
    assert any(a != b for a, b in ((moved.pixel(x, y), before.pixel(x, y))
                                   for y in band for x in range(0, 400, 5)))
    qtbot.wait(SETTLE_MS * 3)
    settled = _shown(view)
    fresh = LinkChartView()
    qtbot.add_widget(fresh)
    fresh.resize(480, 320)
    fresh.show()
    qtbot.waitExposed(fresh)
    fresh.set_chart(chart, fit=False)
    fresh.box = view.box
    assert settled == _shown(fresh)  # drawn in full again: what a new view of it shows
