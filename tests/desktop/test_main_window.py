"""Driving the real window: search, details, links and history, bookmarks, sources."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView, QTreeView

from desktop.models.navigator_model import PLACE_ROLE, Place
from desktop.models.results_model import column_of


def titles_in_table(window) -> list[str]:
    model = window.results_model
    return [model.index(r, column_of("title")).data() for r in range(model.rowCount())]


def type_query(qtbot, window, text: str) -> None:
    field = window.findChild(QLineEdit, "searchField")
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def select_entry_row(qtbot, window, title: str) -> None:
    table = window.findChild(QTableView, "resultsTable")
    row = titles_in_table(window).index(title)
    index = table.model().index(row, column_of("title"))
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_automation_names_are_there(window):
    for name in ("searchField", "resultsTable", "detailPane", "navigator", "sourceReader",
                 "bookmarksView", "timelineDock"):
        assert window.findChild(object, name) is not None, name
    assert window.isVisible()


def test_typing_a_query_updates_the_table(qtbot, window):
    type_query(qtbot, window, "railway")
    qtbot.waitUntil(lambda: "Moscow–Kazan high-speed railway" in titles_in_table(window))
    assert all("gas" not in t.lower() for t in titles_in_table(window))
    assert "result" in window.count_label.text()


def test_results_update_while_typing_without_enter(qtbot, window):
    field = window.findChild(QLineEdit, "searchField")
    qtbot.keyClicks(field, "gazpr")
    qtbot.waitUntil(lambda: titles_in_table(window)[:1] == ["Gazprom"], timeout=3000)


def test_selecting_a_row_shows_its_details(qtbot, window):
    type_query(qtbot, window, "gas deal")
    select_entry_row(qtbot, window, "China–Russia gas deal (2014)")
    text = window.detail_pane.text()
    assert "China–Russia gas deal (2014)" in text
    assert "$400 bn" in text and "“$400 billion”" in text
    assert "2014 (year)" in text
    assert "the $400 billion gas deal signed in 2014" in text


def test_following_a_link_then_going_back(qtbot, window):
    window.navigator.go("gas-deal-2014")
    window.detail_pane.browser.anchorClicked.emit(__import__("PySide6.QtCore").QtCore.QUrl(
        "entry:gazprom"))
    assert window.detail_pane.entry_id == "gazprom"
    assert "Gazprom" in window.detail_pane.text()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail_pane.entry_id == "gas-deal-2014"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.detail_pane.entry_id == "gazprom"


def test_web_and_file_links_are_not_followed(window):
    from PySide6.QtCore import QUrl

    window.navigator.go("gas-deal-2014")
    for url in ("file:///etc/passwd", "https://example.com", "javascript:alert(1)"):
        window.detail_pane.browser.anchorClicked.emit(QUrl(url))
        assert window.detail_pane.entry_id == "gas-deal-2014"


def test_the_source_reader_highlights_the_citation(window):
    window.navigator.go("moscow-kazan-hsr")
    reader = window.source_reader
    assert any("high-speed railway project connecting Moscow with Kazan" in q
               for q in reader.highlighted)
    html = reader.browser.toHtml()
    assert "connecting Moscow with Kazan" in reader.text()
    # the highlighted span carries the highlight background
    assert "background-color:#ffe680" in html.replace(" ", "") or \
        "background-color:#6b5a00" in html.replace(" ", "")


def test_bookmark_with_a_note_survives_reopening(qtbot, make_window, library_path):
    window = make_window(library_path)
    window.navigator.go("gazprom")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search_field.setFocus()
    qtbot.keyClick(window.search_field, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.detail_pane.star.isChecked()
    window.detail_pane.tags.setText("energy, watch")
    window.detail_pane.tags.editingFinished.emit()
    qtbot.keyClicks(window.detail_pane.note, "Sponsor of the rally")
    window.close()  # saves the pending note

    again = make_window(library_path)
    again.show_page(1)
    view = again.bookmarks_view
    model = view.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    assert rows[0][0] == "Gazprom"
    assert rows[0][2] == "energy, watch"
    assert rows[0][3] == "Sponsor of the rally"
    star = again.results_model.index(0, 0)
    assert star is not None


def test_bookmarks_view_filters_by_tag_and_removes_in_bulk(qtbot, window):
    lib = window.library
    lib.bookmark("gazprom", tags=["energy"])
    lib.bookmark("baic", tags=["cars"])
    lib.bookmark("kazan")
    window.show_page(1)
    view = window.bookmarks_view
    assert view.model.rowCount() == 3
    view.show_tag("energy")
    assert view.model.rowCount() == 1
    view.show_tag(None)
    view.table.selectAll()
    view.remove_selected()
    assert view.model.rowCount() == 0
    assert lib.bookmarks() == []


def test_star_column_toggles_a_bookmark(qtbot, window):
    type_query(qtbot, window, "gazprom")
    table = window.results_table
    index = table.model().index(0, column_of("star"))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    assert window.library.get_bookmark("gazprom") is not None
    assert table.model().index(0, column_of("star")).data() == "★"


def test_navigator_kinds_filter_the_table(qtbot, window):
    nav = window.findChild(QTreeView, "navigator")
    index = window.nav_model.index_of(Place("kind", "place"))
    nav.setCurrentIndex(index)
    kinds = {window.results_model.index(r, column_of("kind")).data().split(" ·")[0]
             for r in range(window.results_model.rowCount())}
    assert kinds == {"Place"}
    assert index.data().startswith("Places (")
    assert index.data(PLACE_ROLE) == Place("kind", "place")


def test_saved_search_shows_in_the_navigator_and_runs(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    type_query(qtbot, window, "kind:deal value:>100bn")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Big deals", True))
    window.actions["save_search"].trigger()
    index = window.nav_model.index_of(Place("saved", "Big deals"))
    assert index.isValid()
    type_query(qtbot, window, "")
    window.nav_view.setCurrentIndex(index)
    assert window.search_field.text() == "kind:deal value:>100bn"
    titles = titles_in_table(window)
    assert "China–Russia gas deal (2014)" in titles
    assert "Moscow–Kazan high-speed railway" not in titles  # $21 bn is below the bar


def test_sorting_by_value_happens_in_the_query(qtbot, window):
    type_query(qtbot, window, "kind:figure")
    window.results_table.horizontalHeader().setSortIndicator(
        column_of("value"), Qt.SortOrder.DescendingOrder)
    first = window.results_model.index(0, column_of("value")).data()
    assert first == "$4 tn"


def test_escape_clears_the_search(qtbot, window):
    type_query(qtbot, window, "gas")
    field = window.search_field
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert window.results_model.rowCount() == sum(window.library.kind_counts().values())


def test_a_query_hint_is_shown_not_raised(qtbot, window):
    type_query(qtbot, window, 'kind:spaceship "unclosed')
    assert window.hint_label.isVisibleTo(window)
    assert "not a kind" in window.hint_label.text()


def test_goto_dialog_jumps_to_an_entry(qtbot, window):
    from desktop.widgets.goto_dialog import GotoDialog

    dialog = GotoDialog(library=window.library, parent=window)
    qtbot.add_widget(dialog)
    dialog.field.setText("Путин")  # QTest cannot type Cyrillic keys
    assert dialog.choices.count() >= 1
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.chosen_id == "vladimir-putin"


def test_window_state_and_last_query_are_restored(qtbot, make_window, library_path):
    first = make_window(library_path)
    type_query(qtbot, first, "hyperloop")
    first.main_splitter.setSizes([150, 600, 500])
    sizes = first.main_splitter.sizes()
    first.close()
    second = make_window(library_path)
    assert second.search_field.text() == "hyperloop"
    assert second.main_splitter.sizes() == sizes
    assert "Zarubino–Jilin “hyperloop” line" in titles_in_table(second)


def test_a_dark_palette_redraws_the_panes_in_dark_colours(qtbot, window):
    from PySide6.QtGui import QColor, QPalette

    window.navigator.go("moscow-kazan-hsr")
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202020"),
                         (QPalette.ColorRole.Base, "#181818"),
                         (QPalette.ColorRole.Text, "#eeeeee")):
        dark.setColor(role, QColor(colour))
    window.setPalette(dark)
    html = window.source_reader.browser.toHtml().replace(" ", "")
    assert "background-color:#6b5a00" in html  # the dark highlight, readable on a dark base


def test_the_search_field_completes_fields_and_values(qtbot, window):
    field = window.search_field
    field.setFocus()
    qtbot.keyClicks(field, "gas ki")
    assert field.choices() == ["kind:"]
    field.completer_popup.activated.emit("kind:")
    assert field.text() == "gas kind:"
    qtbot.keyClicks(field, "d")
    assert field.choices() == ["kind:deal"]
    field.completer_popup.activated.emit("kind:deal")
    assert field.text() == "gas kind:deal "
    qtbot.keyClicks(field, "actor:gazp")
    assert field.choices() == ["actor:gazprom"]


def test_recent_queries_come_back_with_the_down_key(qtbot, window):
    type_query(qtbot, window, "hyperloop")
    type_query(qtbot, window, "railway")
    window.search_field.clear()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.search_field.choices()[:2] == ["railway", "hyperloop"]
    window.search_field.completer_popup.activated.emit("hyperloop")
    assert window.search_field.text() == "hyperloop"
    assert "Zarubino–Jilin “hyperloop” line" in titles_in_table(window)


def test_export_pdf_from_the_menu_prints_the_current_search(qtbot, window, tmp_path):
    from pypdf import PdfReader

    type_query(qtbot, window, "gas")
    window.navigator.go("gas-deal-2014")
    window.actions["export_pdf"].trigger()
    session = window.file_commands.print_session
    assert session.options_dialog.isVisible()
    session.options_dialog.accept()
    out = tmp_path / "gas.pdf"
    with qtbot.wait_signal(session.finished, timeout=60_000):
        session.file_dialog.selectFile(str(out))
        session.file_dialog.accept()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert "China–Russia gas deal (2014)" in text
    assert "Wrote" in window.statusBar().currentMessage()


def test_print_actions_have_their_shortcuts(window):
    assert window.actions["print"].shortcut().toString() == "Ctrl+P"
    assert window.actions["print_preview"].shortcut().toString() == "Ctrl+Shift+P"


def test_bookmarks_made_elsewhere_show_when_the_bookmarks_page_opens(window):
    from desktop.models.navigator_model import Place

    window.library.bookmark("kazan", note="made by another copy")
    window.show_page(1)
    assert window.nav_model.index_of(Place("bookmarks")).data() == "Bookmarks (1)"
    assert window.bookmarks_view.model.rowCount() == 1


def test_a_bookmark_whose_entry_left_shows_its_title_and_says_so(window):
    window.library.bookmark("kazan", note="city of the line's end")
    window.library.conn.execute("DELETE FROM entries WHERE id = 'kazan'")
    window.detail_pane.show_entry("kazan")
    text = window.detail_pane.text()
    assert text.startswith("Kazan") and "no longer in the library" in text
    assert window.detail_pane.note.toPlainText() == "city of the line's end"
