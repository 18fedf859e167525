"""Nothing in Roadbook reaches the network or hands a link to another program: opening the
window, searching, reading, following links, printing — with sockets blocked and counted."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from tests.reliability.hostile import PAYLOADS, inject

SCHEMES = ("http", "https", "file", "javascript", "mailto", "ftp")


class ExternalHandler(QObject):
    """Registered for every scheme: records any URL the app would pass to another program."""

    def __init__(self):
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def external_handler():
    handler = ExternalHandler()
    for scheme in SCHEMES:
        QDesktopServices.setUrlHandler(scheme, handler, "open_url")
    yield handler
    for scheme in SCHEMES:
        QDesktopServices.unsetUrlHandler(scheme)


def test_the_window_never_reaches_the_network(qtbot, make_window, library_path, tmp_path,
                                              network_block, external_handler):
    inject(library_path, PAYLOADS[0])  # <img src="http://…">
    window = make_window(library_path)
    for query in ("gazprom", "kind:deal year:2014..2016", "value:>10bn", "Путин", ""):
        window.search_field.set_query(query)
    window.navigator.go("gazprom")
    for url in ("http://127.0.0.1:9/", "https://example.org/", "file:///etc/passwd",
                "javascript:alert(1)", "mailto:someone@example.org"):
        window.detail_pane.browser.anchorClicked.emit(QUrl(url))
        window.source_reader.browser.anchorClicked.emit(QUrl(url))
    window.show_page(1)
    assert window.navigator.current == "gazprom"  # no link left the entry
    _print_a_briefing(window.library, tmp_path)
    assert network_block.attempts == []
    assert external_handler.opened == []
    assert "PySide6.QtNetwork" not in sys.modules


def _print_a_briefing(library, tmp_path) -> None:
    printing = pytest.importorskip("desktop.printing")
    from db.report import ReportScope

    report = library.report(ReportScope.for_ids(["gazprom", "obor"]))
    assert printing.write_pdf(report, tmp_path / "briefing.pdf", printing.PrintOptions()) >= 1
