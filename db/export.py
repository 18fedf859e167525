"""Writing entries out: JSON (the ``show --json`` objects), and CSV and XLSX that spreadsheets
open safely (no cell is ever run as a formula)."""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from db.errors import RoadbookError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Where an imported entry came from (several rows of several batches are joined with " | ").
PROVENANCE_COLUMNS = ("dataset", "dataset_version", "credit", "licence", "source_file",
                      "source_sheet", "source_row", "import_batch")
_NO_PROVENANCE = dict.fromkeys(PROVENANCE_COLUMNS, "")
_PROVENANCE_OF_COLUMN = dict(zip(PROVENANCE_COLUMNS, ("dataset", "version", "credit", "licence",
                                                      "file", "sheet", "row", "batch"),
                                 strict=True))
CSV_COLUMNS = ("id", "kind", "category", "title", "summary", "status", "date_text", "date_start",
               "date_end", "date_precision", "value_text", "value_usd", "aliases", "links",
               "tags", "quotes", "bookmark_note", "bookmark_tags", "origin", "date_note",
               "value_note", "extra", *PROVENANCE_COLUMNS)
_FORMULA_FIRST = frozenset("".join(FORMULA_STARTS))
FORMATS = ("csv", "xlsx", "json")
SCOPES = ("results", "selection", "bookmarks")
XLSX_CELL_LIMIT = 32_767  # the most characters a spreadsheet cell holds


class ExportError(RoadbookError):
    """The export file could not be written."""


def neutralise(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in _FORMULA_FIRST:
        return "'" + text
    return text


def csv_row(entry: dict) -> list[str]:
    bookmark = entry.get("bookmark") or {}
    flat = dict(entry)
    flat["aliases"] = "; ".join(a["name"] for a in entry.get("aliases", []))
    flat["links"] = "; ".join(f"{lk['role']}: {lk['title']}" for lk in entry.get("links", [])
                              if lk.get("direction", "out") == "out")
    flat["tags"] = "; ".join(entry.get("tags") or [])
    flat["quotes"] = " | ".join(c["quote"] for c in entry.get("citations", []))
    flat["bookmark_note"] = bookmark.get("note", "")
    flat["bookmark_tags"] = "; ".join(bookmark.get("tags", []))
    if flat.get("value_usd") is not None:
        flat["value_usd"] = usd_text(flat["value_usd"])
    flat["extra"] = json.dumps(entry["extra"], ensure_ascii=False) if entry.get("extra") else ""
    flat |= provenance_cells(entry.get("provenance") or [])
    return [neutralise(flat.get(c)) for c in CSV_COLUMNS]


def provenance_cells(provenance: list[dict]) -> dict[str, str]:
    """The provenance columns of a row: each fact of every file row the entry came from."""
    if not provenance:
        return _NO_PROVENANCE
    return {column: " | ".join("" if p[key] is None else str(p[key]) for p in provenance)
            for column, key in _PROVENANCE_OF_COLUMN.items()}


def write_entries(entries: Iterable[dict], out: Path, fmt: str, *,
                  progress: Callable[[int], bool] | None = None) -> int:
    """Write entries (``public_entry`` dicts) to ``out`` atomically; returns how many.

    ``progress(n)`` is called as rows are written; returning ``False`` cancels, leaving no file.
    """
    from db.output_path import OutputPathError, output_target

    try:
        out = output_target(out)
    except OutputPathError as exc:
        raise ExportError(str(exc)) from None
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (csv, xlsx or json)")
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: the folder {out.parent} does not exist")
    if fmt == "xlsx":
        return _write_xlsx(entries, out, progress)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, then renamed)
            "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="",
            dir=out.parent, prefix=f".{out.name}.", suffix=".part", delete=False)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    count = 0
    try:
        with handle:
            count = _write(handle, entries, fmt, progress)
        as_new_file(handle.name)
        os.replace(handle.name, out)
    except BaseException as exc:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
        raise
    return count


def as_new_file(path: str | Path) -> None:
    """Give a temporary file (made 0600) the permissions any new file gets: 0666 less the
    umask, as the workbook writer and every other program leave them."""
    mask = os.umask(0o022)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


class ExportCancelled(RoadbookError):
    """The export was cancelled; no file was written."""


def _write(handle, entries, fmt, progress) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
    else:
        handle.write("[")
    for entry in entries:
        if fmt == "csv":
            writer.writerow(csv_row(entry))
        else:
            handle.write((",\n " if count else "\n ") + json.dumps(entry, ensure_ascii=False))
        count += 1
        if progress is not None and progress(count) is False:
            raise ExportCancelled("export cancelled")
    if fmt == "json":
        handle.write("\n]\n" if count else "]\n")
    return count


