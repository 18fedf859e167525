"""The navigator on the left: All, the kinds, the sources, bookmarks and saved searches."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeView

from desktop.models.navigator_model import PLACE_ROLE, NavigatorModel, Place


class NavigatorView(QTreeView):
    """A tree of places over a ``NavigatorModel``; ``refresh`` keeps the place that is chosen."""

    def __init__(self, *, model: NavigatorModel, parent=None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setAccessibleName("Navigator")
        self.setHeaderHidden(True)
        self.setModel(model)
        self.expandAll()

    def current_place(self) -> Place | None:
        place = self.currentIndex().data(PLACE_ROLE)
        return place if isinstance(place, Place) else None

    def refresh(self) -> None:
        """Read the counts again, keeping the chosen place without announcing it as a change."""
        current = self.current_place()
        self.selectionModel().blockSignals(True)
        self.model().refresh()
        self.expandAll()
        if current is not None:
            self.setCurrentIndex(self.model().index_of(current))
        self.selectionModel().blockSignals(False)
