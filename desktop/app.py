"""The composition root: opens the library, builds the main window, runs the application.

The first window paints its frame before anything else is done (``start_window``): the library
layer and the panes are imported, the library opened and the panes built just after, so that the
window is on screen about as soon as a bare Qt window would be.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from db.errors import LibraryError, LibraryForeignSchemaError
from db.paths import default_library_path, resource_path
from desktop import __version__
from desktop.window.first_paint import after_first_paint
from desktop.window.main_window import MainWindow

_open_windows: list[MainWindow] = []
# The window shares one interpreter with the threads that load whole result sets and timelines.
# A thread running Python keeps it until the switch interval runs out (5 ms by default), and a
# keystroke that needs it back several times waits that long each time: at a million entries,
# 1 ms took jumps from 43 ms to 7 ms (p95) while the timeline loaded.
SWITCH_INTERVAL_S = 0.001


def create_main_window(library_path: Path | str | None = None, *,
                       read_only: bool = False) -> MainWindow:
    """Open the library and return its shown main window (needs a ``QApplication``)."""
    from db import Library

    sys.setswitchinterval(SWITCH_INTERVAL_S)
    path = Path(library_path) if library_path else default_library_path()
    library = Library.open(path, read_only=read_only)
    window = MainWindow(library=library, open_library=open_window)
    window.destroyed.connect(library.close)
    window.show()
    return window


def start_window(library_path: Path | str | None = None, *,
                 read_only: bool = False) -> MainWindow:
    """The first window, shown at once as its frame ("Opening …"); the library is opened and
    the panes built as soon as that frame has painted. Should the library not open and the
    user choose no way out, the window goes and the application quits with status 1."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    path = Path(library_path) if library_path else default_library_path()
    window = MainWindow(library=None, open_library=open_window, opening=path.name)
    window.show()
    after_first_paint(window.statusBar(), lambda: _open_into(window, path, read_only))
    return window


def _open_into(window: MainWindow, path: Path, read_only: bool) -> None:
    """Open the library (offering a way out of a problem, never a traceback) into ``window``."""
    try:
        _open_library_into(window, path, read_only)
    except Exception:
        # A bug: the crash handler logs and shows it; the window says it is not coming.
        window.show_unopened(path.name)
        raise


def _open_library_into(window: MainWindow, path: Path, read_only: bool) -> None:
    from db import Library
    from desktop.safety.startup import resolve_library_problem

    set_icon(QApplication.instance())  # the frame is on screen: the image classes may load
    while True:
        try:
            library = Library.open(path, read_only=read_only)
            break
        except LibraryError as exc:
            choice = resolve_library_problem(exc, path)
            if choice is None:
                # Hidden, not deleted: deleting a window posts the "last window closed" quit,
                # which would end the next event loop to run in this process at once.
                window.hide()
                QApplication.exit(1)
                return
            path, read_only = choice
    window.destroyed.connect(library.close)
    window.attach(library)
    _open_windows.append(window)


def open_window(path: Path, *, read_only: bool = False) -> MainWindow | None:
    """Open another library in a window of its own; problems are shown, not raised."""
    try:
        window = create_main_window(path, read_only=read_only)
    except LibraryForeignSchemaError as exc:
        from desktop.safety.startup import offer_clean_copy

        chosen = offer_clean_copy(exc, Path(path))
        return open_window(chosen) if chosen else None
    except LibraryError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "Roadbook", str(exc))
        return None
    _open_windows.append(window)
    return window


def set_identity(app: QApplication) -> None:
    """Name, version and icon: the window, the task bar and the desktop entry show them."""
    set_names(app)
    set_icon(app)


def set_names(app: QApplication) -> None:
    app.setApplicationName("Roadbook")
    app.setOrganizationName("Roadbook")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("roadbook")  # resources/roadbook.desktop, installed as roadbook.desktop


def set_icon(app: QApplication) -> None:
    """The icon of every window (at start-up, set once the first window has painted: loading
    Qt's image classes and the SVG would otherwise delay it by some 15 ms)."""
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resource_path("icons", "roadbook.svg"))))


def start(app: QApplication, library_path: Path | None = None, *,
          read_only: bool = False) -> MainWindow:
    """What ``roadbook`` does before its event loop: name the application, route uncaught
    errors to the crash handler and show the first window (its icon follows its first paint)."""
    from desktop.safety.crash import install_crash_handler

    set_names(app)
    install_crash_handler()
    window = start_window(library_path, read_only=read_only)
    if os.environ.get("ROADBOOK_STARTUP_REPORT"):
        from desktop.window.startup_report import report_start_up

        report_start_up(window)
    return window


def main(library_path: Path | None = None, *, read_only: bool = False) -> int:
    """Run the desktop app (``roadbook`` with no command)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    start(app, library_path, read_only=read_only)
    return app.exec()
