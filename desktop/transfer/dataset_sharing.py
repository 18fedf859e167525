"""Sharing what an analyst wrote: File → Share My Entries… writes the analyst's entries and the
sources they cite as a dataset folder (the bundled dataset's format, as ``roadbook export
--origin analyst --format toml`` does); File → Add Shared Entries… adds such a folder from a
colleague to this library, whole or not at all (as ``roadbook import FOLDER`` does)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from db import DatasetError, RoadbookError
from desktop.common.formatting import one_line

SHOWN_PROBLEMS = 8  # problems listed in a message; the rest are counted


def share_entries(parent: QWidget, library) -> str | None:
    """Ask for a new folder and write the analyst's entries there; the message said, or None
    when nothing was written (cancelled, nothing to share, or refused)."""
    if not library.has_entries_of("analyst") and not library.has_amendments():
        QMessageBox.information(parent, "Share My Entries",
                                "You have not written any entries in this library yet, nor "
                                "quoted a source for one: there is nothing to share.")
        return None
    suggested = str(Path.home() / f"{library.path.stem}-my-entries")
    chosen, _ = QFileDialog.getSaveFileName(parent, "Share My Entries: a new folder",
                                            suggested, "Folder (*)")
    if not chosen:
        return None
    try:
        with _busy():
            report = library.export_dataset(Path(chosen), origin="analyst")
    except RoadbookError as exc:
        QMessageBox.warning(parent, "Share My Entries", one_line(str(exc), limit=400))
        return None
    amended = (f", and your quotes and statements on {report['amended']} entries you did not "
               "write," if report.get("amended") else "")
    message = (f"Wrote {report['entries']} entries and {report['sources']} source(s){amended} to "
               f"{report['folder']}. A colleague adds them with File → Add Shared Entries… "
               "(or roadbook import FOLDER).")
    QMessageBox.information(parent, "Share My Entries",
                            message + _problems_note(report["problems"], shared=True))
    return message


def add_shared_entries(parent: QWidget, library) -> str | None:
    """Ask for a dataset folder and add its entries and sources; the message said, or None."""
    chosen = QFileDialog.getExistingDirectory(parent, "Add Shared Entries: the shared folder",
                                              str(Path.home()))
    if not chosen:
        return None
    try:
        with _busy():
            report = library.import_dataset(Path(chosen))
    except DatasetError as exc:
        QMessageBox.warning(parent, "Add Shared Entries",
                            f"Nothing was added from {chosen}:" + _problems_note(exc.problems))
        return None
    except RoadbookError as exc:
        QMessageBox.warning(parent, "Add Shared Entries", one_line(str(exc), limit=400))
        return None
    skipped = report["skipped"]
    kept = (f"; {len(skipped)} the library has already were left as they are"
            if skipped else "")
    if report.get("amended"):
        kept += f"; quotes and statements added to {report['amended']} entries it has"
    return (f"Added {report['entries']} entries and {report['sources']} source(s) from "
            f"{Path(chosen).name}{kept}.")


def _problems_note(problems: list[str], *, shared: bool = False) -> str:
    if not problems:
        return ""
    head = ("\n\nNotes (a library that has the entries these name takes the folder as it is):"
            if shared else "")
    lines = [f"\n• {one_line(p)}" for p in problems[:SHOWN_PROBLEMS]]
    more = len(problems) - SHOWN_PROBLEMS
    return head + "".join(lines) + (f"\n… and {more} more" if more > 0 else "")


class _busy:
    """The wait cursor while the folder is written or read."""

    def __enter__(self):
        from PySide6.QtCore import Qt

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc):
        QApplication.restoreOverrideCursor()
