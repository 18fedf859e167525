"""The one place bugs end up: logged with their traceback and shown in a dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

log = logging.getLogger("roadbook")


def log_path() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("Roadbook", appauthor=False)) / "roadbook.log"


def install_crash_handler() -> None:
    """Route uncaught exceptions to the log and a dialog instead of a silent exit."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=path, level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    except OSError:
        logging.basicConfig(level=logging.INFO)
    sys.excepthook = _on_uncaught


def _on_uncaught(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("Unexpected error:\n%s", details)
    show_crash_dialog(f"{exc_type.__name__}: {exc}", details)


def show_crash_dialog(summary: str, details: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        print(details, file=sys.stderr)
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Roadbook — unexpected error")
    box.setTextFormat(__import__("PySide6.QtCore").QtCore.Qt.TextFormat.PlainText)
    box.setText("Something went wrong inside Roadbook. Your library was not changed by this "
                f"error.\n\n{summary}\n\nThe details were written to {log_path()}.")
    box.setDetailedText(details)
    box.exec()
