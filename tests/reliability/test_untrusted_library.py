"""A library file from someone else is untrusted input: SQL planted in it never runs, a log
that is not its own is never applied, whatever stands at its path is never replaced, and
``check`` tells the truth about all of it — one line and exit status 1, never 70."""

from __future__ import annotations

import shutil
import sqlite3
import sys

import pytest

from db import (
    Library,
    LibraryForeignSchemaError,
    LibraryForeignWalError,
    LibrarySpecialFileError,
)
from db.paths import backups_dir
from db.schema_check import schema_differences
from tests.reliability import damage, figures, planted
from tests.reliability.child import run_cli


def _tried():
    """Count a hostile file; the returned function counts it as refused with a way out."""
    figures.add("hostile_library_files")
    figures.add("bad_inputs")
    return lambda: figures.add("hostile_library_files_refused")


def _one_line(proc, *words: str) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(lines) == 1 and lines[0].startswith("roadbook: "), proc.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _bookmarks(path) -> dict[str, str]:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT entry_id, note FROM bookmarks"))
    finally:
        conn.close()


def _ran(condition: bool) -> None:
    if condition:
        figures.add("hostile_library_code_ran")
    assert not condition


# -- planted SQL ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(planted.PLANTED))
def test_planted_sql_is_refused_before_anything_runs(case, library_path):
    refused = _tried()
    make, names, _keeps = planted.PLANTED[case]
    make(library_path)
    before = damage.fingerprint(library_path)
    for read_only in (False, True):
        with pytest.raises(LibraryForeignSchemaError) as caught:
            Library.open(library_path, read_only=read_only)
        message = str(caught.value)
        assert str(library_path) in message and "clean copy" in message
        assert all(name in message for name in names), message
    _ran(damage.fingerprint(library_path) != before)
    refused()


@pytest.mark.parametrize("case", list(planted.PLANTED))
def test_the_command_line_refuses_planted_sql_in_one_line(case, library_path, workdir):
    refused = _tried()
    make, names, keeps = planted.PLANTED[case]
    make(library_path)
    size = library_path.stat().st_size
    _one_line(run_cli(workdir, library_path, "search", "gas"), *names, "roadbook check --repair")
    _one_line(run_cli(workdir, library_path, "bookmark", "add", "xi-jinping", "--note", "n"))
    _ran(library_path.stat().st_size > size)  # the zeroblob trigger would add 40 MB
    if keeps:
        _ran(_bookmarks(library_path) != {"gazprom": "mine"})
    refused()


@pytest.mark.parametrize("case", list(planted.PLANTED))
def test_check_names_planted_sql_and_exits_1(case, library_path, workdir):
    make, names, _keeps = planted.PLANTED[case]
    make(library_path)
    for options in ((), ("--read-only",)):
        proc = run_cli(workdir, library_path, *options, "check")
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "library is sound" not in proc.stdout
        assert "schema" in proc.stdout and all(n in proc.stdout for n in names), proc.stdout


@pytest.mark.parametrize("case", list(planted.PLANTED))
def test_a_clean_copy_leaves_the_planted_sql_out_and_keeps_the_data(case, library_path):
    make, names, keeps = planted.PLANTED[case]
    make(library_path)
    before = damage.fingerprint(library_path)
    copy = Library.clean_copy(library_path)
    assert copy.path != library_path and copy.path.parent == library_path.parent
    planted_names = [name for name in names if "missing" not in name]  # missing: made anew
    assert all(any(name in item for item in copy.left_out) for name in planted_names), \
        copy.left_out
    assert damage.fingerprint(library_path) == before  # the original is not changed
    with Library.open(copy.path) as lib:
        assert schema_differences(lib.conn, 5) == []
        assert lib.results("gas").total > 0
        if keeps:
            assert lib.get_bookmark("gazprom")["note"] == "mine"
        lib.bookmark("xi-jinping", note="new")  # nothing planted fires
        assert lib.get_bookmark("xi-jinping")["note"] == "new"


