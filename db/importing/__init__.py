"""Importing analysts' own files (CSV/TSV, XLSX, JSON, JSON Lines) as undoable batches.

``read_table`` reads a file as text cells; a ``Mapping`` says which entry field each column
fills; ``preview_table`` shows what would happen; ``import_table`` writes one batch in one
transaction; ``undo_import`` removes a batch. ``db.Library`` offers all of it as methods.
"""

from db.importing.batches import get_import, list_imports, undo_import
from db.importing.guessing import guess_mapping
from db.importing.mapping import FIELDS, ColumnRule, Mapping, mapping_from_dict, rule_from_spec
from db.importing.presets import find_mapping, load_preset, preset_names, save_mapping
from db.importing.preview import ImportPreview, preview_table
from db.importing.reading import Table, peek_text, read_table, sheet_names
from db.importing.reports import ImportReport, Rejection
from db.importing.writer import import_table

__all__ = [
    "FIELDS", "ColumnRule", "ImportPreview", "ImportReport", "Mapping", "Rejection", "Table",
    "find_mapping", "get_import", "guess_mapping", "import_table", "list_imports",
    "load_preset", "mapping_from_dict", "peek_text", "preset_names", "preview_table",
    "read_table", "rule_from_spec", "save_mapping", "sheet_names", "undo_import",
]
