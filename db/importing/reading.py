"""Reading an analyst's file into a table of text: CSV/TSV, XLSX, JSON and JSON Lines.

Every cell is read as text (``"NA"`` stays Namibia, ``007`` keeps its zeros). Rows that do not
fit the header are kept in place and marked with the reason (never padded or cut silently), so
that rows in the file always equal rows imported plus rows rejected.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from db.errors import ImportFileError
from db.importing.conditions import collector_paused
from db.importing.encodings import decode, detect_encoding
from db.importing.limits import (
    MAX_CELLS,
    check_cells,
    check_fields,
    check_json_values,
    check_text_size,
    check_width,
)

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "csv", ".xlsx": "xlsx",
           ".xlsm": "xlsx", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
TEXT_FORMATS = ("csv", "tsv", "json", "jsonl")
# A text file this size or smaller has its encoding detected and checked whole before import.
WHOLE_CHECK_BYTES = 64 << 20
_DELIMITERS = (",", ";", "\t", "|")
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: JSON can spell it, text cannot


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

    def file_row(self, number: int) -> int:
        """Row ``number`` (1 = the first under the header) as the file numbers it: the row a
        spreadsheet shows (the header is row 1), or the record's place in a JSON file."""
        return number if self.format in ("json", "jsonl") else number + 1


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
    from db.importing.workbooks import sheet_names as names

    return names(_existing(Path(path)))


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
        text, used = decode(_file_bytes(path), encoding, name=path.name)
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


def detect_file_encoding(path: Path | str) -> tuple[str, int | None]:
    """The encoding an import of ``path`` will use, detected as the import does, over the
    whole file; for a file above ``WHOLE_CHECK_BYTES``, over its start, whose size is then
    returned too (the import detects again over all of it)."""
    path = _existing(Path(path))
    raw, whole = _start_of(path)
    return detect_encoding(raw), None if whole else len(raw)


def check_encoding(path: Path | str, encoding: str | None, *, whole: bool = False) -> str:
    """The encoding ``path`` reads as (``encoding``, or the one detected); ``ImportFileError``
    names the line where it cannot be read. Above ``WHOLE_CHECK_BYTES`` only the start is
    checked, unless ``whole``."""
    path = _existing(Path(path))
    raw, complete = (_file_bytes(path), True) if whole else _start_of(path)
    if not complete:
        raw = _whole_chars(raw, encoding)
    return decode(raw, encoding, name=path.name)[1]


def _start_of(path: Path) -> tuple[bytes, bool]:
    """The first ``WHOLE_CHECK_BYTES`` of a file, and whether that is all of it."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(WHOLE_CHECK_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    return raw[:WHOLE_CHECK_BYTES], len(raw) <= WHOLE_CHECK_BYTES


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
    """``path`` when it is a regular file (through any links); otherwise ``ImportFileError``
    saying what it is: missing, a folder, a pipe or device, a link to nowhere or in a loop."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ImportFileError(_unreachable(path, exc)) from None
    if stat.S_ISDIR(mode):
        raise ImportFileError(f"{path} is a folder; choose a file")
    if not stat.S_ISREG(mode):
        raise ImportFileError(f"{path} is {_special_kind(mode)}, not a file; Roadbook imports "
                              "only files saved on disk")
    return path


def _unreachable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"{path} is a symbolic link that loops back on itself; choose the file it " \
               "should point to"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"{path} is a link to {os.readlink(path)}, which does not exist"
    if exc.errno == errno.ENOENT:
        return f"there is no file {path}"
    return f"cannot read {path}: {exc.strerror or exc}"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a disk device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _file_bytes(path: Path) -> bytes:
    """The whole of a text file, refused above ``MAX_TEXT_BYTES`` (it is held in memory)."""
    check_text_size(path, path.stat().st_size)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None


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
    rows, line, width = [], 1, 0
    try:
        with collector_paused():
            for cells in reader:
                rows.append(cells)
                if len(cells) > width:
                    width = len(cells)
                    check_width(path, f"the row on line {line}", width)
                if len(rows) * width > MAX_CELLS:
                    check_cells(path, len(rows), width)
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
    check_json_values(path, text)
    if fmt == "jsonl":
        records, problems = [], {}
        for line in (ln for ln in text.splitlines() if ln.strip()):
            value, problem = _json_value(line)
            records.append(value)
            if problem:
                problems[len(records)] = problem
        return records, problems
    data, problem = _json_value(text, where=True)
    if problem:
        raise ImportFileError(f"{path.name} {problem}")
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list):
        raise ImportFileError(f"{path.name} holds no list of records (a JSON array of "
                              "objects, or an object with one such array)")
    return data, {}


def _json_value(text: str, *, where: bool = False) -> tuple[object, str | None]:
    """The value of a JSON text, or why it cannot be had: not JSON (``where`` it broke), nested
    past the parser's depth, or a number longer than Python converts."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"is not valid JSON ({exc})" if where else \
            f"is not valid JSON ({exc.msg})"
    except RecursionError:
        return None, f"is nested too deeply (more than {sys.getrecursionlimit():,} levels)"
    except ValueError:
        return None, (f"holds a number of more than {sys.get_int_max_str_digits():,} digits, "
                      "too long to read as a number")


def _records_table(path: Path, fmt: str, records: list, problems: dict[int, str]) -> Table:
    columns: dict[str, None] = {}
    for record in records:
        if isinstance(record, dict):
            columns.update(dict.fromkeys(_SURROGATE.sub("\ufffd", str(k)) for k in record))
            check_fields(path, len(columns))
    names = list(columns)
    check_cells(path, len(records), len(names))
    rows = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            problems.setdefault(number, "is not a JSON object with named values")
            record = {}
        record = {_SURROGATE.sub("\ufffd", str(k)): v for k, v in record.items()}
        cells = [json_text(record.get(name)) for name in names]
        broken = next((c for c in cells if _SURROGATE.search(c)), None)
        if broken is not None:
            code = ord(_SURROGATE.search(broken).group())
            problems.setdefault(number, f"holds half of a UTF-16 character pair (\\u{code:04x}) "
                                        "with no other half, which is not text")
            cells = [_SURROGATE.sub("\ufffd", c) for c in cells]
        rows.append(cells)
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
    from db.importing.workbooks import read_sheet

    chosen, sheets, header, grid = read_sheet(path, sheet)
    rows, problems = [], {}
    for number, row in enumerate(grid, start=1):
        if not any(c.strip() for c in row):
            problems[number] = "is an empty row"
        rows.append(row)
    return _tidy(Table(path, "xlsx", header, rows, problems, sheet=chosen, sheets=sheets))


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
