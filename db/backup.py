"""Rotating, verified backups of a library file (restoring one is ``db.restore``).

A backup is written with SQLite's online backup API into a temporary file in the library's
backups folder, checked (``PRAGMA integrity_check``, the application id, every table of its
schema version) and only then renamed into place, so a listed backup is always a whole, sound
copy. The newest ``KEEP`` backups are kept; they are taken before every migration, before
imports and repairs, on a schedule by the window, and on demand.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db.connection import ROOM_TO_WORK, full_disk_error, is_full_disk
from db.errors import BackupError, LibraryFullError, RoadbookError
from db.paths import backups_dir
from db.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

KEEP = 10
KEEP_DAMAGED = 3
SCHEDULE_EVERY = timedelta(days=1)
PAGES_PER_STEP = 256
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite$")
PARTIAL_PREFIX = ".partial-"
_STALE_PARTIAL = timedelta(hours=1)

# progress(pages_done, pages_total) -> False to cancel
Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class BackupInfo:
    """One verified backup file: when it was taken and why."""

    path: Path
    created: datetime
    reason: str
    size: int

    def as_dict(self) -> dict:
        return {"file": self.path.name, "path": str(self.path),
                "created": self.created.isoformat(timespec="seconds"), "reason": self.reason,
                "size": self.size}


class BackupCancelled(BackupError):
    """The backup was cancelled; no backup file was left behind."""


class BackupFullError(BackupError, LibraryFullError):
    """The disk has no room for the backup; nothing was left behind."""


class BackupNotSoundError(BackupError):
    """A file (a backup, or a library being backed up) is not a whole, sound library copy."""


# -- taking backups ---------------------------------------------------------------------------


def backup_connection(conn: sqlite3.Connection, library_path: Path | str, reason: str, *,
                      keep: int = KEEP, progress: Progress | None = None) -> BackupInfo:
    """Back up the library open on ``conn`` into its backups folder; returns the new backup.

    Raises ``BackupError`` (nothing written) when the folder cannot be written, the disk is
    full, the copy does not verify, or ``progress`` returned ``False``.
    """
    folder = backup_folder(Path(library_path))
    partial = folder / f"{PARTIAL_PREFIX}{uuid.uuid4().hex}.sqlite"
    try:
        copy_database(conn, partial, progress)
        problem = copy_problem(partial)
        if isinstance(problem, str):
            raise BackupNotSoundError(f"Could not back up {library_path}: the copy {problem}. "
                                      "Check the library with roadbook check --repair.")
        final = _free_name(folder, _slug(reason))
        os.replace(partial, final)
        sync_folder(folder)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error, RoadbookError) as exc:
        partial.unlink(missing_ok=True)
        if is_full_disk(exc, partial):
            raise _no_room(Path(library_path)) from None
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            raise BackupNotSoundError(f"Could not back up {library_path}: it is damaged ({exc}). "
                                      "Check it with roadbook check --repair.") from None
        raise BackupError(f"Could not back up {library_path}: {failure_reason(exc)}. Nothing was "
                          "changed; free some disk space or check the folder can be written."
                          ) from None
    prune_backups(Path(library_path), keep=keep)
    return _info(final)


def _no_room(library_path: Path) -> BackupFullError:
    """The disk is full: a backup needs about the library's size (its file and its log)."""
    needed = sum(side.stat().st_size for side in (library_path, library_path.with_name(
        library_path.name + "-wal")) if side.exists())
    error = full_disk_error(library_path, needed=needed + ROOM_TO_WORK,
                            doing="take its backup (the library's size and room to work)")
    return BackupFullError(f"No backup could be taken: {error}")


def backup_before_migration(conn: sqlite3.Connection, library_path: Path | str,
                            version: int) -> BackupInfo | None:
    """The verified backup every schema migration of an existing library is preceded by."""
    if version < 1:
        return None  # a library being built: nothing to keep yet
    return backup_connection(conn, library_path,
                             f"before-migration-{version}-to-{SCHEMA_VERSION}")


def backup_if_due(conn: sqlite3.Connection, library_path: Path | str, *,
                  every: timedelta = SCHEDULE_EVERY, keep: int = KEEP) -> BackupInfo | None:
    """A scheduled backup: taken only when the newest backup is older than ``every``."""
    newest = list_backups(library_path)[:1]
    if newest and datetime.now(UTC) - newest[0].created < every:
        return None
    return backup_connection(conn, library_path, "scheduled", keep=keep)


def damaged_copy(library_path: Path | str, reason: str) -> Path:
    """A byte-for-byte copy of a library (and its WAL) that cannot be backed up properly.

    Kept beside the backups as ``….damaged.sqlite`` (never offered for restoring) so that
    nothing in it is lost before a repair or a restore changes the file.
    """
    path = Path(library_path)
    folder = backup_folder(path)
    target = _free_name(folder, _slug(reason), suffix=".damaged.sqlite")
    try:
        shutil.copyfile(path, target)
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            if side.exists():
                shutil.copyfile(side, target.with_name(target.name + extra))
    except OSError as exc:
        target.unlink(missing_ok=True)
        if is_full_disk(exc, target):
            raise _no_room(path) from None
        raise BackupError(f"Could not copy {path} aside before changing it: "
                          f"{exc.strerror or exc}. Nothing was changed.") from None
    _prune(sorted(folder.glob("*.damaged.sqlite"), reverse=True), KEEP_DAMAGED)
    return target


