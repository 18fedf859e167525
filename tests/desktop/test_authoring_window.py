"""Writing entries in the window: the editor (new and edit, names, links picked by typing, tags),
Delete and Undo from the Edit menu, statements side by side with a Prefer link, the disputed
mark in the results table, and the printed briefing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialogButtonBox

from db import Library
from desktop.models.results_model import DISPUTED_MARK, column_of

SOURCE = "diplomat-2016-obor-russia"


def save(qtbot, editor) -> None:
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_a_new_entry_written_in_the_editor_is_everywhere(qtbot, window):
    window.actions["new_entry"].trigger()
    editor = window.authoring.editor
    assert editor is not None and editor.isVisible()
    editor.kind.setCurrentText("deal")
    qtbot.keyClicks(editor.lines["title"], "Kazan hyperloop")
    qtbot.keyClicks(editor.lines["value"], "$21 billion")
    assert "$21 bn" in editor.value_hint.text()
    qtbot.keyClicks(editor.lines["date"], "2016-06")
    qtbot.keyClicks(editor.lines["tags"], "transport, rail")
    editor.aliases.name.setText("Казанский гиперлуп@ru")  # keyClicks types Latin letters only
    qtbot.keyClick(editor.aliases.name, Qt.Key.Key_Return)
    assert editor.isVisible()  # Enter adds the name; it does not save the entry yet
    assert [a["name"] for a in editor.aliases.values()] == ["Казанский гиперлуп"]
    editor.links.role.setCurrentText("party")
    qtbot.keyClicks(editor.links.picker, "Gazpro")
    choice = next(c for c in editor.links.picker.choices() if "(gazprom)" in c)
    editor.links.picker.choose(choice)
    assert editor.links.values() == [{"to": "gazprom", "role": "party"}]
    save(qtbot, editor)
    assert not editor.isVisible()
    assert window.detail_pane.entry_id == "kazan-hyperloop"
    text = window.detail_pane.text()
    for words in ("Kazan hyperloop", "“$21 billion”", "June 2016", "Казанский гиперлуп",
                  "Gazprom", "transport", "entry written"):
        assert words in text, words
    window.search_field.set_query("гиперлуп")
    assert window.results_model.entry_id_at(window.results_model.index(0, 1)) == \
        "kazan-hyperloop"


def test_a_bad_value_keeps_the_editor_open_with_the_reason(qtbot, window):
    window.actions["new_entry"].trigger()
    editor = window.authoring.editor
    qtbot.keyClicks(editor.lines["title"], "Broken")
    qtbot.keyClicks(editor.lines["date"], "someday")
    save(qtbot, editor)
    assert editor.isVisible()
    assert "cannot read date" in editor.error_label.text()
    assert window.library.search("Broken")["total"] == 0
    editor.reject()


def test_editing_the_current_entry_then_undo(qtbot, window):
    window.navigator.go("gazprom")
    assert window.actions["edit_entry"].shortcut().toString() == "Ctrl+E"
    window.actions["edit_entry"].trigger()
    editor = window.authoring.editor
    assert editor.lines["title"].text() == "Gazprom"
    editor.lines["status"].setText("state-owned")
    editor.aliases.items.setCurrentRow(0)
    editor.aliases.remove_selected()
    save(qtbot, editor)
    text = window.detail_pane.text()
    assert "state-owned" in text and "Газпром, " not in text
    assert "status: — → state-owned" in text  # the edit history
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    entry = window.library.get("gazprom")
    assert entry["status"] is None and entry["aliases"][0]["name"] == "Газпром"
    assert "(undone)" in window.detail_pane.text()


def test_deleting_and_undoing_from_the_edit_menu(qtbot, window):
    assert not window.actions["undo_edit"].isEnabled()  # nothing written yet
    window.navigator.go("baic")
    window.actions["delete_entry"].trigger()
    assert "no longer in the library" in window.detail_pane.text()
    assert "Undo" in window.statusBar().currentMessage()
    assert window.actions["undo_edit"].text() == "&Undo Delete of baic"
    window.actions["undo_edit"].trigger()
    assert window.detail_pane.entry_id == "baic"
    assert "BAIC" in window.detail_pane.text()
    assert not window.actions["undo_edit"].isEnabled()


def test_disagreeing_sources_are_shown_side_by_side_and_one_chosen(qtbot, window):
    window.library.cite("gas-deal-2014", SOURCE, "the $400 billion gas deal",
                        states="value=$456bn")
    window.search_field.set_query("kind:deal gas")
    row = window.results_model.row_of_entry("gas-deal-2014")
    cell = window.results_model.index(row, column_of("value"))
    assert cell.data().startswith(DISPUTED_MARK)
    assert "disagree" in cell.data(Qt.ItemDataRole.ToolTipRole)
    window.navigator.go("gas-deal-2014")
    text = window.detail_pane.text()
    assert "Sources disagree on the value" in text
    assert "$400 billion" in text and "$456bn" in text and "preferred — shown" in text
    other = window.library.statements("gas-deal-2014")[1]["num"]
    window.detail_pane.browser.anchorClicked.emit(QUrl(f"prefer:{other}"))
    assert window.library.get("gas-deal-2014")["value_text"] == "$456bn"
    assert "$456 bn" in window.detail_pane.text()
    assert window.results_model.index(row, column_of("value")).data() == DISPUTED_MARK + "$456 bn"
    window.actions["undo_edit"].trigger()
    assert window.library.get("gas-deal-2014")["value_text"] == "$400 billion"
    window.detail_pane.browser.anchorClicked.emit(QUrl(f"set-aside:{other}"))
    assert "Sources on the value" in window.detail_pane.text()  # no longer disputed
    assert "deprecated" in window.detail_pane.text()
    assert not window.results_model.index(row, column_of("value")).data().startswith(
        DISPUTED_MARK)
    window.detail_pane.browser.anchorClicked.emit(QUrl(f"restore:{other}"))
    assert "Sources disagree on the value" in window.detail_pane.text()


def test_a_read_only_library_offers_no_writing(make_window, library_path):
    window = make_window(library_path, read_only=True)
    window.navigator.go("gazprom")
    for name in ("new_entry", "edit_entry", "delete_entry", "undo_edit"):
        assert not window.actions[name].isEnabled(), name


def test_the_printed_briefing_shows_the_disagreement(library_path):
    from desktop.printing.briefing_html import section_html
    from desktop.printing.options import PrintOptions

    with Library.open(library_path) as lib:
        lib.cite("gas-deal-2014", SOURCE, "the $400 billion gas deal", states="value=$456bn")
        from db.report import ReportScope

        report = lib.report(ReportScope.for_ids(["gas-deal-2014"]))
    html = section_html(report.entries[0], report, PrintOptions())
    assert "Sources disagree on the value" in html
    assert "$456bn" in html and "$400 billion" in html


def test_hostile_words_in_statements_and_history_are_shown_as_text(window):
    hostile = "<img src=x onerror=alert(1)>\u202e$9bn"
    window.library.edit_entry("gazprom", {"status": hostile})
    window.library.cite("gas-deal-2014", SOURCE, "the $400 billion gas deal",
                        states="status=<b>bold</b>")
    window.navigator.go("gazprom")
    assert "<img src=x onerror=alert(1)>" in window.detail_pane.text()
    assert "<img" not in window.detail_pane.browser.toHtml().replace("&lt;img", "")
    window.navigator.go("gas-deal-2014")
    assert "<b>bold</b>" in window.detail_pane.text()


def test_a_new_entry_prefilled_from_a_selection_keeps_its_quote(qtbot, window):
    quote = "building a 70-kilometer “hyperloop” line"
    editor = window.authoring.new_entry(prefill={"title": "Hyperloop line", "kind": "deal"},
                                        cite=(SOURCE, quote))
    assert editor.lines["title"].text() == "Hyperloop line"
    save(qtbot, editor)
    entry = window.library.get("hyperloop-line")
    assert [c["quote"] for c in entry["citations"]] == [quote]
    assert window.detail_pane.entry_id == "hyperloop-line"
