"""``TimelinePanel``: the timeline view under a small toolbar (lanes, zoom, fit, export)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db import RoadbookError
from desktop.timeline.view import TimelineView

LANE_CHOICES = (("kind", "Lanes by kind"), ("actor", "Lanes by actor"), ("single", "One lane"))


class TimelinePanel(QWidget):
    """What the timeline dock holds; the main window talks to ``.view``."""

    def __init__(self, library=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self.view = TimelineView(library=library, parent=self)
        self.toolbar = QToolBar("Timeline", self)
        self.toolbar.setObjectName("timelineToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.lane_box = QComboBox(self)
        self.lane_box.setObjectName("timelineLanes")
        self.lane_box.setAccessibleName("Timeline lanes")
        for mode, text in LANE_CHOICES:
            self.lane_box.addItem(text, mode)
        self.status = QLabel(self)
        self.status.setObjectName("timelineStatus")
        self.actions = self._build_actions()
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self._connect_signals()
        self._on_items_changed()

    def _build_actions(self) -> dict[str, QAction]:
        specs = (("zoom_in", "Zoom in", "Zoom in (+, Ctrl+wheel)", self.view.zoom_in),
                 ("zoom_out", "Zoom out", "Zoom out (−, Ctrl+wheel)", self.view.zoom_out),
                 ("fit_all", "Fit all", "Show every item (F, double-click)", self.view.fit_all),
                 ("export", "Export image…", "Save the timeline as PNG or SVG",
                  self._on_export_requested))
        actions = {}
        for name, text, tip, slot in specs:
            action = QAction(text, self)
            action.setObjectName(f"timeline_{name}")
            action.setToolTip(tip)
            action.triggered.connect(slot)
            actions[name] = action
        return actions  # the view handles +, −, F itself (zooming around the mouse)

    def _build_toolbar(self) -> None:
        self.toolbar.addWidget(self.lane_box)
        for name in ("zoom_out", "zoom_in", "fit_all"):
            self.toolbar.addAction(self.actions[name])
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.status)
        self.toolbar.addAction(self.actions["export"])

    def _connect_signals(self) -> None:
        self.lane_box.currentIndexChanged.connect(self._on_lane_chosen)
        self.view.items_changed.connect(self._on_items_changed)

    def _on_lane_chosen(self, row: int) -> None:
        self.view.set_lane_mode(self.lane_box.itemData(row))

    def _on_items_changed(self) -> None:
        dated, total = len(self.view.data), self.view.total_results()
        if total == dated:
            self.status.setText(f"{dated:,} dated entr{'y' if dated == 1 else 'ies'}")
        else:
            self.status.setText(f"{dated:,} of {total:,} results are dated")

    def _on_export_requested(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export timeline", "timeline.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if not path:
            return
        try:
            self.view.export_image(path)
        except RoadbookError as exc:
            QMessageBox.warning(self, "Export timeline", str(exc))
