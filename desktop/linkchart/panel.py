"""``LinkChartPanel``: the chart under a small toolbar (layout, depth, fit, save, export), with
what it shows out of how many, and the work behind each button: building the chart from the
results, expanding and collapsing nodes, running layouts, saving and reopening charts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db import InvalidValueError, LibraryError, NotFoundError, RoadbookError
from db.graph import MAX_DEPTH
from desktop.common.library_worker import LatestOnlyLoader
from desktop.linkchart.chart import Chart
from desktop.linkchart.export import export_chart
from desktop.linkchart.view import LinkChartView
from desktop.linkchart.worker import LayoutWorker

LAYOUT_CHOICES = (("force", "Force-directed"), ("circle", "Circle"), ("kind", "Grouped by kind"),
                  ("time", "By time"))
SEED = 1  # layouts are the same for the same chart and seed


class LinkChartPanel(QWidget):
    """What the link chart's dock holds; the window talks to it and to ``.view``."""

    layout_settled = Signal()  # a layout run has finished
    charts_changed = Signal()  # a chart was saved: the navigator lists it

    def __init__(self, *, library, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("linkChartPanel")
        self._library = library
        self._worker: LayoutWorker | None = None
        self._seeds: set[str] = set()
        self._nums = None  # the result set charted (entry numbers), once there is one
        self._total: int | None = None
        self._fit_when_settled = True
        self.query = ""
        # A large result set's neighbourhood takes a while to read: on a worker.
        self._loader = LatestOnlyLoader(library_path=library.path, job=_chart_job,
                                        name="linkchart", parent=self)
        self.view = LinkChartView(self, evidence=library.link_evidence)
        self.toolbar = QToolBar("Link chart", self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.layout_box = QComboBox(self)
        self.layout_box.setObjectName("linkChartLayout")
        self.layout_box.setAccessibleName("Link chart layout")
        for name, text in LAYOUT_CHOICES:
            self.layout_box.addItem(text, name)
        self.depth_box = QSpinBox(self, minimum=0, maximum=MAX_DEPTH, value=1)
        self.depth_box.setObjectName("linkChartDepth")
        self.depth_box.setPrefix("Depth ")
        self.depth_box.setToolTip("How many links out from the results the chart reaches")
        self.status = QLabel(self)
        self.status.setObjectName("linkChartStatus")
        self.actions = self._build_actions()
        self._build_toolbar()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.toolbar)
        box.addWidget(self.view, 1)
        self._connect_signals()
        self._show_status()

    def _build_actions(self) -> dict[str, QAction]:
        specs = (("relayout", "Lay out", "Lay the chart out again (pinned nodes stay)",
                  self.run_layout),
                 ("fit", "Fit", "Show the whole chart (F, double-click)", self.view.fit_all),
                 ("save", "Save…", "Keep this chart in the library by name", self._on_save),
                 ("export", "Export…", "Save the chart as PNG, SVG or JSON", self._on_export))
        actions = {}
        for name, text, tip, slot in specs:
            action = QAction(text, self)
            action.setObjectName(f"linkChart_{name}")
            action.setToolTip(tip)
            action.triggered.connect(slot)
            actions[name] = action
        return actions

    def _build_toolbar(self) -> None:
        self.toolbar.addWidget(self.layout_box)
        self.toolbar.addAction(self.actions["relayout"])
        self.toolbar.addWidget(self.depth_box)
        self.toolbar.addAction(self.actions["fit"])
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.status)
        self.toolbar.addAction(self.actions["save"])
        self.toolbar.addAction(self.actions["export"])

    def _connect_signals(self) -> None:
        self.layout_box.activated.connect(lambda _row: self.run_layout())
        self.depth_box.valueChanged.connect(lambda _depth: self.reload())
        self.view.expand_requested.connect(self.expand)
        self.view.collapse_requested.connect(self.collapse)
        self._loader.loaded.connect(self._on_graph_loaded)
        self._loader.failed.connect(self.status.setText)

    # -- what the chart shows -----------------------------------------------------------------

    @property
    def chart(self) -> Chart:
        return self.view.chart

    @property
    def layout_name(self) -> str:
        return self.layout_box.currentData()

    def show_results(self, nums, *, total: int | None = None, query: str = "") -> None:
        """Chart the results (entry numbers, best first) and what lies around them."""
        self._nums, self._total, self.query = nums, total, query
        self.reload()

    def reload(self) -> None:
        if self._nums is None:
            return
        self.status.setText("Reading the links…")
        self._loader.request(self._nums, self._total, self.depth_box.value())

    def loading(self) -> bool:
        return self._loader.loading

    def _on_graph_loaded(self, graph) -> None:
        self._seeds = {n.id for n in graph.nodes if n.seed}
        self._start(Chart(graph))

    def open_chart(self, name: str) -> None:
        """Reopen a saved chart: its entries where they stood, pinned and hidden as kept."""
        state = self._library.chart(name)
        chart = Chart(self._library.graph_of([n["id"] for n in state["nodes"]]))
        chart.place({n["id"]: (n["x"], n["y"]) for n in state["nodes"]},
                    pinned=[n["id"] for n in state["nodes"] if n["pinned"]])
        chart.hidden = {h for h in state["hidden"] if h in chart.index}
        self.query, self._seeds, self._nums = state["query"], set(chart.ids), None
        self._loader.cancel()
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(state["layout"])))
        self.depth_box.blockSignals(True)
        self.depth_box.setValue(min(max(state["depth"], 0), MAX_DEPTH))
        self.depth_box.blockSignals(False)
        self._cancel_layout()
        self.view.set_chart(chart)
        self._show_status(f"Chart “{name}”")

    def _start(self, chart: Chart) -> None:
        self._cancel_layout()
        self.view.set_chart(chart, fit=False)
        self._show_status()
        self.run_layout()

    # -- exploring ----------------------------------------------------------------------------

    def expand(self, entry_id: str) -> None:
        """Bring in the neighbours of ``entry_id``; only the new nodes are laid out."""
        try:
            graph = self._library.graph_around([entry_id], depth=1)
            added = self.chart.merge(graph)
            self.chart.set_edges(self._library.graph_of(self.chart.entry_ids()).edges)
        except (LibraryError, NotFoundError) as exc:
            self.status.setText(str(exc))
            return
        self._show_status(f"{len(added)} new" if added else "Nothing more is linked")
        if added:
            self.run_layout(only_new=True)

    def collapse(self, entry_id: str) -> None:
        """Take away the neighbours of ``entry_id`` that nothing else on the chart holds."""
        self.chart.remove(self.chart.leaves_of(entry_id, keep=self._seeds))
        self.view.update()
        self._show_status()

    def run_layout(self, *, only_new: bool = False) -> None:
        """Lay the chart out by the chosen layout; pinned nodes stay where they are."""
        self._cancel_layout()
        if not len(self.chart):
            return
        if self.layout_name != "force":
            self.chart.lay_out(self.layout_name, seed=SEED, only_new=only_new)
            self.view.fit_all()
            self.layout_settled.emit()
            return
        worker = LayoutWorker(self.chart.layout_problem(SEED), only_new=only_new, parent=self)
        worker.moved.connect(self._on_moved)
        worker.settled.connect(self._on_settled)
        self._worker = worker
        self._fit_when_settled = not only_new
        worker.start()

    def _on_moved(self, positions) -> None:
        if self.sender() is self._worker:
            self.view.set_positions(positions)

    def _on_settled(self, positions) -> None:
        if self.sender() is not self._worker:
            return
        self.view.set_positions(positions)
        self._worker = None
        if self._fit_when_settled:
            self.view.fit_all()
        self.layout_settled.emit()

    def _cancel_layout(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._worker.wait()
            self._worker = None

    def layout_running(self) -> bool:
        return self._worker is not None

    def shutdown(self) -> None:
        self._loader.shutdown()
        self._cancel_layout()

    def _show_status(self, prefix: str = "") -> None:
        self.status.setText(status_text(self.chart, prefix))

    # -- keeping and sharing ------------------------------------------------------------------

    def save_chart(self, name: str) -> None:
        self._library.save_chart(name, self.chart.state(
            query=self.query, layout=self.layout_name, seed=SEED,
            depth=self.depth_box.value()))
        self.charts_changed.emit()

    def _on_save(self) -> None:
        name, ok = QInputDialog.getText(self, "Save chart", "Name for this chart:",
                                        text=self.query[:60])
        if not ok or not name.strip():
            return
        try:
            self.save_chart(name)
        except (LibraryError, InvalidValueError) as exc:
            QMessageBox.warning(self, "Save chart", str(exc))
            return
        self._show_status(f"Saved “{' '.join(name.split())}”")

    def _on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export link chart", "link-chart.png",
            "PNG image (*.png);;SVG drawing (*.svg);;JSON (*.json)")
        if not path:
            return
        try:
            export_chart(self.chart, path)
        except RoadbookError as exc:
            QMessageBox.warning(self, "Export link chart", str(exc))


def _chart_job(library, args):
    nums, total, depth = args
    return library.graph_of_results(nums, total=total, depth=depth)


def status_text(chart: Chart, prefix: str = "") -> str:
    """"Showing N of M entries" (and how to narrow) when the chart leaves some out or folds
    them into clusters."""
    shown, total = chart.left_out()
    words = f"{shown:,} entr{'y' if shown == 1 else 'ies'}, {len(chart.edges):,} links"
    if total > shown or chart.capped or chart.clusters:
        more = f"{total:,}+" if chart.total_is_floor else f"{total:,}"
        words = (f"Showing {shown:,} of {more} entries — narrow the search or lower the "
                 "depth")
    return f"{prefix} · {words}" if prefix else words
