"""Damaged or unusual library files: a typed error naming a way out, the file left exactly as it
was, and from the command line one line on stderr with exit status 1 — never a traceback, never
a silently recreated library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from db import (
    Library,
    LibraryCorruptError,
    LibraryError,
    LibraryFullError,
    LibraryLockedError,
    LibraryMissingError,
    LibraryReadOnlyError,
    LibraryTooNewError,
)
from db.paths import backups_dir
from db.schema import SCHEMA_VERSION
from tests.reliability import damage, figures
from tests.reliability.child import ROOT, child_env, cli_args, run_cli

WAYS_OUT = ("restore a backup", "open another library", "open it read-only",
            "open the library read-only", "update roadbook", "free some space", "close it there",
            "roadbook restore")


def _missing_kept_before(path):
    backups_dir(path).mkdir()
    path.unlink()


def _truncated(fraction):
    return lambda path: damage.truncate(path, int(path.stat().st_size * fraction) // 4096 * 4096
                                        or 60)


MADE = {
    "missing, kept here before": (_missing_kept_before, LibraryMissingError),
    "empty (0 bytes)": (lambda p: damage.truncate(p, 0), LibraryCorruptError),
    "truncated inside the header": (lambda p: damage.truncate(p, 60), LibraryCorruptError),
    "truncated to half": (_truncated(0.5), LibraryCorruptError),
    "truncated by one page": (lambda p: damage.truncate(p, p.stat().st_size - 4096),
                              LibraryCorruptError),
    "truncated mid-page": (lambda p: damage.truncate(p, p.stat().st_size - 100),
                           LibraryCorruptError),
    "bit-flipped schema page": (lambda p: damage.break_page(p, 1), LibraryCorruptError),
    "bit-flipped table page": (lambda p: damage.break_page(p, damage.root_page(p, "entries")),
                               LibraryCorruptError),
    "bit-flipped index page": (lambda p: damage.break_page(p, damage.root_page(
        p, "entries_title")), LibraryCorruptError),
    "not SQLite (text)": (lambda p: p.write_text("Minutes of the meeting\n"),
                          LibraryCorruptError),
    "not SQLite (a spreadsheet)": (damage.spreadsheet, LibraryCorruptError),
    "SQLite but not a library": (lambda p: (p.unlink(), damage.plain_sqlite(p)),
                                 LibraryCorruptError),
    "newer schema version": (lambda p: damage.set_schema_version(p, SCHEMA_VERSION + 1),
                             LibraryTooNewError),
}


def _assert_way_out(message: str, path) -> None:
    assert str(path) in message
    assert any(way in message.lower() for way in WAYS_OUT), message


def _counted(surface: str):
    """Count a damaged-file case (and whether it was handled) for the report."""
    figures.add("damaged_file_cases")
    figures.add("bad_inputs")
    return lambda: figures.add("damaged_file_cases_handled")


def _assert_cli_refuses(proc, path, error_words: str = "") -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(lines) == 1 and lines[0].startswith("roadbook: "), proc.stderr
    assert error_words.lower() in lines[0].lower()
    _assert_way_out(lines[0], path)


@pytest.mark.parametrize("case", list(MADE))
def test_library_open_refuses_with_a_way_out(case, library_path):
    handled = _counted("open")
    make, error = MADE[case]
    make(library_path)
    before = damage.fingerprint(library_path)
    with pytest.raises(error) as caught:
        Library.open(library_path)
    _assert_way_out(str(caught.value), library_path)
    assert damage.fingerprint(library_path) == before  # left exactly as it was
    handled()


@pytest.mark.parametrize("case", list(MADE))
def test_command_line_refuses_in_one_line(case, library_path, workdir):
    handled = _counted("cli")
    make, _error = MADE[case]
    make(library_path)
    before = damage.fingerprint(library_path)
    _assert_cli_refuses(run_cli(workdir, library_path, "bookmarks"), library_path)
    assert damage.fingerprint(library_path) == before
    handled()


@pytest.mark.parametrize("case", ["missing, kept here before", "empty (0 bytes)",
                                  "bit-flipped table page", "newer schema version"])
def test_the_window_offers_a_way_out_and_leaves_the_file(case, qapp, library_path):
    from desktop.app import main
    from tests.desktop.test_startup import click_when_shown

    handled = _counted("window")
    make, _error = MADE[case]
    make(library_path)
    before = damage.fingerprint(library_path)
    seen: list[str] = []
    click_when_shown("Quit", seen)
    assert main(library_path) == 1
    _assert_way_out(seen[0], library_path)
    assert damage.fingerprint(library_path) == before
    handled()


def test_a_missing_library_is_not_created_when_asked_not_to(tmp_path):
    handled = _counted("open")
    path = tmp_path / "nowhere.sqlite"
    with pytest.raises(LibraryMissingError, match="There is no library"):
        Library.open(path, create=False)
    with pytest.raises(LibraryMissingError):
        Library.open(path, read_only=True)
    assert not path.exists()
    handled()


# -- read-only file or folder: needs a child that cannot override permissions ----------------

PROBE = """
import json, sys
from db import Library
try:
    Library.open(sys.argv[1], read_only=sys.argv[2] == "ro").close()
    print(json.dumps({"error": None}))
except Exception as exc:
    print(json.dumps({"error": [c.__name__ for c in type(exc).__mro__], "message": str(exc)}))
