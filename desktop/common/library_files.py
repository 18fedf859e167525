"""Choosing a library file to open, or a name for a new one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_library_file(parent: QWidget | None) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Open Library", "", "Roadbook libraries (*.sqlite *.db *.roadbook);;All files (*)")
    return Path(path) if path else None


def choose_new_library_file(parent: QWidget | None) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, "New Library", "library.roadbook.sqlite", "Roadbook libraries (*.sqlite)")
    return Path(path) if path else None
