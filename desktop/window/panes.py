"""The window's panes, menus and command groups: built into a ``MainWindow`` once its library is
open (at start-up, just after the window's frame has painted, so that importing them does not
delay the first sight of the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QToolBar, QVBoxLayout, QWidget

from desktop.authoring.commands import AuthoringCommands
from desktop.models.navigator_model import NavigatorModel
from desktop.models.results_model import ResultsModel
from desktop.safety.dialogs import DataSafety
from desktop.sources.commands import SourceCommands
from desktop.widgets.bookmarks_view import BookmarksView
from desktop.widgets.detail_pane import DetailPane
from desktop.widgets.navigator_view import NavigatorView
from desktop.widgets.results_table import ResultsTable
from desktop.widgets.search_field import SearchField
from desktop.widgets.source_reader import SourceReader
from desktop.window.actions import ACTIONS as ACTION_SPECS
from desktop.window.actions import MENU_ORDER, build_actions
from desktop.window.bookmark_sync import BookmarkSync
from desktop.window.file_commands import FileCommands
from desktop.window.link_chart_dock import LinkChartDock
from desktop.window.result_loader import ResultLoader
from desktop.window.saved_searches import SavedSearches
from desktop.window.side_column import SideColumn
from desktop.window.timeline_dock import TimelineDock


def build(window) -> None:
    """Everything the window shows and does, over ``window.library``."""
    build_panes(window)
    build_menus(window)
    build_commands(window)


def build_panes(window) -> None:
    """The panes, docks and status line, as attributes of ``window``."""
    lib = window.library
    window.search_field = SearchField(window, suggest=lib.suggest)
    window.hint_label = QLabel(window)
    window.hint_label.setObjectName("hintLabel")
    window.hint_label.setWordWrap(True)
    window.hint_label.setTextFormat(Qt.TextFormat.PlainText)
    window.hint_label.hide()
    window.results_model = ResultsModel(library=lib, parent=window)
    window.results_table = ResultsTable(model=window.results_model, parent=window)
    window.bookmarks_view = BookmarksView(library=lib, parent=window)
    window.nav_model = NavigatorModel(library=lib, parent=window)
    window.nav_view = NavigatorView(model=window.nav_model, parent=window)
    window.detail_pane = DetailPane(library=lib, parent=window)
    window.source_reader = SourceReader(library=lib, parent=window)
    results_page = QWidget(window)
    box = QVBoxLayout(results_page)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(window.hint_label)
    box.addWidget(window.results_table, 1)
    window.center = QStackedWidget(window)
    window.center.addWidget(results_page)
    window.center.addWidget(window.bookmarks_view)
    window.side_column = SideColumn(window.detail_pane, window.source_reader, window)
    window.main_splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.main_splitter.setObjectName("mainSplitter")
    for widget in (window.nav_view, window.center, window.side_column):
        window.main_splitter.addWidget(widget)
    window.main_splitter.setStretchFactor(1, 3)
    window.main_splitter.setStretchFactor(2, 2)
    window.main_splitter.setSizes([180, 800, 400])
    window.setCentralWidget(window.main_splitter)
    window.timeline_dock = TimelineDock(library=lib, parent=window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, window.timeline_dock)
    window.link_chart_dock = LinkChartDock(library=lib, parent=window)
    window.splitDockWidget(window.timeline_dock, window.link_chart_dock, Qt.Orientation.Horizontal)
    window.link_chart_dock.hide()  # until View → Link Chart (or the saved layout) shows it
    window.result_loader = ResultLoader(library_path=lib.path, parent=window)
    window.count_label = QLabel(window)
    window.count_label.setObjectName("resultCount")
    window.statusBar().addPermanentWidget(window.count_label)


def build_menus(window) -> None:
    """The menus and the toolbar, from the declared actions."""
    window.actions = build_actions(window)
    used = {spec.menu for spec in ACTION_SPECS}
    menus = {name: window.menuBar().addMenu(f"&{name}") for name in MENU_ORDER if name in used}
    for spec in ACTION_SPECS:
        menus[spec.menu].addAction(window.actions[spec.name])
    menus["View"].addSeparator()
    toggle_timeline = window.timeline_dock.toggleViewAction()
    toggle_timeline.setShortcut("Ctrl+T")
    toggle_timeline.setToolTip("Show or hide the timeline (Ctrl+T)")
    menus["View"].addAction(toggle_timeline)
    toggle_chart = window.link_chart_dock.toggleViewAction()
    toggle_chart.setShortcut("Ctrl+G")
    toggle_chart.setToolTip("Show or hide the link chart (Ctrl+G)")
    menus["View"].addAction(toggle_chart)
    window.menus = menus
    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.addAction(window.actions["back"])
    toolbar.addAction(window.actions["forward"])
    toolbar.addWidget(window.search_field)
    toolbar.addAction(window.actions["toggle_bookmark"])
    window.addToolBar(toolbar)


def build_commands(window) -> None:
    """The command groups: each adds its actions' behaviour and the panes' signals it needs."""
    window.data_safety = DataSafety(window)  # Tools: check, back up, restore; daily backup
    window.file_commands = FileCommands(window)  # File: import, export, print
    window.source_commands = SourceCommands(window)  # File: add source; reader: cite, alias
    window.saved_searches = SavedSearches(window)  # File: save search; navigator: delete
    window.bookmark_sync = BookmarkSync(window)  # ★, bookmark bar, bookmarks page, counts
    window.authoring = AuthoringCommands(window)  # Edit: new, edit, delete entry; undo
