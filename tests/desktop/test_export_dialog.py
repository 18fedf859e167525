"""The export dialog: scopes with their counts, formats, the file written off the UI thread."""

from __future__ import annotations

import csv
import io
import json

import pytest

from desktop.transfer.export_dialog import ExportDialog


@pytest.fixture
def make_dialog(qtbot, library):
    def make(query: str = "", selected_ids=()):
        dialog = ExportDialog(library=library, query=query, selected_ids=list(selected_ids))
        qtbot.add_widget(dialog)
        dialog.show()
        return dialog

    return make


def export(qtbot, dialog, **choices):
    dialog.choose(**choices)
    with qtbot.wait_signal(dialog.finished, timeout=30_000):
        dialog.start_export(choices["path"])
    return dialog.exported


def scope_texts(dialog) -> list[tuple[str, bool]]:
    return [(b.text(), b.isEnabled()) for b in dialog.scopes.buttons()]


def test_scopes_show_what_each_would_export(make_dialog, library):
    library.bookmark("gazprom")
    dialog = make_dialog("kind:deal value:>100bn")
    assert scope_texts(dialog) == [
        ("The current results of “kind:deal value:>100bn” (4)", True),
        ("The selected entries (0)", False),
        ("Your bookmarks (1)", True)]
    assert dialog.scope == "results"
    assert make_dialog("", ["russia", "china"]).scope == "selection"


def test_the_current_results_to_csv(qtbot, make_dialog, tmp_path):
    dialog = make_dialog("kind:deal value:>100bn")
    out = export(qtbot, dialog, fmt="csv", path=tmp_path / "deals.csv")
    assert out == tmp_path / "deals.csv"
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert sorted(r["id"] for r in rows) == ["gas-deal-2014", "moscow-beijing-hsr",
                                             "obor-4-trillion-pledge", "obor-official-deals"]
    assert dialog.status.text() == f"Wrote 4 entries to {out}."


def test_the_selection_to_xlsx(qtbot, make_dialog, tmp_path):
    from openpyxl import load_workbook

    dialog = make_dialog("", ["russia", "china"])
    out = export(qtbot, dialog, scope="selection", fmt="xlsx", path=tmp_path / "two.xlsx")
    sheet = load_workbook(out)["Roadbook entries"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["russia", "china"]


def test_the_bookmarks_to_json(qtbot, make_dialog, library, tmp_path):
    library.bookmark("gazprom", note="check the price")
    dialog = make_dialog("gas")
    out = export(qtbot, dialog, scope="bookmarks", fmt="json", path=tmp_path / "marks.json")
    [entry] = json.loads(out.read_text("utf-8"))
    assert (entry["id"], entry["bookmark"]["note"]) == ("gazprom", "check the price")


def test_choosing_a_format_changes_the_file_suffix(make_dialog, tmp_path):
    dialog = make_dialog()
    dialog.choose(path=tmp_path / "entries.csv")
    dialog.choose(fmt="xlsx")
    assert dialog.path_edit.text() == str(tmp_path / "entries.xlsx")


def test_a_folder_that_does_not_exist_is_said_and_nothing_closes(qtbot, make_dialog, tmp_path):
    dialog = make_dialog()
    out = tmp_path / "missing" / "entries.csv"
    dialog.choose(path=out)
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.export_button.isEnabled(),
                    timeout=30_000)
    assert dialog.exported is None and dialog.isVisible()
    assert dialog.status.text() == (f"cannot write {out}: the folder {out.parent} does not "
                                    "exist")


def test_nothing_to_export(make_dialog):
    dialog = make_dialog("zzzzqqq kind:place")
    assert [enabled for _, enabled in scope_texts(dialog)] == [False, False, False]
    assert not dialog.export_button.isEnabled()
    assert dialog.status.text() == ("There is nothing to export: no results, selection or "
                                    "bookmarks.")
