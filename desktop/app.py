"""The composition root: opens the library, builds the main window, runs the application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from db import Library, LibraryError, LibraryForeignSchemaError
from db.paths import default_library_path, resource_path
from desktop import __version__
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
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    path = Path(library_path) if library_path else default_library_path()
    library = Library.open(path, read_only=read_only)
    window = MainWindow(library=library, open_library=open_window)
    window.destroyed.connect(library.close)
    window.show()
    return window


def open_window(path: Path, *, read_only: bool = False) -> MainWindow | None:
    """Open another library in a window of its own; problems are shown, not raised."""
    try:
        window = create_main_window(path, read_only=read_only)
    except LibraryForeignSchemaError as exc:
        from desktop.safety.startup import offer_clean_copy

        chosen = offer_clean_copy(exc, Path(path))
        return open_window(chosen) if chosen else None
    except LibraryError as exc:
        QMessageBox.warning(None, "Roadbook", str(exc))
        return None
    _open_windows.append(window)
    return window


def _first_window(path: Path | None, read_only: bool) -> MainWindow | None:
    """Open the library; on a problem the user can act on, offer a way out, never a traceback."""
    from desktop.safety.startup import resolve_library_problem

    while True:
        try:
            return create_main_window(path, read_only=read_only)
        except LibraryError as exc:
            choice = resolve_library_problem(exc, path or default_library_path())
            if choice is None:
                return None
            path, read_only = choice


def set_identity(app: QApplication) -> None:
    """Name, version and icon: the window, the task bar and the desktop entry show them."""
    app.setApplicationName("Roadbook")
    app.setOrganizationName("Roadbook")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("roadbook")  # resources/roadbook.desktop, installed as roadbook.desktop
    app.setWindowIcon(QIcon(str(resource_path("icons", "roadbook.svg"))))


def main(library_path: Path | None = None, *, read_only: bool = False) -> int:
    """Run the desktop app (``roadbook`` with no command)."""
    from desktop.safety.crash import install_crash_handler

    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_identity(app)
    install_crash_handler()
    window = _first_window(library_path, read_only)
    if window is None:
        return 1
    _open_windows.append(window)
    return app.exec()
