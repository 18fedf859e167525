"""Table models for the import wizard: rows as they will be imported, and rejected rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from db.dates import format_interval, interval_from_iso
from db.money import format_usd
from desktop.common.formatting import kind_label, one_line, tooltip_html

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole


class _ListModel(QAbstractTableModel):
    """A read-only table over a list of dicts; subclasses name the columns and cells."""

    COLUMNS: tuple[str, ...] = ()
    NUMERIC: frozenset[int] = frozenset()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=_DISPLAY):
        if (role == _DISPLAY and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def data(self, index, role=_DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == _DISPLAY:
            return self.cell(self._rows[index.row()], index.column())
        if role == _TOOLTIP:
            return tooltip_html(self.full_text(self._rows[index.row()], index.column()))
        if role == _ALIGN and index.column() in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def cell(self, row, column: int) -> str:
        raise NotImplementedError

    def full_text(self, row, column: int) -> str | None:
        return None


class PreviewRowsModel(_ListModel):
    """The first rows of a file as entries: row number, title, kind, date, value, links."""

    COLUMNS = ("Row", "Title", "Kind", "Date", "Value", "Links", "Tags")
    NUMERIC = frozenset({0, 4})

    def cell(self, entry: dict, column: int) -> str:
        if column == 0:
            return str(entry["row"])
        if column == 1:
            return one_line(entry["title"])
        if column == 2:
            return kind_label(entry["kind"])
        if column == 3:
            when = format_interval(interval_from_iso(entry["date_start"], entry["date_end"],
                                                     entry["date_precision"]))
            return f"{when}?" if when and "uncertain" in (entry["date_note"] or "") else when
        if column == 4:
            return format_usd(entry["value_usd"]) or one_line(entry["value_text"], 40)
        if column == 5:
            return one_line("; ".join(entry["links"]), 120)
        if column == 6:
            return one_line(", ".join(entry["tags"]), 80)
        return ""

    def full_text(self, entry: dict, column: int) -> str | None:
        if column == 1:
            return entry["title"]
        if column == 3:
            return "; ".join(t for t in (entry["date_text"], entry["date_note"]) if t)
        if column == 4:
            return "; ".join(t for t in (entry["value_text"], entry["value_note"]) if t)
        if column == 5:
            return "\n".join(entry["links"])
        return None


class RejectionsModel(_ListModel):
    """Rows that will not be imported, each with its reason."""

    COLUMNS = ("Row", "Reason")
    NUMERIC = frozenset({0})

    def cell(self, rejection, column: int) -> str:
        if column == 0:
            return str(rejection.row)
        return one_line(rejection.reason, 300) if column == 1 else ""

    def full_text(self, rejection, column: int) -> str | None:
        return rejection.reason if column == 1 else None
