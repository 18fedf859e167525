"""What the main window keeps between runs: geometry, docks, splitters, columns, recent queries.

Declared keys live in ``settings``; this module reads and writes them for one window.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize

from desktop.window import settings

# ``Qt`` (the namespace of Qt's enums) is imported where it is used: making its Python type
# takes some 12 ms, which the window's frame does not wait for at start-up.

# First run: the timeline takes about a third of the window, enough for the bundled library's
# dated entries to show as marks with their labels at 1366 × 768.
FIRST_RUN_TIMELINE_SHARE = 0.36
FIRST_RUN_TIMELINE_MIN = 240
# Screens up to this wide (laptops: 1280, 1366, 1440) get the whole screen at first.
MAXIMISE_UP_TO = 1440
FIRST_RUN_SHARE = 0.8


def restore_geometry(window) -> None:
    """Put the window back where and as large as it was left (a first run: see ``default_size``);
    done before anything is built in it, so that its frame first shows at that size."""
    if not window.restoreGeometry(settings.read(settings.GEOMETRY, settings.store())):
        default_size(window)
    elif window.isMaximized() and window.screen():
        # At the size it will show at, so that the splitters come back to the pixel.
        window.resize(window.screen().availableGeometry().size())


def restore_panes(window) -> None:
    """Put the panes back as they were left: docks, splitters, columns, recent queries."""
    from PySide6.QtCore import Qt

    store = settings.store()
    if not window.restoreState(settings.read(settings.WINDOW_STATE, store)):
        height = max(FIRST_RUN_TIMELINE_MIN, round(window.height() * FIRST_RUN_TIMELINE_SHARE))
        window.resizeDocks([window.timeline_dock], [height], Qt.Orientation.Vertical)
    window.main_splitter.restoreState(settings.read(settings.MAIN_SPLITTER, store))
    window.results_table.restore_header(settings.read(settings.RESULTS_HEADER, store))
    window.search_field.set_recent(settings.read(settings.RECENT_QUERIES, store))


def last_query() -> str:
    return settings.read(settings.LAST_QUERY, settings.store())


def default_size(window) -> None:
    """First run: the whole screen of a laptop (up to 1440 px wide), else 80% of it, centred."""
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is None:
        window.resize(1280, 760)
        return
    if screen.width() <= MAXIMISE_UP_TO:
        from PySide6.QtCore import Qt

        # The size too, so that the window fills the screen where nothing maximises it.
        window.setGeometry(screen)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    size = QSize(round(screen.width() * FIRST_RUN_SHARE), round(screen.height() * FIRST_RUN_SHARE))
    window.resize(size)
    window.move(screen.center() - QPoint(size.width() // 2, size.height() // 2))


def save_layout(window) -> None:
    """Keep the window's layout and its last query for the next run."""
    store = settings.store()
    settings.write(settings.GEOMETRY, window.saveGeometry(), store)
    settings.write(settings.WINDOW_STATE, window.saveState(), store)
    settings.write(settings.MAIN_SPLITTER, window.main_splitter.saveState(), store)
    settings.write(settings.RESULTS_HEADER, window.results_table.horizontalHeader().saveState(),
                   store)
    settings.write(settings.LAST_QUERY, window.search_field.text(), store)
    store.sync()
