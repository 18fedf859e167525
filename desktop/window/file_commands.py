"""The window's File commands that move data in and out: import, import history, export,
sharing the analyst's entries (and adding a colleague's), and printing (print, preview, PDF).
Built by ``MainWindow``; each opens its own dialog."""

from __future__ import annotations

from PySide6.QtCore import QObject


class FileCommands(QObject):
    """Connects the File menu's data actions to their dialogs for one window."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.print_session = None
        actions = window.actions
        actions["import"].triggered.connect(self.import_file)
        actions["import_history"].triggered.connect(self.show_import_history)
        actions["export"].triggered.connect(self.export)
        actions["share_entries"].triggered.connect(self.share_entries)
        actions["add_shared"].triggered.connect(self.add_shared_entries)
        actions["add_shared"].setEnabled(not window.library.read_only)
        actions["print"].triggered.connect(lambda: self.start_print("print"))
        actions["print_preview"].triggered.connect(lambda: self.start_print("preview"))
        actions["export_pdf"].triggered.connect(lambda: self.start_print("pdf"))

    def import_file(self) -> None:
        from desktop.transfer.import_wizard import open_import_dialog

        window = self._window
        batch = open_import_dialog(window, window.library)
        if batch is not None:
            window.library_changed(f"Imported batch {batch}.")

    def show_import_history(self) -> None:
        from desktop.transfer.import_history import ImportHistoryDialog

        window = self._window
        dialog = ImportHistoryDialog(library=window.library, parent=window)
        dialog.batch_undone.connect(
            lambda batch: window.library_changed(f"Import batch {batch} undone."))
        dialog.compact_advised.connect(window.data_safety.compact_library)
        dialog.exec()

    def export(self) -> None:
        from desktop.transfer.export_dialog import open_export_dialog

        window = self._window
        path = open_export_dialog(window, window.library, query=window.effective_query(),
                                  selected_ids=window.selected_ids())
        if path is not None:
            window.statusBar().showMessage(f"Exported to {path}", 8000)

    def share_entries(self) -> None:
        from desktop.transfer.dataset_sharing import share_entries

        window = self._window
        message = share_entries(window, window.library)
        if message:
            window.statusBar().showMessage(message, 8000)

    def add_shared_entries(self) -> None:
        from desktop.transfer.dataset_sharing import add_shared_entries

        window = self._window
        message = add_shared_entries(window, window.library)
        if message:
            window.library_changed(message)

    def start_print(self, mode: str) -> None:
        """Print, preview or export a briefing; the dialog chooses what goes in."""
        from desktop.printing import open_print_dialog

        window = self._window
        session = open_print_dialog(window, window.library, current_id=window.navigator.current,
                                    selected_ids=window.selected_ids(),
                                    query=window.effective_query(), mode=mode)
        session.finished.connect(lambda message: window.statusBar().showMessage(message, 8000))
        session.failed.connect(window.show_error)
        self.print_session = session
