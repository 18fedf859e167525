"""Print, Print Preview and Export PDF from a window: the options dialog, the worker, the steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from db.report import ReportScope
from desktop.printing import PrintOptions, open_print_dialog
from desktop.printing.options_dialog import PrintOptionsDialog, scope_choices
from desktop.printing.worker import PrintJob


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.add_widget(widget)
    widget.show()
    return widget


def options_dialog(qtbot, library, **where) -> PrintOptionsDialog:
    where = {"current_id": None, "selected_ids": [], "query": ""} | where
    dialog = PrintOptionsDialog(scope_choices(library, **where), mode="pdf")
    qtbot.add_widget(dialog)
    return dialog


def test_scope_defaults_to_the_results_and_offers_what_exists(qtbot, library):
    dialog = options_dialog(qtbot, library, current_id="gazprom", query="gas")
    buttons = dialog.scope_buttons
    assert dialog.scope() == ReportScope.for_query("gas")
    assert buttons["results"].text() == "Results of “gas” (5)"
    assert buttons["current"].text() == "Current entry: Gazprom"
    assert (buttons["current"].isEnabled(), buttons["selection"].isEnabled(),
            buttons["bookmarks"].isEnabled()) == (True, False, False)
    buttons["current"].setChecked(True)
    assert dialog.scope() == ReportScope.for_ids(["gazprom"])


def test_selected_rows_are_the_default_when_several_are_selected(qtbot, library):
    dialog = options_dialog(qtbot, library, selected_ids=["moscow", "beijing", "china"])
    assert dialog.scope_buttons["selection"].text() == "Selected rows (3)"
    assert dialog.scope() == ReportScope.for_ids(["moscow", "beijing", "china"])


def test_choosing_a_tag_prints_those_bookmarks(qtbot, library):
    library.bookmark("gazprom", tags=["energy"])
    library.bookmark("moscow", tags=["transport"])
    dialog = options_dialog(qtbot, library, query="gas")
    assert dialog.scope_buttons["bookmarks"].text() == "Bookmarks (2)"
    assert [dialog.tag_combo.itemText(i) for i in range(dialog.tag_combo.count())] == \
        ["All tags", "energy (1)", "transport (1)"]
    dialog.tag_combo.setCurrentIndex(1)
    dialog.tag_combo.activated.emit(1)  # what a user's pick sends
    assert dialog.scope() == ReportScope.for_bookmarks("energy")


def test_options_follow_the_checkboxes_and_ok_needs_a_part(qtbot, library):
    dialog = options_dialog(qtbot, library)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Export PDF…"
    dialog.part_checks["timeline"].setChecked(False)
    dialog.notes_combo.setCurrentIndex(1)
    dialog.size_combo.setCurrentText("Letter")
    dialog.landscape_check.setChecked(True)
    dialog.title_edit.setText("  Gas   brief ")
    assert dialog.options() == PrintOptions(
        parts=frozenset({"table", "sections", "quotes"}), notes="endnotes",
        page_size="Letter", landscape=True, title="Gas brief")
    dialog.part_checks["quotes"].setChecked(False)
    assert not dialog.notes_combo.isEnabled()
    for check in dialog.part_checks.values():
        check.setChecked(False)
    assert not ok.isEnabled()


def test_job_writes_the_pdf_on_a_worker_and_reports_progress(qtbot, library, tmp_path):
    out = tmp_path / "gas.pdf"
    job = PrintJob(library_path=library.path, scope=ReportScope.for_query("gas"),
                   options=PrintOptions(title="Gas brief"), target=out)
    steps = []
    job.progress.connect(lambda done, total, label: steps.append(label))
    with qtbot.wait_signal(job.finished, timeout=60_000) as finished:
        job.start()
    outcome = finished.args[0]
    assert outcome.path == out and outcome.pages == len(PdfReader(out).pages)
    assert "gas-deal-2014" in [e.id for e in outcome.report.entries]
    assert steps[0] == "Reading entries" and steps[-1] == "Laying out pages"
    assert pdf_text(out).startswith("ROADBOOK BRIEFING Gas brief The search “gas”: 5 entries")


def test_job_paints_on_a_printer_from_the_worker(qtbot, library, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    job = PrintJob(library_path=library.path, scope=ReportScope.for_ids(["gas-deal-2014"]),
                   options=PrintOptions(), target=printer)
    with qtbot.wait_signal(job.finished, timeout=60_000):
        job.start()
    assert "China–Russia gas deal (2014)" in pdf_text(tmp_path / "printed.pdf")


def test_a_cancelled_job_leaves_no_file(qtbot, library, tmp_path):
    out = tmp_path / "never.pdf"
    job = PrintJob(library_path=library.path, scope=ReportScope.for_query(""),
                   options=PrintOptions(), target=out)
    job.cancel()  # before the first entry is read
    with qtbot.wait_signal(job.cancelled, timeout=60_000):
        job.start()
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if ".pdf" in p.name] == []


def test_a_failing_job_says_why(qtbot, library, tmp_path):
    job = PrintJob(library_path=library.path, scope=ReportScope.for_ids(["no-such-entry"]),
                   options=PrintOptions(), target=tmp_path / "x.pdf")
    with qtbot.wait_signal(job.failed, timeout=60_000) as failed:
        job.start()
    assert failed.args == ["no entry with id 'no-such-entry'"]


def test_export_pdf_from_the_window(qtbot, parent, library, tmp_path):
    session = open_print_dialog(parent, library, current_id="gazprom", selected_ids=[],
                                query="gas", mode="pdf")
    assert session.options_dialog.isVisible()
    session.options_dialog.title_edit.setText("Gas, for the minister")
    session.options_dialog.accept()
    dialog = session.file_dialog
    assert dialog.isVisible() and Path(dialog.selectedFiles()[0]).name == \
        "Gas-for-the-minister.pdf"
    out = tmp_path / "minister.pdf"
    with qtbot.wait_signal(session.finished, timeout=60_000) as finished:
        dialog.selectFile(str(out))
        dialog.accept()
    pages = len(PdfReader(out).pages)
    assert finished.args == [f"Wrote {pages} pages to {out}."]
    assert "Gas, for the minister" in pdf_text(out)


def test_export_to_a_folder_that_cannot_be_written_is_reported(qtbot, parent, library,
                                                              tmp_path):
    session = open_print_dialog(parent, library, current_id=None, selected_ids=[],
                                query="gas", mode="pdf")
    session.options_dialog.accept()
    with qtbot.wait_signal(session.failed, timeout=10_000) as failed:
        session.file_dialog.fileSelected.emit(str(tmp_path / "missing" / "x.pdf"))
    assert failed.args == [f"Cannot write {tmp_path / 'missing' / 'x.pdf'}: the folder "
                           f"{tmp_path / 'missing'} does not exist."]


def test_print_goes_through_the_print_dialog_with_the_chosen_page(qtbot, parent, library):
    session = open_print_dialog(parent, library, current_id=None, selected_ids=[],
                                query="gas", mode="print")
    session.options_dialog.size_combo.setCurrentText("Letter")
    session.options_dialog.landscape_check.setChecked(True)
    session.options_dialog.accept()
    assert session.print_dialog.isVisible()
    layout = session.printer.pageLayout()
    assert (layout.pageSize().key(), layout.orientation().name) == ("Letter", "Landscape")
    session.print_dialog.reject()


def test_preview_renders_pages_in_the_preview_dialog(qtbot, parent, library):
    session = open_print_dialog(parent, library, current_id=None, selected_ids=[],
                                query="gas", mode="preview")
    session.options_dialog.accept()
    qtbot.wait_until(lambda: session.preview_dialog is not None, timeout=60_000)
    preview = session.preview_dialog.findChild(QPrintPreviewWidget)
    qtbot.wait_until(lambda: preview.pageCount() > 0, timeout=60_000)
    assert preview.pageCount() >= 2
    with qtbot.wait_signal(session.finished) as finished:
        session.preview_dialog.reject()
    assert finished.args == ["Print preview closed."]


def test_unknown_mode_is_refused(parent, library):
    with pytest.raises(ValueError, match="unknown print mode"):
        open_print_dialog(parent, library, current_id=None, selected_ids=[], query="",
                          mode="fax")


def test_scope_choices_read_the_library(library):
    library.bookmark("gazprom", tags=["energy"])
    choices = scope_choices(library, current_id="no-such-entry", selected_ids=["moscow"],
                            query="gas")
    assert (choices.current_id, choices.result_count, choices.bookmark_count) == (None, 5, 1)
    assert choices.selected_ids == ("moscow",)


def test_closing_the_window_stops_a_running_job(qtbot, library, tmp_path):
    import shiboken6

    window = QWidget()
    out = tmp_path / "whole.pdf"
    job = PrintJob(library_path=library.path, scope=ReportScope.for_query(""),
                   options=PrintOptions(), target=out, parent=window)
    started = []
    job.progress.connect(lambda *args: started.append(args))
    job.start()
    qtbot.wait_until(lambda: bool(started), timeout=60_000)
    shiboken6.delete(window)  # takes the job and its thread with it
    assert not out.exists()
