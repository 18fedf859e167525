"""Where a file Roadbook writes "to PATH" goes (an export, a briefing, a dataset folder's files):
PATH itself, or, when PATH is a link, the file the link names — the link is kept, as an editor
saving through a link keeps it. What is not a regular file is refused before any work: a folder,
a named pipe, a device, a socket, a link that leads in a circle."""

from __future__ import annotations

import stat
from pathlib import Path

from db.errors import RoadbookError
from db.library_file import special_kind


class OutputPathError(RoadbookError):
    """Nothing can be written at the path given."""


def output_target(out: Path | str) -> Path:
    """The regular file to write for ``out`` (created or replaced there)."""
    path = Path(out).expanduser()
    if path.is_symlink():
        try:
            path = path.resolve(strict=False)
        except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
            raise OutputPathError(f"cannot write {out}: it is a link that leads in a circle; "
                                  "choose another file name") from None
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputPathError(f"cannot write {out}: {exc.strerror or exc}") from None
    kind = "a folder" if stat.S_ISDIR(mode) else special_kind(mode)
    if kind is not None:
        raise OutputPathError(f"cannot write {out}: it is {kind}, not a file; choose a "
                              "file name")
    return path
