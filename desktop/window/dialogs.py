"""Small dialogs: About and the search-language help."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from db import Library
from desktop import __version__
from desktop.common.formatting import esc

QUERY_HELP = """
<h3>Search language</h3>
<table cellpadding="3">
<tr><td><code>gas deal</code></td><td>entries with all the words (the last one may be
unfinished while you type)</td></tr>
<tr><td><code>"state visit"</code></td><td>the exact phrase</td></tr>
<tr><td><code>gas OR oil</code></td><td>either word</td></tr>
<tr><td><code>-railway</code></td><td>without the word (also <code>-kind:place</code>)</td></tr>
<tr><td><code>kind:deal</code></td><td>actor, deal, event, figure or place</td></tr>
<tr><td><code>actor:gazprom</code></td><td>the actor and entries linked to it</td></tr>
<tr><td><code>year:2014</code>, <code>year:2014..2016</code>, <code>year:&gt;2015</code></td>
<td>dated within (overlapping) those years</td></tr>
<tr><td><code>date:2016-06</code>, <code>date:2016-06-01..2016-07-31</code></td>
<td>dated within those days</td></tr>
<tr><td><code>value:&gt;10bn</code>, <code>value:1bn..50bn</code></td><td>sums in US dollars
(k, m, bn, tn)</td></tr>
<tr><td><code>status:signed</code>, <code>category:person</code></td><td>by status or
category</td></tr>
<tr><td><code>tag:energy</code></td><td>by topic or by your bookmark tags</td></tr>
<tr><td><code>is:bookmarked</code>, <code>is:noted</code>, <code>is:analyst</code></td>
<td>your bookmarks, bookmarks with notes, entries with analyst notes</td></tr>
<tr><td><code>source:diplomat</code></td><td>entries cited from a source</td></tr>
</table>
<p>Names match in any script (Путин, 普京, Putin), accents are ignored, and a misspelt
word falls back to the closest known one. Anything not understood is searched as plain words,
and a note under the search field says so.</p>
"""


def show_about(parent: QWidget, library: Library) -> None:
    sources = "".join(f"<li>{esc(s['credit'] or s['title'])}</li>" for s in library.sources())
    QMessageBox.about(
        parent, "About Roadbook",
        f"<h3>Roadbook {__version__}</h3><p>An offline reference library for policy and "
        "geopolitics analysts: actors, deals, events, figures and places, each tied to the "
        f"passage that states it.</p><p>Library: {esc(library.path)}</p>"
        f"<p>Sources in this library:</p><ul>{sources}</ul>"
        "<p>Analyst notes (dates and facts from the public record, corrections) are marked "
        "as such wherever they appear.</p>")


def show_query_help(parent: QWidget) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("Search language")
    box.setText(QUERY_HELP)
    box.exec()
