"""The row each entry of a batch came from, staged with the batch and copied in with it: one
row per entry (batch, the row's number in the file — the header is row 1 —, the row's cells as
the file had them), written in bulk."""

from __future__ import annotations

import json
import sqlite3

from db.importing.reading import Table

# ``touched``: an entry already in the library that a row of the file names.
COLUMNS = "entry_id, row, cells, touched"
CREATE = f"CREATE TEMP TABLE staged_provenance ({COLUMNS})"
INSERT = f"INSERT INTO temp.staged_provenance ({COLUMNS}) VALUES (?, ?, ?, ?)"
_LAND = ("INSERT OR IGNORE INTO main.provenance (batch_id, row, entry_id, cells) "
         "SELECT ?, row, entry_id, cells FROM temp.staged_provenance WHERE {} ORDER BY rowid")


def land(conn: sqlite3.Connection, batch: int) -> None:
    """Each entry's row, and a row for each imported entry of the library a row named (an
    entry bundled or written by the analyst keeps its citations instead)."""
    conn.execute(_LAND.format("NOT touched"), (batch,))
    conn.execute(_LAND.format(
        "touched AND entry_id IN (SELECT id FROM main.entries WHERE origin = 'import')"), (batch,))


class RowCells:
    """The staged values of a row's entry, or of an entry a row named, with the row's cells."""

    def __init__(self, table: Table):
        self.table = table

    def of_plan(self, plan) -> tuple:
        return (plan.entry["id"], self.table.file_row(plan.number), self._cells(plan.number),
                False)

    def of_named(self, item: tuple[str, int, bool]) -> tuple:
        entry_id, number, touched = item
        return (entry_id, self.table.file_row(number), self._cells(number), touched)

    def _cells(self, number: int) -> str:
        return json.dumps(self.table.rows[number - 1], ensure_ascii=False)
