"""What the import wizard's pages have chosen so far, shared by every page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db import Library
from db.importing.mapping import Mapping
from db.importing.reading import Table


@dataclass
class ImportJob:
    """What the wizard's pages have chosen so far, and what came of it."""

    library: Library
    path: Path | None = None
    format: str | None = None
    sheet: str | None = None
    encoding: str | None = None  # None: detected
    table: Table | None = None
    mapping: Mapping | None = None
    kind: str = "deal"
    again: bool = False
    credit: str | None = None  # whom to credit for the data, as the user typed it
    batch: int | None = None

    @property
    def library_path(self) -> Path:
        return self.library.path

    def source_key(self) -> tuple:
        return (self.path, self.sheet, self.encoding)
