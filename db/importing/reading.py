"""Reading an analyst's file into a table of text: CSV/TSV, XLSX, JSON and JSON Lines.

Every cell is read as text (``"NA"`` stays Namibia, ``007`` keeps its zeros). Rows that do not
fit the header are kept in place and marked with the reason (never padded or cut silently), so
that rows in the file always equal rows imported plus rows rejected.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from db.errors import ImportFileError
from db.importing.conditions import collector_paused
from db.importing.encodings import decode

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "csv", ".xlsx": "xlsx",
           ".xlsm": "xlsx", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
TEXT_FORMATS = ("csv", "tsv", "json", "jsonl")
_DELIMITERS = (",", ";", "\t", "|")


@dataclass
class Table:
    """A file's rows as text. ``problems`` maps a row number (1 = first row under the header)
    to why that row cannot be used as it is."""

    path: Path
    format: str
    columns: list[str]
    rows: list[list[str]]
    problems: dict[int, str] = field(default_factory=dict)
    checksum: str = ""
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def file_format(path: Path) -> str:
    """``csv``, ``tsv``, ``xlsx``, ``json`` or ``jsonl``, from the file's name."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{Path(path).name} is an old Excel 97 file; save it as .xlsx "
                              "or .csv and import that")
    if suffix not in FORMATS:
        raise ImportFileError(f"cannot import {Path(path).name}: use a .csv, .tsv, .xlsx, "
                              ".json or .jsonl file")
    return FORMATS[suffix]


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(_existing(path), read_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise ImportFileError(f"{Path(path).name} cannot be read as a workbook: {exc}") from None
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_table(path: Path | str, *, sheet: str | None = None,
               encoding: str | None = None) -> Table:
    """Read ``path`` as text cells; raise ``ImportFileError`` when it holds no table."""
    path = _existing(Path(path))
    fmt = file_format(path)
    if path.stat().st_size == 0:
        raise ImportFileError(f"{path.name} is empty (0 bytes): there is nothing to import")
    if fmt == "xlsx":
        table = _read_workbook(path, sheet)
    else:
        text, used = decode(path.read_bytes(), encoding, name=path.name)
        if not text.strip():
            raise ImportFileError(f"{path.name} holds only blank space: nothing to import")
        table = _read_text(path, fmt, text)
        table.encoding = used
    if not table.rows:
        raise ImportFileError(f"{path.name} has a header row but no rows under it")
    table.checksum = file_checksum(path)
    return table


def peek_text(path: Path | str, *, encoding: str | None = None,
              lines: int = 12) -> tuple[str, str]:
    """The first lines of a text file and the encoding used, to check an encoding by eye."""
    path = _existing(Path(path))
    with open(path, "rb") as handle:
        raw = handle.read(64 * 1024)
    text, used = decode(_whole_chars(raw, encoding), encoding, name=path.name)
    return "\n".join(text.splitlines()[:lines]), used


def _whole_chars(raw: bytes, encoding: str | None) -> bytes:
    """Drop a cut multi-byte character at the end of a sample."""
    if encoding and "16" in encoding:
        return raw[: len(raw) - len(raw) % 2]
    for cut in range(4):
        try:
            raw[: len(raw) - cut].decode("utf-8")
            return raw[: len(raw) - cut]
        except UnicodeDecodeError:
            continue
    return raw


def _existing(path: Path) -> Path:
    if not path.exists():
        raise ImportFileError(f"there is no file {path}")
    if path.is_dir():
        raise ImportFileError(f"{path} is a folder; choose a file")
    return path


# -- text formats ------------------------------------------------------------------------------


def _read_text(path: Path, fmt: str, text: str) -> Table:
    if fmt in ("json", "jsonl"):
        records, problems = _json_records(path, fmt, text)
        return _records_table(path, fmt, records, problems)
    delimiter = "\t" if fmt == "tsv" else _sniff_delimiter(text)
    return _delimited_table(path, fmt, text, delimiter)


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _delimited_table(path: Path, fmt: str, text: str, delimiter: str) -> Table:
    grid = _csv_rows(path, fmt, text, delimiter)
    header, rows = grid[0], grid[1:]
    problems = {number: _ragged(cells, len(header)) for number, cells in enumerate(rows, start=1)
                if len(cells) != len(header)}
    return _tidy(Table(path, fmt, header, rows, problems))


def _csv_rows(path: Path, fmt: str, text: str, delimiter: str) -> list[list[str]]:
    """Every row of a delimited text as its cells; ``ImportFileError`` names the line where a
    row that cannot be read (a quote left open) starts."""
    csv.field_size_limit(sys.maxsize if sys.maxsize < 2**63 else 2**31 - 1)  # 10 MB cells
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, line = [], 1
    try:
        with collector_paused():
            for cells in reader:
                rows.append(cells)
                line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"{path.name} cannot be read as {fmt.upper()}: the row on line "
                              f"{line} ({exc}; is a quote left open?)") from None
    return rows


