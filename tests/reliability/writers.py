"""Roadbook processes that hold a library open for writing and do what they are told, one line
at a time, until they are killed: the state a crash leaves behind, made for real."""

from __future__ import annotations

import json
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

from tests.reliability.child import ROOT

WRITER = """
import os, sys
from db import Library
lib = Library.open(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    verb, _, rest = line.strip().partition(" ")
    if verb == "mark":
        entry, _, note = rest.partition(" ")
        lib.bookmark(entry, note=note)
    elif verb == "fold":  # every frame into the file: the next write starts the log afresh
        lib.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    elif verb == "empty":  # the log cut to nothing, as compacting leaves it
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    print("done", flush=True)
"""


class Writer:
    """A Roadbook process with the library at ``path`` open for writing."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._expect("ready")

    def do(self, line: str) -> None:
        """Send one command and wait until it is done (a bookmark written is acknowledged)."""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        self._expect("done")

    def kill(self) -> None:
        """SIGKILL: the library stays open as far as the files beside it tell."""
        self.proc.kill()
        self.proc.wait(timeout=30)

    def _expect(self, word: str) -> None:
        line = self.proc.stdout.readline().strip()
        if line != word:
            self.kill()
            raise AssertionError(f"the writer said {line!r}, not {word!r}")


def entry_ids(path: Path, count: int) -> list[str]:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM entries ORDER BY id LIMIT ?",
                                           (count,))]
    finally:
        conn.close()


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def log_salts(path: Path) -> list[int]:
    """The salts in the header of the log beside ``path``."""
    return list(struct.unpack(">2I", wal_of(path).read_bytes()[16:24]))


def recorded_salts(path: Path) -> list[int] | None:
    record = path.with_name(path.name + ".sessions") / "wal.json"
    return json.loads(record.read_text())["salts"] if record.exists() else None


def pages_in_log(wal: Path, page_size: int) -> set[int]:
    """The page numbers of the log's frames of its current salts."""
    data = wal.read_bytes()
    salts, pages = data[16:24], set()
    for offset in range(32, len(data) - 24, 24 + page_size):
        if data[offset + 8:offset + 16] != salts:
            break
        pages.add(int.from_bytes(data[offset:offset + 4], "big"))
    return pages
