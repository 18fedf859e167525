"""Where reading meets writing: New Entry from Selection… in the source reader, a name accepted
in the review opening the entry editor, and an alias added from the reader being an edit like
any other (in the history, undone by Ctrl+Z, kept by a dataset refresh)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from tests.desktop.test_window_sources import _add, _select

REPEATED = "Gazprom paid more than $2 billion in June 2016."
TEXT = f"{REPEATED} Rosneft said it twice: {REPEATED}"


def _save(qtbot, editor) -> None:
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def _select_last(reader, words: str) -> None:
    """Select the last occurrence of ``words`` shown in the reader."""
    document = reader.browser.document()
    found, at = document.find(words), None
    while not found.isNull():
        at = found
        found = document.find(words, found.selectionEnd())
    assert at is not None, words
    cursor = QTextCursor(document)
    cursor.setPosition(at.selectionStart())
    cursor.setPosition(at.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(cursor)


def test_new_entry_from_selection_is_prefilled_and_cites_the_words_where_they_are(qtbot,
                                                                                 window):
    added = _add(qtbot, window, TEXT, title="Twice told", date="2016-07-20")
    reader = window.source_reader
    reader.show_source(added["id"])
    words = REPEATED.rstrip(".")
    _select_last(reader, words)
    second = TEXT.rindex(words)
    assert reader.selected_quote() == (second, words)
    reader.act_on_selection("new_entry")
    editor = window.authoring.editor
    assert editor is not None and editor.isVisible()
    assert editor.lines["title"].text() == words
    assert editor.lines["value"].text() == "more than $2 billion"
    assert (editor.lines["date"].text(), editor.lines["date_text"].text()) == \
        ("2016-06", "June 2016")
    assert "$2 bn" in editor.value_hint.text()
    editor.lines["title"].setText("Gazprom payment of June 2016")
    _save(qtbot, editor)
    assert not editor.isVisible()
    entry = window.library.get("gazprom-payment-of-june-2016")
    assert (entry["kind"], entry["value_usd"], entry["date_precision"]) == ("deal", 2e9, "month")
    (cited,) = entry["citations"]
    assert (cited["source_id"], cited["quote"]) == (added["id"], words)
    assert (cited["start"], cited["end"]) == (second, second + len(words))
    assert window.library.edit_history(entry["id"])[-1]["action"] == "create"
    assert window.detail_pane.entry_id == entry["id"]
    assert words in window.detail_pane.text()


def test_cancelling_new_entry_from_selection_writes_nothing(qtbot, window):
    added = _add(qtbot, window, TEXT, title="Twice told", date="2016-07-20")
    window.source_reader.show_source(added["id"])
    _select(window.source_reader, "Rosneft said it twice")
    window.source_reader.act_on_selection("new_entry")
    editor = window.authoring.editor
    assert editor.lines["title"].text() == "Rosneft said it twice"
    editor.reject()
    assert window.library.search("Rosneft said it twice")["total"] == 0


def _name_row(review, window, source_id, text):
    suggestion = next(s for s in window.library.suggestions(source_id)
                      if s["kind"] == "name" and s["text"] == text)
    review.table.selectRow(review.model.row_of(suggestion["n"]))
    return suggestion


def test_accepting_a_new_name_opens_the_editor_and_saving_links_it(qtbot, window):
    text = "Trade grew. Later, Igor Sechin flew to Novy Urengoy with Gazprom."
    added = _add(qtbot, window, text, title="Flights", date="2016-07-20")
    review = window.source_commands.review
    sechin = _name_row(review, window, added["id"], "Igor Sechin")
    qtbot.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    editor = window.authoring.editor
    assert editor is not None and editor.isVisible()
    assert (editor.lines["title"].text(), editor.kind.currentText()) == ("Igor Sechin", "actor")
    after = {s["n"]: s for s in window.library.suggestions(added["id"])}
    assert after[sechin["n"]]["status"] == "pending"  # nothing decided before Save
    _save(qtbot, editor)
    decided = {s["n"]: s for s in window.library.suggestions(added["id"])}[sechin["n"]]
    assert (decided["status"], decided["entry_id"]) == ("accepted", "igor-sechin")
    (cited,) = window.library.get("igor-sechin")["citations"]
    assert cited["quote"] == sechin["quote"]
    assert cited["start"] == text.index(sechin["quote"])
    assert review.model.row_of(sechin["n"]) is None  # gone from the pending queue
    assert window.detail_pane.entry_id == "igor-sechin"
    window.actions["undo_edit"].trigger()  # the new entry goes; the name waits again
    qtbot.waitUntil(lambda: review.model.row_of(sechin["n"]) is not None)
    assert window.library.search("Igor Sechin")["total"] == 0


def test_cancelling_the_editor_leaves_the_name_pending(qtbot, window):
    text = "Trade grew. Later, Igor Sechin flew to Novy Urengoy with Gazprom."
    added = _add(qtbot, window, text, title="Flights", date="2016-07-20")
    review = window.source_commands.review
    place = _name_row(review, window, added["id"], "Novy Urengoy")
    review.decide("accepted")
    editor = window.authoring.editor
    assert (editor.lines["title"].text(), editor.kind.currentText()) == ("Novy Urengoy", "place")
    editor.reject()
    still = {s["n"]: s for s in window.library.suggestions(added["id"])}[place["n"]]
    assert (still["status"], still["entry_id"]) == ("pending", None)
    assert window.library.search("Novy Urengoy")["total"] == 0
    assert review.model.row_of(place["n"]) is not None


def test_an_alias_from_the_reader_is_in_the_history_and_undone_by_ctrl_z(qtbot, window):
    added = _add(qtbot, window, "The city of Qazan welcomed the delegation.", title="Spelling")
    window.navigator.go("kazan")
    reader = window.source_reader
    reader.show_source(added["id"], entry_id="kazan")
    _select(reader, "Qazan")
    reader.act_on_selection("alias")
    assert "Qazan" in [a["name"] for a in window.library.get("kazan")["aliases"]]
    assert "Qazan" in window.detail_pane.text()
    assert [h["id"] for h in window.library.search("Qazan")["hits"]] == ["kazan"]
    edit = window.library.edit_history("kazan")[0]
    assert (edit["action"], edit["field"]) == ("set", "aliases")
    history = window.detail_pane.text().split("Edit history")[1]  # at the foot of the pane
    assert "other names:" in history and "喀山; Qazan" in history
    undo = window.actions["undo_edit"]
    assert undo.isEnabled() and undo.text() == "&Undo Edit of kazan"
    assert undo.shortcut().toString() == "Ctrl+Z"
    undo.trigger()
    assert "Qazan" not in [a["name"] for a in window.library.get("kazan")["aliases"]]
    assert window.library.search("Qazan")["total"] == 0
    assert "Qazan" not in window.detail_pane.text().split("Edit history")[0]


def test_the_readers_context_menu_offers_a_new_entry_without_a_current_entry(qtbot, window):
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication

    added = _add(qtbot, window, TEXT, title="Twice told", date="2016-07-20")
    reader = window.source_reader
    reader.show_source(added["id"])
    reader._entry_id = None  # noqa: SLF001 (no entry is current)
    _select(reader, "Rosneft said it twice")
    offered = {}

    def choose():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, choose)
            return
        actions = {a.text(): a for a in menu.actions()}
        offered.update({text: a.isEnabled() for text, a in actions.items()})
        menu.setActiveAction(actions["New Entry from Selection…"])
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    reader._on_context_menu(QPoint(5, 5))  # noqa: SLF001 (what a right-click runs)
    assert offered["New Entry from Selection…"] is True
    assert offered["Cite for Current Entry"] is False
    assert window.authoring.editor.lines["title"].text() == "Rosneft said it twice"