def copy_database(conn: sqlite3.Connection, target: Path, progress: Progress | None) -> None:
    """Copy the database open on ``conn`` into a new file ``target`` (SQLite backup API)."""

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None and progress(total - remaining, total) is False:
            raise BackupCancelled("The backup was cancelled; no backup was written.")

    dest = sqlite3.connect(target, isolation_level=None)
    try:
        conn.backup(dest, pages=PAGES_PER_STEP, progress=step)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside
    finally:
        dest.close()
    with open(target, "r+b") as handle:
        os.fsync(handle.fileno())


def backup_folder(library_path: Path) -> Path:
    folder = backups_dir(library_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the backups folder {folder}: {exc.strerror or exc}. "
                          "Check the library's folder can be written.") from None
    _remove_stale_partials(folder)
    return folder


def _remove_stale_partials(folder: Path) -> None:
    """Temporary files of backups that were interrupted (an in-progress one is left alone)."""
    cutoff = datetime.now().timestamp() - _STALE_PARTIAL.total_seconds()
    for leftover in folder.glob(f"{PARTIAL_PREFIX}*"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass


def _free_name(folder: Path, reason: str, *, suffix: str = ".sqlite") -> Path:
    now = datetime.now(UTC)
    while True:
        target = folder / f"{now.strftime(_STAMP)}-{reason}{suffix}"
        if not target.exists():
            return target
        now += timedelta(microseconds=1)


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:60] or "manual"


def sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def failure_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    text = str(exc)
    return "the disk is full" if "full" in text.lower() else text


# -- listing and rotating ---------------------------------------------------------------------


def list_backups(library_path: Path | str) -> list[BackupInfo]:
    """The library's backups, newest first (temporary and damaged copies are not listed)."""
    folder = backups_dir(Path(library_path))
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if _NAME.match(path.name):
            try:
                found.append(_info(path))
            except OSError:
                continue  # removed while listing (rotated by another window)
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def prune_backups(library_path: Path | str, *, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    return _prune([b.path for b in list_backups(library_path)], keep)


def _prune(newest_first: list[Path], keep: int) -> list[Path]:
    removed = []
    for path in newest_first[max(keep, 1):]:
        for extra in ("", "-wal", "-shm"):
            path.with_name(path.name + extra).unlink(missing_ok=True)
        removed.append(path)
    return removed


def _info(path: Path) -> BackupInfo:
    match = _NAME.match(path.name)
    if match is None:
        raise BackupError(f"{path.name} is not a Roadbook backup file name")
    created = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    return BackupInfo(path=path, created=created, reason=match.group(2),
                      size=path.stat().st_size)


def find_backup(library_path: Path | str, which: str | None) -> BackupInfo | Path:
    """A backup named on the command line: ``None`` (newest), ``1`` … (newest first), a file
    name in the backups folder, or the path of any library copy."""
    backups = list_backups(library_path)
    if which is None:
        if not backups:
            raise BackupError(f"There are no backups of {library_path} yet.")
        return backups[0]
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    named = [b for b in backups if b.path.name == which]
    if named:
        return named[0]
    path = Path(which).expanduser()
    if path.is_file():
        return path
    raise BackupError(f"No backup {which!r}. List them with: roadbook backups")


# -- verifying --------------------------------------------------------------------------------


def verify_backup(path: Path | str) -> dict:
    """Check that ``path`` is a sound Roadbook library; returns its counts.

    Raises ``BackupNotSoundError`` naming the file and what is wrong with it.
    """
    path = Path(path)
    problem = copy_problem(path)
    if isinstance(problem, str):
        raise BackupNotSoundError(f"{path.name} {problem}.")
    return problem


def copy_problem(path: Path) -> dict | str:
    """The counts of a sound library copy, or what is wrong with it ("is damaged: …")."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"cannot be opened ({exc})"
    try:
        return _verify(conn)
    except sqlite3.Error as exc:
        return f"is damaged ({exc})"
    finally:
        conn.close()


def _verify(conn: sqlite3.Connection) -> dict | str:
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return "is not a Roadbook library"
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        return f"is damaged ({problems[0]})"
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = sorted(required_tables(version) - present)
    if version < 1 or missing:
        return f"lacks the tables {', '.join(missing) or 'of a library'}"
    count = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("entries", "bookmarks", "saved_searches", "imports")}
    return {"schema_version": version, **count}


def required_tables(version: int) -> set[str]:
    """The tables every library of schema ``version`` has."""
    names: set[str] = set()
    for number in sorted(v for v in MIGRATIONS if v <= version):
        names |= set(re.findall(r"CREATE (?:VIRTUAL )?TABLE \[?(\w+)", MIGRATIONS[number]))
        names -= set(re.findall(r"DROP TABLE (?:IF EXISTS )?\[?(\w+)", MIGRATIONS[number]))
    return names
