"""Reading a workbook (XLSX) as text cells, with its size bounded before anything is loaded.

A workbook is a zip of XML parts, and both layers can be bombs: a few kilobytes that unpack to
gigabytes, a single cell at XFD1048576 that a reader padding every row to the sheet's width
turns into 17 billion cells, or XML entity declarations that expand without end or reach for
files outside. So the package is checked first (sizes as the zip declares them, no DTD in any
part), rows are streamed without padding, and the table is built only once the area the sheet
really uses is known to be within bounds.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from db.errors import ImportFileError
from db.importing.limits import MAX_CELLS

MAX_UNPACKED_BYTES = 2 << 30  # every part of the workbook, unpacked
MAX_SHARED_STRINGS_BYTES = 512 << 20  # the shared strings are read into memory whole
DTD_SCAN_BYTES = 64 * 1024  # a DTD comes before the root element, at the start of a part
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY", b"<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E\x00",
              b"\x00<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E")
# What reading a damaged workbook raises (a part cut short or scrambled, an encrypted part).
_READ_ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, EOFError,
                RuntimeError, zipfile.BadZipFile, zlib.error, ParseError)


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order."""
    workbook = _open(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_sheet(path: Path, sheet: str | None) -> tuple[str, list[str], list[str], list[list[str]]]:
    """``(sheet, sheets, header, rows)`` of the chosen sheet (default: the first), every cell as
    text; ``ImportFileError`` for a workbook that cannot or must not be read."""
    workbook = _open(path)
    try:
        sheets = list(workbook.sheetnames)
        chosen = sheet if sheet is not None else (sheets[0] if sheets else None)
        if chosen not in sheets:
            raise ImportFileError(f"{path.name} has no sheet {sheet!r}; its sheets are "
                                  f"{', '.join(sheets)}")
        try:
            grid = _grid(path, chosen, workbook[chosen])
        except _READ_ERRORS as exc:
            raise ImportFileError(f"{path.name} cannot be read as a workbook: "
                                  f"{_reason(exc)}") from None
    finally:
        workbook.close()
    if not grid:
        raise ImportFileError(f"sheet {chosen!r} of {path.name} is empty: nothing to import")
    return chosen, sheets, grid[0], grid[1:]


def _open(path: Path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_package(path)
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (*_READ_ERRORS, InvalidFileException) as exc:
        raise ImportFileError(f"{path.name} cannot be read as a workbook: "
                              f"{_reason(exc)}") from None


def check_package(path: Path) -> None:
    """Refuse a workbook whose parts unpack too large or declare XML entities (a DTD), before
    any part of it is parsed."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            _check_sizes(path, parts)
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with package.open(part) as stream:
                        start = stream.read(DTD_SCAN_BYTES)
                    if any(mark in start for mark in _DTD_MARKS):
                        raise ImportFileError(
                            f"{path.name} was not read: its part {part.filename} declares XML "
                            "entities (a DTD), which no workbook needs and which can expand "
                            "without end or reach other files; save it again from your "
                            "spreadsheet program")
    except (*_READ_ERRORS, NotImplementedError) as exc:
        raise ImportFileError(f"{path.name} cannot be read as a workbook: "
                              f"{_reason(exc)}") from None


def _check_sizes(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"{path.name} was not read: it unpacks to {unpacked / 2**30:,.1f} GB, more than the "
            f"{MAX_UNPACKED_BYTES >> 30} GB Roadbook reads from a workbook; save it as CSV or "
            "split it")
    for part in parts:
        if part.filename.endswith("sharedStrings.xml") and \
                part.file_size > MAX_SHARED_STRINGS_BYTES:
            raise ImportFileError(
                f"{path.name} was not read: its text cells unpack to "
                f"{part.file_size / 2**20:,.0f} MB, more than the "
                f"{MAX_SHARED_STRINGS_BYTES >> 20} MB Roadbook reads; save it as CSV or split it")


def _grid(path: Path, name: str, worksheet) -> list[list[str]]:
    """The sheet's rows up to its last value, each as wide as the widest: refused, before it
    is built, when that area holds more than ``MAX_CELLS`` cells."""
    from openpyxl.utils import get_column_letter

    worksheet.reset_dimensions()  # never trust the declared size; never pad to it
    kept: list[tuple[int, list[str]]] = []
    width = last = cells = 0
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        values = [_text(cell) for cell in row]
        while values and not values[-1]:
            values.pop()
        if not values:
            continue
        kept.append((number, values))
        width, last, cells = max(width, len(values)), number, cells + len(values)
        if cells > MAX_CELLS or width * last > MAX_CELLS:
            raise ImportFileError(
                f"sheet {name!r} of {path.name} was not read: it reaches cell "
                f"{get_column_letter(width)}{last} ({last:,} rows × {width:,} columns), more "
                f"than the {MAX_CELLS:,} cells Roadbook reads from a sheet; delete what lies "
                "beyond the table (Ctrl+End finds the last cell) and save it again")
    grid: list[list[str]] = []
    for number, values in kept:
        grid.extend([[""] * width for _ in range(number - 1 - len(grid))])
        grid.append(values + [""] * (width - len(values)))
    return grid


def _text(cell) -> str:
    """A cell's value as text: numbers as written (1.0 as 1), dates ISO, errors blank."""
    value = cell.value
    if value is None or getattr(cell, "data_type", None) == "e":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)  # True, 1.5, "2014-05-21 00:00:00", as a spreadsheet's reader writes them


def _reason(exc: BaseException) -> str:
    """A parser's complaint in words: XML entity bombs and broken parts name themselves."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, ParseError):
        return f"a part of it is not well-formed XML ({text})"
    return text
