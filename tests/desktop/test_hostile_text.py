"""Text from data is shown as text: never markup, never a followed link, never a loaded image."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.models.results_model import column_of
from tests.desktop.conftest import dataset_copy

HOSTILE_TITLE = '<img src=x onerror=alert(1)> <a href="file:///etc/passwd">click</a>'
HOSTILE_SUMMARY = "<b>bold?</b> <script>alert(1)</script> javascript:alert(2) \u202eevil"


@pytest.fixture
def hostile_library_path(tmp_path, monkeypatch):
    from db import Library

    def edit(entries):
        gazprom = next(e for e in entries if e["id"] == "gazprom")
        gazprom["title"] = HOSTILE_TITLE
        gazprom["summary"] = HOSTILE_SUMMARY
        gazprom["aliases"] = [{"name": "<i>alias</i>", "lang": "en", "script": "Latn"}]

    from db.dataset import load_dataset

    folder = dataset_copy(tmp_path, edit)
    monkeypatch.setenv("ROADBOOK_DATASET", str(folder))
    dataset = load_dataset(folder)
    path = tmp_path / "hostile.sqlite"
    Library.open(path, dataset=dataset).close()
    return path, dataset


def test_hostile_title_shows_as_text_everywhere(qtbot, make_window, hostile_library_path):
    path, dataset = hostile_library_path
    window = make_window(path)
    window.navigator.go("gazprom")
    text = window.detail_pane.text()
    assert HOSTILE_TITLE in text
    assert "<b>bold?</b>" in text and "<script>" in text
    assert "<i>alias</i>" in text
    html = window.detail_pane.browser.toHtml()
    assert "<img" not in html and 'href="file:' not in html and "<script" not in html

    window.search_field.set_query("kind:actor")
    model = window.results_model
    row = model.row_of_entry("gazprom")
    assert model.index(row, column_of("title")).data() == HOSTILE_TITLE
    tip = model.index(row, column_of("title")).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip

    # the source reader's mention list and the bookmark list show it as text too
    assert HOSTILE_TITLE in window.source_reader.text()
    window.library.bookmark("gazprom", note="<a href='javascript:alert(1)'>x</a>")
    window.show_page(1)
    assert window.bookmarks_view.model.index(0, 0).data() == HOSTILE_TITLE