@pytest.mark.parametrize("case", ["trigger deleting bookmarks", "view standing in for bookmarks"])
def test_repair_rebuilds_without_the_planted_sql(case, library_path, workdir):
    make, names, keeps = planted.PLANTED[case]
    make(library_path)
    proc = run_cli(workdir, library_path, "check", "--repair")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert all(name in proc.stdout for name in names), proc.stdout
    assert list(backups_dir(library_path).glob("*.damaged.sqlite"))  # the file kept aside
    with Library.open(library_path) as lib:
        assert schema_differences(lib.conn, 5) == []
        assert (lib.get_bookmark("gazprom") is not None) == keeps
    assert run_cli(workdir, library_path, "check").returncode == 0


def test_repair_through_a_link_mends_the_file_and_keeps_the_link(library_path, workdir):
    store = library_path.parent / "store"
    store.mkdir()
    real = store / "real.sqlite"
    library_path.rename(real)
    library_path.symlink_to(real)
    planted.trigger_wipes_bookmarks(real)
    proc = run_cli(workdir, library_path, "check", "--repair")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert library_path.is_symlink() and library_path.resolve() == real
    with Library.open(real) as lib:
        assert schema_differences(lib.conn, 5) == []
        assert lib.get_bookmark("gazprom")["note"] == "mine"


def test_read_only_never_repairs_or_restores(library_path, workdir):
    planted.trigger_wipes_bookmarks(library_path)
    before = damage.fingerprint(library_path)
    for command in (["check", "--repair"], ["restore"]):
        proc = run_cli(workdir, library_path, "--read-only", *command)
        assert proc.returncode == 1 and "--read-only" in proc.stderr, proc.stderr
    assert damage.fingerprint(library_path) == before


def _open_windows(folder) -> list:
    """The windows shown now on a library in ``folder`` (not earlier tests' windows)."""
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets()
            if getattr(w, "library", None) is not None and w.isVisible()
            and w.library.path.parent == folder]


def test_the_window_offers_a_clean_copy_and_opens_it(qapp, library_path):
    from PySide6.QtCore import QTimer

    from desktop.app import main
    from tests.desktop.test_startup import click_when_shown

    refused = _tried()
    planted.trigger_wipes_bookmarks(library_path)
    before = damage.fingerprint(library_path)
    seen: list[str] = []
    click_when_shown("Open a Clean Copy…", seen)
    click_when_shown("OK", seen)  # what was left out

    def quit_when_open():
        windows = _open_windows(library_path.parent)
        if not windows:
            QTimer.singleShot(50, quit_when_open)
            return
        seen.append(str(windows[0].library.path))
        windows[0].close()

    QTimer.singleShot(0, quit_when_open)
    main(library_path)
    assert "trigger wipe" in seen[0]
    assert "trigger wipe" in seen[1] and "left out" in seen[1].lower()
    assert seen[2].endswith(".clean.sqlite")
    assert damage.fingerprint(library_path) == before
    refused()


def test_the_window_can_also_rebuild_it_in_place(qapp, library_path):
    from PySide6.QtCore import QTimer

    from desktop.app import main
    from tests.desktop.test_startup import click_when_shown

    planted.trigger_wipes_bookmarks(library_path)
    seen: list = []
    click_when_shown("Repair…", seen)
    click_when_shown("OK", seen)  # what the repair did

    def quit_when_open():
        windows = _open_windows(library_path.parent)
        if not windows:
            QTimer.singleShot(50, quit_when_open)
            return
        seen.append((windows[0].library.path, windows[0].library.get_bookmark("gazprom")))
        windows[0].close()

    QTimer.singleShot(0, quit_when_open)
    main(library_path)
    assert "trigger wipe" in seen[0] and "Roadbook's own schema" in seen[1]
    path, bookmark = seen[2]
    assert path == library_path and bookmark["note"] == "mine"
    assert list(backups_dir(library_path).glob("*.damaged.sqlite"))


