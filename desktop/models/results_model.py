"""The results table: a virtual model over a result set of entry numbers.

Only the row count and the ordered numbers are held (a flat array of integers, which the garbage
collector need not walk); rows are fetched from the library in pages, with a small cache, when
the view asks for them. Sorting re-runs the query in SQL.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from db import Library, NotFoundError, ResultSet
from desktop.common.formatting import (
    date_cell,
    kind_label,
    one_line,
    plain_snippet,
    snippet_runs,
    tooltip_html,
    value_cell,
)

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2
BOOKMARKED_ROLE = Qt.ItemDataRole.UserRole + 3
PAGE_SIZE = 64
SNIPPET_BLOCK = 32  # divides PAGE_SIZE: a block never straddles two pages
CACHED_PAGES = 48
SCAN_DIRECTLY = 10_000  # rows found by a plain scan; numpy's compare beyond (1.6 ms a million)

# (key, header, sort key in db.search.SORT_COLUMNS or None)
COLUMNS = (
    ("star", "★", None),
    ("title", "Title", "title"),
    ("kind", "Kind", "kind"),
    ("date", "Date", "date"),
    ("value", "Value", "value"),
    ("status", "Status", "status"),
    ("parties", "Parties", None),
    ("snippet", "Match", None),
)
COLUMN_KEYS = [c[0] for c in COLUMNS]


def column_of(key: str) -> int:
    return COLUMN_KEYS.index(key)


class ResultsModel(QAbstractTableModel):
    """Rows of the current result set; ``sort_requested`` asks the owner to re-run in SQL."""

    sort_requested = Signal(str, bool)  # sort key ("" for relevance), descending

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self._library = library
        self._nums = array("q")
        self._match: str | None = None
        self._pages: OrderedDict[int, dict[int, dict]] = OrderedDict()

    # -- feeding ------------------------------------------------------------------------------

    def set_results(self, result: ResultSet) -> None:
        self.beginResetModel()
        self._nums = _as_array(result.nums)
        self._match = result.match
        self._pages.clear()
        self.endResetModel()

    def complete_results(self, full: ResultSet) -> None:
        """The whole result set arrived: append it if it continues what is shown, else swap."""
        shown, nums = len(self._nums), _as_array(full.nums)
        if nums[:shown] == self._nums and len(nums) >= shown:
            if len(nums) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(nums) - 1)
                self._nums = nums
                self._pages.clear()  # the last page held fewer rows before
                self.endInsertRows()
            self._match = full.match
            return
        self.set_results(full)

    def refresh_rows(self) -> None:
        """Forget cached rows (after a bookmark changed) and repaint."""
        self._pages.clear()
        if self._nums:
            last = self.index(len(self._nums) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def nums(self) -> array:
        return self._nums

    # -- Qt's model contract ------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._nums)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Bookmarked" if section == 0 else f"Sort by {COLUMNS[section][1].lower()}" \
                if COLUMNS[section][2] else COLUMNS[section][1]
        return None

    def flags(self, index):
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cells(row)[index.column()]
        if role == ENTRY_ID_ROLE:
            return row["id"]
        if role == BOOKMARKED_ROLE:
            return row["bookmarked"]
        key = COLUMN_KEYS[index.column()]
        if role == SNIPPET_ROLE:
            return row.get("snippet", "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html(_tooltip(key, row))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("value", "star"):
            align = Qt.AlignmentFlag.AlignRight if key == "value" else Qt.AlignmentFlag.AlignHCenter
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][2]
        self.sort_requested.emit(key or "", order == Qt.SortOrder.DescendingOrder)

    # -- helpers for the view -----------------------------------------------------------------

    def entry_id_at(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        if not index.isValid():
            return None
        row = self._row(index.row())
        return row["id"] if row else None

    def painted_row(self, row: int) -> tuple[list[str], list[tuple[str, bool]]] | None:
        """A row as the table paints it: its cell texts, and its search snippet as
        ``(text, is_match)`` runs; made once per fetched row."""
        found = self._row(row)
        if found is None:
            return None
        painted = found.get("painted")
        if painted is None:
            painted = found["painted"] = (_cells(found), snippet_runs(found.get("snippet")))
        return painted

    def row_of_entry(self, entry_id: str) -> int | None:
        """The row showing ``entry_id`` in the current result set, or ``None``."""
        try:
            num = self._library.num_for(entry_id)
        except NotFoundError:
            return None
        if len(self._nums) <= SCAN_DIRECTLY:  # a first page: no need for numpy before paint
            return self._nums.index(num) if num in self._nums else None
        import numpy as np  # a whole set comes after the first paint, numpy with it

        rows = np.flatnonzero(np.frombuffer(self._nums, dtype=np.int64) == num)
        return int(rows[0]) if len(rows) else None

    def _row(self, row: int) -> dict | None:
        if not 0 <= row < len(self._nums):
            return None
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            rows = self._load_page(page)
        else:
            self._pages.move_to_end(page)
        found = rows.get(self._nums[row])
        if found is not None and "snippet" not in found:
            self._load_snippets(rows, row)
        return found

    def _load_snippets(self, rows: dict[int, dict], row: int) -> None:
        """Snippets for the block of rows around ``row`` only: the rows on screen, not the page."""
        first = row - row % SNIPPET_BLOCK
        nums = self._nums[first:first + SNIPPET_BLOCK]
        found = self._library.snippets(self._match, nums)
        for num in nums:
            if num in rows:
                rows[num]["snippet"] = found.get(num, "")

    def _load_page(self, page: int) -> dict[int, dict]:
        nums = self._nums[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        rows = self._library.rows(nums)
        self._pages[page] = rows
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return rows


def _as_array(nums) -> array:
    return nums if isinstance(nums, array) else array("q", nums)


_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_SERVED_ROLES = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                 Qt.ItemDataRole.TextAlignmentRole, ENTRY_ID_ROLE, SNIPPET_ROLE, BOOKMARKED_ROLE}


def _cells(row: dict) -> list[str]:
    """The text of each column of a row, made once per fetched row."""
    cells = row.get("cells")
    if cells is None:
        cells = row["cells"] = [_cell_text(key, row) for key in COLUMN_KEYS]
    return cells


DISPUTED_MARK = "≠ "  # before a date, value or status the sources disagree on
_DISPUTABLE = {"date": "date", "value": "value", "status": "status"}


def _cell_text(key: str, row: dict) -> str:
    text = _plain_cell_text(key, row)
    if _DISPUTABLE.get(key) in row.get("disputed", ()):
        return DISPUTED_MARK + text
    return text


def _plain_cell_text(key: str, row: dict) -> str:
    if key == "star":
        return "★" if row["bookmarked"] else ""
    if key == "title":
        return one_line(row["title"])
    if key == "kind":
        category = row.get("category")
        return kind_label(row["kind"]) + (f" · {category}" if category else "")
    if key == "date":
        return date_cell(row)
    if key == "value":
        return value_cell(row)
    if key == "status":
        return one_line(row.get("status"))
    if key == "parties":
        return one_line(", ".join(row.get("parties", [])), 80)
    if key == "snippet":
        return one_line(plain_snippet(row.get("snippet")), 200)
    return ""


def _tooltip(key: str, row: dict) -> str | None:
    if _DISPUTABLE.get(key) in row.get("disputed", ()):
        return (f"Sources disagree on the {key}: the details list every {key} with its "
                "source, and the one shown is the preferred one")
    if key == "date" and row.get("date_text"):
        origin = " (date from the public record)" if row.get("date_origin") == "analyst" else ""
        return f"As written: “{one_line(row['date_text'])}”{origin}"
    if key == "value" and row.get("value_text"):
        return f"As written: “{one_line(row['value_text'])}”"
    if key == "star":
        return "Bookmarked" if row["bookmarked"] else "Not bookmarked (Ctrl+D)"
    if key == "title":
        return one_line(row["title"], 400)
    return None
