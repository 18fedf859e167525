"""Writing entries out: JSON (the ``show --json`` objects) and CSV that spreadsheets open safely."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from db.errors import RoadbookError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("id", "kind", "category", "title", "summary", "status", "date_text", "date_start",
               "date_end", "date_precision", "value_text", "value_usd", "aliases", "links",
               "tags", "quotes", "bookmark_note", "bookmark_tags", "origin")


class ExportError(RoadbookError):
    """The export file could not be written."""


def public_entry(entry: dict) -> dict:
    """The shape of ``roadbook show --json``: an entry as analysts and other tools read it."""
    keys = ("id", "kind", "title", "summary", "category", "status", "date_start", "date_end",
            "date_precision", "date_text", "date_origin", "date_note", "value_usd", "value_text",
            "value_note", "measures", "tags", "origin")
    out = {k: entry.get(k) for k in keys}
    out["aliases"] = entry.get("aliases", [])
    out["links"] = [{"id": lk["id"], "kind": lk["kind"], "title": lk["title"], "role": lk["role"],
                     "direction": lk["direction"]} for lk in entry.get("links", [])]
    out["citations"] = [{"source_id": c["source_id"], "source_title": c["source_title"],
                         "quote": c["quote"]} for c in entry.get("citations", [])]
    out["notes"] = entry.get("notes", [])
    bookmark = entry.get("bookmark")
    out["bookmark"] = {"note": bookmark["note"], "tags": bookmark["tags"]} if bookmark else None
    return out


def neutralise(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
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
        flat["value_usd"] = f"{flat['value_usd']:.0f}"
    return [neutralise(flat.get(c)) for c in CSV_COLUMNS]


def write_entries(entries: Iterable[dict], out: Path, fmt: str, *,
                  progress: Callable[[int], bool] | None = None) -> int:
    """Write entries (``public_entry`` dicts) to ``out`` atomically; returns how many.

    ``progress(n)`` is called as rows are written; returning ``False`` cancels, leaving no file.
    """
    out = Path(out)
    if fmt not in ("json", "csv"):
        raise ExportError(f"unknown export format {fmt!r} (json or csv)")
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: the folder {out.parent} does not exist")
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
        os.replace(handle.name, out)
    except BaseException as exc:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
        raise
    return count


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
