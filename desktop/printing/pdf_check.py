"""Checking a PDF file before it replaces anything: Qt's PDF writer does not report a write
that failed (a full disk, a quota), so a file cut short would otherwise be announced as written.

A sound file begins as a PDF, ends with ``%%EOF`` after a ``startxref`` that points at its
cross-reference table, every object that table lists is where it says, and it holds the pages
that were painted.
"""

from __future__ import annotations

import re
from pathlib import Path

_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_PAGE = re.compile(rb"/Type\s*/Page\b")


def pdf_problem(path: Path, pages: int) -> str | None:
    """What is wrong with the PDF at ``path`` that should have ``pages`` pages, or ``None``."""
    data = Path(path).read_bytes()
    if not data.startswith(b"%PDF-"):
        return f"it is {len(data):,} bytes and does not begin as a PDF"
    tail = _TAIL.search(data[-1024:])
    if tail is None:
        return f"it was cut short at {len(data):,} bytes, with no end-of-file marker"
    offset = int(tail[1])
    if not data.startswith(b"xref", offset):
        return "its table of contents (xref) is not where the file says"
    missing = _missing_objects(data, offset + 4)
    if missing:
        return f"{missing} of its objects are not where its table of contents says"
    found = len(_PAGE.findall(data))
    if found != pages:
        return f"it holds {found} pages instead of {pages}"
    return None


def _missing_objects(data: bytes, at: int) -> int:
    """How many objects listed in the cross-reference table at ``at`` are not at their offset."""
    missing = 0
    while (section := _SECTION.match(data, _skip_space(data, at))) is not None:
        first, count = int(section[1]), int(section[2])
        at = section.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, _skip_space(data, at))
            if entry is None:
                return count
            at = entry.end()
            if entry[3] == b"n" and not re.match(
                    rb"%d\s+%d\s+obj" % (number, int(entry[2])), data[int(entry[1]):][:40]):
                missing += 1
    return missing


def _skip_space(data: bytes, at: int) -> int:
    while at < len(data) and data[at] in b" \t\r\n":
        at += 1
    return at
