"""Backups: verified before they are listed, rotated, taken before migrations; the restore drill."""

from __future__ import annotations

import json
import sqlite3

import pytest

from db import Library
from db.backup import (
    BackupCancelled,
    BackupNotSoundError,
    backup_if_due,
    list_backups,
    verify_backup,
)
from db.errors import BackupError
from db.paths import backups_dir
from db.restore import restore_backup
from db.schema import MIGRATIONS, SCHEMA_VERSION
from tests.reliability import damage
from tests.reliability.child import run_cli
from tests.reliability.invariants import bookmark_states, file_problems


def test_a_backup_is_a_whole_verified_copy_beside_the_library(library):
    library.bookmark("gazprom", note="pipeline talks", tags=["energy"])
    info = library.backup("before trip")
    assert info.path.parent == backups_dir(library.path)
    assert info.reason == "before-trip"
    assert verify_backup(info.path)["bookmarks"] == 1
    assert bookmark_states(info.path) == {"gazprom": ("pipeline talks", ("energy",))}
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]  # no -wal
    assert library.backups() == [info]


def test_only_the_newest_ten_are_kept(library):
    taken = [library.backup(f"n{i}") for i in range(12)]
    kept = library.backups()
    assert [b.reason for b in kept] == [f"n{i}" for i in range(11, 1, -1)]
    assert not taken[0].path.exists() and not taken[1].path.exists()


def test_a_damaged_library_yields_no_backup_and_no_leftover(library_path):
    damage.break_page(library_path, damage.root_page(library_path, "entries_title"))
    conn = sqlite3.connect(library_path)
    from db.backup import backup_connection

    with pytest.raises(BackupNotSoundError, match="damaged"):
        backup_connection(conn, library_path, "manual")
    conn.close()
    assert list(backups_dir(library_path).iterdir()) == []


def test_a_cancelled_backup_leaves_nothing(library):
    with pytest.raises(BackupCancelled):
        library.backup("manual", progress=lambda done, total: False)
    assert list(backups_dir(library.path).iterdir()) == []


def test_a_backup_that_cannot_be_written_says_so(library):
    backups_dir(library.path).write_text("a file where the folder should be")
    with pytest.raises(BackupError, match="backups folder"):
        library.backup()


def test_scheduled_backups_are_taken_at_most_daily(library):
    first = backup_if_due(library.conn, library.path)
    assert first is not None and first.reason == "scheduled"
    assert backup_if_due(library.conn, library.path) is None
    assert len(library.backups()) == 1


def test_restore_drill(library_path):
    """Work, back up, more work, restore: the earlier state is back, the later one kept aside,
    and a window open all along sees the restored library."""
    with Library.open(library_path) as lib:
        lib.bookmark("gazprom", note="first week")
        lib.save_search("energy deals", "kind:deal gas")
        monday = lib.backup("monday")
        lib.bookmark("gazprom", note="rewritten by mistake")
        lib.bookmark("xi-jinping", note="new")
        lib.delete_saved_search("energy deals")
        with Library.open(library_path) as other_window:
            result = restore_backup(library_path, monday)
            assert other_window.get_bookmark("gazprom")["note"] == "first week"
        assert not result.replaced_file
        assert lib.get_bookmark("xi-jinping") is None
        assert [s["name"] for s in lib.saved_searches()] == ["energy deals"]
        assert bookmark_states(result.previous) == {"gazprom": ("rewritten by mistake", ()),
                                                    "xi-jinping": ("new", ())}
        restore_backup(library_path, result.previous)  # and back again
        assert lib.get_bookmark("xi-jinping")["note"] == "new"
    assert file_problems(library_path) == []


def test_restoring_over_a_damaged_library_keeps_its_bytes_aside(library_path):
    with Library.open(library_path) as lib:
        lib.bookmark("obor", note="safe")
        backup = lib.backup()
    library_path.write_bytes(b"garbage " * 1000)
    result = restore_backup(library_path, backup)
    assert result.replaced_file
    kept = list(backups_dir(library_path).glob("*.damaged.sqlite"))
    assert [k.read_bytes() for k in kept] == [b"garbage " * 1000]
    with Library.open(library_path) as lib:
        assert lib.get_bookmark("obor")["note"] == "safe"


def test_a_missing_library_is_restored_not_recreated(library_path):
    with Library.open(library_path) as lib:
        lib.bookmark("obor", note="safe")
        lib.backup()
    library_path.unlink()
    with pytest.raises(Exception, match="was not recreated"):
        Library.open(library_path)
    restore_backup(library_path, list_backups(library_path)[0])
    with Library.open(library_path) as lib:
        assert lib.get_bookmark("obor")["note"] == "safe"


def test_an_unsound_backup_is_refused_and_the_library_left(library_path):
    with Library.open(library_path) as lib:
        backup = lib.backup()
        lib.bookmark("obor", note="today")
    damage.truncate(backup.path, backup.size // 2)
    with pytest.raises(BackupError):
        restore_backup(library_path, backup)
    assert bookmark_states(library_path) == {"obor": ("today", ())}


def _library_at_version_1(path):
    """A library as the first Roadbook wrote it: schema 1, one entry and its bookmark (today's
    code cannot write the bundled dataset into the old tables; opening it does, after the
    migration)."""
    from db.schema import APPLICATION_ID

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.executescript(MIGRATIONS[1])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO entries (id, kind, title) VALUES ('obor', 'deal', 'OBOR')")
    conn.execute("INSERT INTO bookmarks VALUES ('obor', 'OBOR', 'old note', 'x', 'x')")
    conn.close()


@pytest.mark.skipif(SCHEMA_VERSION < 2, reason="needs a migration to run")
def test_a_migration_is_preceded_by_a_verified_backup(tmp_path):
    path = tmp_path / "old.sqlite"
    _library_at_version_1(path)
    with Library.open(path) as lib:
        assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    (backup,) = list_backups(path)
    assert backup.reason == f"before-migration-1-to-{SCHEMA_VERSION}"
    assert verify_backup(backup.path)["schema_version"] == 1
    assert bookmark_states(backup.path) == {"obor": ("old note", ())}


@pytest.mark.skipif(SCHEMA_VERSION < 2, reason="needs a migration to run")
def test_no_backup_no_migration(tmp_path):
    path = tmp_path / "old.sqlite"
    _library_at_version_1(path)
    backups_dir(path).write_text("in the way")
    with pytest.raises(BackupError):
        Library.open(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1


def test_the_command_line_backs_up_lists_and_restores(library_path, workdir):
    assert run_cli(workdir, library_path, "bookmark", "add", "obor", "--note", "v1").returncode == 0
    made = run_cli(workdir, library_path, "backup")
    assert made.returncode == 0 and made.stdout.strip().endswith(".sqlite")
    assert run_cli(workdir, library_path, "bookmark", "add", "obor", "--note", "v2").returncode == 0
    listed = json.loads(run_cli(workdir, library_path, "backups", "--json").stdout)
    assert [b["reason"] for b in listed] == ["manual"]
    restored = run_cli(workdir, library_path, "restore", "1")
    assert restored.returncode == 0, restored.stderr
    assert "the state before was kept in" in restored.stderr
    assert bookmark_states(library_path) == {"obor": ("v1", ())}
    listed = json.loads(run_cli(workdir, library_path, "backups", "--json").stdout)
    assert [b["reason"] for b in listed] == ["before-restore", "manual"]
    bad = run_cli(workdir, library_path, "restore", "7")
    assert bad.returncode == 1 and bad.stderr.startswith("roadbook: No backup '7'")
