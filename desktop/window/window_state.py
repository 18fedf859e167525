"""What the main window keeps between runs: geometry, docks, splitters, columns, recent queries.

Declared keys live in ``settings``; this module reads and writes them for one window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.window import settings

FIRST_RUN_TIMELINE_HEIGHT = 240


def restore_layout(window) -> None:
    """Put the window back as it was left: size, docks, splitters, columns, recent queries."""
    store = settings.store()
    if not window.restoreGeometry(settings.read(settings.GEOMETRY, store)):
        default_size(window)
    if not window.restoreState(settings.read(settings.WINDOW_STATE, store)):
        window.resizeDocks([window.timeline_dock], [FIRST_RUN_TIMELINE_HEIGHT],
                           Qt.Orientation.Vertical)
    window.main_splitter.restoreState(settings.read(settings.MAIN_SPLITTER, store))
    window.side_splitter.restoreState(settings.read(settings.SIDE_SPLITTER, store))
    window.results_table.horizontalHeader().restoreState(
        settings.read(settings.RESULTS_HEADER, store))
    window.search_field.set_recent(settings.read(settings.RECENT_QUERIES, store))


def last_query() -> str:
    return settings.read(settings.LAST_QUERY, settings.store())


def default_size(window) -> None:
    """First run: most of the screen, up to a comfortable 1440 × 900."""
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is None:
        window.resize(1280, 760)
        return
    window.resize(min(1440, int(screen.width() * 0.9)), min(900, int(screen.height() * 0.9)))


def save_layout(window) -> None:
    """Keep the window's layout and its last query for the next run."""
    store = settings.store()
    settings.write(settings.GEOMETRY, window.saveGeometry(), store)
    settings.write(settings.WINDOW_STATE, window.saveState(), store)
    settings.write(settings.MAIN_SPLITTER, window.main_splitter.saveState(), store)
    settings.write(settings.SIDE_SPLITTER, window.side_splitter.saveState(), store)
    settings.write(settings.RESULTS_HEADER, window.results_table.horizontalHeader().saveState(),
                   store)
    settings.write(settings.LAST_QUERY, window.search_field.text(), store)
    store.sync()