def _ragged(cells: list[str], width: int) -> str:
    """Why a row with more or fewer cells than the header cannot be used as it is."""
    if not cells:
        return "is an empty line"
    if len(cells) > width:
        return f"has {len(cells)} cells but the header has {width}; it was not cut to fit"
    return f"has {len(cells)} cells but the header has {width}; it was not padded to fit"


def _json_records(path: Path, fmt: str, text: str) -> tuple[list, dict[int, str]]:
    if fmt == "jsonl":
        records, problems = [], {}
        for line in (ln for ln in text.splitlines() if ln.strip()):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                records.append(None)
                problems[len(records)] = f"is not valid JSON ({exc.msg})"
        return records, problems
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{path.name} is not valid JSON: {exc}") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list):
        raise ImportFileError(f"{path.name} holds no list of records (a JSON array of "
                              "objects, or an object with one such array)")
    return data, {}


def _records_table(path: Path, fmt: str, records: list, problems: dict[int, str]) -> Table:
    columns: dict[str, None] = {}
    for record in records:
        if isinstance(record, dict):
            columns.update(dict.fromkeys(str(k) for k in record))
    names = list(columns)
    rows = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            problems.setdefault(number, "is not a JSON object with named values")
            record = {}
        rows.append([json_text(record.get(name)) for name in names])
    return Table(path, fmt, names, rows, problems)


def json_text(value) -> str:
    """A JSON value as cell text: lists and objects stay JSON, numbers as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


# -- workbooks ---------------------------------------------------------------------------------


def _read_workbook(path: Path, sheet: str | None) -> Table:
    import pandas as pd

    sheets = sheet_names(path)
    chosen = sheet if sheet is not None else (sheets[0] if sheets else None)
    if chosen not in sheets:
        raise ImportFileError(f"{path.name} has no sheet {sheet!r}; its sheets are "
                              f"{', '.join(sheets)}")
    try:
        frame = pd.read_excel(path, sheet_name=chosen, header=None, dtype=str,
                              keep_default_na=False, engine="openpyxl")
    except (OSError, ValueError, KeyError) as exc:
        raise ImportFileError(f"{path.name} cannot be read as a workbook: {exc}") from None
    grid = frame.to_numpy(dtype=object).tolist()
    if not grid:
        raise ImportFileError(f"sheet {chosen!r} of {path.name} is empty: nothing to import")
    header = [_cell(c) for c in grid[0]]
    rows, problems = [], {}
    for number, cells in enumerate(grid[1:], start=1):
        row = [_cell(c) for c in cells]
        if not any(c.strip() for c in row):
            problems[number] = "is an empty row"
        rows.append(row)
    return _tidy(Table(path, "xlsx", header, rows, problems, sheet=chosen, sheets=sheets))


def _cell(value) -> str:
    return value if isinstance(value, str) else ""


# -- headers -----------------------------------------------------------------------------------


def _tidy(table: Table) -> Table:
    """Drop columns with neither a name nor a value; give every column a distinct name."""
    keep = [i for i, name in enumerate(table.columns)
            if name.strip() or any(i < len(r) and r[i].strip() for r in table.rows)]
    if len(keep) != len(table.columns):
        table.columns = [table.columns[i] for i in keep]
        table.rows = [[r[i] if i < len(r) else "" for i in keep] for r in table.rows]
    table.columns = unique_columns(table.columns)
    return table


def unique_columns(names: list[str]) -> list[str]:
    """Column names made distinct: blank ones become "column 3", repeats "name (2)"."""
    out: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        base = name.strip() or f"column {position}"
        candidate, n = base, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{base} ({n})"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out
