"""What an import would do, shown before it runs: the first rows as they will be imported and
every row that will be rejected, with its reason. Nothing is written."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db.importing.mapping import ColumnRule, Mapping, resolve
from db.importing.reading import Table
from db.importing.reports import Rejection
from db.importing.writer import BatchJob, Cancel, Progress, make_planner, previous_batch

SAMPLE_ROWS = 20


@dataclass(frozen=True)
class ImportPreview:
    """The outcome an import of ``table`` with ``mapping`` would have."""

    file: str
    rows: int
    columns: tuple[str, ...]
    rules: tuple[ColumnRule | None, ...]
    sample: tuple[dict, ...]  # entry fields of the first good rows, with "links", "tags"…
    rejections: tuple[Rejection, ...]
    previous_batch: int | None = None  # the batch that imported the same file before
    previous_date: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    flagged: int = 0  # rows that will be imported with a flaw their note explains

    @property
    def imported(self) -> int:
        return self.rows - len(self.rejections)

    @property
    def rejected(self) -> int:
        return len(self.rejections)


def preview_table(conn: sqlite3.Connection, table: Table, mapping: Mapping, *,
                  kind: str | None = None, sample_size: int = SAMPLE_ROWS,
                  progress: Progress | None = None, cancel: Cancel | None = None
                  ) -> ImportPreview:
    """Check every row of ``table`` as an import would, without writing anything."""
    rules = resolve(mapping, table.columns)
    job = BatchJob(conn, table, progress, cancel)
    plans = job.plan(make_planner(table, mapping, kind), None)
    sample = tuple(plan.entry | {"row": table.file_row(plan.number), "aliases": plan.aliases,
                                 "tags": plan.tags,
                                 "links": [f"{ref.role}: {ref.name}" for ref in plan.links]}
                   for plan in plans[:sample_size])
    before = previous_batch(conn, table.checksum)
    return ImportPreview(
        file=str(table.path), rows=len(table), columns=tuple(table.columns), rules=tuple(rules),
        sample=sample, rejections=tuple(job.rejections),
        previous_batch=before["id"] if before else None,
        previous_date=before["created_at"] if before else None,
        encoding=table.encoding, sheet=table.sheet,
        flagged=sum(1 for plan in plans if plan.entry.get("flag")))
