"""Noticing an unclean shutdown, and checking the file before it is used after one.

Every process that opens a library for writing leaves a marker file in ``<library>.sessions/``
and holds an OS lock on it while the library is open; a clean ``close()`` removes the marker and
records the file's size and modification time. On the next open, a marker nobody holds any more
means a Roadbook process died with the library open (a crash, a kill, a power cut), and a file
that changed since its last clean close was changed by something else: either way
``PRAGMA quick_check`` runs before anything is written. Several processes can hold markers at
once (two windows on one library work side by side).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from db.connection import full_disk_error, is_full_disk
from db.errors import (
    LibraryCorruptError,
    LibraryLockedError,
    LibraryMissingError,
    LibraryReadOnlyError,
)
from db.paths import backups_dir

MARKER_SUFFIX = ".open"
CLEAN_RECORD = "clean.json"


@dataclass
class Session:
    """This process's hold on a library opened for writing."""

    marker: Path | None
    handle: IO | None
    unclean: bool  # an earlier session ended without closing the library
    checked: bool  # quick_check ran before the library was used


def sessions_dir(library_path: Path) -> Path:
    return library_path.with_name(library_path.name + ".sessions")


def start_session(conn: sqlite3.Connection, path: Path) -> Session:
    """Mark the library open by this process; quick-check it after an unclean shutdown.

    Raises ``LibraryReadOnlyError`` when the file or its folder cannot be written and
    ``LibraryCorruptError`` when the check finds damage (nothing has been written then).
    """
    refuse_unwritable(path)
    folder = sessions_dir(path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        if is_full_disk(exc, path):
            raise full_disk_error(path) from None
        raise LibraryReadOnlyError(f"Cannot write beside {path} ({exc.strerror}). Open it "
                                   "read-only, or copy it somewhere writable.") from None
    unchanged = clean_record(path) is not None
    # From here on the file changes: the record of the last clean close no longer holds (a
    # log found later is then this session's, not a stranger's: ``db.wal``).
    with contextlib.suppress(OSError):
        (folder / CLEAN_RECORD).unlink(missing_ok=True)
    stale = reap_stale_markers(folder)
    live = list(folder.glob(f"*{MARKER_SUFFIX}"))
    checked = False
    if stale or (not live and not unchanged):
        quick_check(conn, path, after_crash=bool(stale))
        checked = True
    try:
        marker, handle = _create_marker(folder)
    except OSError:  # no marker (a file system that will not have it): the next open checks
        marker, handle = None, None
    return Session(marker=marker, handle=handle, unclean=bool(stale), checked=checked)


def end_session(session: Session | None, path: Path, *, clean: bool = True) -> None:
    """Let go of the marker and, after a ``clean`` close, record the file's state (safe to call
    twice)."""
    if session is None or session.handle is None:
        return
    if clean:
        with contextlib.suppress(OSError):  # not recorded: the next open simply checks the file
            _write_clean_record(sessions_dir(path), path)
    with contextlib.suppress(OSError):
        session.marker.unlink(missing_ok=True)
    session.handle.close()
    session.handle = None


def refuse_unwritable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise LibraryReadOnlyError(f"{path} is a read-only file. Open it read-only, or copy it "
                                   "somewhere you can write.")
    if not os.access(path.parent, os.W_OK):
        raise LibraryReadOnlyError(f"The folder holding {path} cannot be written, so changes "
                                   "could not be saved safely. Open the library read-only, or "
                                   "copy it somewhere writable.")


def refuse_recreate(path: Path) -> None:
    """A missing library that was kept here before is not silently built afresh."""
    backups = backups_dir(path)
    traces = [p for p in (backups, sessions_dir(path)) if p.exists()]
    if not traces:
        return
    count = len(list(backups.glob("*.sqlite"))) if backups.is_dir() else 0
    kept = f"; {count} backup(s) of it are in {backups}" if count else ""
    raise LibraryMissingError(
        f"{path} is missing, but a library was kept there before{kept}. It was not "
        "recreated. Restore a backup (roadbook restore, or Restore from Backup…) or open "
        f"another library; to start afresh, move {' and '.join(str(t) for t in traces)} away.")


# -- checking ---------------------------------------------------------------------------------


def quick_check(conn: sqlite3.Connection, path: Path, *, after_crash: bool) -> None:
    """``PRAGMA quick_check``; damage raises ``LibraryCorruptError`` with the ways out."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LibraryLockedError(f"{path} is locked by another program. Close it there, "
                                     "or open another library.") from None
        rows = [str(exc)]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows == ["ok"]:
        return
    when = "was not closed properly last time, and " if after_crash else ""
    raise LibraryCorruptError(
        f"{path} {when}is damaged ({rows[0]}). It was left as it is. Repair it with "
        "roadbook check --repair (or Check Library…), or restore a backup (roadbook restore).")


# -- markers ----------------------------------------------------------------------------------


def reap_stale_markers(folder: Path) -> list[dict]:
    """Remove markers whose process is gone; returns what they said (pid, opened at)."""
    stale = []
    for marker in folder.glob(f"*{MARKER_SUFFIX}"):
        try:
            handle = open(marker, "r+")  # noqa: SIM115 (kept open while locked)
        except OSError:
            continue  # removed meanwhile by its owner
        try:
            if not _try_lock(handle):
                continue  # its process still has the library open
            stale.append(_read_marker(handle))
            with contextlib.suppress(OSError):
                marker.unlink(missing_ok=True)
        finally:
            handle.close()
    return stale


def _create_marker(folder: Path) -> tuple[Path, IO]:
    token = _token()
    temp = folder / f".{token}.new"
    handle = open(temp, "w+")  # noqa: SIM115 (held for the whole session)
    try:
        _try_lock(handle)
        json.dump({"pid": os.getpid(),
                   "opened": datetime.now(UTC).isoformat(timespec="seconds")}, handle)
        handle.flush()
        marker = folder / f"{token}{MARKER_SUFFIX}"
        os.replace(temp, marker)  # locked before others can see it: never mistaken for stale
    except OSError:  # a full disk: no half-made marker is left behind
        handle.close()
        temp.unlink(missing_ok=True)
        raise
    return marker, handle


def live_marker(path: Path) -> bool:
    """Another Roadbook (or this one) has the library open for writing now."""
    for marker in sessions_dir(path).glob(f"*{MARKER_SUFFIX}"):
        try:
            with open(marker, "r+") as handle:
                if not _try_lock(handle):
                    return True
        except OSError:
            continue  # removed meanwhile by its owner
    return False


def _read_marker(handle: IO) -> dict:
    try:
        handle.seek(0)
        return json.loads(handle.read() or "{}")
    except (OSError, ValueError):
        return {}


def _try_lock(handle: IO) -> bool:
    """Take an exclusive lock without waiting; ``False`` when another holder has it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # per open file, not process
        return True
    except OSError:
        return False


def _token() -> str:
    """A unique file name part (``os.urandom`` rather than ``uuid``, which loads ``platform``
    on every start)."""
    return os.urandom(16).hex()


def _write_clean_record(folder: Path, path: Path) -> None:
    """The file's size and time, and the salts of the log left beside it (if another
    connection still holds one), as this clean close leaves them."""
    from db.wal import log_salts

    stat = path.stat()
    temp = folder / f".{_token()}.clean"
    try:
        temp.write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                                    "wal": log_salts(path)}))
        os.replace(temp, folder / CLEAN_RECORD)
    except OSError:
        temp.unlink(missing_ok=True)
        raise


def clean_record(path: Path) -> dict | None:
    """What the last clean close recorded, when the file has not changed since."""
    try:
        record = json.loads((sessions_dir(path) / CLEAN_RECORD).read_text())
        stat = path.stat()
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict):
        return None
    same = record.get("size") == stat.st_size and record.get("mtime_ns") == stat.st_mtime_ns
    return record if same else None
