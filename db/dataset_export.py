"""The analyst's entries as a dataset: written in the bundled dataset's TOML layout
(``resources/dataset/README.md``) with the sources they cite, so that a colleague can add them
to a library (``import_dataset``) or try them as ``ROADBOOK_DATASET``.

A folder written here holds ``dataset/entries.toml``, ``dataset/sources.toml`` and
``sources/*.txt``. Beyond the bundled format, a citation keeps its ``start`` (which occurrence
of the quote) and an entry its ``statements`` (each value a source states, with its rank).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

from db.dataset_amendments import AMENDMENTS_FILE, add_amendments, amendment_records
from db.dates import date_spec
from db.errors import DatasetError, RoadbookError
from db.toml_writing import toml_tables

ORIGINS = ("analyst", "import", "bundled")
AMENDMENTS_HEADER = ("# Quotes and statements added in Roadbook to entries it did not write "
                     "(bundled or imported).\n")
SIZE_LIMIT = 200 * 1024 * 1024  # bytes a dataset folder may hold when it is added
_ENTRY_KEYS = ("id", "kind", "category", "title", "summary", "status")


class DatasetExportError(RoadbookError):
    """The dataset folder cannot be written where asked."""


def entry_record(conn: sqlite3.Connection, entry_id: str) -> dict:
    """One entry as a dataset ``[[entries]]`` table."""
    from db.entries import get_entry

    entry = get_entry(conn, entry_id)
    record = {k: entry[k] for k in _ENTRY_KEYS} | {"tags": entry["tags"]}
    record |= {"date": date_spec(entry["date_start"], entry["date_end"],
                                 entry["date_precision"]),
               "date_text": entry["date_text"],
               "date_origin": entry["date_origin"] if entry["date_start"] else None,
               "date_note": entry["date_note"], "value_text": entry["value_text"],
               "value_note": entry["value_note"], "measures": entry["measures"] or None}
    record["aliases"] = [{k: a[k] for k in ("name", "lang", "script")} for a in entry["aliases"]]
    record["links"] = [{"to": lk["id"], "role": lk["role"]} for lk in entry["links"]
                       if lk["direction"] == "out"]
    record["citations"] = [{"source": c["source_id"], "quote": c["quote"], "field": c["field"],
                            "start": c["start"]} for c in entry["citations"]]
    record["notes"] = entry["notes"]
    record["statements"] = [_statement_record(conn, s) for s in entry["statements"]]
    return record


def _statement_record(conn: sqlite3.Connection, statement: dict) -> dict:
    row = conn.execute("SELECT c.start FROM statements s JOIN citations c "
                       "ON c.num = s.citation_num WHERE s.num = ?", (statement["num"],)).fetchone()
    return {"field": statement["field"], "text": statement["text"], "rank": statement["rank"],
            "source": statement["source_id"], "quote": statement["quote"],
            "start": row[0] if row else None}


def source_record(conn: sqlite3.Connection, source_id: str) -> dict:
    row = conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
    record = {k: row[k] for k in ("id", "title", "author", "publisher", "section")}
    record["date"] = date_spec(row["date_start"], row["date_end"], row["date_precision"])
    record |= {k: row[k] for k in ("date_text", "date_note", "credit", "url")}
    record["file"] = re.sub(r"[^A-Za-z0-9._-]", "-", source_id) + ".txt"
    return record


def export_dataset(conn: sqlite3.Connection, out: Path, *, origin: str = "analyst") -> dict:
    """Write the entries of ``origin`` and the sources they cite into the folder ``out`` (new,
    or empty), whole or not at all. ``problems`` lists what a colleague's Roadbook would refuse
    if the folder were used alone as ``ROADBOOK_DATASET`` (a link to an entry outside it, an
    entry without a quote); adding it to a library that has those entries is fine."""
    if origin not in ORIGINS:
        raise DatasetExportError(f"unknown origin {origin!r} ({', '.join(ORIGINS)})")
    _check_target(out)
    ids = [r[0] for r in conn.execute("SELECT id FROM entries WHERE origin = ? ORDER BY num",
                                      (origin,))]
    entries = [entry_record(conn, i) for i in ids]
    amendments = amendment_records(conn) if origin == "analyst" else []
    cited = list(dict.fromkeys([c["source"] for e in entries for c in e["citations"]]
                               + [c["source"] for a in amendments for c in a["citations"]]))
    sources = [source_record(conn, s) for s in cited]
    partial = out.with_name(f".{out.name}.part")
    try:
        _write_folder(conn, partial, entries, sources)
        if amendments:
            (partial / "dataset" / AMENDMENTS_FILE).write_text(
                toml_tables("amendments", amendments, header=AMENDMENTS_HEADER), encoding="utf-8")
        if out.exists():
            out.rmdir()
        os.replace(partial, out)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise DatasetExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    from db.dataset import read_dataset, validate

    problems = validate(read_dataset(out / "dataset"))
    return {"entries": len(entries), "sources": len(sources), "amended": len(amendments),
            "folder": str(out), "problems": problems}


def _check_target(out: Path) -> None:
    if not out.parent.is_dir():
        raise DatasetExportError(f"cannot write {out}: the folder {out.parent} does not exist")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DatasetExportError(f"{out} already exists and is not an empty folder; "
                                 "choose a new folder for the dataset")


def _write_folder(conn, folder: Path, entries: list[dict], sources: list[dict]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "dataset").mkdir(parents=True)
    (folder / "sources").mkdir()
    header = "# Entries written in Roadbook, in the bundled dataset's format.\n"
    (folder / "dataset" / "entries.toml").write_text(
        toml_tables("entries", entries, header=header), encoding="utf-8")
    (folder / "dataset" / "sources.toml").write_text(
        toml_tables("sources", sources, header=header), encoding="utf-8")
    for source in sources:
        text = conn.execute("SELECT text FROM sources WHERE id = ?", (source["id"],)).fetchone()
        with open(folder / "sources" / source["file"], "w", encoding="utf-8", newline="") as fh:
            fh.write(text[0])


# -- adding a dataset folder to a library ------------------------------------------------------


def dataset_folder(path: Path) -> Path:
    """The folder holding ``entries.toml``: ``path`` itself or its ``dataset`` folder."""
    for folder in (path, path / "dataset"):
        if (folder / "entries.toml").is_file():
            return folder
    if path.is_file() and path.name == "entries.toml":
        return path.parent
    raise DatasetError([f"{path} is not a dataset folder (no entries.toml in it or in "
                        f"{path / 'dataset'})"])


def import_dataset(conn: sqlite3.Connection, path: Path) -> dict:
    """Add a dataset folder's entries (as the analyst's own) and the sources they cite; an
    entry whose id the library has already is left out and counted. Every rule of the dataset
    is checked first (quotes exact, links to entries that exist, dates and sums readable); any
    broken rule refuses the whole folder. The caller holds the write transaction."""
    from db.dataset import read_dataset, validate

    folder = dataset_folder(path)
    _check_size(folder)
    dataset = read_dataset(folder)
    problems = validate(dataset, known_ids=_known_targets(conn, dataset.entries),
                        citations_required=False)
    if problems:
        raise DatasetError(problems)
    source_ids = {s["id"]: _add_source(conn, s) for s in dataset.sources}
    from db.dataset_adding import add_entries

    added = add_entries(conn, dataset.entries, source_ids) | {"sources": len(source_ids)}
    return added | add_amendments(conn, folder, source_ids)


def _check_size(folder: Path) -> None:
    files = [folder / "entries.toml", folder / "sources.toml", folder / AMENDMENTS_FILE,
             *(folder.parent / "sources").glob("*")]
    size = sum(f.stat().st_size for f in files if f.is_file())
    if size > SIZE_LIMIT:
        raise DatasetError([f"{folder} holds {size / 1e6:,.0f} MB; a dataset may hold "
                            f"{SIZE_LIMIT / 1e6:,.0f} MB"])


def _known_targets(conn: sqlite3.Connection, entries: list[dict]) -> frozenset[str]:
    """Link targets outside the dataset that the library has."""
    own = {e.get("id") for e in entries}
    targets = {lk.get("to") for e in entries for lk in _list(e.get("links"))
               if isinstance(lk, dict) and isinstance(lk.get("to"), str)} - own
    found: set[str] = set()
    wanted = sorted(targets)
    for at in range(0, len(wanted), 500):
        page = wanted[at:at + 500]
        found |= {r[0] for r in conn.execute(
            f"SELECT id FROM entries WHERE id IN ({', '.join('?' * len(page))})", page)}
    return frozenset(found)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _add_source(conn: sqlite3.Connection, source: dict) -> str:
    """The library's id for a dataset source: the same text already there, or added now."""
    import hashlib

    text = source["text"]
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    same = conn.execute("SELECT id FROM sources WHERE (id = ? AND text = ?) OR checksum = ?",
                        (source["id"], text, checksum)).fetchone()
    if same is not None:
        return same[0]
    if conn.execute("SELECT 1 FROM sources WHERE id = ?", (source["id"],)).fetchone():
        raise DatasetError([f"source {source['id']}: the library holds another text under "
                            "this id"])
    from db.dataset_adding import insert_source

    insert_source(conn, source, checksum)
    return source["id"]

