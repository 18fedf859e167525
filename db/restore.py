"""Restoring a library from one of its backups.

The chosen backup is verified and staged first (it may be rotated away by the next step), the
current library is backed up (or, when damaged, copied aside byte for byte), and then the
backup's content is copied in through SQLite, so other open windows see the restored library.
A damaged or missing library file is replaced whole instead. The result is verified again.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from db.backup import (
    KEEP,
    PARTIAL_PREFIX,
    BackupInfo,
    BackupNotSoundError,
    backup_connection,
    backup_folder,
    copy_database,
    damaged_copy,
    failure_reason,
    sync_folder,
    verify_backup,
)
from db.errors import BackupError, LibraryCorruptError, LibraryTooNewError, RoadbookError
from db.schema import SCHEMA_VERSION


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup used, the backup of the state it replaced, and whether the
    file itself was swapped (a damaged or missing library) rather than rewritten in place."""

    restored: Path
    previous: Path | None
    replaced_file: bool
    counts: dict


def restore_backup(library_path: Path | str, backup: BackupInfo | Path | str, *,
                   keep: int = KEEP) -> RestoreResult:
    """Put a backup's content back into the library at ``library_path``.

    The backup is verified first; the current library is backed up (or, when damaged, copied
    aside) before it changes; the result is verified again. Raises ``BackupError``.
    """
    from db.library_file import refuse_special

    path = Path(library_path)
    refuse_special(path)  # a FIFO or a broken link at the library's path is never replaced
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    counts = verify_backup(source)
    if counts["schema_version"] > SCHEMA_VERSION:
        raise LibraryTooNewError(f"{source.name} was written by a newer Roadbook; update "
                                 "Roadbook to restore it.")
    folder = backup_folder(path)
    staged = folder / f"{PARTIAL_PREFIX}restore-{uuid.uuid4().hex}.sqlite"
    try:
        _stage(source, staged)  # the chosen backup may be rotated away by the backup below
        previous, healthy = _save_current(path, keep)
        if healthy:
            _copy_into(staged, path)
        else:
            _swap_in(staged, path)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Could not restore {source.name}: {failure_reason(exc)}. The "
                          "library was left as it was.") from None
    finally:
        staged.unlink(missing_ok=True)
    _check_restored(path)
    return RestoreResult(restored=source, previous=previous, replaced_file=not healthy,
                         counts=counts)


def _stage(source: Path, staged: Path) -> None:
    src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    try:
        copy_database(src, staged, None)
    finally:
        src.close()
    verify_backup(staged)


def _save_current(path: Path, keep: int) -> tuple[Path | None, bool]:
    """Back up the library about to be replaced: ``(backup, healthy)``."""
    if not path.exists():
        return None, False
    from db.connection import connect

    try:
        conn = connect(path)
    except RoadbookError:
        return damaged_copy(path, "before-restore"), False
    try:
        info = backup_connection(conn, path, "before-restore", keep=keep)
        return info.path, True
    except BackupNotSoundError:
        return damaged_copy(path, "before-restore"), False
    finally:
        conn.close()


def _copy_into(staged: Path, path: Path) -> None:
    """Rewrite the live library from ``staged`` through SQLite (safe with other connections)."""
    from db.connection import BUSY_TIMEOUT_MS

    src = sqlite3.connect(f"{staged.absolute().as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(path, isolation_level=None)
    try:
        dest.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = dest.execute("PRAGMA journal_mode").fetchone()[0]
        src.backup(dest)
        dest.execute(f"PRAGMA journal_mode = {mode}")
    finally:
        src.close()
        dest.close()


def _swap_in(staged: Path, path: Path) -> None:
    """Replace a damaged or missing library file (its copy is already kept aside)."""
    for extra in ("-wal", "-shm"):  # an old WAL must never be replayed onto the new file
        path.with_name(path.name + extra).unlink(missing_ok=True)
    os.replace(staged, path)
    sync_folder(path.parent)


def _check_restored(path: Path) -> None:
    try:
        verify_backup(path)
    except BackupError as exc:
        raise LibraryCorruptError(f"The restored library does not verify ({exc}). Try another "
                                  "backup.") from None
