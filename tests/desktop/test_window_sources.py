"""Sources in the window: File → Add Source…, Paste as New Source, the review of suggestions,
and citing or naming the current entry from a selection in the source reader."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.models.navigator_model import Place
from tests.db import source_fixtures as fx


def _when_dialog_opens(fill) -> None:
    """Fill in and accept the modal dialog the next action opens."""
    def act():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        fill(dialog)
        dialog.accept()

    QTimer.singleShot(0, act)


def _select(reader, words: str) -> None:
    document = reader.browser.document()
    found = document.find(words)
    assert not found.isNull(), words
    cursor = QTextCursor(document)
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(cursor)


def _add(qtbot, window, text: str, **details) -> dict:
    """Add pasted text as a source, waiting for the worker that adds it."""
    with qtbot.wait_signal(window.source_commands.source_added, timeout=30_000) as done:
        window.source_commands.add(text, **details)
    return done.args[0]


def _add_markdown(qtbot, window, tmp_path, monkeypatch):
    path = fx.write_markdown(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    _when_dialog_opens(lambda d: d.fields["publisher"].setText("World News"))
    with qtbot.wait_signal(window.source_commands.source_added, timeout=30_000):
        window.actions["add_source"].trigger()
    return next(s for s in window.library.sources() if s["title"] == "Putin and Xi meet again")


def test_add_source_shows_it_and_opens_its_review(qtbot, window, tmp_path, monkeypatch):
    source = _add_markdown(qtbot, window, tmp_path, monkeypatch)
    assert source["publisher"] == "World News"
    reader = window.source_reader
    assert reader.source_id == source["id"]
    assert "Igor Sechin of Rosneft" in reader.text()
    assert "Shaded words" in reader.text()  # pending suggestions are marked
    assert reader.chooser.findData(source["id"]) >= 0
    listed = window.nav_model.index_of(Place("source", source["id"]))
    assert listed is not None and listed.data() == "Putin and Xi meet again (0)"
    review = window.source_commands.review
    assert review is not None and review.isVisible()
    assert review.model.rowCount() > 5
    assert "Putin and Xi meet again" in review.windowTitle()


def test_review_accepts_rejects_and_decides_every_occurrence(qtbot, window, tmp_path,
                                                             monkeypatch):
    source = _add_markdown(qtbot, window, tmp_path, monkeypatch)
    review = window.source_commands.review
    xi = review.model.row_of(next(r["n"] for r in window.library.suggestions(source["id"])
                                  if r["entry_id"] == "xi-jinping"))
    review.table.selectRow(xi)
    qtbot.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    window.navigator.go("xi-jinping")
    assert "Putin and Xi meet again" in window.detail_pane.text()  # the new citation shows
    assert window.nav_model.index_of(Place("source", source["id"])).data() == \
        "Putin and Xi meet again (1)"
    putin = next(r for r in window.library.suggestions(source["id"]) if r["text"] == "Putin")
    review.table.selectRow(review.model.row_of(putin["n"]))
    review.buttons["reject_all"].click()
    statuses = {r["status"] for r in window.library.suggestions(source["id"])
                if r["text"] == "Putin"}
    assert statuses == {"rejected"}
    assert review.model.row_of(putin["n"]) is None  # gone from the pending queue
    review.status_filter.setCurrentIndex(2)  # Rejected
    assert review.model.row_of(putin["n"]) is not None


def test_hidden_suggestions_show_with_their_reason(qtbot, window):
    added = _add(qtbot, window, "Trade grew last year, then Gazprom paid.", title="Undated")
    review = window.source_commands.review
    assert all(not review.model.row_at(i)["hidden_reason"]
               for i in range(review.model.rowCount()))
    review.show_hidden.setChecked(True)
    reasons = [review.model.row_at(i)["hidden_reason"] for i in range(review.model.rowCount())]
    assert any(r and "relative" in r for r in reasons)
    assert added["suggestions"] == review.model.rowCount()


def test_paste_as_new_source(qtbot, window):
    QGuiApplication.clipboard().setText("Then Gazprom signed with BAIC in June 2016.")
    _when_dialog_opens(lambda d: (d.fields["title"].setText("Clipboard note"),
                                  d.fields["date"].setText("2016-07")))
    with qtbot.wait_signal(window.source_commands.source_added, timeout=30_000):
        window.actions["paste_source"].trigger()
    source = next(s for s in window.library.sources() if s["title"] == "Clipboard note")
    assert source["date_precision"] == "month"
    assert window.source_reader.source_id == source["id"]


def test_a_bad_file_is_one_message_in_the_status_bar(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 nothing")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    _when_dialog_opens(lambda d: None)
    with qtbot.wait_signal(window.source_commands.source_refused, timeout=30_000):
        window.actions["add_source"].trigger()
    assert "cannot be read as a PDF" in window.statusBar().currentMessage()
    assert len(window.library.sources()) == 1


def test_cite_a_selection_for_the_current_entry(qtbot, window):
    added = _add(qtbot, window, "Later, the Kazan tram line opened to great applause.",
                 title="Tram news")
    window.navigator.go("kazan")
    reader = window.source_reader
    reader.show_source(added["id"], entry_id="kazan")
    _select(reader, "the Kazan tram line opened")
    assert reader.selected_quote() == (7, "the Kazan tram line opened")
    reader.act_on_selection("cite")
    quotes = [c["quote"] for c in window.library.get("kazan")["citations"]]
    assert "the Kazan tram line opened" in quotes
    assert "the Kazan tram line opened" in window.detail_pane.text()


def test_a_selection_across_paragraphs_is_not_offered(qtbot, window):
    reader = window.source_reader
    document = reader.browser.document()
    cursor = QTextCursor(document)
    cursor.setPosition(0)
    cursor.setPosition(document.characterCount() - 1, QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(cursor)
    assert reader.selected_quote() is None


def test_citations_and_suggestions_have_different_marks():
    from desktop.common.source_html import source_html

    source = {"title": "T", "passages": [{"num": 1, "ordinal": 0, "start": 0, "end": 27,
                                          "text": "Gazprom paid BAIC <b>twice</b>"}]}
    html = source_html(source, {1: [{"id": "gazprom", "title": "Gazprom", "start": 0,
                                     "end": 7}]},
                       current=set(), current_nums={},
                       colors={"cited_fg": "#000", "highlight_bg": "#ff0", "muted": "#888",
                               "link": "#00f", "suggestion_bg": "#def"},
                       suggestions=[{"start": 13, "end": 17, "entry_id": "baic"}])
    assert "<a href='entry:gazprom' title=''>Gazprom</a>" in html
    assert "<span class='sg'><a href='entry:baic'>BAIC</a></span>" in html
    assert "&lt;b&gt;twice&lt;/b&gt;" in html and "<b>" not in html


def test_hostile_source_text_is_shown_as_text_in_the_review(qtbot, window):
    _add(qtbot, window, "Then <b>Gazprom</b> paid \u202eBAIC<script>x()</script>.",
         title="<i>Hostile</i>")
    review = window.source_commands.review
    review.table.selectRow(0)
    shown = review.quote.text()
    assert "<b>Gazprom</b>" in shown and "\u202e" not in shown and "\ufffd" in shown
    assert "<i>Hostile</i>" in review.windowTitle()
    assert "<script>" in window.source_reader.text()


def test_closing_the_window_while_a_source_is_added_keeps_it_whole(qtbot, window):
    from db import Library

    text = "Then Gazprom paid BAIC in June 2016 more than $2 billion. " * 4000
    window.source_commands.add(text, title="Long", date="2016-07-20")
    window.close()  # waits for the worker: the source is added whole, no thread is cut off
    with Library.open(window.library.path) as lib:
        (long,) = [s for s in lib.sources() if s["title"] == "Long"]
        assert long["passages"] >= 70 and lib.suggestions(long["id"])
