"""Every menu, toolbar and shortcut action declared once; the main window builds and wires them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    menu: str
    shortcuts: tuple = ()
    tip: str = ""
    toolbar: bool = False
    checkable: bool = False


_KEYS = QKeySequence.StandardKey

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open_library", "&Open Library…", "File", (_KEYS.Open,),
               "Open another library file"),
    ActionSpec("save_search", "&Save Search…", "File", ("Ctrl+Shift+S",),
               "Save the current query as a named search in the navigator"),
    ActionSpec("add_source", "Add &Source…", "File", ("Ctrl+Shift+O",),
               "Add a document (text, Markdown, web page, PDF, Word) to the library"),
    ActionSpec("paste_source", "Paste as &New Source…", "File", ("Ctrl+Shift+V",),
               "Add the text on the clipboard to the library as a source"),
    ActionSpec("review_suggestions", "Review Su&ggestions…", "File", ("Ctrl+Shift+R",),
               "Accept or reject what Roadbook found in the source on show"),
    ActionSpec("import", "&Import…", "File", ("Ctrl+I",),
               "Import a spreadsheet, CSV, JSON or JSON Lines file as an undoable batch"),
    ActionSpec("import_history", "Import &History…", "File", (),
               "See past imports and undo one"),
    ActionSpec("export", "&Export…", "File", ("Ctrl+Shift+E",),
               "Export the results, the selection or the bookmarks to CSV, XLSX or JSON"),
    ActionSpec("share_entries", "S&hare My Entries…", "File", (),
               "Write the entries you wrote, with the sources they cite, as a folder a "
               "colleague can add"),
    ActionSpec("add_shared", "A&dd Shared Entries…", "File", (),
               "Add the entries and sources of a folder shared from another library"),
    ActionSpec("print", "&Print…", "File", (_KEYS.Print, "Ctrl+P"),
               "Print a briefing: this entry, the selected rows, the results or bookmarks"),
    ActionSpec("print_preview", "Print Pre&view…", "File", ("Ctrl+Shift+P",),
               "See the briefing page by page before printing"),
    ActionSpec("export_pdf", "Export &PDF…", "File", (), "Write the briefing to a PDF file"),
    ActionSpec("quit", "&Quit", "File", (_KEYS.Quit, "Ctrl+Q"), "Close Roadbook"),
    ActionSpec("find", "&Find", "Edit", (_KEYS.Find, "Ctrl+L"), "Focus the search field"),
    ActionSpec("goto", "&Go to Entry…", "Edit", ("Ctrl+K",), "Jump to an entry by name"),
    ActionSpec("toggle_bookmark", "&Bookmark", "Edit", ("Ctrl+D",),
               "Bookmark the current entry, or remove its bookmark", toolbar=True),
    ActionSpec("undo_edit", "&Undo", "Edit", (_KEYS.Undo, "Ctrl+Z"),
               "Undo the last change to an entry (a new entry, an edit, a deletion)"),
    ActionSpec("new_entry", "&New Entry…", "Edit", (_KEYS.New, "Ctrl+N"),
               "Write a new entry: an actor, deal, event, figure or place"),
    ActionSpec("edit_entry", "&Edit Entry…", "Edit", ("Ctrl+E",),
               "Edit the current entry's fields, names, links and tags"),
    ActionSpec("delete_entry", "&Delete Entry", "Edit", (),
               "Delete the current entry (Undo brings it back)"),
    ActionSpec("back", "&Back", "View", ("Alt+Left", _KEYS.Back),
               "Back to the previous entry", toolbar=True),
    ActionSpec("forward", "&Forward", "View", ("Alt+Right", _KEYS.Forward),
               "Forward to the next entry", toolbar=True),
    ActionSpec("show_results", "&Results", "View", ("Ctrl+1",), "Show the results table"),
    ActionSpec("show_bookmarks", "Book&marks", "View", ("Ctrl+B",), "Show your bookmarks"),
    ActionSpec("check_library", "&Check Library…", "Tools", (),
               "Check the library file for damage and repair what can be repaired"),
    ActionSpec("backup_now", "&Back Up Now", "Tools", (), "Take a verified backup now"),
    ActionSpec("restore_backup", "&Restore from Backup…", "Tools", (),
               "Put a backup back (what is in the library now is backed up first)"),
    ActionSpec("compact_library", "C&ompact Library", "Tools", (),
               "Give the space that removed entries left back to the disk"),
    ActionSpec("query_help", "&Search Language", "Help", (_KEYS.HelpContents, "F1"),
               "How to write queries"),
    ActionSpec("about", "&About Roadbook", "Help", (), "Version and credits"),
)

MENU_ORDER = ("File", "Edit", "View", "Tools", "Help")


def _unique_sequences(shortcuts) -> list[QKeySequence]:
    """Shortcuts without repeats (a standard key often equals the one spelled out)."""
    out, seen = [], set()
    for shortcut in shortcuts:
        sequences = QKeySequence.keyBindings(shortcut) if isinstance(shortcut, _KEYS) \
            else [QKeySequence(shortcut)]
        for sequence in sequences:
            if not sequence.isEmpty() and sequence.toString() not in seen:
                seen.add(sequence.toString())
                out.append(sequence)
    return out


def build_actions(parent) -> dict[str, QAction]:
    """A ``QAction`` for every spec, keyed by name, with shortcuts and tips set."""
    actions = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(f"action_{spec.name}")
        action.setShortcuts(_unique_sequences(spec.shortcuts))
        action.setToolTip(spec.tip or spec.text.replace("&", "").rstrip("…"))
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        actions[spec.name] = action
    return actions
