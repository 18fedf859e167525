"""The import wizard and the export dialog, driven as a user drives them, on a real library."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt

from desktop.transfer.import_wizard import ImportWizard

TRACKER = [
    ["id", "title", "kind", "date", "value", "country", "investor"],
    ["1", "Power of Siberia supply deal", "", "May 2014", "$400 billion", "Russia", "Газпром"],
    ["2", "<b>Bold</b> port & harbour", "", "2015?", "¥3 bn", "São Tomé", "Sinopec"],
    ["3", "", "", "2016", "", "", ""],
    ["4", "Mystery", "spaceship", "2016", "", "", ""],
]


def write_csv(path, rows, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding)
    return path


@pytest.fixture
def tracker(tmp_path):
    return write_csv(tmp_path / "tracker.csv", TRACKER)


@pytest.fixture
def wizard(qtbot, library):
    wizard = ImportWizard(library=library)
    qtbot.add_widget(wizard)
    wizard.show()
    yield wizard
    wizard.reject()


def to_mapping(qtbot, wizard, path):
    wizard.file_page.path_edit.setText(str(path))
    assert wizard.file_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.source_page and wizard.source_page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.job.table is not None, timeout=20_000)
    return wizard.mapping_page


def to_preview(qtbot, wizard, path):
    to_mapping(qtbot, wizard, path)
    assert wizard.mapping_page.isComplete(), wizard.mapping_page.status.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.done, timeout=20_000)
    return wizard.preview_page


def test_a_file_imports_through_every_step(qtbot, wizard, tracker, library, qtmodeltester):
    preview = to_preview(qtbot, wizard, tracker)
    assert preview.summary.text() == "4 rows: 2 will be imported, 2 will not."
    assert preview.rows_model.rowCount() == 2
    assert [preview.rejections_model.index(r, 1).data() for r in range(2)] == [
        "has no title (column 'title' is empty)",
        "kind 'spaceship' is not one of actor, deal, event, figure, place"]
    qtmodeltester.check(preview.rows_model)
    qtmodeltester.check(preview.rejections_model)
    assert library.imports() == []  # the preview wrote nothing
    assert preview.isComplete()
    wizard.next()  # "Import"
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.done, timeout=30_000)
    assert run.summary.text().startswith("Imported 2 of 4 rows as batch 1. 2 rows were not "
                                         "imported; they are listed below with the reasons.")
    assert run.rejections_model.rowCount() == 2
    assert wizard.batch == 1
    assert library.get("tracker-1")["value_usd"] == 400e9
    assert [lk["id"] for lk in library.get("tracker-1")["links"]] == ["gazprom", "russia"]


def test_a_credit_typed_in_the_wizard_is_kept_with_every_entry(qtbot, wizard, tracker,
                                                                 library):
    preview = to_preview(qtbot, wizard, tracker)
    assert "Whom to credit" in preview.credit_edit.placeholderText()  # no preset: none given
    qtbot.keyClicks(preview.credit_edit, "Tracker kept by R. Ivanova")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=30_000)
    [source] = library.provenance("tracker-1")
    assert (source["dataset"], source["credit"], source["row"]) == (
        "tracker.csv", "Tracker kept by R. Ivanova", 2)


def test_data_is_shown_as_text_never_as_markup(qtbot, wizard, tracker):
    preview = to_preview(qtbot, wizard, tracker)
    model = preview.rows_model
    assert model.index(1, 1).data() == "<b>Bold</b> port & harbour"
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == (
        "<qt>&lt;b&gt;Bold&lt;/b&gt; port &amp; harbour</qt>")
    assert preview.summary.textFormat() == Qt.TextFormat.PlainText


def test_the_encoding_is_detected_and_can_be_changed(qtbot, wizard, tmp_path):
    path = write_csv(tmp_path / "legacy.csv", [["title", "place"], ["Café “Zürich”", "Genève"]],
                     encoding="cp1252")
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    source = wizard.source_page
    assert source.encoding_combo.currentText() == "Detected: cp1252"
    assert "Café “Zürich”" in source.sample.toPlainText()
    source.encoding_combo.setCurrentIndex(source.encoding_combo.findData("utf-8"))
    assert not source.isComplete()
    assert "legacy.csv is not valid utf-8" in source.problem.text()
    source.encoding_combo.setCurrentIndex(0)
    assert source.isComplete()


def test_the_encoding_label_is_read_over_the_whole_file(qtbot, wizard, tmp_path):
    rows = [["title", "place"]] + [[f"Deal {i}", "Harbour"] for i in range(1, 20_000)]
    rows[19_000] = ["Café deal", "Genève"]
    path = write_csv(tmp_path / "tracker.csv", rows, encoding="cp1252")
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    source = wizard.source_page
    assert source.encoding_combo.currentText() == "Detected: cp1252"
    source.encoding_combo.setCurrentIndex(source.encoding_combo.findData("utf-8"))
    assert not source.isComplete()  # refused here, by its line, not once the import runs
    assert "tracker.csv is not valid utf-8: line 19,001" in source.problem.text()


def test_a_workbook_sheet_is_chosen(qtbot, wizard, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    deals = book.create_sheet("Deals")
    deals.append(["title", "year"])
    deals.append(["Kazan railway", 2014])
    path = tmp_path / "tracker.xlsx"
    book.save(path)
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    combo = wizard.source_page.sheet_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Notes", "Deals"]
    combo.setCurrentText("Deals")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.job.table is not None, timeout=20_000)
    assert wizard.job.table.rows == [["Kazan railway", "2014"]]


def test_the_mapping_needs_a_title(qtbot, wizard, tracker):
    page = to_mapping(qtbot, wizard, tracker)
    page.set_field("title", "summary")
    assert not page.isComplete()
    assert page.status.text() == ("no column is mapped to the title and no title template is "
                                  "set; every entry needs one")
    page.set_field("title", "title")
    assert page.isComplete()
    assert page.current_mapping().columns["investor"].field == "actor"


def test_a_mapping_is_saved_and_offered_again(qtbot, wizard, tracker, library, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    page = to_mapping(qtbot, wizard, tracker)
    page.set_field("country", "extra")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("my tracker", True))
    page.save_button.click()
    assert page.mapping_combo.currentText() == "my tracker"
    assert library.import_mapping("my tracker").columns["country"].field == "extra"


def test_a_file_imported_before_is_imported_again_only_when_ticked(qtbot, wizard, tmp_path,
                                                                    library):
    notes = write_csv(tmp_path / "notes.csv", [["title"], ["Visit to Astana"]])
    batch = library.import_file(notes).batch
    preview = to_preview(qtbot, wizard, notes)
    assert not preview.isComplete()
    assert preview.again_note.isVisible()
    assert f"(batch {batch})" in preview.again_note.text()
    preview.again_box.setChecked(True)
    assert preview.isComplete()


def test_cancelling_the_import_leaves_nothing(qtbot, wizard, tmp_path, library):
    rows = [["title", "year", "investor"]]
    rows += [[f"Deal {n}", str(2000 + n % 20), f"Investor {n % 50}"] for n in range(20_000)]
    path = write_csv(tmp_path / "big.csv", rows)
    to_preview(qtbot, wizard, path)
    before = library.kind_counts()
    wizard.next()
    run = wizard.run_page
    run.cancel_button.click()
    qtbot.waitUntil(lambda: run.done, timeout=60_000)
    assert run.summary.text() == ("The import was cancelled. Nothing of it was written to the "
                                  "library.")
    assert wizard.batch is None
    assert library.kind_counts() == before
    assert library.imports() == []


def test_closing_the_wizard_during_the_import_cancels_it(qtbot, wizard, tmp_path, library):
    rows = [["title"]] + [[f"Note {n}"] for n in range(20_000)]
    path = write_csv(tmp_path / "notes.csv", rows)
    to_preview(qtbot, wizard, path)
    wizard.next()
    wizard.reject()
    assert not wizard.run_page.is_running()
    assert library.imports() == []


def test_nothing_to_import_cannot_be_imported(qtbot, wizard, tracker, library):
    library.import_file(tracker)
    preview = to_preview(qtbot, wizard, tracker)  # every id is in the library now
    preview.again_box.setChecked(True)
    assert preview.summary.text() == "4 rows: 0 will be imported, 4 will not."
    assert not preview.isComplete()


def test_the_batch_can_be_undone_from_the_summary(qtbot, wizard, tracker, library):
    to_preview(qtbot, wizard, tracker)
    wizard.next()
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.done, timeout=30_000)
    assert run.undo_button.isVisible()
    run.undo_button.click()
    qtbot.waitUntil(lambda: run.summary.text().startswith("Batch 1 was undone"), timeout=30_000)
    assert run.summary.text() == ("Batch 1 was undone: its 4 entries were removed from the "
                                  "library.")
    assert (wizard.batch, library.imports()) == (None, [])


def test_a_file_name_with_markup_is_shown_as_written(qtbot, wizard, tmp_path):
    path = write_csv(tmp_path / "<b>tracker<i>.csv", [["title"], ["A note"]])
    to_preview(qtbot, wizard, path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=30_000)
    assert wizard.subTitleFormat() == Qt.TextFormat.PlainText
    assert wizard.run_page.subTitle() == "From <b>tracker<i>.csv."


def test_the_mapping_page_says_which_preset_the_headers_chose(qtbot, wizard, tmp_path, library):
    from tests.db.test_import_datasets import AEI

    path = tmp_path / "tracker.csv"
    path.write_bytes(AEI.encode("cp1252"))
    page = to_mapping(qtbot, wizard, path)
    assert page.mapping_combo.currentData() == "aei-heritage-cgit"
    text = page.chosen.text()
    assert text.startswith("Recognised by its headers: using the AEI–Heritage China Global "
                           "Investment Tracker preset.")
    assert "Credit: American Enterprise Institute and The Heritage Foundation" in text
    assert "Titles are composed from the columns: {Investor} → {Transaction Party}" in text
    assert page.isComplete(), page.status.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.done, timeout=20_000)
    assert wizard.preview_page.summary.text() == "4 rows: 4 will be imported, 0 will not."


def test_a_guessed_mapping_shows_how_titles_are_composed(qtbot, wizard, tmp_path):
    path = write_csv(tmp_path / "loans.csv", [["Lender", "Borrower", "Country", "Year"],
                                              ["CDB", "Government", "Angola", "2009"]])
    page = to_mapping(qtbot, wizard, path)
    assert page.mapping_combo.currentIndex() == 0  # guessed
    assert page.chosen.text() == ("Titles are composed from the columns: "
                                  "{Lender} → {Borrower} ({Country}, {Year})")
    assert page.isComplete(), page.status.text()


def test_flagged_rows_are_counted_before_and_after(qtbot, wizard, tmp_path):
    path = write_csv(tmp_path / "projects.csv", [["title", "start", "end"],
                                                 ["Port of Gwadar", "2003-01-01", "2002-10-29"],
                                                 ["Kazan railway", "2015", "2018"]])
    preview = to_preview(qtbot, wizard, path)
    assert preview.summary.text() == ("2 rows: 2 will be imported (1 flagged: kept with a note "
                                      "on what the file said), 0 will not.")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=30_000)
    assert "Flagged, kept with a note on what the file said: 1 (search is:flagged)." in \
        wizard.run_page.summary.text()


def test_the_title_template_can_be_edited_on_the_mapping_page(qtbot, wizard, tmp_path, library):
    from tests.db.test_import_datasets import AEI

    path = tmp_path / "tracker.csv"
    path.write_bytes(AEI.encode("cp1252"))
    page = to_mapping(qtbot, wizard, path)
    assert page.title_edit.text() == ("{Investor} → {Transaction Party} ({Sector}, {Country}, "
                                      "{Year})")
    page.title_edit.setText("no columns")
    assert not page.isComplete()
    assert page.status.text().startswith("the title must name at least one column in braces")
    page.title_edit.setText("{Investor} buys into {Transaction Party}")
    assert page.isComplete(), page.status.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.done, timeout=20_000)
    assert wizard.preview_page.preview.sample[0]["title"] == \
        "China Petroleum and Chemical (Sinopec) buys into Rosneft"
