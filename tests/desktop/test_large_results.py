"""Large result sets: the first page shows at once, the rest arrives from a worker."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QRadioButton

from desktop.models.results_model import column_of
from tests.benchmarks.synthetic import build_library

SIZE = 1500


@pytest.fixture(scope="module")
def large_library_template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("large") / "large.sqlite", SIZE)


@pytest.fixture
def large_window(make_window, large_library_template, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr("desktop.window.main_window.FIRST_PAGE", 40)
    path = tmp_path / "large.sqlite"
    shutil.copyfile(large_library_template, path)
    return make_window(path)


def test_first_page_then_the_whole_set(qtbot, large_window):
    window = large_window
    total = sum(window.library.kind_counts().values())
    assert total > SIZE
    with qtbot.waitSignal(window.result_loader.loaded, timeout=20000):
        window.search_field.set_query("")
        assert window.results_model.rowCount() == 40
        assert "loading the rest" in window.count_label.text()
    assert window.results_model.rowCount() == total
    assert window.count_label.text().startswith(f"{total:,} results")
    last = window.results_model.index(total - 1, column_of("title")).data()
    assert last  # rows past the first page are fetched on demand


def test_a_newer_query_wins_over_a_slower_older_one(qtbot, large_window):
    window = large_window
    window.search_field.set_query("")  # starts a background load
    with qtbot.waitSignal(window.result_loader.loaded, timeout=20000):
        window.search_field.set_query("pipeline")
    expected = window.library.results("pipeline")
    assert expected.total > 40
    assert list(window.results_model.nums()) == list(expected.nums)
    titles = [window.results_model.index(r, column_of("title")).data() for r in range(40)]
    assert sum("pipeline" in t.lower() for t in titles) >= 35


def test_sorting_a_large_set_by_value(qtbot, large_window):
    window = large_window
    window.search_field.set_query("kind:deal")
    with qtbot.waitSignal(window.result_loader.loaded, timeout=20000):
        window.results_table.horizontalHeader().setSortIndicator(
            column_of("value"), __import__("PySide6.QtCore").QtCore.Qt.SortOrder.DescendingOrder)
    model = window.results_model
    values = [window.library.rows([n])[n]["value_usd"] for n in model.nums()[:50]]
    assert values == sorted(values, reverse=True)


def test_the_restored_query_loads_its_whole_set_once_the_window_has_painted(qtbot, large_window):
    window = large_window
    total = sum(window.library.kind_counts().values())
    assert window.results_model.rowCount() == 40
    assert not window.result_loader.loading  # held back: the worker would slow the first paint
    with qtbot.waitSignal(window.result_loader.loaded, timeout=20000):
        pass  # the window paints, then the load starts
    assert window.results_model.rowCount() == total


def test_a_query_out_of_time_on_the_ui_thread_is_finished_by_the_worker(
        qtbot, large_window, monkeypatch):
    """A query the window cannot finish within its time is stopped, not waited for: the status
    line says it is searching, and the worker brings every match."""
    window = large_window
    monkeypatch.setattr("db.querybudget.FIRST_PAGE_SECONDS", 0.0)
    query = "-kind:deal -kind:event -kind:figure"
    with qtbot.waitSignal(window.result_loader.loaded, timeout=20000):
        window.search_field.set_query(query)
        assert window.results_model.rowCount() == 0
        assert "searching the whole library" in window.count_label.text()
    expected = window.library.results(query)
    assert expected.total > 40
    assert list(window.results_model.nums()) == list(expected.nums)
    assert window.count_label.text().startswith(f"{expected.total:,} results")


def test_a_stopped_query_shows_the_corrections_the_worker_made(qtbot, large_window, monkeypatch):
    window = large_window
    monkeypatch.setattr("db.querybudget.FIRST_PAGE_SECONDS", 0.0)
    monkeypatch.setattr("db.querybudget.CHECK_EVERY", 1)  # stopped at its first step
    with qtbot.waitSignal(window.result_loader.loaded, timeout=20000):
        window.search_field.set_query("pipelinq ")
        assert window.results_model.rowCount() == 0
        assert "Nothing matched" not in window.hint_label.text()
    assert "“pipeline” for “pipelinq”" in window.hint_label.text()
    assert window.results_model.rowCount() == window.library.results("pipeline").total


def test_the_go_to_dialog_runs_only_a_bounded_first_page(qtbot, large_window, monkeypatch):
    from desktop.widgets.goto_dialog import MAX_CHOICES, GotoDialog

    window = large_window
    dialog = GotoDialog(library=window.library, parent=window)
    qtbot.add_widget(dialog)
    dialog.field.setText("pipeline")
    assert dialog.choices.count() == MAX_CHOICES
    monkeypatch.setattr("db.querybudget.FIRST_PAGE_SECONDS", 0.0)
    monkeypatch.setattr("db.querybudget.CHECK_EVERY", 1)  # stopped at its first step
    dialog.field.setText("railway")
    assert dialog.choices.count() == 0  # the time was up: nothing, rather than a wait


def test_print_and_export_do_not_wait_for_a_slow_query_to_be_counted(
        qtbot, library, monkeypatch):
    from desktop.printing.options_dialog import PrintOptionsDialog, scope_choices
    from desktop.transfer.export_dialog import ExportDialog

    monkeypatch.setattr("db.querybudget.FIRST_PAGE_SECONDS", 0.0)
    monkeypatch.setattr("db.querybudget.CHECK_EVERY", 1)  # every query is out of time
    export = ExportDialog(library=library, query="gas", selected_ids=[])
    qtbot.add_widget(export)
    results = export.scopes.buttons()[0]
    assert results.text() == "The current results of “gas” (not counted: a slow query)"
    assert results.isEnabled()
    choices = scope_choices(library, current_id=None, selected_ids=[], query="gas")
    printing = PrintOptionsDialog(choices, mode="pdf")
    qtbot.add_widget(printing)
    assert any("not counted" in b.text() for b in printing.findChildren(QRadioButton))
