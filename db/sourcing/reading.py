"""Reading a source file (plain text, Markdown, HTML, PDF, DOCX) into a ``Document``.

The format comes from the file's name, else from its first bytes. The file is refused, with one
clear line, when it is missing, too large, unreadable or without text.
"""

from __future__ import annotations

from pathlib import Path

from db.sourcing.document import (
    MAX_FILE_BYTES,
    Document,
    SourceFileError,
    check_length,
    clean_text,
)

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".mdown": "markdown", ".html": "html", ".htm": "html", ".xhtml": "html",
            ".pdf": "pdf", ".docx": "docx"}
FORMATS = ("text", "markdown", "html", "pdf", "docx")
# Bytes read at most per format, so that a hostile file is refused before it costs minutes:
# text holds at most MAX_TEXT_CHARS characters (4 bytes each at worst); a web page's article
# is found in some 0.6 s a megabyte.
FORMAT_BYTES = {"text": 8 << 20, "markdown": 8 << 20, "html": 10 << 20}
_KINDS = {"text": "text file", "markdown": "Markdown file", "html": "web page"}


def read_source_file(path: Path | str) -> Document:
    """The readable text of the file at ``path``, with its metadata."""
    path = Path(path)
    raw = _read_bytes(path)
    fmt = _format_of(path, raw)
    limit = FORMAT_BYTES.get(fmt, MAX_FILE_BYTES)
    if len(raw) > limit:
        raise SourceFileError(f"{path.name} is {len(raw) / 1e6:,.1f} MB; a {_KINDS[fmt]} may be "
                              f"at most {limit >> 20} MB")
    document = read_source_bytes(raw, path.name, fmt)
    check_length(document.text, path.name)
    return document


def read_source_text(text: str, *, name: str = "the pasted text",
                     markdown: bool = False) -> Document:
    """Pasted text as a document (Markdown when asked, else taken as plain text)."""
    if markdown:
        from db.sourcing.markdown import read_markdown

        document = read_markdown(text)
    else:
        document = Document(text=clean_text(text), format="text")
    check_length(document.text, name)
    return document


def read_source_bytes(raw: bytes, name: str, fmt: str) -> Document:
    if fmt == "pdf":
        from db.sourcing.paged import read_pdf

        return read_pdf(raw, name)
    if fmt == "docx":
        from db.sourcing.paged import read_docx

        return read_docx(raw, name)
    if fmt == "html":
        from db.sourcing.webpage import read_webpage

        return read_webpage(raw, name)
    text = _decoded(raw, name)
    if fmt == "markdown":
        from db.sourcing.markdown import read_markdown

        return read_markdown(text)
    return Document(text=clean_text(text), format="text")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise SourceFileError(f"{path} is a folder; choose a file")
        if size > MAX_FILE_BYTES:
            raise SourceFileError(f"{path.name} is {size / 1e6:,.0f} MB; a source file may be "
                                  f"at most {MAX_FILE_BYTES // 1024 // 1024} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceFileError(f"there is no file {path}") from None
    except OSError as exc:
        raise SourceFileError(f"{path} cannot be read: {exc.strerror or exc}") from None


def _format_of(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise SourceFileError(f"{path.name} is an old Word 97 file; save it as .docx and add that")
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    head = raw[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"pk\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _decoded(raw: bytes, name: str) -> str:
    from db.errors import ImportFileError
    from db.importing.encodings import decode

    try:
        return decode(raw, None, name=name)[0]
    except ImportFileError as exc:
        raise SourceFileError(str(exc)) from None
