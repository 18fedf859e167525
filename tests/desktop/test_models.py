"""Every Qt model keeps Qt's model contract, and shows what a reader expects."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.bookmarks_model import BookmarksModel
from desktop.models.navigator_model import PLACE_ROLE, NavigatorModel, Place
from desktop.models.results_model import ENTRY_ID_ROLE, ResultsModel, column_of


def test_results_model_contract(qtmodeltester, library):
    model = ResultsModel(library=library)
    model.set_results(library.results("gas"))
    qtmodeltester.check(model, force_py=True)
    model.set_results(library.results(""))
    qtmodeltester.check(model, force_py=True)


def test_results_model_formats_cells_for_people(library):
    model = ResultsModel(library=library)
    model.set_results(library.results("id:june-2016-business-initiatives"))
    row = {key: model.index(0, column_of(key)).data() for key in
           ("title", "kind", "date", "value", "status")}
    assert row["date"] == "June 2016"
    assert row["value"] == "$50 bn"
    assert row["kind"].startswith("Deal")
    assert model.index(0, 0).data(ENTRY_ID_ROLE) == "june-2016-business-initiatives"
    tip = model.index(0, column_of("value")).data(Qt.ItemDataRole.ToolTipRole)
    assert "$50 billion" in tip


def test_results_model_pages_a_large_result_set(library):
    model = ResultsModel(library=library)
    result = library.results("")
    model.set_results(result)
    last = model.rowCount() - 1
    assert model.entry_id_at(model.index(last, 1)) == library.id_for(result.nums[-1])
    assert model.row_of_entry(library.id_for(result.nums[3])) == 3


def test_results_model_finds_an_entrys_row_among_many(library):
    from dataclasses import replace

    model = ResultsModel(library=library)
    result = library.results("")
    gazprom = library.num_for("gazprom")
    others = [n for n in result.nums if n != gazprom]
    padding = [max(result.nums) + 1 + i for i in range(60_000)]  # rows the view never asks for
    model.set_results(replace(result, nums=padding[:40_000] + others + [gazprom] + padding))
    assert model.row_of_entry("gazprom") == 40_000 + len(others)
    assert model.row_of_entry("moscow") == 40_000 + others.index(library.num_for("moscow"))
    model.set_results(replace(result, nums=others))
    assert model.row_of_entry("gazprom") is None


def test_navigator_model_contract_and_counts(qtmodeltester, library):
    library.bookmark("gazprom", tags=["energy"])
    library.save_search("Deals", "kind:deal")
    model = NavigatorModel(library=library)
    qtmodeltester.check(model, force_py=True)
    deals = model.index_of(Place("kind", "deal"))
    assert deals.data() == f"Deals ({library.kind_counts()['deal']})"
    assert model.index_of(Place("bookmarks", "energy")).data() == "#energy (1)"
    assert model.index_of(Place("saved", "Deals")).data(PLACE_ROLE) == Place("saved", "Deals")


def test_bookmarks_model_contract_and_missing_entries(qtmodeltester, library):
    library.bookmark("gazprom", note="watch", tags=["energy"])
    library.bookmark("kazan")
    library.conn.execute("DELETE FROM entries WHERE id = 'kazan'")  # gone from the library
    model = BookmarksModel(library=library)
    qtmodeltester.check(model, force_py=True)
    cells = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert "Kazan (no longer in the library)" in cells
    assert "Gazprom" in cells


def test_snippets_are_drawn_as_plain_runs_with_the_matches_bold():
    from desktop.common.formatting import snippet_runs

    assert snippet_runs("the \x02gas\x03  deal\nof \x02Gaz\x03prom") == [
        ("the ", False), ("gas", True), (" deal of ", False), ("Gaz", True), ("prom", False)]
    assert snippet_runs("<b>x</b> \u202eevil") == [("<b>x</b> \ufffdevil", False)]
