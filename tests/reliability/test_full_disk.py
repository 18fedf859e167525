"""A full disk is not damage: the message says the disk is full, how much the work needs and
what to free; reading still works; repair is never offered; no partial file is left behind.

The real case runs on a small tmpfs filled to the last byte (skipped where mounting is not
allowed); SQLite's page limit and an injected ENOSPC stand in for it everywhere else."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import uuid

import pytest

from db import Library, LibraryFullError
from db.backup import list_backups
from db.recovery import sessions_dir
from tests.reliability import figures
from tests.reliability.child import run_cli

DAMAGE_WORDS = ("damaged", "repair", "restore a backup", "not a roadbook library")


def _tried():
    figures.add("full_disk_cases")
    return figures


def _told_full(text: str) -> None:
    """The disk is named full, with the room needed, and nothing says the file is damaged."""
    lowered = text.lower()
    if "is full" not in lowered or any(word in lowered for word in DAMAGE_WORDS):
        figures.add("full_disk_misreported")
    assert "is full" in lowered and "at least" in lowered and "free some space" in lowered, text
    assert not any(word in lowered for word in DAMAGE_WORDS), text


def _no_partial_files(path) -> None:
    leftovers = [p.name for p in sessions_dir(path).glob(".*")] if sessions_dir(path).exists() \
        else []
    leftovers += [p.name for p in path.parent.glob("*.building")]
    if leftovers:
        figures.add("full_disk_misreported")
    assert leftovers == []


# -- a real full disk ---------------------------------------------------------------------------


@contextlib.contextmanager
def _small_disk(library_path, tmp_path, room: int):
    """The library on a tmpfs 2 MB larger than it, filled up to ``room`` free bytes (skipped
    where a tmpfs cannot be mounted)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    size = library_path.stat().st_size + (2 << 20)
    try:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("cannot mount a small disk here")
    if proc.returncode != 0:
        pytest.skip("cannot mount a small disk here (needs the right to mount a tmpfs)")
    path = mount / "library.sqlite"
    try:
        shutil.copyfile(library_path, path)
        _fill(mount / "filler", room)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def _fill(filler, room: int) -> None:
    try:
        with open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    os.truncate(filler, max(0, filler.stat().st_size - room))


@pytest.fixture
def full_disk(library_path, tmp_path):
    with _small_disk(library_path, tmp_path, 0) as path:
        yield path


@pytest.fixture(params=[40_000, 120_000], ids=["40 KB free", "120 KB free"])
def nearly_full_disk(request, library_path, tmp_path):
    with _small_disk(library_path, tmp_path, request.param) as path:
        yield path


def test_reading_works_on_a_full_disk(full_disk, workdir):
    _tried()
    proc = run_cli(workdir, full_disk, "--read-only", "search", "gas")
    assert proc.returncode == 0 and "gas-deal-2014" in proc.stdout, proc.stderr
    for options in ((), ("--read-only",)):
        proc = run_cli(workdir, full_disk, *options, "check")
        assert proc.returncode == 0 and "library is sound" in proc.stdout, proc.stdout


@pytest.mark.parametrize("command", [("search", "gas"), ("bookmark", "add", "gazprom"),
                                     ("backup",), ("check", "--repair")])
def test_writing_on_a_full_disk_says_the_disk_is_full(command, full_disk, workdir):
    _tried()
    proc = run_cli(workdir, full_disk, *command)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    _told_full(lines[0])
    _no_partial_files(full_disk)
    assert not list(full_disk.parent.glob("*.backups/.partial-*"))


