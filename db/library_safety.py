"""The ``Library`` methods that keep a library safe: backups, restore, check, clean copy,
repair and snapshot (``db.backup``, ``db.restore``, ``db.check``, ``db.salvage``, ``db.repair``,
``db.snapshot``). ``Library`` inherits them; the work is done in those modules."""

from __future__ import annotations

from pathlib import Path

from db.errors import LibraryCorruptError
from db.library_file import refuse_special


class SafetyMethods:
    """Backups, checks and repairs; mixed into ``db.library.Library`` (``self.conn``,
    ``self.path``, ``cls.open``)."""

    def backup(self, reason: str = "manual", *, progress=None):
        """A verified backup of this library in its backups folder (``db.backup``).

        Take one before any change that rewrites much of the library (an import, a repair).
        ``progress(done, total)`` may return ``False`` to cancel. Raises ``BackupError``.
        """
        from db.backup import backup_connection

        return backup_connection(self.conn, self.path, reason, progress=progress)

    def backups(self):
        """This library's backups (``db.backup.BackupInfo``), newest first."""
        from db.backup import list_backups

        return list_backups(self.path)

    def restore(self, backup):
        """Put a backup's content back; the current state is backed up first."""
        from db.restore import restore_backup

        return restore_backup(self.path, backup)

    @classmethod
    def check_file(cls, path: Path | str, *, read_only: bool = False):
        """Check the library at ``path`` (``db.check.CheckReport``): what is wrong with it is
        reported, not refused — planted SQL, a foreign log, damaged pages, missing tables. A
        missing library is built first, as every command does, unless ``read_only``."""
        from db.check import check_file

        path = Path(path).expanduser()
        if not read_only and not refuse_special(path):
            cls.open(path).close()
        return check_file(path, read_only=read_only)

    @classmethod
    def clean_copy(cls, path: Path | str):
        """A clean copy of a library that holds SQL Roadbook did not make: a new file beside it
        (``NAME.clean.sqlite``) rebuilt from its data with Roadbook's schema only, the planted
        objects left out and listed (``db.salvage.CleanCopy``); the original is not changed."""
        from db.salvage import SalvageFailed, clean_copy

        path = Path(path).expanduser()
        try:
            return clean_copy(path)
        except SalvageFailed as exc:
            raise LibraryCorruptError(f"No clean copy of {path} could be made ({exc}); it was "
                                      "left as it is. Restore a backup or open another "
                                      "library.") from None

    def repair(self, *, progress=None):
        """Check the library and repair what can be repaired, backing up first."""
        from db.repair import repair_library

        return repair_library(self.path, progress=progress)

    def snapshot(self, out: Path | str):
        """Write a consistent, compacted, read-only copy of the library to ``out`` (for
        Datasette or a colleague); a ``db.snapshot.Snapshot``."""
        from db.snapshot import write_snapshot

        return write_snapshot(self.conn, self.path, Path(out))
