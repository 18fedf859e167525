"""A table of one source's suggestions for the review view: number, kind, words, what they
suggest (an entry, a sum, a date), status and, for a hidden one, why it is hidden."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from db.dates import format_interval, interval_from_iso
from db.money import format_usd
from desktop.common.formatting import neutralised

COLUMNS = ("#", "Kind", "Words", "Suggests", "Status", "Hidden because")
SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 1


def suggests(row: dict) -> str:
    """What accepting a suggestion would record, in words."""
    target = row.get("entry_title") or ""
    if row["kind"] == "value":
        value = format_usd(row["value_usd"]) if row["value_usd"] is not None else "not in US$"
        return f"{value} → {target}" if target else value
    if row["kind"] == "date":
        when = format_interval(interval_from_iso(row["date_start"], row["date_end"],
                                                 row["date_precision"])) or "unresolved"
        return f"{when} → {target}" if target else when
    if row["kind"] == "name":
        return f"link to {target}" if target else "a new actor or place"
    return target


class SuggestionsModel(QAbstractTableModel):
    """Rows are suggestion dicts as ``Library.suggestions`` returns them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, n: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r["n"] == n), None)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == SUGGESTION_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        return None

    def _text(self, row: dict, column: int) -> str:
        if column == 0:
            return str(row["n"])
        values = (None, row["kind"], row["text"], suggests(row), row["status"],
                  row["hidden_reason"] or "")
        return neutralised(values[column])
