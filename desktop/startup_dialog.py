"""At start-up, a library that cannot be opened gets a clear message and a way out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from db import LibraryLockedError, LibraryReadOnlyError
from desktop.dialogs import choose_library_file, choose_new_library_file
from desktop.safety_dialogs import add_startup_buttons, run_startup_button


def resolve_library_problem(error: Exception, path: Path) -> tuple[Path, bool] | None:
    """Ask what to do about ``error``; returns ``(path, read_only)`` to try, or ``None`` to quit."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Roadbook — cannot open the library")
    box.setTextFormat(__import__("PySide6.QtCore").QtCore.Qt.TextFormat.PlainText)
    box.setText(str(error))
    other = box.addButton("Open Another Library…", QMessageBox.ButtonRole.ActionRole)
    new = box.addButton("Create New Library…", QMessageBox.ButtonRole.ActionRole)
    read_only = None
    if isinstance(error, LibraryLockedError | LibraryReadOnlyError):
        read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    safety = add_startup_buttons(box, error, path)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked in safety:
        return (path, False) if run_startup_button(clicked, safety, path) else \
            resolve_library_problem(error, path)
    if clicked is other:
        chosen = choose_library_file(None)
        return (chosen, False) if chosen else resolve_library_problem(error, path)
    if clicked is new:
        chosen = choose_new_library_file(None)
        if chosen and chosen.exists():
            QMessageBox.warning(None, "Roadbook", f"{chosen} already exists; choose a new name.")
            return resolve_library_problem(error, path)
        return (chosen, False) if chosen else resolve_library_problem(error, path)
    if read_only is not None and clicked is read_only:
        return path, True
    return None
