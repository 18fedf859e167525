"""At start-up, a library that cannot be opened gets a clear message and a way out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from db import (
    Library,
    LibraryCorruptError,
    LibraryForeignSchemaError,
    LibraryForeignWalError,
    LibraryFullError,
    LibraryLockedError,
    LibraryReadOnlyError,
    RoadbookError,
)
from desktop.common.library_files import choose_library_file, choose_new_library_file
from desktop.safety import jobs
from desktop.safety.dialogs import RestoreDialog


def resolve_library_problem(error: Exception, path: Path) -> tuple[Path, bool] | None:
    """Ask what to do about ``error``; returns ``(path, read_only)`` to try, or ``None`` to quit."""
    box = _refusal_box(error)
    other = box.addButton("Open Another Library…", QMessageBox.ButtonRole.ActionRole)
    new = box.addButton("Create New Library…", QMessageBox.ButtonRole.ActionRole)
    read_only = None
    if isinstance(error, LibraryLockedError | LibraryReadOnlyError | LibraryFullError):
        read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    safety = add_startup_buttons(box, error, path)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked in safety:
        chosen = run_startup_button(clicked, safety, path)
        return (chosen, False) if chosen else resolve_library_problem(error, path)
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


# -- ways out at start-up ---------------------------------------------------------------------


def add_startup_buttons(box: QMessageBox, error: Exception, path: Path) -> dict:
    """Buttons for a library that cannot be opened: a clean copy of one holding planted SQL,
    open again once a foreign log was set aside, restore a backup, repair a damaged file or
    rebuild one with planted SQL in place (never for a full disk)."""
    from db.backup import list_backups

    buttons: dict[QPushButton, str] = {}
    if isinstance(error, LibraryForeignSchemaError):
        buttons[box.addButton("Open a Clean Copy…", QMessageBox.ButtonRole.ActionRole)] = \
            "clean-copy"
    if isinstance(error, LibraryForeignWalError):
        buttons[box.addButton("Open Again", QMessageBox.ButtonRole.ActionRole)] = "again"
    if list_backups(path):
        buttons[box.addButton("Restore from Backup…", QMessageBox.ButtonRole.ActionRole)] = \
            "restore"
    repairable = LibraryCorruptError | LibraryForeignSchemaError  # never a full disk
    if isinstance(error, repairable) and path.is_file():  # planted SQL: rebuilt in place
        buttons[box.addButton("Repair…", QMessageBox.ButtonRole.ActionRole)] = "repair"
    return buttons


def run_startup_button(clicked, buttons: dict, path: Path) -> Path | None:
    """Do what the clicked start-up button offers; returns the library to open now (``None``
    to ask again)."""
    action = buttons.get(clicked)
    if action == "again":
        return path
    if action == "clean-copy":
        return _open_clean_copy(path)
    if action == "restore":
        from db.backup import list_backups

        dialog = RestoreDialog(list_backups(path))
        done = bool(dialog.exec()) and _report(_blocking(
            lambda: jobs.restore_work(path, dialog.chosen())(None)), "Restored.")
        return path if done else None
    if action == "repair":
        report = _blocking(lambda: jobs.repair_work(path)(None))
        if isinstance(report, str):
            return path if _report(report, "") else None
        lines = [*report.repaired, *(f"still: {p}" for p in report.remaining)]
        done = _report(None if report.ok else "\n".join(lines),
                       "Repaired:\n" + "\n".join(lines))
        return path if done else None
    return None


def offer_clean_copy(error: LibraryForeignSchemaError, path: Path) -> Path | None:
    """A library opened from a window holds SQL Roadbook did not make: offer the same clean
    copy as at start-up; returns the copy to open, or ``None``."""
    box = _refusal_box(error)
    clean = box.addButton("Open a Clean Copy…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return _open_clean_copy(path) if box.clickedButton() is clean else None


def _open_clean_copy(path: Path) -> Path | None:
    """Rebuild the library's data into a new file beside it and say what was left out."""
    copy = _blocking(lambda: Library.clean_copy(path))
    if isinstance(copy, str):
        _report(copy, "")
        return None
    left = "\n".join(f"  • {item}" for item in copy.left_out) or "  (nothing)"
    _report(None, f"A clean copy was made and will be opened:\n{copy.path}\n\nLeft out of it, "
                  f"as Roadbook did not make them:\n{left}\n\n{path} itself was not changed.")
    return copy.path


def _blocking(work):
    """Run quick work at start-up (no window yet) with a wait cursor; a failure as text."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    except RoadbookError as exc:
        return str(exc)
    finally:
        QApplication.restoreOverrideCursor()


def _report(failure, success: str) -> bool:
    box = QMessageBox()
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle("Roadbook")
    box.setIcon(QMessageBox.Icon.Warning if isinstance(failure, str) else
                QMessageBox.Icon.Information)
    box.setText(failure if isinstance(failure, str) else success)
    box.exec()
    return not isinstance(failure, str)


def _refusal_box(error: Exception) -> QMessageBox:
    """The warning that a library cannot be opened, saying why; its buttons are added after."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Roadbook — cannot open the library")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(str(error))
    return box
