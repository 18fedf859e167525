"""Source files of every format, written by the tests themselves (PDF by Qt, DOCX by
python-docx), each telling the same short story."""

from __future__ import annotations

from pathlib import Path

PARAGRAPHS = [
    "Vladimir Putin met Xi Jinping in Beijing last year to talk about trade.",
    "The Moscow–Kazan high-speed railway will cost more than $21 billion, officials said "
    "in June.",
    "Igor Sechin of Rosneft said trade reached nearly $70 billion in this year's first "
    "quarter.",
]

MARKDOWN = """---
title: "Putin and Xi meet again"
date: 2016-07-20
byline: Jane Doe
---

# Putin and Xi meet again

<div><img src="https://example.com/putin.png" alt="Putin"></div>
{:.lead}

Vladimir Putin met [Xi Jinping](https://example.com/xi) in Beijing last year to talk about
trade. ![a photo](photo.jpg)

The **Moscow–Kazan high-speed railway** will cost more than $21 billion, officials said in June.

Igor Sechin of Rosneft said trade reached nearly $70 billion in this year's first quarter.
"""

HTML = """<!doctype html><html lang="en"><head><title>Putin and Xi | World News</title>
<meta property="og:title" content="Putin and Xi meet again">
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="World News">
<meta property="article:published_time" content="2016-07-20T08:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
<div class="menu"><a href="/a">Politics</a> | <a href="/b">Markets</a>
| <a href="/c">Opinion</a></div>
<article><h1>Putin and Xi meet again</h1>
<p>Vladimir Putin met Xi Jinping in Beijing last year to talk about trade. The two leaders spent
two days in talks and signed a number of agreements that their governments had prepared over
many months.</p>
<p>The Moscow–Kazan high-speed railway will cost more than $21 billion, officials said in June.
It is the first part of a line that should one day reach the Chinese border and carry both
passengers and freight.</p>
<p>Igor Sechin of Rosneft said trade reached nearly $70 billion in this year's first quarter,
which he described as a good start for a difficult year in which oil prices remained low.</p>
</article>
<footer><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a> ·
Copyright 2016 World News</footer>
<script>document.write("<p>injected</p>")</script>
</body></html>
"""


def write_markdown(folder: Path) -> Path:
    path = folder / "post.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def write_html(folder: Path) -> Path:
    path = folder / "page.html"
    path.write_text(HTML, encoding="utf-8")
    return path


def write_text(folder: Path, text: str = "\n\n".join(PARAGRAPHS), name="notes.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Putin and Xi meet again"
    document.core_properties.author = "Jane Doe"
    document.add_heading("Putin and Xi meet again", level=1)
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    path = folder / "report.docx"
    document.save(path)
    return path


def write_pdf(folder: Path) -> Path:
    """Two pages written with Qt: the first two paragraphs, then the third."""
    from PySide6.QtCore import QMarginsF, QRectF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    path = folder / "report.pdf"
    writer = QPdfWriter(str(path))
    writer.setTitle("Putin and Xi meet again")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(20, 20, 20, 20)))
    painter = QPainter(writer)
    painter.setFont(QFont("Sans", 11))
    width = writer.width()
    for index, paragraph in enumerate(PARAGRAPHS):
        if index == 2:
            writer.newPage()
        top = 0 if index != 1 else 1500
        painter.drawText(QRectF(0, top, width, 1400), 0x1000, paragraph)  # word wrap
    painter.end()
    return path
