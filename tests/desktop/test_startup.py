"""Start-up: problems with the library get a dialog with a way out; bugs reach one handler."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from db import LibraryCorruptError


def click_when_shown(button_text: str, seen: list[str], *, patience_s: float = 60) -> None:
    """Press ``button_text`` on the next message box that has it, noting the box's text. A
    box without that button is left for another to press; after ``patience_s`` it stops
    looking (so that it never acts on a later test's boxes)."""
    import time

    deadline = time.monotonic() + patience_s

    def press():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            button = next((b for b in box.buttons()
                           if b.text().replace("&", "") == button_text), None)
            if button is not None:
                seen.append(box.text())
                button.click()
                return
        if time.monotonic() < deadline:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_a_corrupt_library_is_refused_with_a_reason(qapp, tmp_path):
    from desktop.app import create_main_window

    bad = tmp_path / "notes.sqlite"
    bad.write_text("these are not the droids")
    with pytest.raises(LibraryCorruptError, match="not a Roadbook library"):
        create_main_window(bad)
    assert bad.read_text() == "these are not the droids"  # never replaced


def test_startup_dialog_offers_a_way_out_and_quits_cleanly(qapp, tmp_path):
    from desktop.app import main

    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    seen: list[str] = []
    click_when_shown("Quit", seen)
    assert main(empty) == 1
    assert "empty (0 bytes)" in seen[0]
    assert empty.stat().st_size == 0


def test_startup_dialog_can_open_a_locked_library_read_only(qapp, library_path):
    import sqlite3

    from db import LibraryLockedError
    from desktop import app as app_module
    from desktop.safety.startup import resolve_library_problem

    seen: list[str] = []
    click_when_shown("Open Read-Only", seen)
    choice = resolve_library_problem(LibraryLockedError("locked by another program"),
                                     library_path)
    assert choice == (library_path, True)
    holder = sqlite3.connect(library_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        window = app_module.create_main_window(library_path, read_only=True)
        assert "read-only" in window.windowTitle()
        window.close()
    finally:
        holder.rollback()
        holder.close()


def test_uncaught_errors_are_logged_and_shown(qapp, tmp_path, monkeypatch, caplog):
    from desktop.safety import crash

    monkeypatch.setattr(crash, "log_path", lambda: tmp_path / "roadbook.log")
    shown = []
    monkeypatch.setattr(crash, "show_crash_dialog", lambda summary, details: shown.append(
        (summary, details)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install_crash_handler()
    try:
        raise ValueError("<b>boom</b>")
    except ValueError:
        with caplog.at_level(logging.ERROR, logger="roadbook"):
            sys.excepthook(*sys.exc_info())
    assert shown[0][0] == "ValueError: <b>boom</b>"
    assert "Traceback" in shown[0][1]
    assert "boom" in caplog.text


def test_the_timeline_comes_by_itself_once_the_window_has_painted(qtbot, library_path):
    from desktop.app import create_main_window
    from desktop.timeline import TimelinePanel

    window = create_main_window(library_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: isinstance(window.timeline_dock.widget(), TimelinePanel),
                    timeout=10_000)
    # … and shows the dated entries of the results the window opened with
    qtbot.waitUntil(lambda: len(window.timeline_panel.view.item_ids()) > 10, timeout=10_000)
    dated = {window.library.id_for(n) for n in window.results_model.nums()}
    assert set(window.timeline_panel.view.item_ids()) <= dated
