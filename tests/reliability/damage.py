"""Damaged and unusual library files, made from a real library the way they happen for real."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

PAGE_TYPES = {2, 5, 10, 13}  # the first byte of every b-tree page


def root_page(path: Path, name: str) -> int:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (name,)).fetchone()[0]
    finally:
        conn.close()


def page_size(path: Path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def write_at(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def break_page(path: Path, page: int) -> None:
    """Give a b-tree page a type byte no page has (as a flipped bit on disk would)."""
    offset = (page - 1) * page_size(path) + (100 if page == 1 else 0)
    write_at(path, offset, b"\x00")


def flip_bit(path: Path, offset: int, bit: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
        handle.seek(offset)
        handle.write(bytes([byte ^ (1 << bit)]))


def truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(size)


def set_schema_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


def plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann', '555')")
    conn.commit()
    conn.close()


def spreadsheet(path: Path) -> None:
    """An .xlsx renamed to look like a library (a zip file)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")


def fingerprint(path: Path) -> str | None:
    """A digest of the file and its WAL, to show a refused file was left exactly as it was."""
    if not path.exists():
        return None
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def readable_copy(source: Path, folder: Path) -> Path:
    """A copy of ``source`` in a fresh folder others may enter (for an unprivileged child)."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    target = folder / "library.sqlite"
    shutil.copyfile(source, target)
    return target


def unprivileged() -> list[str] | None:
    """A command prefix that runs a child without the power to ignore file permissions.

    ``[]`` for an ordinary user; for root, ``setpriv`` dropping that capability; ``None``
    when neither is possible (the read-only cases are then skipped).
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
