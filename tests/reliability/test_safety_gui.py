"""Tools → Back Up Now, Restore from Backup…, Check Library…, the daily backup, and the ways out
offered at start-up — driven through the real window."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from db import Library
from desktop.safety.dialogs import CheckDialog, RestoreDialog
from tests.reliability import damage
from tests.reliability.invariants import bookmark_states

JOB_TIMEOUT_MS = 30_000


def _tools_menu(window):
    return [a.text().replace("&", "") for a in window.menus["Tools"].actions()]


def test_the_tools_menu_has_the_data_safety_actions(make_window, library_path):
    window = make_window(library_path)
    assert _tools_menu(window) == ["Check Library…", "Back Up Now", "Restore from Backup…",
                                   "Compact Library"]


def test_compact_library_gives_free_space_back_off_the_ui_thread(qtbot, make_window,
                                                                 library_path):
    window = make_window(library_path)
    with window.library.transaction():
        window.library.conn.execute("CREATE TABLE ballast (b BLOB)")
        window.library.conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
            "INSERT INTO ballast SELECT zeroblob(4096) FROM n")
        window.library.conn.execute("DROP TABLE ballast")
    before = window.library.conn.execute("PRAGMA freelist_count").fetchone()[0]
    assert before > 900
    with qtbot.wait_signal(window.data_safety.finished, timeout=JOB_TIMEOUT_MS) as done:
        window.actions["compact_library"].trigger()
    name, sizes = done.args
    assert name == "compact" and sizes.after < sizes.before - 900 * 4096
    assert window.library.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert "Library compacted" in window.statusBar().currentMessage()
    assert window.library.search("gas")["total"] == 5


def test_back_up_now_takes_a_verified_backup_off_the_ui_thread(qtbot, make_window, library_path):
    window = make_window(library_path)
    window.library.bookmark("obor", note="keep")
    with qtbot.wait_signal(window.data_safety.finished, timeout=JOB_TIMEOUT_MS) as done:
        window.actions["backup_now"].trigger()
    name, info = done.args
    assert name == "backup" and info.reason == "manual"
    assert bookmark_states(info.path) == {"obor": ("keep", ())}
    assert info.path.name in window.statusBar().currentMessage()


def test_the_daily_backup_is_taken_once_a_day(qtbot, make_window, library_path):
    window = make_window(library_path)
    safety = window.data_safety
    with qtbot.wait_signal(safety.finished, timeout=JOB_TIMEOUT_MS) as first:
        safety.run_scheduled_backup()
    with qtbot.wait_signal(safety.finished, timeout=JOB_TIMEOUT_MS) as second:
        safety.run_scheduled_backup()
    assert first.args[1].reason == "scheduled" and second.args[1] is None
    assert [b.reason for b in window.library.backups()] == ["scheduled"]


def test_restore_from_backup_brings_the_earlier_state_back(qtbot, make_window, library_path):
    window = make_window(library_path)
    window.library.bookmark("obor", note="monday")
    window.library.backup("monday")
    window.library.bookmark("obor", note="tuesday")
    window.library.bookmark("russia", note="tuesday too")
    window.actions["restore_backup"].trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog.list.topLevelItem(0).text(1) == "monday"
    with qtbot.wait_signal(window.data_safety.finished, timeout=JOB_TIMEOUT_MS):
        dialog.restore_button.click()
    assert bookmark_states(library_path) == {"obor": ("monday", ())}
    window.show_page(1)
    assert window.bookmarks_view.model.rowCount() == 1
    assert "Restored from" in window.statusBar().currentMessage()


def _orphans(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO aliases (entry_id, name) VALUES ('no-such-entry', 'ghost')")
    conn.close()


def test_check_library_finds_and_repairs_then_finds_nothing(qtbot, make_window, library_path):
    _orphans(library_path)
    window = make_window(library_path)
    safety = window.data_safety
    with qtbot.wait_signal(safety.finished, timeout=JOB_TIMEOUT_MS):
        window.actions["check_library"].trigger()
    dialog = window.findChild(CheckDialog)
    assert dialog.status.text() == "1 problem(s) found."
    problem = dialog.details.toPlainText()
    assert problem.startswith("foreign keys: aliases row ")
    assert problem.endswith(" points to a missing entries")
    with qtbot.wait_signal(safety.finished, timeout=JOB_TIMEOUT_MS):
        dialog.repair_button.click()
    assert dialog.status.text().startswith("Repaired.")
    assert [b.reason for b in window.library.backups()] == ["before-repair"]
    dialog.close()
    with qtbot.wait_signal(safety.finished, timeout=JOB_TIMEOUT_MS):
        window.actions["check_library"].trigger()
    again = [d for d in window.findChildren(CheckDialog) if d is not dialog][0]
    assert again.status.text() == "The library is sound: nothing to repair."
    assert not again.repair_button.isEnabled()


def test_a_window_opened_after_a_crash_says_it_checked(make_window, library_path, workdir):
    from tests.reliability.test_recovery import _crash_with_library_open

    Library.open(library_path).close()
    _crash_with_library_open(library_path, workdir)
    window = make_window(library_path)
    assert "not closed properly" in window.statusBar().currentMessage()


def _press(button_text: str, seen: list[str]):
    from tests.desktop.test_startup import click_when_shown

    click_when_shown(button_text, seen)


@pytest.mark.parametrize("way_out", ["Restore from Backup…", "Repair…"])
def test_a_damaged_library_can_be_restored_or_repaired_at_start_up(qtbot, library_path, way_out):
    """Start-up refuses the damaged file; the dialog's way out mends it and the window opens."""
    from PySide6.QtCore import QTimer

    from desktop import app

    with Library.open(library_path) as lib:
        lib.bookmark("obor", note="safe")
        lib.backup()
    damage.break_page(library_path, damage.root_page(library_path, "entries_title"))
    seen: list[str] = []
    _press(way_out, seen)

    def accept_next_dialogs():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, RestoreDialog):
            widget.restore_button.click()
        elif isinstance(widget, QMessageBox) and seen and widget.text() != seen[0]:
            seen.append(widget.text())
            widget.accept()
            return
        QTimer.singleShot(30, accept_next_dialogs)

    QTimer.singleShot(60, accept_next_dialogs)
    window = app.start_window(library_path)
    qtbot.add_widget(window)
    qtbot.waitUntil(lambda: window.attached, timeout=30_000)
    assert "is damaged" in seen[0]
    assert window.library.get_bookmark("obor")["note"] == "safe"
    assert seen[-1].startswith("Restored" if way_out.startswith("Restore") else "Repaired")


def test_a_read_only_window_checks_but_neither_repairs_nor_restores(qtbot, make_window,
                                                                    library_path):
    _orphans(library_path)
    window = make_window(library_path, read_only=True)
    assert not window.actions["restore_backup"].isEnabled()
    with qtbot.wait_signal(window.data_safety.finished, timeout=JOB_TIMEOUT_MS):
        window.actions["check_library"].trigger()
    dialog = window.findChild(CheckDialog)
    assert dialog.status.text().startswith("1 problem(s) found. Open the library for writing")
    assert not dialog.repair_button.isEnabled()
