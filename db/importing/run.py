"""Importing a file by path, as ``Library.import_file`` and ``Library.preview_import`` do:
read it (unless it was read already), choose the mapping, then preview or import."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from db.importing.guessing import guess_mapping
from db.importing.mapping import Mapping
from db.importing.presets import find_mapping, recognise_preset
from db.importing.preview import ImportPreview, preview_table
from db.importing.reading import Table, read_table
from db.importing.reports import ImportReport
from db.importing.writer import Cancel, Progress, import_table

Source = Path | str | Table


def table_for(source: Source, *, sheet: str | None = None,
              encoding: str | None = None) -> Table:
    """``source`` itself when it is a table already read, else the file read as text."""
    return source if isinstance(source, Table) else read_table(source, sheet=sheet,
                                                               encoding=encoding)


def mapping_for(conn: sqlite3.Connection, mapping: Mapping | str | None,
                table: Table) -> Mapping:
    """A mapping given as itself, by the name of a saved mapping or preset, else the preset
    made for the file's headers, else guessed from them."""
    if isinstance(mapping, Mapping):
        return mapping
    if mapping:
        return find_mapping(conn, mapping)
    return recognise_preset(table.columns) or guess_mapping(table.columns)


def import_file(conn: sqlite3.Connection, source: Source, *,
                mapping: Mapping | str | None = None, sheet: str | None = None,
                kind: str | None = None, encoding: str | None = None, dry_run: bool = False,
                again: bool = False, progress: Progress | None = None,
                cancel: Cancel | None = None,
                before_writing: Callable[[], object] | None = None,
                credit: str | None = None) -> ImportReport:
    """Read ``source`` and import it as one batch (see ``db.importing.writer``);
    ``before_writing()`` runs just before the batch is written (a backup); ``credit`` is the
    dataset's credit line as the user typed it."""
    table = table_for(source, sheet=sheet, encoding=encoding)
    return import_table(conn, table, mapping_for(conn, mapping, table), kind=kind,
                        dry_run=dry_run, again=again, progress=progress, cancel=cancel,
                        before_writing=before_writing, credit=credit)


def preview_import(conn: sqlite3.Connection, source: Source, *,
                   mapping: Mapping | str | None = None, sheet: str | None = None,
                   kind: str | None = None, encoding: str | None = None,
                   sample_size: int = 20, progress: Progress | None = None,
                   cancel: Cancel | None = None) -> ImportPreview:
    """Read ``source`` and show what importing it would do, writing nothing."""
    table = table_for(source, sheet=sheet, encoding=encoding)
    return preview_table(conn, table, mapping_for(conn, mapping, table), kind=kind,
                         sample_size=sample_size, progress=progress, cancel=cancel)
