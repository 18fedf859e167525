"""How much of one file an import reads, so that no file — however it was made — takes
unbounded memory: each limit is far above a real table and far below a bomb, and each refusal
says which limit the file passed and what to do."""

from __future__ import annotations

from pathlib import Path

from db.errors import ImportFileError

MAX_TEXT_BYTES = 1 << 30  # a text file is read into memory whole
MAX_CELLS = 20_000_000  # rows × columns of the table a file makes
MAX_COLUMNS = 16_384  # as many as a spreadsheet has
# Values a JSON text may hold: every value after a container's first follows a "," or ":",
# so these characters and the containers' openings bound them before anything is parsed (a
# parsed value takes some twenty times the bytes it is written in, a container more).
MAX_JSON_VALUES = 2 * MAX_CELLS
MAX_JSON_CONTAINERS = 5_000_000
_SPLIT = "split it into smaller files"


def check_text_size(path: Path, size: int) -> None:
    if size > MAX_TEXT_BYTES:
        raise ImportFileError(f"{path.name} is {size / 2**30:,.1f} GB, more than the "
                              f"{MAX_TEXT_BYTES >> 30} GB Roadbook imports from one text file; "
                              f"{_SPLIT}")


def check_width(path: Path, where: str, width: int) -> None:
    """Refuse a row (``where``: "the row on line 3", "record 7") wider than ``MAX_COLUMNS``."""
    if width > MAX_COLUMNS:
        raise ImportFileError(f"{path.name} was not read: {where} has {width:,} cells, more "
                              f"than the {MAX_COLUMNS:,} columns Roadbook reads")


def check_fields(path: Path, fields: int) -> None:
    """Refuse JSON records that name, together, more fields than ``MAX_COLUMNS``."""
    if fields > MAX_COLUMNS:
        raise ImportFileError(f"{path.name} was not read: its records name more than "
                              f"{MAX_COLUMNS:,} different fields, the most columns Roadbook "
                              "reads")


def check_cells(path: Path, rows: int, width: int) -> None:
    """Refuse a table of ``rows`` rows × ``width`` columns (at least one) above ``MAX_CELLS``."""
    if rows * max(width, 1) > MAX_CELLS:
        raise ImportFileError(f"{path.name} was not read: {rows:,} rows × {width:,} columns is "
                              f"more than the {MAX_CELLS:,} cells Roadbook reads from one file; "
                              f"{_SPLIT}")


def check_json_values(path: Path, text: str) -> None:
    """Refuse a JSON text that may hold more than ``MAX_JSON_VALUES`` values or
    ``MAX_JSON_CONTAINERS`` objects and arrays, before it is parsed."""
    containers = text.count("{") + text.count("[")
    values = containers + text.count(",") + text.count(":") + 1
    if containers > MAX_JSON_CONTAINERS:
        raise ImportFileError(f"{path.name} was not read: it holds {containers:,} JSON objects "
                              f"and lists, more than the {MAX_JSON_CONTAINERS:,} Roadbook reads "
                              f"from one file; {_SPLIT}")
    if values > MAX_JSON_VALUES:
        raise ImportFileError(f"{path.name} was not read: it holds up to {values:,} JSON values, "
                              f"more than the {MAX_JSON_VALUES:,} Roadbook reads from one file; "
                              f"{_SPLIT}")
