"""Opens Roadbook's first window on a real X server, waits for the timeline, saves a screenshot
of the whole screen and prints the layout as JSON (run by test_first_window.py).

Usage: python first_window_probe.py LIBRARY SCREENSHOT.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QScrollBar

from desktop.app import create_main_window, set_identity

SETTLE_MS = 300
GIVE_UP_MS = 30_000


def rect(widget) -> list[int]:
    """A widget's rectangle in screen coordinates: x, y, width, height."""
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def found_at_their_marks(view) -> int:
    """How many dated entries show a mark in the lanes where the mouse finds them."""
    plot = view.frame().plot
    found = 0
    for entry_id in view.item_ids():
        mark = view.mark_rect(entry_id)
        if mark is not None and plot.contains(mark.center()):
            found += view.entry_at(mark.center()) == entry_id
    return found


def layout_facts(window) -> dict:
    table = window.results_table
    header = table.horizontalHeader()
    columns = {}
    for logical in range(header.count()):
        key = table.model().headerData(logical, header.orientation())
        texts = [str(table.model().index(row, logical).data() or "")
                 for row in range(min(table.model().rowCount(), 60))]
        columns[key] = {"x": header.sectionViewportPosition(logical),
                        "width": header.sectionSize(logical),
                        "hidden": header.isSectionHidden(logical),
                        "widest_text": max(map(table.fontMetrics().horizontalAdvance, texts))}
    lanes = [{"title": lane.lane.title, "mode": lane.mode, "items": len(lane.items),
              "entries": len(lane.lane.items), "labels": sum(1 for w in lane.label_w if w > 0)}
             for lane in window.timeline_panel.view.frame().lanes]
    note = window.detail_pane.note
    return {
        "screen": [window.screen().geometry().width(), window.screen().geometry().height()],
        "available": [window.screen().availableGeometry().width(),
                      window.screen().availableGeometry().height()],
        "window": [window.x(), window.y(), window.width(), window.height()],
        "maximized": window.isMaximized(),
        "table": rect(table), "table_viewport_width": table.viewport().width(),
        "table_hscroll_visible": table.horizontalScrollBar().isVisible(),
        "table_hscroll_range": table.horizontalScrollBar().maximum(),
        "columns": columns,
        "detail_browser": rect(window.detail_pane.browser),
        "detail_pane": rect(window.detail_pane),
        "note": rect(note), "note_line_height": note.fontMetrics().lineSpacing(),
        "source_reader": rect(window.source_reader),
        "source_reader_visible": window.source_reader.isVisible(),
        "side_tabs": [window.side_column.tabText(i) for i in range(window.side_column.count())],
        "source_tab": window.side_column.indexOf(window.source_reader),
        "side_column": rect(window.side_column),
        "timeline_view": rect(window.timeline_panel.view),
        "lanes": lanes,
        "timeline_dated": len(window.timeline_panel.view.item_ids()),
        "timeline_found_at_marks": found_at_their_marks(window.timeline_panel.view),
        "timeline_scrolls": window.timeline_panel.view.frame().overflow,
        "scroll_bars_shown": sum(1 for bar in window.findChildren(QScrollBar) if bar.isVisible()),
    }


def main() -> int:
    library, shot = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    set_identity(app)
    window = create_main_window(library)
    window.search_field.set_query("")
    facts: dict = {}

    def finish() -> None:
        app.processEvents()
        facts.update(layout_facts(window))
        window.screen().grabWindow(0).save(str(shot), "PNG")
        window.search_field.set_query("gas")  # a search: the Match column shows its matches
        app.processEvents()
        searching = layout_facts(window)
        facts["searching"] = {key: searching[key] for key in (
            "columns", "table_viewport_width", "table_hscroll_range")}
        print(json.dumps(facts), flush=True)
        window.close()
        app.quit()

    def wait_for_timeline() -> None:
        view = window.timeline_dock._panel.view if window.timeline_dock._panel else None
        if view is not None and len(view.data) and view.frame().lanes:
            QTimer.singleShot(SETTLE_MS, finish)
        else:
            QTimer.singleShot(50, wait_for_timeline)

    QTimer.singleShot(0, wait_for_timeline)
    QTimer.singleShot(GIVE_UP_MS, app.quit)
    app.exec()
    return 0 if facts else 1


if __name__ == "__main__":
    sys.exit(main())
