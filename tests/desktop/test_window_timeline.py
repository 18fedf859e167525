"""The timeline dock follows the window: same results, same current entry, range → query."""

from __future__ import annotations

from PySide6.QtCore import Qt


def dated_ids(library, query: str) -> set[str]:
    result = library.results(query)
    rows = library.rows(result.nums)
    return {rows[n]["id"] for n in result.nums if rows[n]["date_start"]}


def test_the_timeline_shows_the_dated_results_of_the_query(qtbot, window):
    view = window.timeline_panel.view
    window.search_field.set_query("kind:deal")
    qtbot.waitUntil(lambda: set(view.item_ids()) == dated_ids(window.library, "kind:deal"))
    assert "gas-deal-2014" in view.item_ids()
    window.search_field.set_query("gazprom")
    qtbot.waitUntil(lambda: set(view.item_ids()) == dated_ids(window.library, "gazprom"))
    assert "moscow-kazan-hsr" not in view.item_ids()


def test_clicking_a_timeline_item_makes_it_current_everywhere(qtbot, window):
    view = window.timeline_panel.view
    window.timeline_dock.show()
    window.search_field.set_query("")
    qtbot.waitUntil(lambda: "gas-deal-2014" in view.item_ids())
    window.resize(1400, 900)
    window.resizeDocks([window.timeline_dock], [320], Qt.Orientation.Vertical)
    view.fit_all()
    qtbot.waitUntil(lambda: view.mark_rect("gas-deal-2014") is not None)
    rect = view.mark_rect("gas-deal-2014")
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.navigator.current == "gas-deal-2014"
    assert window.detail_pane.entry_id == "gas-deal-2014"
    window.navigator.go("moscow-kazan-hsr")
    assert view.current_id() == "moscow-kazan-hsr"


def test_a_range_selected_on_the_timeline_narrows_the_query(qtbot, window):
    window.search_field.set_query("kind:event")
    window.timeline_panel.view.range_selected.emit("year:2016..2016")
    assert window.search_field.text() == "kind:event year:2016..2016"
    ids = {window.results_model.entry_id_at(window.results_model.index(r, 1))
           for r in range(window.results_model.rowCount())}
    assert "putin-state-visit-2016-06" in ids
    assert "crimea-incursion" not in ids