def usd_text(value: float) -> str:
    """Dollars as a plain number: whole dollars without a decimal point, cents kept."""
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else repr(value)


def export_entries(conn: sqlite3.Connection, ids: list[str], out: Path, fmt: str, *,
                   progress: Callable[[int], bool] | None = None) -> int:
    """Write the entries with these ids, in this order, to ``out`` (csv, xlsx or json); they
    are read a page at a time (``db.export_pages``)."""
    from db.export_pages import public_entries

    return write_entries(public_entries(conn, ids, incoming=fmt == "json"), out, fmt,
                         progress=progress)


def scope_ids(library, scope: str, *, query: str = "", selected_ids=()) -> list[str]:
    """Ids to export from a ``Library``: the ``results`` of ``query`` in result order, the
    ``selection`` as given, or the ``bookmarks``."""
    if scope == "bookmarks":
        return bookmarked_ids(library.conn)
    if scope == "selection":
        return list(selected_ids)
    if scope == "results":
        return ids_for_nums(library.conn, library.results(query).nums)
    raise ExportError(f"unknown export scope {scope!r} ({', '.join(SCOPES)})")


def bookmarked_ids(conn: sqlite3.Connection) -> list[str]:
    """Ids of bookmarked entries that are still in the library, newest bookmark first."""
    return [r[0] for r in conn.execute(
        "SELECT b.entry_id FROM bookmarks b JOIN entries e ON e.id = b.entry_id "
        "ORDER BY b.created_at DESC, b.entry_id")]


def ids_for_nums(conn: sqlite3.Connection, nums: list[int]) -> list[str]:
    """Entry ids for entry numbers, in the same order (a result set's order)."""
    out: list[str] = []
    for start in range(0, len(nums), 500):
        page = nums[start:start + 500]
        sql = f"SELECT num, id FROM entries WHERE num IN ({', '.join('?' * len(page))})"
        found = dict(conn.execute(sql, page).fetchall())
        out += [found[n] for n in page if n in found]
    return out


# -- XLSX ----------------------------------------------------------------------------------------


def xlsx_cell(value) -> str | float:
    """A cell for a workbook: a number stays a number; text is neutralised like CSV, stripped
    of the control characters XLSX cannot hold, and cut (saying so) at the cell limit."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", neutralise(value))
    if len(text) > XLSX_CELL_LIMIT:
        note = f" …[cut: {len(text):,} characters; export CSV or JSON for the whole text]"
        text = text[: XLSX_CELL_LIMIT - len(note)] + note
    return text


def xlsx_row(entry: dict) -> list:
    cells = dict(zip(CSV_COLUMNS, csv_row(entry), strict=True))
    if entry.get("value_usd") is not None:
        cells["value_usd"] = float(entry["value_usd"])
    return [xlsx_cell(cells[c]) if cells[c] != "" else None for c in CSV_COLUMNS]  # None: no cell


def _write_xlsx(entries: Iterable[dict], out: Path, progress) -> int:
    """A workbook with one sheet of entries; every text cell is typed as text, never a
    formula. Written beside ``out`` and renamed, so a cancel leaves no file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Roadbook entries")
    sheet.freeze_panes = "A2"
    for letter, width in (("D", 40), ("E", 60)):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    sheet.append([_typed(WriteOnlyCell(sheet, value=c), font=bold) for c in CSV_COLUMNS])
    count = 0
    try:
        for entry in entries:  # plain values: neutralised text never starts a formula
            sheet.append(xlsx_row(entry))
            count += 1
            if progress is not None and progress(count) is False:
                raise ExportCancelled("export cancelled")
    except BaseException as exc:
        with contextlib.suppress(Exception):
            sheet.close()  # ends the sheet's temporary stream; nothing is saved
        if _disk_error(exc):  # the sheet's temporary file: a full disk, a quota
            raise ExportError(f"cannot write {out}: {_disk_error(exc)}") from None
        raise
    partial = out.with_name(f".{out.name}.part")
    try:
        book.save(partial)
        os.replace(partial, out)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        if _disk_error(exc):
            raise ExportError(f"cannot write {out}: {_disk_error(exc)}") from None
        raise
    return count


def _disk_error(exc: BaseException) -> str | None:
    """Why a write failed when the disk refused it: an ``OSError``, or the ``IO_EFBIG``-style
    code lxml reports instead (openpyxl writes its XML with lxml when it is installed)."""
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    code = re.fullmatch(r"IO_(E[A-Z0-9]+)", str(exc))
    if code and isinstance(getattr(errno, code[1], None), int):
        return os.strerror(getattr(errno, code[1]))
    return None


def _typed(cell, *, font=None):
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text, even if it looks like a formula or a number
    if font is not None:
        cell.font = font
    return cell
