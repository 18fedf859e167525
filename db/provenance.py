"""Whose work an imported file is: the dataset facts a batch keeps once (title, version, credit
line and licence, from the preset or typed by the user; the file's name for a file without
one), and the row each entry came from, read back for every surface that shows an entry."""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.paths import resource_path

CREDIT_LIMIT = 2_000  # characters of a credit line the user types


@dataclass(frozen=True)
class Dataset:
    """The facts of the dataset a batch came from."""

    title: str
    version: str | None = None
    credit: str | None = None
    licence: str | None = None


def dataset_of(mapping, path: Path, credit: str | None = None) -> Dataset:
    """The dataset a file imported with ``mapping`` belongs to: the preset's facts, else the
    file's name; ``credit`` (typed by the user) is kept in place of the preset's."""
    facts = _preset_facts(mapping.name) if mapping.name else {}
    typed = " ".join((credit or "").split())[:CREDIT_LIMIT] or None
    return Dataset(
        title=mapping.title or facts.get("title") or Path(path).name,
        version=_text(getattr(mapping, "version", None) or facts.get("version")),
        credit=typed or _text(getattr(mapping, "credit", None) or facts.get("credit")),
        licence=_text(getattr(mapping, "licence", None) or facts.get("licence")))


@functools.lru_cache(maxsize=32)
def _preset_facts(name: str) -> dict:
    """The top-level settings of the shipped preset ``name`` ({} when there is none)."""
    import tomllib  # read on import only, never on the way to the window's first paint

    path = resource_path("presets", f"{name}.toml")
    if "/" in name or "\\" in name or not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _text(value) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


_ROWS = ("SELECT p.entry_id, p.batch_id, p.row, i.file, i.sheet, i.dataset, i.version, "
         "i.credit, i.licence FROM provenance p JOIN imports i ON i.id = p.batch_id "
         "WHERE p.entry_id IN ({}) ORDER BY p.batch_id, p.row")


def entry_provenance(conn: sqlite3.Connection, entry_id: str) -> list[dict]:
    """Every row an entry came from, oldest batch first: ``{"batch", "file", "sheet", "row",
    "dataset", "version", "credit", "licence"}`` (empty for bundled and analyst entries)."""
    return provenance_by_entry(conn, [entry_id]).get(entry_id, [])


def provenance_by_entry(conn: sqlite3.Connection, entry_ids: list[str]) -> dict[str, list]:
    """``entry_provenance`` of several entries in one query: entry id → its rows (entries
    with none are left out)."""
    out: dict[str, list] = {}
    if not entry_ids:
        return out
    for r in conn.execute(_ROWS.format(", ".join("?" * len(entry_ids))), entry_ids):
        out.setdefault(r[0], []).append(with_file_name({
            "batch": r[1], "file": r[3], "sheet": r[4], "row": r[2], "dataset": r[5],
            "version": r[6], "credit": r[7], "licence": r[8]}))
    return out


def with_file_name(item: dict) -> dict:
    """A provenance item naming its file by name only (the batch keeps the whole path), and
    by that name its dataset when the batch has no title for it."""
    name = Path(item["file"]).name
    return item | {"file": name, "dataset": item["dataset"] or name}


def entry_record(conn: sqlite3.Connection, entry_id: str) -> dict | None:
    """The first row an entry came from as the file had it: its provenance and ``cells``, a
    list of (column, cell) in the file's order; ``None`` for an entry no file made."""
    row = conn.execute(
        "SELECT p.cells, i.columns FROM provenance p JOIN imports i ON i.id = p.batch_id "
        "WHERE p.entry_id = ? ORDER BY p.batch_id, p.row LIMIT 1", (entry_id,)).fetchone()
    if row is None:
        return None
    cells = _json_list(row[0])
    columns = _json_list(row[1])
    columns += [f"column {n}" for n in range(len(columns) + 1, len(cells) + 1)]
    return entry_provenance(conn, entry_id)[0] | {
        "cells": [(str(c), str(v)) for c, v in zip(columns, cells, strict=False)]}


def _json_list(text: str | None) -> list:
    try:
        value = json.loads(text) if text else []
    except json.JSONDecodeError:
        return []
    return value if isinstance(value, list) else []


def imported_datasets(conn: sqlite3.Connection) -> list[dict]:
    """The datasets imported into the library, each once (its batches together), in the order
    first imported: ``{"dataset", "entries"}`` (entries: the rows its batches imported)."""
    rows = conn.execute("SELECT dataset, file, rows_imported FROM imports ORDER BY id")
    found: dict[str, dict] = {}
    for title, file, imported in rows:
        name = title or Path(file).name
        found.setdefault(name, {"dataset": name, "entries": 0})["entries"] += imported
    return list(found.values())


def datasets_used(conn: sqlite3.Connection, entry_ids: list[str]) -> list[dict]:
    """The datasets the given entries came from, each once, with how many of them:
    ``{"dataset", "version", "credit", "licence", "files", "entries"}``."""
    found: dict[tuple, dict] = {}
    for start in range(0, len(entry_ids), 500):
        chunk = entry_ids[start:start + 500]
        sql = ("SELECT i.dataset, i.version, i.credit, i.licence, i.file, "
               "count(DISTINCT p.entry_id) FROM provenance p JOIN imports i ON i.id = p.batch_id "
               f"WHERE p.entry_id IN ({', '.join('?' * len(chunk))}) "
               "GROUP BY i.id ORDER BY i.id")
        for title, version, credit, licence, file, n in conn.execute(sql, chunk):
            name = Path(file).name
            key = (title or name, version)
            item = found.setdefault(key, {"dataset": title or name, "version": version,
                                          "credit": credit, "licence": licence, "files": [],
                                          "entries": 0})
            item["entries"] += n
            if name not in item["files"]:
                item["files"].append(name)
    return list(found.values())
