"""The detail pane: everything about the current entry, and its bookmark, editable in place."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import Library, LibraryError, NotFoundError
from desktop.common.entry_html import entry_html, missing_html

NOTE_SAVE_DELAY_MS = 600
# Link schemes of a statement's rank links (desktop.common.authoring_html) and the rank each asks.
STATEMENT_RANKS = {"prefer": "preferred", "set-aside": "deprecated", "restore": "normal"}
NOTE_LINES = 4


class SafeBrowser(QTextBrowser):
    """A text browser that follows no link by itself and loads no resource (images, files)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind, url):  # noqa: N802 (Qt override)
        return None


def palette_colors(widget: QWidget) -> dict[str, str]:
    """Colours for generated HTML that suit the widget's (light or dark) palette."""
    pal = widget.palette()
    dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
    return {
        "muted": pal.color(QPalette.ColorRole.PlaceholderText).name(),
        "link": pal.color(QPalette.ColorRole.Link).name(),
        "note_bg": "#4a4320" if dark else "#fff6d5",
        "highlight_bg": "#6b5a00" if dark else "#ffe680",
        "cited_fg": pal.color(QPalette.ColorRole.Text).name(),
        "suggestion_bg": "#23405f" if dark else "#dcebff",
    }


class DetailPane(QWidget):
    """Shows one entry; emits ``entry_link_clicked`` / ``citation_clicked`` for its links."""

    entry_link_clicked = Signal(str)
    citation_clicked = Signal(int)
    statement_ranked = Signal(int, str)  # a statement's Prefer / Set aside / Restore link
    bookmark_changed = Signal(str)
    error = Signal(str)

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Details")
        self._library = library
        self._entry_id: str | None = None
        self._loading = False
        self._build()
        self._connect_signals()
        self.show_entry(None)

    def _build(self) -> None:
        self.browser = SafeBrowser(self)
        self.browser.setObjectName("detailBrowser")
        self.star = QToolButton(self)
        self.star.setObjectName("bookmarkStar")
        self.star.setCheckable(True)
        self.star.setToolTip("Bookmark this entry (Ctrl+D)")
        self.tags = QLineEdit(self)
        self.tags.setObjectName("bookmarkTags")
        self.tags.setPlaceholderText("Tags, separated by commas")
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("bookmarkNote")
        self.note.setPlaceholderText("Your note on this entry (saved as you type)")
        self.note.installEventFilter(self)
        self._fit_note()
        self.saved_label = QLabel(self)
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        bar = QHBoxLayout()
        bar.addWidget(self.star)
        bar.addWidget(QLabel("Tags:", self))
        bar.addWidget(self.tags, 1)
        bar.addWidget(self.saved_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addLayout(bar)
        layout.addWidget(self.note)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if obj is self.note and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._fit_note()
        return False

    def _fit_note(self) -> None:
        """The note editor is one line until it is used (focused, or holding a note), so that
        the entry gets the pane's height; then it shows NOTE_LINES lines."""
        used = self.note.hasFocus() or bool(self.note.toPlainText())
        lines = NOTE_LINES if used else 1
        self.note.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if used
                                             else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        margins = 2 * (self.note.frameWidth() + self.note.document().documentMargin())
        self.note.setFixedHeight(round(lines * self.note.fontMetrics().lineSpacing() + margins))

    def _connect_signals(self) -> None:
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.star.toggled.connect(self._on_star_toggled)
        self.tags.editingFinished.connect(self._on_tags_edited)
        self.note.textChanged.connect(self._on_note_changed)
        self._note_timer.timeout.connect(self.save_note)

    # -- showing ------------------------------------------------------------------------------

    @property
    def entry_id(self) -> str | None:
        return self._entry_id

    def text(self) -> str:
        """The pane's text as a reader sees it."""
        return self.browser.toPlainText()

    def show_entry(self, entry_id: str | None) -> None:
        self.save_note()
        self._entry_id = entry_id
        self._loading = True
        try:
            self._render(entry_id)
        finally:
            self._loading = False

    def _render(self, entry_id: str | None) -> None:
        if entry_id is None:
            self.browser.setHtml("<p><i>Select an entry to see its details.</i></p>")
            self._set_bookmark_controls(None, enabled=False)
            return
        try:
            entry = self._library.get(entry_id)
        except NotFoundError:
            mark = self._library.get_bookmark(entry_id)
            self.browser.setHtml(missing_html(entry_id, self._library.bookmarked_title(entry_id)))
            self._set_bookmark_controls(mark, enabled=mark is not None)
            return
        self.browser.setHtml(entry_html(entry, colors=palette_colors(self)))
        self._set_bookmark_controls(entry["bookmark"], enabled=True)

    def _set_bookmark_controls(self, mark: dict | None, *, enabled: bool) -> None:
        self.star.setEnabled(enabled)
        self.star.setChecked(mark is not None)
        self.star.setText("★ Bookmarked" if mark else "☆ Bookmark")
        self.star.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.tags.setEnabled(mark is not None)
        self.note.setEnabled(mark is not None)
        self.tags.setText(", ".join(mark["tags"]) if mark else "")
        self.note.setPlainText(mark["note"] if mark else "")
        self.saved_label.setText("")
        self._fit_note()

    def refresh(self) -> None:
        """Re-read the current entry (after its bookmark changed elsewhere)."""
        self.show_entry(self._entry_id)

    def changeEvent(self, event):  # noqa: N802 (Qt override)
        # The system switched between light and dark: redraw with the new colours.
        if event.type() == QEvent.Type.PaletteChange and not self._loading:
            self.show_entry(self._entry_id)
        super().changeEvent(event)

    # -- bookmark editing ---------------------------------------------------------------------

    def toggle_bookmark(self) -> None:
        if self.star.isEnabled():
            self.star.toggle()

    def _on_star_toggled(self, checked: bool) -> None:
        if self._loading or self._entry_id is None:
            return
        try:
            if checked:
                mark = self._library.bookmark(self._entry_id)
            else:
                self._library.unbookmark(self._entry_id)
                mark = None
        except LibraryError as exc:
            self.error.emit(str(exc))
            mark = self._library.get_bookmark(self._entry_id)
        self._loading = True
        try:
            self._set_bookmark_controls(mark, enabled=True)
        finally:
            self._loading = False
        self.bookmark_changed.emit(self._entry_id)

    def _on_tags_edited(self) -> None:
        if self._loading or self._entry_id is None or not self.star.isChecked():
            return
        tags = [t.strip() for t in self.tags.text().split(",")]
        self._save(tags=tags)

    def _on_note_changed(self) -> None:
        if not self._loading and self.star.isChecked():
            self.saved_label.setText("editing…")
            self._note_timer.start()

    def save_note(self) -> None:
        """Save a pending note edit now (also called before the pane shows another entry)."""
        if self._note_timer.isActive() and self._entry_id is not None:
            self._note_timer.stop()
            self._save(note=self.note.toPlainText())

    def _save(self, **changes) -> None:
        try:
            self._library.bookmark(self._entry_id, **changes)
        except (LibraryError, NotFoundError) as exc:
            self.error.emit(f"Could not save the bookmark: {exc}")
            self.saved_label.setText("not saved")
            return
        self.saved_label.setText("saved")
        self.bookmark_changed.emit(self._entry_id)

    # -- links --------------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.path()
        if scheme == "entry" and target:
            self.entry_link_clicked.emit(target)
        elif scheme == "cite" and target.isdigit():
            self.citation_clicked.emit(int(target))
        elif scheme in STATEMENT_RANKS and target.isdigit():
            self.statement_ranked.emit(int(target), STATEMENT_RANKS[scheme])
        # Any other link (web, file, javascript) is ignored on purpose.
