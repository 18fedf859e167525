"""Disagreements made entirely in the window: a sum accepted in the review of a new source, or
words cited for the current entry as stating its value, become statements beside the entry's
own; the detail pane, the results table and ``is:disputed`` show the sources disagree."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.sources.statement_dialog import StatementDialog
from tests.desktop.test_window_sources import _add, _select

RAIL = "The Moscow–Kazan high-speed railway will really cost $30 billion, officials said."
GAS = "Analysts now put the China–Russia gas deal at $456bn, more than first reported."


def _disputed(window) -> list[str]:
    window.search_field.set_query("is:disputed")
    model = window.results_model
    return [model.entry_id_at(model.index(row, 0)) for row in range(model.rowCount())]


def test_a_sum_accepted_in_the_review_is_a_statement_that_disagrees(qtbot, window):
    added = _add(qtbot, window, RAIL, title="Rail clip", date="2017-07-01")
    review = window.source_commands.review
    value = next(r for r in window.library.suggestions(added["id"]) if r["kind"] == "value")
    assert value["entry_id"] == "moscow-kazan-hsr"
    review.table.selectRow(review.model.row_of(value["n"]))
    qtbot.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    entry = window.library.get("moscow-kazan-hsr")
    assert entry["disagreements"] == ["value"]
    assert {s["text"] for s in entry["statements"]} == {"$21 billion", "$30 billion"}
    assert entry["value_text"] == "$21 billion"  # the preferred value is still the first one
    assert _disputed(window) == ["moscow-kazan-hsr"]
    window.navigator.go("moscow-kazan-hsr")
    shown = window.detail_pane.text()
    assert "$30 billion" in shown and "Rail clip" in shown

    review.status_filter.setCurrentIndex(1)  # Accepted: taking it back takes the statement too
    review.table.selectRow(review.model.row_of(value["n"]))
    qtbot.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)
    assert window.library.get("moscow-kazan-hsr")["disagreements"] == []


def _when_asked(act) -> None:
    """Call ``act(dialog)`` on the statement dialog the next action opens."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StatementDialog):
            QTimer.singleShot(20, poll)
            return
        act(dialog)

    QTimer.singleShot(0, poll)


def _ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_words_cited_as_stating_the_value_disagree_with_the_entry(qtbot, window):
    added = _add(qtbot, window, GAS, title="Gas clip", date="2017-02-01")
    window.navigator.go("gas-deal-2014")
    reader = window.source_reader
    reader.show_source(added["id"], entry_id="gas-deal-2014")
    _select(reader, "the China–Russia gas deal at $456bn")
    seen: list = []
    _when_asked(lambda d: (seen.append((d.field.currentData(), d.words.text())), _ok(d)))
    reader.act_on_selection("cite_stating")
    assert seen == [("value", "$456bn")]  # prefilled from the words selected
    entry = window.library.get("gas-deal-2014")
    assert entry["disagreements"] == ["value"]
    stated = next(s for s in entry["statements"] if s["text"] == "$456bn")
    assert (stated["source_id"], stated["rank"]) == (added["id"], "normal")
    assert "disagree on the value" in window.statusBar().currentMessage()
    assert "gas-deal-2014" in _disputed(window)


def test_words_that_state_no_readable_value_are_asked_again(qtbot, window):
    added = _add(qtbot, window, GAS, title="Gas clip", date="2017-02-01")
    window.navigator.go("gas-deal-2014")
    reader = window.source_reader
    reader.show_source(added["id"], entry_id="gas-deal-2014")
    _select(reader, "more than first reported")
    problems: list[str] = []

    def act(dialog):
        dialog.words.setText("quite a lot")
        _ok(dialog)
        problems.append(dialog.problem.text() if dialog.problem.isVisible() else "")
        dialog.reject()

    _when_asked(act)
    reader.act_on_selection("cite_stating")
    assert problems and problems[0]  # said why, and kept the dialog open
    assert window.library.get("gas-deal-2014")["disagreements"] == []
    quotes = [c["quote"] for c in window.library.get("gas-deal-2014")["citations"]]
    assert "more than first reported" not in quotes
