"""What an import reports: each row refused with its reason, the batch staged and not yet in
the library, and what the import did (or, for a dry run, would do)."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.importing.reading import Table
from db.provenance import Dataset


@dataclass(frozen=True)
class Rejection:
    row: int  # as the file numbers it: the header is row 1 (a JSON file: the record's place)
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    batch: int | None
    file: str
    rows: int
    imported: int
    rejections: tuple[Rejection, ...] = ()
    created: int = 0  # entries made for names no entry had (actors, places)
    dry_run: bool = False
    sample: tuple[dict, ...] = field(default=(), compare=False)  # first entries as written
    flagged: int = 0  # rows imported with a flaw they say (is:flagged), e.g. an end before start

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def to_dict(self) -> dict:
        """The ``roadbook import --json`` shape."""
        return {"batch": self.batch, "rows": self.rows, "imported": self.imported,
                "rejected": self.rejected, "flagged": self.flagged, "created": self.created,
                "dry_run": self.dry_run,
                "rejections": [{"row": r.row, "reason": r.reason} for r in self.rejections]}


@dataclass
class StagedBatch:
    """A batch checked and staged in temporary tables, not yet in the library."""

    table: Table
    settings: dict
    snapshot: tuple
    batch: int  # the number it will have: the library's last batch + 1 when it was staged
    imported: int
    created: int
    rejections: tuple[Rejection, ...]
    sample: tuple[dict, ...]
    flagged: int = 0
    dataset: Dataset | None = None

    def report(self, *, dry_run: bool) -> ImportReport:
        return ImportReport(None if dry_run else self.batch, str(self.table.path),
                            len(self.table), self.imported, self.rejections, self.created,
                            dry_run, self.sample, flagged=self.flagged)
