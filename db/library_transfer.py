"""The ``Library`` methods that move analysts' data in and out: importing a file as one
undoable batch, its saved mappings, and exporting entries (``db.importing``, ``db.export``).
``Library`` inherits them."""

from __future__ import annotations

from pathlib import Path

from db.connection import import_needs_room
from db.errors import LibraryFullError


class TransferMethods:
    """Import and export; mixed into ``db.library.Library`` (``self.conn``, ``self.path``)."""

    def import_file(self, path, *, mapping=None, sheet=None, kind=None, encoding=None,
                    dry_run=False, again=False, progress=None, cancel=None, credit=None):
        """Import a CSV/TSV, XLSX, JSON or JSON Lines file as one undoable batch.

        ``mapping``: a ``db.importing.Mapping``, the name of a saved mapping or preset, or
        ``None`` to guess from the headers. All of it is one transaction; returns an
        ``ImportReport``. Raises ``AlreadyImportedError`` for a file imported before (unless
        ``again``) and ``ImportCancelledError`` when ``cancel()`` returns true. ``credit``: the
        dataset's credit line as the user typed it, kept with the batch.
        """
        from db.importing.run import import_file

        # A backup is taken once the file is known to be importable (a refused file takes
        # none), just before the batch goes in; no sound backup, no import.
        backups = []
        try:
            return import_file(self.conn, path, mapping=mapping, sheet=sheet, kind=kind,
                               encoding=encoding, dry_run=dry_run, again=again,
                               progress=progress, cancel=cancel, credit=credit,
                               before_writing=lambda: backups.append(self.backup("before-import")))
        except BaseException as exc:
            for made in backups:  # nothing was imported: the copy would only take up room
                made.path.unlink(missing_ok=True)
            if isinstance(exc, LibraryFullError):
                file = path.path if hasattr(path, "path") else Path(path)  # or a Table read
                raise import_needs_room(self.path, file) from None
            raise

    def provenance(self, entry_id: str) -> list[dict]:
        """Every file row an entry came from, with its dataset's credit and licence."""
        from db.provenance import entry_provenance

        return entry_provenance(self.conn, entry_id)

    def record(self, entry_id: str) -> dict | None:
        """The row an imported entry came from, every column as the file had it."""
        from db.provenance import entry_record

        return entry_record(self.conn, entry_id)

    def imported_datasets(self) -> list[dict]:
        """Each dataset imported, once: ``{"dataset", "entries"}`` (for the navigator)."""
        from db.provenance import imported_datasets

        return imported_datasets(self.conn)

    def datasets_used(self, entry_ids: list[str]) -> list[dict]:
        """The datasets these entries came from, each once, with credit and licence."""
        from db.provenance import datasets_used

        return datasets_used(self.conn, entry_ids)

    def preview_import(self, path, *, mapping=None, sheet=None, kind=None, encoding=None,
                       sample_size=20, progress=None, cancel=None):
        """What importing ``path`` would do: first rows as imported, every rejected row."""
        from db.importing.run import preview_import

        return preview_import(self.conn, path, mapping=mapping, sheet=sheet, kind=kind,
                              encoding=encoding, sample_size=sample_size, progress=progress,
                              cancel=cancel)

    def imports(self) -> list[dict]:
        """Import batches, newest first."""
        from db.importing.batches import list_imports

        return list_imports(self.conn)

    def import_batch(self, batch: int) -> dict:
        """One import batch with its rejected rows and their reasons."""
        from db.importing.batches import get_import

        return get_import(self.conn, batch)

    def undo_import(self, batch: int, *, compact: bool = True, progress=None) -> dict:
        """Remove an import batch and its entries in one step; the entries that named them as
        parties are re-indexed. A batch of more than a quarter of the library
        (``"compact_advised"``) leaves the file compacted too, unless ``compact`` is false
        (``progress(done, total)`` meanwhile); ``"compacted"`` has the sizes then."""
        from db.importing.batches import undo_import
        from db.parties import batch_linkers

        total = sum(self.kind_counts().values())
        with self.transaction():
            linkers = batch_linkers(self.conn, batch)
            result = undo_import(self.conn, batch)
            self.refresh_parties(linkers)
        result["compact_advised"] = result["removed"] * 4 > total
        result["compacted"] = None
        if compact and result["compact_advised"]:
            result["compacted"] = self.compact(progress=progress)
        return result

    def refresh_parties(self, entry_ids) -> int:
        """Bring the party names these entries are found by up to date (``db.parties``); call
        it within any change of their links, or of their parties' names."""
        from db.parties import refresh_parties

        return refresh_parties(self.conn, entry_ids)

    def compact(self, *, progress=None):
        """Give the space of removed rows back to the disk (``db.compact``)."""
        from db.compact import compact_library

        return compact_library(self.conn, progress=progress)

    def import_mapping(self, name: str):
        """A mapping saved in this library, or a shipped preset, by name."""
        from db.importing.presets import find_mapping

        return find_mapping(self.conn, name)

    def import_mapping_names(self) -> list[str]:
        """Names of the mappings saved in this library, then of the shipped presets."""
        from db.importing.presets import preset_names, saved_mapping_names

        return saved_mapping_names(self.conn) + preset_names()

    def save_import_mapping(self, name: str, mapping):
        """Keep a mapping in this library under ``name`` for later imports."""
        from db.importing.presets import save_mapping

        return save_mapping(self.conn, name, mapping)

    def export_ids(self, scope: str, *, query: str = "", selected_ids=()) -> list[str]:
        """Entry ids to export: the ``results`` of ``query``, the ``selection``, or the
        ``bookmarks`` (entries still in the library)."""
        from db.export import scope_ids

        return scope_ids(self, scope, query=query, selected_ids=selected_ids)

    def export(self, ids, out, fmt: str, *, progress=None) -> int:
        """Write these entries to ``out`` as csv, xlsx or json; returns how many."""
        from db.export import export_entries

        return export_entries(self.conn, list(ids), out, fmt, progress=progress)
