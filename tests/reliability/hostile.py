"""Hostile text, and how to tell whether a surface showed it as text or rendered it as markup."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tests.reliability import figures

# Characters that must never reach a surface raw: they steer terminals or reorder text.
UNSAFE_CHARS = ("\x00", "\x07", "\x1b", "\u202e", "\u202d", "\u2066")


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    visible: str  # what a reader must see, literally, wherever the text is shown in full
    short_visible: str = ""  # the same for one-line cells that shorten long text

    def seen_in(self, shown: str, *, shortened: bool = False) -> bool:
        expected = (self.short_visible or self.visible) if shortened else self.visible
        return expected in shown and not any(c in shown for c in UNSAFE_CHARS)


PAYLOADS = (
    Payload("image", '<img src="http://127.0.0.1:9/x.png" onerror=alert(1)> Gazprom',
            '<img src="http://127.0.0.1:9/x.png"'),
    Payload("javascript link", '<a href="javascript:alert(1)">Gazprom</a>',
            '<a href="javascript:alert(1)">'),
    Payload("file link", '<a href="file:///etc/passwd">Gazprom</a>', '<a href="file:///etc/'),
    Payload("script and bold", "<b>Gazprom?</b><script>alert(1)</script>",
            "<b>Gazprom?</b><script>"),
    Payload("style and table", "<style>p{display:none}</style><table><tr><td>Gazprom",
            "<style>p{display:none}</style>"),
    Payload("entities", "&lt;b&gt;Gazprom&lt;/b&gt; &amp;amp;", "&lt;b&gt;Gazprom&lt;/b&gt;"),
    Payload("right-to-left override", "Gazprom invoice \u202eFDP.exe", "Gazprom invoice"),
    Payload("control characters", "Gazprom\x07 bell \x1b[31mred\x1b[0m \x00nul", "Gazprom"),
    Payload("very long", "Gazprom " + "A" * 20_000 + " <i>tail</i>", "<i>tail</i>",
            short_visible="Gazprom AAAA"),
    Payload("formula", '=HYPERLINK("http://127.0.0.1:9","Gazprom")', '=HYPERLINK('),
)


def inject(path: Path, payload: Payload, entry_id: str = "gazprom") -> None:
    """Put the payload where an import or another analyst's library would: the entry's title,
    summary and an alias, a bookmark note and tag, a saved search, a source's title and credit."""
    text = payload.text
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE entries SET title = ?, summary = ?, names = ? WHERE id = ?",
                     (text, text, text, entry_id))
        conn.execute("INSERT INTO aliases (entry_id, name) VALUES (?, ?)", (entry_id, text))
        conn.execute("INSERT INTO bookmarks VALUES (?, ?, ?, '2016-06-25', '2016-06-25')",
                     (entry_id, text, text))
        conn.execute("INSERT INTO bookmark_tags VALUES (?, ?)", (entry_id, text[:200]))
        conn.execute("INSERT INTO saved_searches VALUES (?, ?, '2016-06-25')", (text, text))
        conn.execute("UPDATE sources SET title = ?, credit = ?", (text, text))
    finally:
        conn.close()


def rendered(text: str | None, *, rich: bool | None = None) -> tuple[str, list[str]]:
    """What Qt shows for ``text``: ``(plain text, active parts)``. ``rich=None`` decides as Qt
    does for tooltips and message boxes (``Qt.mightBeRichText``)."""
    from PySide6.QtGui import Qt, QTextDocument

    document = QTextDocument()
    text = text or ""
    if rich is None:
        rich = Qt.mightBeRichText(text)
    if rich:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText(), active_parts(document)


def active_parts(document) -> list[str]:
    """Images and links other than the app's own ``entry:`` links in a rendered document."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                found.append(f"image {fmt.toImageFormat().name()}")
            if fmt.isAnchor() and fmt.anchorHref() and not fmt.anchorHref().startswith(
                    ("entry:", "cite:", "#")):
                found.append(f"link {fmt.anchorHref()}")
            it += 1
        block = block.next()
    return found


class Tally:
    """Counts payload × surface checks and the ones shown as markup; lists the failures."""

    def __init__(self):
        self.failures: list[str] = []

    def check(self, payload: Payload, surface: str, shown: str, *,
              active: list[str] | None = None, shortened: bool = False) -> None:
        figures.add("hostile_renders")
        if not payload.seen_in(shown, shortened=shortened) or active:
            figures.add("rendered_as_markup")
            figures.note_also("rendered_as_markup", f"{payload.name} in {surface}")
            self.failures.append(f"{payload.name} in {surface}: {shown[:100]!r} {active or ''}")
