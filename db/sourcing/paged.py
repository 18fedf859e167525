"""PDF and Word documents as readable text: a PDF's text layer page by page (page numbers kept
for the passages), a DOCX file's paragraphs and tables."""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
import zipfile

from db.sourcing.document import MAX_SECONDS, Document, SourceFileError, clean_text

MAX_PAGES = 2_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a DOCX is a zip file: refuse a zip bomb unopened
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_SPACES = re.compile(r"[ \t\u00a0]+")
_LIGATURES = re.compile("[\ufb00-\ufb06]")  # ﬁ, ﬂ, ﬃ … as PDF fonts draw them


def read_pdf(raw: bytes, name: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf reports what it works around in a damaged file as log warnings; the user gets
    # one line from us instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceFileError(f"{name} is protected by a password; save an unprotected copy")
        return _pdf_document(reader, name)
    except SourceFileError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise SourceFileError(f"{name} cannot be read as a PDF: {exc}") from None


def _pdf_document(reader, name: str) -> Document:
    if len(reader.pages) > MAX_PAGES:
        raise SourceFileError(f"{name} has {len(reader.pages):,} pages; a source may have at "
                              f"most {MAX_PAGES:,}")
    began, text, pages = time.monotonic(), "", []
    for number, page in enumerate(reader.pages, start=1):
        if time.monotonic() - began > MAX_SECONDS:
            raise SourceFileError(f"{name} took too long to read (over {MAX_SECONDS:.0f} s at "
                                  f"page {number}); it may be damaged")
        words = clean_text(_joined_lines(page.extract_text() or ""))
        if words:
            text += "\n\n" if text else ""
            pages.append((len(text), number))
            text += words
    info = reader.metadata or {}
    return Document(text=text, format="pdf", title=_info(info, "/Title"),
                    author=_info(info, "/Author"), pages=pages)


def _joined_lines(page_text: str) -> str:
    """A page's lines joined into paragraphs: a line that does not end a sentence runs on."""
    out = []
    page_text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), page_text)
    for line in page_text.splitlines():
        line = _SPACES.sub(" ", line).strip()
        if not line:
            out.append("\n\n")
        elif out and out[-1] not in ("\n\n", "\n") and not _SENTENCE_END.search(out[-1]):
            out.append(" " + line)
        else:
            out.append(("\n" if out and out[-1] != "\n\n" else "") + line)
    return "".join(out)


def _info(info, key: str) -> str | None:
    value = info.get(key) if hasattr(info, "get") else None
    return str(value).strip()[:500] or None if value else None


def read_docx(raw: bytes, name: str) -> Document:
    _check_zip(raw, name)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SourceFileError(f"{name} cannot be read as a Word document: {exc}") from None
    blocks = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(" | ".join(dict.fromkeys(cells)))
    props = document.core_properties  # its creation date is the file's, not the text's
    return Document(text=clean_text("\n\n".join(blocks)), format="docx",
                    title=(props.title or "").strip()[:500] or None,
                    author=(props.author or "").strip()[:500] or None)


def _check_zip(raw: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        raise SourceFileError(f"{name} is not a Word (.docx) document") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceFileError(f"{name} unpacks to {unpacked:,} bytes; it is not an ordinary "
                              "Word document")
