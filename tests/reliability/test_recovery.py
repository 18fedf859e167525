"""After an unclean shutdown the file is checked before use; check --repair repairs what it can,
backing up first, and a second run finds nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from db import Library, LibraryCorruptError
from db.backup import list_backups
from db.paths import backups_dir
from db.repair import repair_library
from tests.reliability import damage
from tests.reliability.child import ROOT, child_env, run_cli
from tests.reliability.invariants import bookmark_states, file_problems

DIE_WITH_LIBRARY_OPEN = """
import os, signal, sys
from db import Library
lib = Library.open(sys.argv[1])
lib.bookmark("obor", note="written just before the crash")
os.kill(os.getpid(), signal.SIGKILL)
"""


def _crash_with_library_open(path, workdir):
    proc = subprocess.run([sys.executable, "-c", DIE_WITH_LIBRARY_OPEN, str(path)], cwd=ROOT,
                          env=child_env(workdir), capture_output=True, text=True, timeout=60)
    assert proc.returncode == -9, proc.stderr


def test_a_clean_close_needs_no_check_next_time(library_path):
    Library.open(library_path).close()
    with Library.open(library_path) as lib:
        assert (lib.session.unclean, lib.session.checked) == (False, False)


def test_after_a_crash_the_library_is_checked_and_the_last_write_kept(library_path, workdir):
    Library.open(library_path).close()
    _crash_with_library_open(library_path, workdir)
    with Library.open(library_path) as lib:
        assert (lib.session.unclean, lib.session.checked) == (True, True)
        assert lib.get_bookmark("obor")["note"] == "written just before the crash"
    with Library.open(library_path) as lib:  # and once closed cleanly, no more checks
        assert (lib.session.unclean, lib.session.checked) == (False, False)


def test_damage_found_after_a_crash_refuses_with_the_ways_out(library_path, workdir):
    Library.open(library_path).close()
    _crash_with_library_open(library_path, workdir)
    sqlite3.connect(library_path).close()  # fold the WAL back, as the next program would
    damage.break_page(library_path, damage.root_page(library_path, "entries_title"))
    with pytest.raises(LibraryCorruptError) as caught:
        Library.open(library_path)
    message = str(caught.value)
    assert "was not closed properly" in message
    assert "roadbook check --repair" in message and "roadbook restore" in message


def test_a_file_changed_behind_roadbooks_back_is_checked(library_path):
    Library.open(library_path).close()
    damage.break_page(library_path, damage.root_page(library_path, "links_to"))
    with pytest.raises(LibraryCorruptError, match="is damaged"):
        Library.open(library_path)


def test_a_crash_is_noticed_while_another_window_is_open(library_path, workdir):
    with Library.open(library_path) as first_window:
        _crash_with_library_open(library_path, workdir)
        with Library.open(library_path) as second_window:
            assert second_window.session.unclean
            assert not first_window.session.unclean


def _spoil(path):
    """Orphan rows, a stale full-text index, a vanished bundled entry; bookmarks kept."""
    with Library.open(path) as lib:
        lib.bookmark("gazprom", note="mine", tags=["energy"])
        lib.save_search("gas", "gas kind:deal")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO aliases (entry_id, name) VALUES ('no-such-entry', 'ghost')")
    conn.execute("INSERT INTO links (from_id, to_id, role) VALUES ('obor', 'nowhere', 'party')")
    conn.execute("INSERT INTO bookmark_tags (entry_id, tag) VALUES ('not-bookmarked', 'x')")
    conn.execute("DROP TRIGGER entries_au")
    conn.execute("UPDATE entries SET title = 'Renamed behind the index' WHERE id = 'russia'")
    conn.execute("DELETE FROM entries WHERE id = 'uzbekistan'")
    conn.close()
    _restore_trigger(path)


def _restore_trigger(path):
    from db.schema import MIGRATIONS

    sql = MIGRATIONS[max(v for v in MIGRATIONS if "TRIGGER [entries_au]" in MIGRATIONS[v])]
    start = sql.index("CREATE TRIGGER [entries_au]")
    conn = sqlite3.connect(path)
    conn.executescript(sql[start:sql.index("END;", start) + 4])
    conn.close()


def test_repair_fixes_what_it_can_and_a_second_run_finds_nothing(library_path, workdir):
    _spoil(library_path)
    assert run_cli(workdir, library_path, "check").returncode == 1
    first = run_cli(workdir, library_path, "check", "--repair")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "problem(s) found" in first.stdout and "a copy was kept first" in first.stdout
    assert [b.reason for b in list_backups(library_path)] == ["before-repair"]
    second = run_cli(workdir, library_path, "check", "--repair")
    assert second.stdout.strip() == "library is sound; nothing to repair"
    assert run_cli(workdir, library_path, "check").returncode == 0
    assert bookmark_states(library_path) == {"gazprom": ("mine", ("energy",))}
    with Library.open(library_path) as lib:
        assert lib.get("uzbekistan")["title"] == "Uzbekistan"
        assert [s["name"] for s in lib.saved_searches()] == ["gas"]
        assert lib.search("Uzbekistan")["total"] >= 1
    assert file_problems(library_path) == []


def test_a_damaged_index_page_is_rebuilt_with_the_users_rows(library_path):
    with Library.open(library_path) as lib:
        lib.bookmark("obor", note="keep")
    damage.break_page(library_path, damage.root_page(library_path, "entries_title"))
    report = repair_library(library_path)
    assert report.ok and report.replaced_file
    assert report.safety_copy.name.endswith(".damaged.sqlite")
    assert bookmark_states(library_path) == {"obor": ("keep", ())}
    assert repair_library(library_path).found == []


def test_damaged_user_rows_are_not_thrown_away(library_path):
    with Library.open(library_path) as lib:
        lib.bookmark("obor", note="keep")
    damage.break_page(library_path, damage.root_page(library_path, "bookmarks"))
    before = damage.fingerprint(library_path)
    report = repair_library(library_path)
    assert not report.ok
    assert any("restore a backup" in step for step in report.repaired)
    assert damage.fingerprint(library_path) == before
    assert list(backups_dir(library_path).glob("*.damaged.sqlite"))
