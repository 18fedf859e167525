"""Hostile import files, written on the spot: workbooks that are bombs (a far cell, XML entity
expansion, an outside entity, a part that unpacks huge), JSON nested or numbered past reason,
and files that are not files (a FIFO, a device, a link that loops)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _row(number: int, *cells: tuple[str, str]) -> str:
    inner = "".join(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>' for ref, text in cells)
    return f'<row r="{number}">{inner}</row>'


def sheet_xml(rows: str, *, dimension: str = "A1:B3", prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {_NS}>'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')


TABLE_ROWS = _row(1, ("A1", "title"), ("B1", "value")) + \
    _row(2, ("A2", "Kazan railway"), ("B2", "$21bn")) + \
    _row(3, ("A3", "Power of Siberia"), ("B3", "$400bn"))


def workbook(path: Path, sheet: str, *, extra: dict[str, bytes] | None = None) -> Path:
    """A real workbook (made by openpyxl) with its first sheet's XML replaced by ``sheet``."""
    from openpyxl import Workbook

    base = path.with_name(path.stem + ".base.xlsx")
    book = Workbook()
    book.active.append(["title"])
    book.save(base)
    with zipfile.ZipFile(base) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == SHEET else source.read(item)
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    base.unlink()
    return path


def far_cell_workbook(path: Path, *, value: bool = True) -> Path:
    """Two real rows and one cell at XFD1048576 (the sheet's last): 17 billion cells if a
    reader pads every row to the sheet's width. Without a value, a formatted stray cell."""
    far = _row(1048576, ("XFD1048576", "x")) if value else \
        '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    return workbook(path, sheet_xml(TABLE_ROWS + far, dimension="A1:XFD1048576"))


def billion_laughs_workbook(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10))
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    rows = TABLE_ROWS + _row(4, ("A4", "&lol9;"), ("B4", "1"))
    return workbook(path, sheet_xml(rows, dimension="A1:B4", prolog=prolog))


def outside_entity_workbook(path: Path) -> Path:
    prolog = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    rows = TABLE_ROWS + _row(4, ("A4", "&secret;"), ("B4", "1"))
    return workbook(path, sheet_xml(rows, dimension="A1:B4", prolog=prolog))


def unpacking_workbook(path: Path, megabytes: int) -> Path:
    """A workbook whose text cells (shared strings) unpack to ``megabytes`` of blank space: a
    zip bomb in small, written a megabyte at a time."""
    workbook(path, sheet_xml(TABLE_ROWS))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, \
            package.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
        part.write(b'<?xml version="1.0"?><sst ' + _NS.encode() + b">")
        blank = b" " * (1 << 20)
        for _ in range(megabytes):
            part.write(blank)
        part.write(b"</sst>")
    return path


def deep_json(path: Path, depth: int = 100_000) -> Path:
    path.write_text('[{"title": "deep", "value": ' + "[" * depth + "]" * depth + "}]")
    return path


def long_number_json(path: Path, digits: int = 5_000) -> Path:
    path.write_text('[{"title": "long", "value": ' + "9" * digits + "}]")
    return path


def lone_surrogate_json(path: Path) -> Path:
    path.write_text('[{"title": "Kazan \\ud800 railway", "value": "$21bn"},'
                    ' {"title": "Power of Siberia", "value": "$400bn"}]')
    return path


def wide_csv(path: Path, cells: int = 20_000) -> Path:
    """One header row wider than any spreadsheet."""
    path.write_text(",".join(f"c{n}" for n in range(cells)) + "\n" + "x\n")
    return path


def many_fields_json(path: Path, fields: int = 20_000) -> Path:
    """Records each naming a field of its own: a table as wide as there are records."""
    path.write_text("[" + ",".join(f'{{"field {n}": {n}}}' for n in range(fields)) + "]")
    return path


def many_objects_json(path: Path, objects: int = 5_000_001) -> Path:
    """Millions of empty objects: 3 bytes written, some 60 in memory, each."""
    path.write_text("[" + "{}," * (objects - 1) + "{}]")
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def looping_link(path: Path) -> Path:
    other = path.with_name("loop-b" + path.suffix)
    os.symlink(other, path)
    os.symlink(path, other)
    return path
