"""A document read from a file or pasted: its readable text, metadata and page breaks.

Every reader returns a ``Document``; ``clean_text`` makes any text fit to store: line ends
unified, NUL and other invisible control characters dropped, runs of blank lines shortened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from db.errors import RoadbookError

MAX_FILE_BYTES = 64 * 1024 * 1024  # a PDF of a few hundred pages with images
MAX_TEXT_CHARS = 2_000_000  # some 330,000 words: a thick book
MAX_SECONDS = 20.0  # reading one file, whatever its format

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_TRAILING = re.compile(r"[ \t]+\n")


class SourceFileError(RoadbookError):
    """A file that cannot be added as a source: missing, too large, unreadable, no text."""


class DuplicateSourceError(RoadbookError):
    """The same text is already in the library as a source (same checksum)."""

    def __init__(self, message: str, *, source_id: str):
        super().__init__(message)
        self.source_id = source_id


@dataclass
class Document:
    """Readable text with what the file says about itself; ``pages``: (start offset, page
    number) where each page of a paged format begins."""

    text: str
    format: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    pages: list[tuple[int, int]] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Text fit to store and show: ``\\n`` line ends, no NUL or stray control characters,
    at most one blank line in a row, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL.sub("", text.replace("\f", "\n"))
    text = _TRAILING.sub("\n", text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def check_length(text: str, name: str) -> str:
    """``text``, unless it is empty or longer than a source may be."""
    if not text.strip():
        raise SourceFileError(f"{name} has no readable text (a scanned PDF needs OCR first)")
    if len(text) > MAX_TEXT_CHARS:
        raise SourceFileError(f"{name} has {len(text):,} characters of text; a source may have "
                              f"at most {MAX_TEXT_CHARS:,} (split it into parts)")
    return text
