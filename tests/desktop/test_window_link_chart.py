"""The link chart in the window: View → Link Chart, following the results and the current
entry, clicking to navigate, expanding, saving and reopening from the navigator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from desktop.models.navigator_model import Place


def open_chart(qtbot, window, query: str):
    window.resize(1400, 900)
    dock = window.findChild(QDockWidget, "linkChart")
    action = next(a for a in window.menus["View"].actions() if a is dock.toggleViewAction())
    assert action.shortcut().toString() == "Ctrl+G"
    action.trigger()
    window.search_field.set_query(query)
    panel = dock.panel
    window.resizeDocks([dock], [420], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: set(panel.chart.entry_ids()) == graph_ids(window.library, query))
    qtbot.waitUntil(lambda: not panel.layout_running())
    panel.view.fit_all()
    return panel


def graph_ids(library, query: str) -> set[str]:
    return {n.id for n in library.graph(query).nodes}


def test_view_link_chart_charts_the_results_and_their_links(qtbot, window):
    panel = open_chart(qtbot, window, "actor:gazprom")
    chart = panel.chart
    links = {tuple(r) for r in window.library.conn.execute(
        "SELECT from_id, to_id, role FROM links")}
    ids = set(chart.entry_ids())
    assert {(e.from_id, e.to_id, e.role) for e in chart.edges} == \
        {link for link in links if link[0] in ids and link[1] in ids}
    assert {"gazprom", "gas-deal-2014", "silk-road-rally", "baic"} <= ids
    assert panel.status.text() == f"{len(ids)} entries, {len(chart.edges)} links"


def test_clicking_a_node_makes_it_current_everywhere_and_it_is_highlighted(qtbot, window):
    panel = open_chart(qtbot, window, "actor:gazprom")
    view = panel.view
    point = view.node_point("xi-jinping")
    assert view.rect().contains(point.toPoint())
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert window.navigator.current == "xi-jinping"
    assert window.detail_pane.entry_id == "xi-jinping"
    window.navigator.go("baic")
    assert view.current == "baic"


def test_double_clicking_a_node_brings_in_its_neighbours(qtbot, window):
    panel = open_chart(qtbot, window, "id:baic")
    before = set(panel.chart.entry_ids())
    assert "obor" not in before
    china = panel.view.node_point("china").toPoint()
    qtbot.mouseDClick(panel.view, Qt.MouseButton.LeftButton, pos=china)
    qtbot.waitUntil(lambda: not panel.layout_running())
    added = set(panel.chart.entry_ids()) - before
    assert "obor" in added
    assert all(panel.chart.position(n) is not None for n in added)
    panel.collapse("china")  # takes away what only China holds on the chart
    kept = added & set(panel.chart.entry_ids())
    assert kept != added
    assert all(panel.chart.neighbours(n) - {"china"} for n in kept)
    assert before <= set(panel.chart.entry_ids())


def test_a_dragged_node_is_pinned_and_stays_put_when_the_chart_is_laid_out(qtbot, window):
    panel = open_chart(qtbot, window, "actor:gazprom")
    view = panel.view
    start = view.node_point("gazprom").toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view, start + type(start)(step * 12, step * 8))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + type(start)(60, 40))
    assert "gazprom" in panel.chart.pinned
    placed = panel.chart.position("gazprom")
    for layout in ("circle", "kind", "time", "force"):
        panel.layout_box.setCurrentIndex(panel.layout_box.findData(layout))
        panel.run_layout()
        qtbot.waitUntil(lambda: not panel.layout_running())
        assert panel.chart.position("gazprom") == placed
    assert window.navigator.current != "gazprom"  # a drag is not a click


def test_a_saved_chart_is_listed_under_charts_and_reopens_as_it_was(qtbot, window):
    panel = open_chart(qtbot, window, "actor:gazprom")
    panel.view.hide_node("russia")
    panel.chart.move("baic", 1234.0, -56.0)
    panel.save_chart("Gazprom's ties")
    index = window.nav_model.index_of(Place("chart", "Gazprom's ties"))
    assert index.isValid()
    assert index.parent().data() == "Charts"
    window.search_field.set_query("kind:place")
    qtbot.waitUntil(lambda: "gazprom" not in panel.chart.entry_ids())
    window.nav_view.setCurrentIndex(index)
    assert set(panel.chart.entry_ids()) == graph_ids(window.library, "actor:gazprom")
    assert panel.chart.position("baic") == (1234.0, -56.0)
    assert panel.chart.pinned == {"baic"}
    assert panel.chart.hidden == {"russia"}


def test_the_chart_waits_for_the_window_to_be_shown_and_follows_new_results(qtbot, window):
    dock = window.findChild(QDockWidget, "linkChart")
    assert not dock.isVisible()
    dock.show()
    window.search_field.set_query("kind:deal")
    panel = dock.panel
    qtbot.waitUntil(lambda: set(panel.chart.entry_ids()) == graph_ids(window.library,
                                                                       "kind:deal"))
    qtbot.waitUntil(lambda: not panel.layout_running())


def test_a_saved_chart_can_be_deleted_from_the_navigator(qtbot, window):
    window.library.save_chart("Old", {"nodes": [{"id": "gazprom", "x": 0, "y": 0}]})
    window.refresh_navigator()
    assert window.nav_model.index_of(Place("chart", "Old")).isValid()
    window.saved_searches.delete(Place("chart", "Old"))
    assert window.library.charts() == []
    assert not window.nav_model.index_of(Place("chart", "Old")).isValid()


def test_clicking_a_line_makes_the_entry_that_states_it_current(qtbot, window):
    panel = open_chart(qtbot, window, "id:baic")
    view = panel.view
    k = next(k for k, e in enumerate(panel.chart.edges)
             if (e.from_id, e.to_id) == ("silk-road-rally", "baic"))
    a, b = view.node_point("silk-road-rally"), view.node_point("baic")
    middle = (a + b) / 2
    assert view.edge_at(middle) == k
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=middle.toPoint())
    assert window.navigator.current == "silk-road-rally"


SHOW_AND_CLOSE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QDockWidget
from desktop.app import create_main_window

app = QApplication([])
window = create_main_window(Path(sys.argv[1]))
window.findChild(QDockWidget, "linkChart").show()
app.processEvents()
window.close()
"""


def test_a_chart_left_open_loads_nothing_before_the_first_paint(library_path, tmp_path):
    import os
    import subprocess
    import sys

    from tests.desktop.test_startup_imports import ROOT, _modules_at_first_paint

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    done = subprocess.run([sys.executable, "-c", SHOW_AND_CLOSE, str(library_path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = _modules_at_first_paint(library_path, tmp_path)
    assert "desktop.window.link_chart_dock" in loaded
    assert sorted(m for m in loaded if m.startswith(("desktop.linkchart", "numpy"))) == []


def test_a_busy_hub_keeps_its_cited_links_and_the_status_says_what_is_folded(
        qtbot, make_window, library_path):
    from db import Library

    with Library.open(library_path) as library:
        for n in range(1, 41):
            library.create_entry("deal", f"Hub deal {n}",
                                 {"links": [{"to": "gazprom", "role": "party"}]})
    panel = open_chart(qtbot, make_window(library_path), "id:gazprom")
    chart = panel.chart
    assert {"silk-road-rally", "gas-deal-2014"} <= set(chart.entry_ids())
    titles = [chart.node(c).title for c in chart.clusters]
    assert titles == ["13 more deals"]
    assert panel.status.text() == ("Showing 31 of 44 entries — narrow the search or lower "
                                   "the depth")
