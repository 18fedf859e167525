"""Where an imported entry came from, in the window: the detail pane's From section, and the
source reader's record card (the row as the file had it) in place of an unrelated source."""

from __future__ import annotations

from db import Library

LENDERS = "ref,title,year,lender,note\nL1,Port loan,2014,Harbour Bank,<b>first</b>\n" \
          "L2,Rail loan,2015,Harbour Bank,=1+1\n"


def _import(library_path, tmp_path):
    path = tmp_path / "lenders.csv"
    path.write_text(LENDERS, encoding="utf-8")
    with Library.open(library_path) as library:
        library.import_file(path, kind="deal", credit="Lender survey by R. Ivanova")


def test_the_detail_pane_says_which_file_row_and_dataset(qtbot, make_window, library_path,
                                                         tmp_path):
    _import(library_path, tmp_path)
    window = make_window(library_path)
    window.navigator.go("lenders-l2")
    text = window.detail_pane.text()
    assert "From\n" in text
    assert "Lender survey by R. Ivanova" in text
    assert "lenders.csv, row 3 · import batch 1" in text


def test_the_reader_shows_the_record_card_then_a_cited_source_again(qtbot, make_window,
                                                                     library_path, tmp_path):
    _import(library_path, tmp_path)
    window = make_window(library_path)
    reader = window.source_reader
    window.navigator.go("lenders-l2")
    assert reader.record is not None and reader.source_id is None
    text = reader.text()
    assert text.startswith("Record: lenders.csv")
    assert "Lender survey by R. Ivanova" in text
    for column, cell in (("ref", "L2"), ("title", "Rail loan"), ("lender", "Harbour Bank"),
                         ("note", "=1+1")):
        assert f"{column}\t{cell}" in text or f"{column}\n{cell}" in text
    assert "China’s Road to Closer Ties With Russia" not in text
    window.navigator.go("gas-deal-2014")
    assert reader.record is None
    assert reader.source_id == "diplomat-2016-obor-russia"


def test_the_record_card_shows_cells_as_text_never_as_markup(qtbot, make_window, library_path,
                                                            tmp_path):
    _import(library_path, tmp_path)
    window = make_window(library_path)
    window.navigator.go("lenders-l1")
    assert "<b>first</b>" in window.source_reader.text()