def test_opening_it_from_a_window_offers_the_same_clean_copy(qapp, library_path):
    from desktop.app import open_window
    from tests.desktop.test_startup import click_when_shown

    planted.trigger_rewrites_notes(library_path)
    seen: list[str] = []
    click_when_shown("Open a Clean Copy…", seen)
    click_when_shown("OK", seen)
    window = open_window(library_path)
    try:
        assert "trigger rewrite" in seen[0]
        assert window.library.path.name == "library.clean.sqlite"
        assert window.library.get_bookmark("gazprom")["note"] == "mine"
    finally:
        window.close()


# -- a write-ahead log that is not the library's own ------------------------------------------


@pytest.fixture
def closed_cleanly(library_path):
    """The library as Roadbook leaves it after a clean close, with a bookmark of its own."""
    with Library.open(library_path) as lib:
        lib.bookmark("gazprom", note="mine")
    return library_path


def test_another_librarys_log_is_set_aside_not_applied(closed_cleanly, tmp_path, workdir):
    refused = _tried()
    other = tmp_path / "other.sqlite"
    shutil.copyfile(closed_cleanly, other)
    planted.foreign_log_beside(closed_cleanly, other)
    with pytest.raises(LibraryForeignWalError) as caught:
        Library.open(closed_cleanly, read_only=True)  # read-only: refused, nothing moved
    assert "not its own" in str(caught.value)
    assert closed_cleanly.with_name(closed_cleanly.name + "-wal").exists()
    proc = run_cli(workdir, closed_cleanly, "check")
    assert proc.returncode == 1 and "not its own" in proc.stdout, proc.stdout + proc.stderr
    aside = list(backups_dir(closed_cleanly).glob("*-foreign*-wal"))
    assert len(aside) == 1  # kept, byte for byte, like a damaged file
    with Library.open(closed_cleanly) as lib:
        marks = {m["id"]: m["note"] for m in lib.bookmarks()}
    _ran(marks != {"gazprom": "mine"})
    assert run_cli(workdir, closed_cleanly, "check").returncode == 0
    refused()


def test_check_read_only_reports_a_foreign_log_and_leaves_it(closed_cleanly, tmp_path,
                                                            workdir):
    other = tmp_path / "other.sqlite"
    shutil.copyfile(closed_cleanly, other)
    planted.foreign_log_beside(closed_cleanly, other)
    before = damage.fingerprint(closed_cleanly)
    proc = run_cli(workdir, closed_cleanly, "--read-only", "check")
    assert proc.returncode == 1 and "not its own" in proc.stdout, proc.stdout + proc.stderr
    assert "library is sound" not in proc.stdout
    assert damage.fingerprint(closed_cleanly) == before  # read-only: nothing moved


def test_the_window_sets_a_foreign_log_aside_and_opens_again(closed_cleanly, tmp_path, qapp):
    from PySide6.QtCore import QTimer

    from desktop.app import main
    from tests.desktop.test_startup import click_when_shown

    refused = _tried()
    other = tmp_path / "other.sqlite"
    shutil.copyfile(closed_cleanly, other)
    planted.foreign_log_beside(closed_cleanly, other)
    seen: list = []
    click_when_shown("Open Again", seen)

    def close_the_window():
        windows = _open_windows(closed_cleanly.parent)
        if not windows:
            QTimer.singleShot(50, close_the_window)
            return
        seen.append(windows[0].library.get_bookmark("gazprom"))
        seen.append(windows[0].library.get_bookmark("theirs-0"))
        windows[0].close()

    QTimer.singleShot(0, close_the_window)
    main(closed_cleanly)
    assert "not its own" in seen[0] and "moved to" in seen[0]
    _ran(seen[1] is None or seen[2] is not None)
    assert seen[1]["note"] == "mine"
    refused()


