"""Imports seen from the window: new entries appear everywhere, an undo takes them away."""

from __future__ import annotations

from desktop.models.navigator_model import Place


def write_csv(path):
    path.write_text("title,date,value,investor\n"
                    "Arctic LNG 2 stake,2019,$2.5bn,Gazprom\n"
                    "Yamal rail bridge,2021-03,$800m,China\n", "utf-8")
    return path


def test_an_import_and_its_undo_show_in_every_pane(qtbot, window, tmp_path):
    from desktop.transfer.import_history import ImportHistoryDialog

    deals_before = window.library.kind_counts()["deal"]
    report = window.library.import_file(write_csv(tmp_path / "deals.csv"), mapping=None,
                                        kind="deal")
    assert report.imported == 2
    window.library_changed("Imported.")
    assert window.nav_model.index_of(Place("kind", "deal")).data() == \
        f"Deals ({deals_before + 2})"
    window.search_field.set_query("arctic")
    assert window.results_model.rowCount() == 1
    entry_id = window.results_model.entry_id_at(window.results_model.index(0, 1))
    window.navigator.go(entry_id)
    assert "import" in window.detail_pane.text()  # the entry shows its origin

    dialog = ImportHistoryDialog(library=window.library, parent=window)
    qtbot.add_widget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "deals.csv"
    dialog.batch_undone.connect(lambda b: window.library_changed(f"Import batch {b} undone."))
    dialog.table.selectRow(0)
    dialog.undo(dialog.selected_batch())
    assert dialog.table.rowCount() == 0
    model = window.results_model
    shown = {model.entry_id_at(model.index(r, 1)) for r in range(model.rowCount())}
    assert entry_id not in shown  # (a close word may be shown instead, with a hint)
    assert window.nav_model.index_of(Place("kind", "deal")).data() == f"Deals ({deals_before})"


def test_import_and_export_actions_have_their_shortcuts(window):
    assert window.actions["import"].shortcut().toString() == "Ctrl+I"
    assert window.actions["export"].shortcut().toString() == "Ctrl+Shift+E"


def test_an_import_is_preceded_by_a_verified_backup(library, tmp_path):
    assert library.backups() == []
    library.import_file(write_csv(tmp_path / "deals.csv"), mapping=None, kind="deal")
    backups = library.backups()
    assert len(backups) == 1 and "before-import" in backups[0].path.name
    library.import_file(write_csv(tmp_path / "again.csv"), mapping=None, kind="deal",
                        dry_run=True)
    assert len(library.backups()) == 1  # a dry run changes nothing, so needs no backup
