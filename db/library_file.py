"""What the library path is, before anything opens it: a regular file, nothing yet, or
something that must be refused.

Reading a FIFO waits for a writer forever and reading a device never ends; a dangling symlink
or a symlink loop looks like "no file" to ``Path.exists``, and building a library there would
replace the link. Each gets its own words, and nothing is ever created in its place.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from db.errors import LibraryCorruptError, LibrarySpecialFileError

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def guard_library_file(path: Path, *, read_only: bool) -> bool:
    """Everything checked before SQLite may open the library at ``path``: what stands there,
    its header, and the log beside it (``db.wal``). ``False`` when there is nothing there."""
    from db.connection import check_header
    from db.recovery import clean_record, live_marker
    from db.wal import refuse_foreign_wal

    if not refuse_special(path):
        return False
    check_header(path)
    refuse_foreign_wal(path, read_only=read_only, live_marker=live_marker(path),
                       recorded=clean_record(path))
    return True


def refuse_special(path: Path) -> bool:
    """``True`` when ``path`` is a regular file (or a link to one), ``False`` when there is
    nothing there; raises ``LibrarySpecialFileError`` for anything else."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _unusable(path, exc) from None
    try:
        info = os.stat(path)
    except OSError as exc:
        if stat.S_ISLNK(link.st_mode):
            raise _broken_link(path, exc) from None
        raise _unusable(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise LibraryCorruptError(f"{path} is a folder, not a library file. Open another "
                                  "library.")
    kind = special_kind(info.st_mode)
    if kind is not None:
        raise LibrarySpecialFileError(
            f"{path} is {kind}, not a library file; it was not read or replaced. Open "
            "another library.")
    return True


def special_kind(mode: int) -> str | None:
    """What a file's mode says it is when it is neither a file nor a folder ("a socket")."""
    return next((kind for test, kind in _KINDS if test(mode)), None)


def _broken_link(path: Path, exc: OSError) -> LibrarySpecialFileError:
    if exc.errno == errno.ELOOP:
        return LibrarySpecialFileError(
            f"{path} is a symbolic link that loops back on itself; no library was created in "
            "its place. Point the link at a library file, or open another library.")
    target = os.readlink(path)
    return LibrarySpecialFileError(
        f"{path} is a symbolic link to {target}, which does not exist; no library was created "
        "in its place. Restore the file it points to, or open another library.")


def _unusable(path: Path, exc: OSError) -> LibrarySpecialFileError:
    return LibrarySpecialFileError(f"{path} cannot be looked at ({exc.strerror or exc}). Open "
                                   "another library.")
