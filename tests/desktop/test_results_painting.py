"""The results table as it is painted: row colours, bold matches, text kept inside its column."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from desktop.models.results_model import ResultsModel, column_of
from desktop.widgets.results_painter import TEXT_PADDING
from desktop.widgets.results_table import ResultsTable


@pytest.fixture
def table(qtbot, library):
    model = ResultsModel(library=library)
    view = ResultsTable(model=model)
    qtbot.add_widget(view)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def cell_rect(view, row: int, key: str):
    return view.visualRect(view.model().index(row, column_of(key)))


def ink(image, rect, background: QColor) -> int:
    """How many pixels of ``rect`` differ clearly from ``background``."""
    count = 0
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            c = image.pixelColor(x, y)
            if abs(c.red() - background.red()) + abs(c.green() - background.green()) \
                    + abs(c.blue() - background.blue()) > 90:
                count += 1
    return count


def test_rows_alternate_and_the_selected_row_is_highlighted(table, library):
    table.model().set_results(library.results("kind:actor"))
    table.select_row(1)
    image = table.viewport().grab().toImage()
    palette = table.palette()
    star_x = cell_rect(table, 0, "star").center().x()
    colour = [image.pixelColor(star_x, cell_rect(table, r, "star").center().y())
              for r in (0, 1, 2, 3)]
    group = QPalette.ColorGroup.Active if table.isActiveWindow() else QPalette.ColorGroup.Inactive
    assert colour[1] == palette.color(group, QPalette.ColorRole.Highlight)
    assert colour[0] == palette.color(group, QPalette.ColorRole.Base)
    assert colour[2] == palette.color(group, QPalette.ColorRole.Base)
    assert colour[3] == palette.color(group, QPalette.ColorRole.AlternateBase)
    assert colour[0] != colour[1]


def test_every_selected_row_is_highlighted_and_no_other(table, library):
    from PySide6.QtCore import QItemSelectionModel

    table.model().set_results(library.results("kind:actor"))
    flags = (QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    for row in (1, 3, 4):
        table.selectionModel().select(table.model().index(row, 1), flags)
    image = table.viewport().grab().toImage()
    star_x = cell_rect(table, 0, "star").center().x()
    group = QPalette.ColorGroup.Active if table.isActiveWindow() else QPalette.ColorGroup.Inactive
    highlight = table.palette().color(group, QPalette.ColorRole.Highlight)
    lit = [r for r in range(6)
           if image.pixelColor(star_x, cell_rect(table, r, "star").center().y()) == highlight]
    assert lit == [1, 3, 4]


def test_the_match_column_draws_the_matched_words_in_bold(table, library, monkeypatch):
    model = table.model()
    model.set_results(library.results("gas"))
    rect = cell_rect(table, 0, "snippet")
    base = table.palette().color(QPalette.ColorRole.Base)
    cells, runs = model.painted_row(0)
    assert any(bold for _text, bold in runs)
    bold_ink = ink(table.viewport().grab().toImage(), rect, base)

    plain_runs = [(text, False) for text, _bold in runs]
    monkeypatch.setattr(model, "painted_row", lambda row: (cells, plain_runs))
    table._row_painter.forget_text_sizes()
    plain_ink = ink(table.viewport().grab().toImage(), rect, base)
    assert bold_ink > plain_ink * 1.05  # the same words, heavier where they matched


def test_long_text_is_cut_short_inside_its_column(table, library):
    table.model().set_results(library.results("id:gas-deal-2014"))
    table.setColumnWidth(column_of("title"), 60)
    image = table.viewport().grab().toImage()
    rect = cell_rect(table, 0, "title")
    base = table.palette().color(QPalette.ColorRole.Base)
    inside = rect.adjusted(TEXT_PADDING, 0, -rect.width() // 2, -1)
    margin = rect.adjusted(rect.width() - TEXT_PADDING + 1, 1, -2, -2)
    assert ink(image, inside, base) > 0  # the start of the title is there…
    assert ink(image, margin, base) == 0  # …and nothing of it reaches the column's edge