"""


def _read_only(tmp_path, library_path, what: str):
    prefix = damage.unprivileged()
    if prefix is None:
        pytest.skip("cannot drop the power to write read-only files here")
    path = damage.readable_copy(library_path, tmp_path / "shared")
    if what == "file":
        path.chmod(0o444)
    else:
        path.parent.chmod(0o555)
    return prefix, path


def _probe(prefix, workdir, path, mode: str) -> dict:
    proc = subprocess.run([*prefix, sys.executable, "-c", PROBE, str(path), mode], cwd=ROOT,
                          env=child_env(workdir), capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_library_is_refused_for_writing_and_opens_read_only(
        what, tmp_path, library_path, workdir):
    prefix, path = _read_only(tmp_path, library_path, what)
    for surface in ("open", "cli"):
        handled = _counted(surface)
        before = damage.fingerprint(path)
        if surface == "open":
            result = _probe(prefix, workdir, path, "rw")
            assert LibraryReadOnlyError.__name__ in result["error"], result
            _assert_way_out(result["message"], path)
            assert _probe(prefix, workdir, path, "ro") == {"error": None}  # the way out works
        else:
            proc = subprocess.run([*prefix, *cli_args(path, "bookmark", "add", "gazprom")],
                                  cwd=ROOT, env=child_env(workdir), capture_output=True,
                                  text=True, timeout=60)
            _assert_cli_refuses(proc, path, "read-only")
            proc = subprocess.run([*prefix, *cli_args(path, "--read-only", "search", "gas")],
                                  cwd=ROOT, env=child_env(workdir), capture_output=True,
                                  text=True, timeout=60)
            assert proc.returncode == 0 and "gazprom" in proc.stdout.lower(), proc.stderr
        assert damage.fingerprint(path) == before
        handled()
    path.parent.chmod(0o755)


# -- locked by another process ----------------------------------------------------------------

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def locked_library(library_path, workdir):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(library_path)], cwd=ROOT,
                              env=child_env(workdir), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    yield library_path
    holder.stdin.close()
    holder.wait(timeout=30)


def test_a_library_locked_by_another_program_is_refused(locked_library, workdir, monkeypatch):
    import db.connection

    handled = _counted("open")
    monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 200)  # the real wait is 5 s
    with pytest.raises(LibraryLockedError) as caught:
        Library.open(locked_library)
    _assert_way_out(str(caught.value), locked_library)
    handled()
    handled = _counted("cli")
    _assert_cli_refuses(run_cli(workdir, locked_library, "bookmarks"), locked_library, "locked")
    handled()


# -- disk full (SQLite's page limit stands in for the disk) -----------------------------------

FULL_DISK = """
import sys
from db import connection, library
real_connect = connection.connect

def connect_on_a_full_disk(path, **options):
    conn = real_connect(path, **options)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    return conn

library.connect = connect_on_a_full_disk
from desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""
BIG_NOTE = "A long note. " * 7_000  # under the 128 KB limit of one argument


def test_a_full_disk_refuses_the_write_and_changes_nothing(library_path):
    from tests.reliability.invariants import bookmark_states, file_problems

    handled = _counted("open")
    with Library.open(library_path) as lib:
        lib.bookmark("gazprom", note="kept")
        pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
        lib.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(LibraryFullError) as caught:
            lib.bookmark("xi-jinping", note=BIG_NOTE, tags=["energy"])
        _assert_way_out(str(caught.value), library_path)
        assert lib.get_bookmark("xi-jinping") is None  # the library still answers
    assert bookmark_states(library_path) == {"gazprom": ("kept", ())}
    assert file_problems(library_path) == []
    handled()


def test_a_full_disk_in_the_command_line_is_one_line(library_path, workdir):
    from tests.reliability.invariants import bookmark_states, file_problems

    handled = _counted("cli")
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, "--library", str(library_path),
                           "bookmark", "add", "xi-jinping", "--note", BIG_NOTE], cwd=ROOT,
                          env=child_env(workdir), capture_output=True, text=True, timeout=60)
    _assert_cli_refuses(proc, library_path, "full")
    assert bookmark_states(library_path) == {}
    assert file_problems(library_path) == []
    handled()


# -- random bit flips: whatever happens, a typed error or a library that checks and repairs ---


def test_random_bit_flips_never_surface_as_anything_but_a_library_error(library_path, tmp_path):
    import random
    import shutil

    from db.repair import repair_library

    rng = random.Random(8)
    size = library_path.stat().st_size
    outcomes = {"refused": 0, "sound": 0, "repaired": 0, "unrepairable": 0}
    for n in range(40):
        path = tmp_path / f"flip{n}.sqlite"
        shutil.copyfile(library_path, path)
        damage.flip_bit(path, rng.randrange(size), rng.randrange(8))
        figures.add("bad_inputs")
        try:
            Library.open(path).close()
        except LibraryError:
            outcomes["refused"] += 1
        else:
            outcomes["sound"] += 1
        try:
            report = repair_library(path)
        except LibraryError:
            continue  # not repairable in place: restoring a backup is the way out
        if report.found:
            outcomes["repaired" if report.ok else "unrepairable"] += 1
    assert sum(outcomes.values()) >= 40
    assert outcomes["refused"] + outcomes["sound"] == 40