def test_the_window_offers_no_repair_and_opens_read_only(full_disk, qapp):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.app import main

    _tried()
    seen: list = []

    def answer_the_box():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer_the_box)
            return
        seen.append((box.text(), [b.text().replace("&", "") for b in box.buttons()]))
        next(b for b in box.buttons() if b.text() == "Open Read-Only").click()
        QTimer.singleShot(50, close_the_window)

    def close_the_window():
        windows = [w for w in QApplication.topLevelWidgets()
                   if getattr(w, "library", None) is not None and w.isVisible()
                   and w.library.path == full_disk]
        if not windows:
            QTimer.singleShot(50, close_the_window)
            return
        seen.append(windows[0].library.read_only)
        windows[0].close()

    QTimer.singleShot(0, answer_the_box)
    main(full_disk)
    (text, buttons), read_only = seen
    _told_full(text)
    assert "Repair…" not in buttons
    assert read_only is True  # the library opened, read-only, on the full disk


# -- the page limit and an injected ENOSPC stand in for the disk ------------------------------


def test_a_failed_import_on_a_full_disk_leaves_no_backup(library_path, tmp_path):
    _tried()
    rows = tmp_path / "projects.csv"
    rows.write_text("title,kind,summary\n" + "".join(
        f"Project {n} {uuid.uuid4().hex},deal,{'a long summary ' * 40}\n" for n in range(3000)))
    with Library.open(library_path) as lib:
        before = list_backups(library_path)
        pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
        lib.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
        with pytest.raises(LibraryFullError) as caught:
            lib.import_file(rows)
        assert lib.imports() == []
    _told_full(str(caught.value))
    assert "import projects.csv" in str(caught.value)
    if list_backups(library_path) != before:
        figures.add("full_disk_misreported")
    assert list_backups(library_path) == before  # the before-import copy went with it


def test_no_half_made_session_marker_on_a_full_disk(library_path, monkeypatch):
    import db.recovery

    _tried()

    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(db.recovery.json, "dump", no_room)
    with Library.open(library_path) as lib:
        assert lib.session.marker is None  # opened without one; the next open checks
    _no_partial_files(library_path)


def test_a_backup_on_a_full_disk_says_how_much_it_needs(library, monkeypatch):
    import db.backup

    _tried()

    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(db.backup.os, "fsync", no_room)
    with pytest.raises(LibraryFullError) as caught:
        library.backup()
    _told_full(str(caught.value))
    assert "library's size" in str(caught.value)
    assert list_backups(library.path) == []
    assert not list(library.path.parent.glob("*.backups/.partial-*"))


def test_a_nearly_full_disk_leaves_no_partial_files(nearly_full_disk, workdir, tmp_path):
    _tried()
    rows = tmp_path / "rows.csv"
    rows.write_text("title,kind\n" + "".join(f"Project {n},deal\n" for n in range(2000)))
    for command in (("bookmark", "add", "gazprom", "--note", "n" * 50_000),
                    ("import", str(rows))):
        proc = run_cli(workdir, nearly_full_disk, *command)
        if proc.returncode != 0:
            lines = proc.stderr.strip().splitlines()
            assert proc.returncode == 1 and len(lines) == 1, proc.stderr
            _told_full(lines[0])
        _no_partial_files(nearly_full_disk)
    assert [b.reason for b in list_backups(nearly_full_disk)] in ([], ["before-import"])
    if list_backups(nearly_full_disk):  # the import went through, so its backup stays
        assert run_cli(workdir, nearly_full_disk, "imports").stdout.strip()


def test_a_clean_copy_or_a_rebuild_on_a_full_disk_says_so_and_leaves_nothing(
        library_path, tmp_path, workdir):
    from tests.reliability import planted

    _tried()
    planted.trigger_wipes_bookmarks(library_path)
    with _small_disk(library_path, tmp_path, 0) as path:
        with pytest.raises(LibraryFullError) as caught:
            Library.clean_copy(path)
        _told_full(str(caught.value))
        proc = run_cli(workdir, path, "check", "--repair")
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 1 and len(lines) == 1, proc.stdout + proc.stderr
        _told_full(lines[0])
        leftovers = [p.name for p in path.parent.rglob("*") if "clean" in p.name
                     or "rebuilding" in p.name or p.name.endswith(".damaged.sqlite")]
        assert leftovers == []
