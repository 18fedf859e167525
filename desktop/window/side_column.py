"""The right column: the current entry's details, and the source it cites, as two tabs.

On a laptop screen the two shared one column and the details showed a few lines; as tabs each
gets the whole height. Following a quote ("Show in source", a source in the navigator) brings
the source forward; the source reader follows the current entry either way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

DETAILS_TAB, SOURCE_TAB = 0, 1


class SideColumn(QTabWidget):
    """Details and Source tabs; a citation clicked in the details shows the source."""

    def __init__(self, details: QWidget, reader: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sideColumn")
        self.setDocumentMode(True)
        self.addTab(details, "Details")
        self.addTab(reader, "Source")
        self.setTabToolTip(DETAILS_TAB, "The current entry: facts, links, quotes, your bookmark")
        self.setTabToolTip(SOURCE_TAB, "The source text, the current entry's quotes highlighted")
        details.citation_clicked.connect(self.show_source)

    def show_source(self) -> None:
        self.setCurrentIndex(SOURCE_TAB)

    def show_details(self) -> None:
        self.setCurrentIndex(DETAILS_TAB)