@pytest.mark.parametrize("make", [planted.log_of_other_page_size, planted.log_of_another_kind,
                                  planted.garbage_log],
                         ids=["other page size", "another kind of database", "not a log"])
def test_an_unrelated_log_is_refused_in_one_line(make, library_path, tmp_path, workdir):
    """Even beside a library Roadbook never closed (nothing recorded about its log)."""
    refused = _tried()
    make(library_path, *([] if make is planted.garbage_log else [tmp_path]))
    line = _one_line(run_cli(workdir, library_path, "search", "gas"), "not its own")
    assert "moved to" in line
    assert run_cli(workdir, library_path, "search", "gas").returncode == 0
    refused()


def test_the_librarys_own_log_after_a_crash_is_applied(library_path):
    """A Roadbook that died with the library open left its log: that one is the library's."""
    import subprocess
    import sys

    from tests.reliability.child import ROOT

    code = ("import os, sys\nfrom db import Library\nlib = Library.open(sys.argv[1])\n"
            "lib.bookmark('gazprom', note='acknowledged')\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(library_path)], cwd=ROOT, check=True,
                   timeout=60)
    assert library_path.with_name(library_path.name + "-wal").stat().st_size > 0
    with Library.open(library_path) as lib:
        assert lib.get_bookmark("gazprom")["note"] == "acknowledged"


# -- what stands at the library's path --------------------------------------------------------


@pytest.mark.parametrize("case", list(planted.SPECIAL))
def test_special_files_are_refused_never_replaced_never_waited_on(case, library_path, tmp_path,
                                                                 workdir):
    refused = _tried()
    make, words = planted.SPECIAL[case]
    path = tmp_path / "special.sqlite"
    make(path)
    kind = path.lstat().st_mode
    with pytest.raises(LibrarySpecialFileError, match=words):
        Library.open(path)
    for command in (("bookmarks",), ("check",), ("--read-only", "search", "gas"),
                    ("check", "--repair"), ("restore", str(library_path))):
        _one_line(run_cli(workdir, path, *command, timeout=30), words, str(path))
    assert path.lstat().st_mode == kind  # still the link, the FIFO: nothing made in its place
    assert not path.with_name("gone.sqlite").exists()
    refused()


# -- check tells the truth ----------------------------------------------------------------------


def test_check_reports_damaged_pages_read_only_with_exit_1(library_path, workdir):
    damage.break_page(library_path, damage.root_page(library_path, "entries"))
    for options in ((), ("--read-only",)):
        proc = run_cli(workdir, library_path, *options, "check")
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and "library is sound" not in proc.stdout
        assert "SQLite integrity" in proc.stdout


# -- what a connection trusts -------------------------------------------------------------------


def test_reading_connections_never_trust_the_files_schema(library_path):
    with Library.open(library_path, read_only=True) as lib:
        assert lib.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0


@pytest.mark.skipif(sys.version_info < (3, 12),
                    reason="Python 3.11's sqlite3 cannot switch on SQLite's defensive mode")
def test_defensive_mode_keeps_the_schema_from_being_rewritten(library):
    library.conn.execute("PRAGMA writable_schema = ON")
    with pytest.raises(sqlite3.DatabaseError):
        library.conn.execute("UPDATE sqlite_master SET sql = sql WHERE name = 'entries'")


def test_rows_left_behind_in_a_table_not_roadbooks_are_counted(library_path, workdir):
    with Library.open(library_path) as lib:
        lib.bookmark("gazprom", note="mine")
    with sqlite3.connect(library_path) as conn:
        conn.executescript("ALTER TABLE bookmarks RENAME TO bk; "
                           "CREATE VIEW bookmarks AS SELECT * FROM bk;")
    proc = run_cli(workdir, library_path, "check", "--repair")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "table bk was not made by Roadbook (1 row in it, not copied)" in proc.stdout
