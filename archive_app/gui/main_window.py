"""The main window: the sidebar (sections, collections, tags, saved searches), the records of the
chosen section as a table or, for photographs, a thumbnail grid with the photo viewer under it,
and on the right the selected record's editor, links and citations. The toolbar's search box
searches the whole catalogue as you type: its ranked results and facets take the list's place
until the box is cleared. Edit > Undo/Redo covers every change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
)

from archive_app import __version__
from archive_app.catalog import backup, narrowing, records, snapshot
from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.database import Catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.importing.thumbnails import ThumbnailCache
from archive_app.catalog.search.execute import SearchResult
from archive_app.catalog.search.saved import delete_saved, get_saved
from archive_app.catalog.serialize import get_record, label
from archive_app.catalog.storage import files_dir
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.change_feed import ChangeFeed
from archive_app.gui.detail_panel import DetailPanel
from archive_app.gui.exchange_import import ExchangeImporter, add_exchange_import_actions
from archive_app.gui.export_dialog import ExportDialog, show_export
from archive_app.gui.health_panel import HealthPanel
from archive_app.gui.import_dialog import add_import_actions, enable_drop_import
from archive_app.gui.import_sources_dialog import SourceImporter, add_import_sources_action
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.merge_sources import merge_selected_sources
from archive_app.gui.preferences import PreferencesDialog, apply_theme, apply_user_name
from archive_app.gui.record_table_model import RecordTableModel
from archive_app.gui.relink_dialog import RelinkDialog
from archive_app.gui.search_panel import SearchPanel
from archive_app.gui.search_results_model import KeyRole
from archive_app.gui.sidebar_model import SECTIONS as SIDEBAR_SECTIONS
from archive_app.gui.sidebar_model import SidebarModel
from archive_app.gui.thumbnails import THUMBNAIL_EDGE, ThumbnailLoader
from archive_app.gui.timeline_window import TimelineWindow
from archive_app.gui.write_guard import guard_action

#: record type -> the noun for the status bar (singular, plural).
NOUNS = {
    "photo": ("photograph", "photographs"),
    "person": ("person", "people"),
    "event": ("event", "events"),
    "place": ("place", "places"),
    "source": ("source", "sources"),
}
SECTIONS = tuple(record_type for _label, record_type in SIDEBAR_SECTIONS)

#: what a new record of each type needs asked first (its one required text field).
FIRST_FIELD = {"person": "name", "event": "title", "place": "name", "source": "title"}


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.models: dict[str, RecordTableModel] = {}
        self.record_type = "photo"
        self.scope: tuple[str, int] | None = None  # a collection or tag narrowing the photos
        apply_user_name()  # the journal's "who" for this window's changes
        self.undo = JournalUndo(self)
        self.undo_stack = self.undo.stack  # the steps, as change ids (Edit > Undo reverts them)
        self.events = CatalogEvents(self)
        self.health: HealthPanel | None = None
        self.undo.refused.connect(self.events.refused)
        self.feed = ChangeFeed(self)  # ours at once, other programs' within about a second
        self.feed.arrived.connect(self._change_arrived)
        self.thumbnails = ThumbnailLoader(self)
        self.thumbnail_cache = ThumbnailCache(files_dir(catalog) / "thumbnails")
        self.thumbnails.ready.connect(self._thumbnail_ready)
        name = catalog.path.name if catalog.path else catalog.location
        self.setWindowTitle(f"archive_app — {name}")
        self.setObjectName("MainWindow")

        self.sidebar_model = SidebarModel(self)
        self.sidebar = QTreeView()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setHeaderHidden(True)
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.expandAll()

        self.table = QTableView()
        self.table.setObjectName("records")
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setIconSize(QSize(22, 22))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        # Column widths are measured on the first rows only, never on all 100,000.
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        self.table.horizontalHeader().setSortIndicatorClearable(True)
        self.table.horizontalHeader().sectionResized.connect(self._remember_columns)

        self.grid = QListView()
        self.grid.setObjectName("grid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setIconSize(QSize(THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        self.grid.setGridSize(QSize(THUMBNAIL_EDGE + 24, THUMBNAIL_EDGE + 40))
        self.grid.setWordWrap(True)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setLayoutMode(QListView.LayoutMode.Batched)

        self.search = SearchPanel(catalog)
        self.search.highlighted.connect(self.show_found)
        self.search.open_record.connect(self._open_found)
        self.search.results_ready.connect(self._search_results)
        self.search.saved.connect(lambda _name: self._rebuild_sidebar())

        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.grid)
        self.views.addWidget(self.search)

        self.detail = DetailPanel(self.undo, self.events)
        self.detail.open_record.connect(self.open_record)

        self.centre = QSplitter(Qt.Orientation.Vertical)
        self.centre.addWidget(self.views)
        self.centre.addWidget(self.detail.viewer_host)
        self.centre.setStretchFactor(1, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("main_splitter")
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.centre)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 650, 440])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        # a passing message (backed up, upgraded, saved) is painted over normal widgets, not
        # instead of them: the count steps aside while one shows
        self.statusBar().messageChanged.connect(
            lambda message: self.count_label.setVisible(not message)
        )
        self._build_actions()

        self.events.refused.connect(self._tell_refusal)
        self.sidebar.selectionModel().currentChanged.connect(self._sidebar_changed)
        self.sidebar.clicked.connect(self._sidebar_clicked)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        self.resize(1280, 800)
        self._restore_layout()
        self.select_section("photo")
        self._announce_upgrade()
        self._mark_read_only()

    def _announce_upgrade(self) -> None:
        """Say, for a minute, that opening the catalogue upgraded it and where the old file is."""
        if self.catalog.upgrade_notice:
            self.statusBar().showMessage(self.catalog.upgrade_notice, 60_000)

    #: actions that change the catalogue, turned off for a read-only database role
    WRITING_ACTIONS = (
        "new",
        "import_files",
        "import_folder",
        "import_sources",
        "delete",
        "merge_sources",
        "relink",
    )

    def _mark_read_only(self) -> None:
        """A role that may only read (a researcher's) gets the catalogue to read: the title and
        the status line say so, and the actions that would change it are off. (A save from an
        editor is refused by the catalogue in one line.)"""
        if not self.catalog.read_only:
            return
        self.setWindowTitle(f"{self.windowTitle()} (read-only)")
        for action in self.findChildren(QAction):
            name = action.objectName()
            if name in self.WRITING_ACTIONS or name.startswith("import_"):
                guard_action(action)
        guard_action(self.undo_action)
        guard_action(self.redo_action)
        self.setAcceptDrops(False)
        notice = QLabel("Read-only: your database role may read this catalogue, not change it")
        notice.setObjectName("read_only_notice")
        self.statusBar().addPermanentWidget(notice)

    # --- menus and toolbar -------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setObjectName(name)
        return action

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(
            self._action(
                "&New record…", lambda: self.new_record(), QKeySequence.StandardKey.New, "new"
            )
        )
        file_menu.addSeparator()
        self.import_actions = add_import_actions(file_menu, self, self.catalog, self._imported)
        # Files and folders dropped anywhere on the window are imported.
        self.drop_importer = enable_drop_import(self, self.catalog, self._imported)
        self.exchange_importer = ExchangeImporter(
            self, self.catalog, lambda _report: self.reread_lists()
        )
        add_exchange_import_actions(file_menu, self.exchange_importer)
        self.source_importer = SourceImporter(self, lambda _r: self.reread_lists())
        add_import_sources_action(file_menu, self.source_importer)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                "Export &citations…",
                lambda: self.export_citations(),
                QKeySequence("Ctrl+Shift+E"),
                "export_citations",
            )
        )
        file_menu.addAction(
            self._action(
                "Export c&atalogue…", lambda: self.export_catalog(), None, "export_catalog"
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action, self.redo_action = self.undo.actions(self)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.delete_action = self._action(
            "&Delete…", lambda: self.delete_selected(), QKeySequence.StandardKey.Delete, "delete"
        )
        edit_menu.addAction(self.delete_action)
        edit_menu.addAction(
            self._action(
                "&Merge sources…", lambda: merge_selected_sources(self), None, "merge_sources"
            )
        )
        # Delete acts on the list only when the list has focus; in the photo viewer the same
        # key deletes the selected region instead.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.delete_action)
        self.grid.addAction(self.delete_action)
        edit_menu.addAction(
            self._action("Select &all", self._select_all, QKeySequence.StandardKey.SelectAll)
        )
        edit_menu.addSeparator()
        edit_menu.addAction(
            self._action(
                "&Preferences…",
                self.show_preferences,
                QKeySequence.StandardKey.Preferences,
                "preferences",
            )
        )

        view_menu = self.menuBar().addMenu("&View")
        self.table_action = self._action("As &table", lambda: self.set_grid(False), None, "table")
        self.grid_action = self._action(
            "As &thumbnails", lambda: self.set_grid(True), None, "grid_view"
        )
        group = QActionGroup(self)
        for action in (self.table_action, self.grid_action):
            action.setCheckable(True)
            group.addAction(action)
            view_menu.addAction(action)
        self.table_action.setChecked(True)

        view_menu.addSeparator()
        view_menu.addAction(
            self._action("Life on a &timeline", lambda: self.show_timeline(), None, "timeline")
        )

        tools_menu = self.menuBar().addMenu("&Tools")
        tools_menu.addAction(self._action("&Check catalogue…", self.show_checks, None, "checks"))
        tools_menu.addAction(self._action("&Relink missing files…", self.relink, None, "relink"))
        tools_menu.addAction(
            self._action("&Back up catalogue…", lambda: self.back_up(), None, "backup")
        )

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About archive_app", self._about, None, "about"))

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        toolbar.addAction(self.table_action)
        toolbar.addAction(self.grid_action)
        toolbar.addSeparator()
        self.search_box = self.search.search_box
        self.search_box.setMinimumWidth(260)
        self.search_box.setMaximumWidth(460)
        self.search_box.textChanged.connect(self._search_text_changed)
        toolbar.addWidget(self.search_box)
        find = self._action("Find", self.search_box.setFocus, QKeySequence.StandardKey.Find)
        self.addAction(find)

    # --- exports -----------------------------------------------------------------------------

    def export_selection(self) -> tuple[dict[str, list[int]], str | None]:
        """What an export may be narrowed to: the records selected (in the list, or the result
        highlighted in the search) and the search's query."""
        query = self.search_box.text().strip() or None
        if self.searching():
            current = self.search.results.currentIndex()
            key = self.search.results_model.data(current, KeyRole) if current.isValid() else None
            return ({key[0]: [key[1]]} if key else {}), query
        ids = self.selected_ids()
        return ({self.record_type: ids} if ids else {}), query

    def export_citations(self) -> ExportDialog:
        selection, query = self.export_selection()
        return show_export(self, self.catalog, selection, query)

    def export_catalog(self) -> ExportDialog:
        selection, query = self.export_selection()
        return show_export(self, self.catalog, selection, query, tab="catalogue")

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About archive_app",
            f"<b>archive_app {__version__}</b><p>A desktop catalogue for photographic archives: "
            "photographs, people, events, places, sources and citations.</p>"
            f"<p>Catalogue: {self.catalog.location}</p>",
        )

    def show_preferences(self) -> None:
        if PreferencesDialog(self).exec():
            apply_theme()

    def _imported(self, photo_ids: list[int]) -> None:
        """After an import: show the new photographs in the lists and the sidebar's counts."""
        self.reread_lists()
        if photo_ids and self.record_type == "photo" and self.scope is None:
            model = self.model_for("photo")
            rows = {rid: row for row, rid in enumerate(model.ids())}
            self._select_rows([rows[i] for i in photo_ids if i in rows], clear=True)

    def reread_lists(self) -> None:
        """After work that changed many records at once (an import): read every list's ids
        again, rather than row by row."""
        selected = self.selected_ids()
        for model in self.models.values():
            if model.refresh() and model is self.table.model():
                rows = [model.row_of(r) for r in selected]
                self._select_rows([r for r in rows if r is not None], clear=True)
        for record_type in SECTIONS:
            self.events.changed.emit(record_type)
        self._rebuild_sidebar()
        if self.searching():
            self.search.refresh()
        else:
            self._update_count()

    def show_checks(self) -> HealthPanel:
        """The Catalogue health dock (made on first use), shown and run."""
        if self.health is None:
            self.health = HealthPanel(self)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.health)
        self.health.show()
        self.health.raise_()
        if self.health.job is None:
            self.health.start(fixity=False)
        return self.health

    def show_timeline(self, person_id: int | None = None) -> TimelineWindow | None:
        """The selected person's life on a timeline, in a window of its own."""
        ids = self.selected_ids()
        if person_id is None and self.record_type == "person" and len(ids) == 1:
            person_id = ids[0]
        if person_id is None:
            self.statusBar().showMessage("Select one person to see their life on a timeline.", 8000)
            return None
        window = TimelineWindow(person_id, self.thumbnail_cache)
        window.open_record.connect(self.open_record)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def relink(self, folder: str | None = None) -> RelinkDialog:
        dialog = RelinkDialog(self, folder)
        dialog.relinked.connect(self.reread_lists)
        dialog.show()
        return dialog

    def back_up(self, target: str | None = None) -> bool:
        """Write a consistent copy of the catalogue (asking where, unless given)."""
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self,
                "Back up catalogue",
                f"{self.catalog.location}.backup.db",
                "Catalogue (*.db)",
            )
            if not target:
                return False
        try:
            written = backup.backup(self.catalog, Path(target))
        except CatalogError as exc:
            QMessageBox.warning(self, "Back up", str(exc))
            return False
        self.statusBar().showMessage(f"Backed up to {written}", 8000)
        return True

    def _select_all(self) -> None:
        focus = self.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.selectAll()
        else:
            self.current_view().selectAll()

    # --- sections, scopes and filters ---------------------------------------------------------

    def model_for(self, record_type: str) -> RecordTableModel:
        """Each section's model is made on first view, so start-up reads only one table."""
        if record_type not in self.models:
            model = RecordTableModel(record_type, self)
            if record_type == "photo":
                model.decorate = lambda row, m=model: self._thumbnail(m, row)
            self.models[record_type] = model
        return self.models[record_type]

    def select_section(self, record_type: str) -> None:
        index = self.sidebar_model.section_index(record_type)
        self.sidebar.setCurrentIndex(index)
        if self.record_type != record_type or self.table.model() is None:
            self._show(record_type, None)

    def select_scope(self, kind: str, key: int) -> None:
        """Show the photographs of one collection (and below) or one tag."""
        self.sidebar.setCurrentIndex(self.sidebar_model.find(kind, key))

    def _sidebar_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.sidebar_model.node(current)
        if node.kind == "saved":
            self.run_saved_search(node.key)
            return
        self.leave_search()
        if node.kind == "section":
            self._show(node.key, None)
        elif node.kind in ("collection", "tag"):
            self._show("photo", (node.kind, node.key))

    def _show(self, record_type: str, scope: tuple[str, int] | None) -> None:
        # While the table changes models its columns resize; those are not the user's widths.
        self._restoring = True
        try:
            self._switch(record_type, scope)
        finally:
            self._restoring = False
        self._update_count()
        model = self.model_for(record_type)
        if model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_record(record_type, None)

    def _switch(self, record_type: str, scope: tuple[str, int] | None) -> None:
        self.record_type, self.scope = record_type, scope
        model = self.model_for(record_type)
        self.thumbnails.forget()
        model.set_filter(self._condition())
        # A new list starts in its own order, not sorted by the previous list's sort column.
        self.table.setSortingEnabled(False)
        self.table.setModel(model)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.grid.setModel(model)
        self.grid.setModelColumn(1 if record_type == "photo" else 0)
        self.grid.setSelectionModel(self.table.selectionModel())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._restore_columns()
        self.detail.viewer_host.setVisible(record_type == "photo")
        grid = record_type == "photo" and self._settings().value("view/grid", False, bool)
        self.set_grid(grid, remember=False)

    def _condition(self):  # noqa: ANN202
        if self.scope is None:
            return None
        kind, key = self.scope
        if kind == "collection":
            return narrowing.in_collection(key)
        return narrowing.with_tag(key)

    # --- search -------------------------------------------------------------------------------

    def searching(self) -> bool:
        """Whether the search results stand in the list's place."""
        return self.views.currentWidget() is self.search

    def _search_text_changed(self, text: str) -> None:
        if not text.strip():
            self.leave_search()

    def _search_results(self, result: SearchResult | None) -> None:
        if result is None:
            return
        if not self.searching():
            self.views.setCurrentWidget(self.search)
        if not result.hits:
            self.detail.viewer_host.setVisible(False)
        more = "" if result.total_exact else "More than "
        self.count_label.setText(f"{more}{result.total:,} found in the whole catalogue")

    def leave_search(self) -> None:
        """Back to the list of the current section (the box is emptied)."""
        if self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self.search.search_now()
        if self.searching():
            grid = self.record_type == "photo" and self._settings().value("view/grid", False, bool)
            self.views.setCurrentWidget(self.grid if grid else self.table)
            self.detail.viewer_host.setVisible(self.record_type == "photo")
            self._update_count()
            self._selection_changed()

    def show_found(self, record_type: str, record_id: int) -> None:
        """Show a record found by the search in the editor, leaving the results in view."""
        self.detail.show_record(record_type, record_id)
        self.detail.viewer_host.setVisible(record_type == "photo")

    def _open_found(self, record_type: str, record_id: int) -> None:
        """Enter on a result: its record in the editor, and the keyboard there."""
        self.show_found(record_type, record_id)
        self.detail.tabs.setCurrentIndex(0)
        self.detail.editor.focusNextChild()

    def run_saved_search(self, saved_id: int) -> None:
        try:
            saved = get_saved(saved_id)
        except CatalogError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.search.set_query(saved.query)
        self.statusBar().showMessage(f"Saved search “{saved.name}”: {saved.query}", 8000)

    def _sidebar_clicked(self, index: QModelIndex) -> None:
        """A click on the saved search already chosen runs it again (after the box changed)."""
        node = self.sidebar_model.node(index)
        if node.kind == "saved" and not self.searching():
            self.run_saved_search(node.key)

    def _sidebar_menu(self, point: QPoint) -> None:
        node = self.sidebar_model.node(self.sidebar.indexAt(point))
        if node.kind != "saved":
            return
        menu = QMenu(self)
        delete = guard_action(menu.addAction(f"Delete saved search “{node.label}”"))
        if menu.exec(self.sidebar.viewport().mapToGlobal(point)) is delete:
            self.delete_saved_search(node.key)

    def delete_saved_search(self, saved_id: int) -> None:
        try:
            delete_saved(saved_id)
        except CatalogError as exc:
            QMessageBox.warning(self, "Delete saved search", str(exc))
            return
        self._rebuild_sidebar()

    def set_grid(self, grid: bool, remember: bool = True) -> None:
        grid = grid and self.record_type == "photo"
        if not self.searching():
            self.views.setCurrentWidget(self.grid if grid else self.table)
        (self.grid_action if grid else self.table_action).setChecked(True)
        self.grid_action.setEnabled(self.record_type == "photo")
        if remember and self.record_type == "photo":
            self._settings().setValue("view/grid", grid)

    def current_view(self) -> QAbstractItemView:
        if self.searching():
            return self.search.results
        return self.views.currentWidget()

    def _update_count(self) -> None:
        singular, plural = NOUNS[self.record_type]
        count = self.table.model().rowCount() if self.table.model() else 0
        scope = ""
        if self.scope is not None:
            node = self.sidebar_model.node(self.sidebar.currentIndex())
            scope = f" in {node.label}"
        self.count_label.setText(f"{count} {singular if count == 1 else plural}{scope}")

    def current_record_type(self) -> str:
        return self.record_type

    def selected_ids(self) -> list[int]:
        model = self.table.model()
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        return [model.record_id(row) for row in rows]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.detail.show_record(self.record_type, ids[0] if len(ids) == 1 else None, selection=ids)

    def open_record(self, record_type: str, record_id: int) -> None:
        """Jump to a record: its section, its row, its editor."""
        self.leave_search()
        if self.record_type != record_type or self.scope is not None:
            self.select_section(record_type)
        row = self.model_for(record_type).row_of(record_id)
        if row is not None:
            self._select_rows([row], clear=True)

    def _select_rows(self, rows: list[int], clear: bool) -> None:
        model = self.table.model()
        selection = self.table.selectionModel()
        if clear:
            selection.clearSelection()
        for row in rows:
            selection.select(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        if rows:
            selection.setCurrentIndex(
                model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.table.scrollTo(model.index(rows[0], 0))

    def _change_arrived(self, change_set: ChangeSet) -> None:
        """Show what one change did: the lists touch only the rows of the ids it names, then
        every part of the window hears of it (the editor, the viewer, the links, the search)."""
        types = change_set.types()
        selected = self.selected_ids()
        current = self.table.model()
        for record_type, model in self.models.items():
            joined = {joined.RECORD_TYPE for joined in model.spec.joins}
            changed = set(change_set.changed.get(record_type, set()))
            if model.narrowed():  # a tag put on a photo, or a photo moved: in the list or not?
                changed |= change_set.related.get(record_type, set())
            if record_type in types or changed:
                moved = model.apply_changes(
                    change_set.created.get(record_type, set()),
                    changed,
                    change_set.deleted.get(record_type, set()),
                )
                if moved and model is current:
                    rows = [model.row_of(r) for r in selected]
                    self._select_rows([r for r in rows if r is not None], clear=True)
            if joined & types:  # an event's place renamed: its name shows in the event rows
                model.repaint_all()
        self.events.change_set.emit(change_set)
        for record_type in sorted(types):
            self.events.changed.emit(record_type)
        if types & {"photo", "collection", "tag", "citation", "saved_search"}:
            self._rebuild_sidebar()
        if self.searching():
            self.search.refresh()
        else:
            self._update_count()

    def _tell_refusal(self, message: str) -> None:
        """An undo or redo the catalogue refused: say so without blocking the stack's call."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Undo", message, parent=self)
        box.setObjectName("refusal")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _rebuild_sidebar(self) -> None:
        node = self.sidebar_model.node(self.sidebar.currentIndex())
        kind, key = node.kind, node.key
        self.sidebar.selectionModel().blockSignals(True)
        self.sidebar_model.rebuild()
        self.sidebar.expandAll()
        index = self.sidebar_model.find(kind, key)
        self.sidebar.setCurrentIndex(
            index if index.isValid() else self.sidebar_model.section_index(self.record_type)
        )
        self.sidebar.selectionModel().blockSignals(False)

    # --- thumbnails --------------------------------------------------------------------------

    def _thumbnail(self, model: RecordTableModel, row: int):  # noqa: ANN202
        values = model.row_values(row)
        if values is None:
            return None
        file_path, sha256 = values[len(model.spec.columns) :]

        def source() -> str | None:
            """The import's cached thumbnail (by SHA-256) if there is one, else the image."""
            cached = self.thumbnail_cache.path_for(sha256) if sha256 else None
            if cached is not None:
                return str(cached)
            return str(resolve(file_path)) if file_path else None

        return self.thumbnails.icon(model.record_id(row), source)

    def _thumbnail_ready(self, record_id: object) -> None:
        model = self.models.get("photo")
        row = None if model is None else model.row_of(record_id)  # type: ignore[arg-type]
        if model is None or row is None:
            return
        model.dataChanged.emit(
            model.index(row, 1), model.index(row, 1), [Qt.ItemDataRole.DecorationRole]
        )

    # --- new and delete ----------------------------------------------------------------------

    def new_record(self, record_type: str | None = None, first_value: str | None = None) -> int:
        """Create a record of the current section (asking its name or title first)."""
        record_type = record_type or self.record_type
        fields = {}
        if record_type in FIRST_FIELD:
            if first_value is None:
                first_value, accepted = QInputDialog.getText(
                    self, "New record", f"{FIRST_FIELD[record_type].capitalize()}:"
                )
                if not accepted or not first_value.strip():
                    return 0
            fields[FIRST_FIELD[record_type]] = first_value.strip()
        if record_type == "photo" and self.scope and self.scope[0] == "collection":
            fields["collection"] = self.scope[1]
        try:
            record = self.undo.perform(
                f"New {record_type}", lambda: records.create(record_type, **fields)
            )
        except CatalogError as exc:
            QMessageBox.warning(self, "New record", str(exc))
            return 0
        self.open_record(record_type, record.id)
        return record.id

    def delete_message(self, record_type: str, record_ids: list[int]) -> str:
        """What the confirmation says: the records, and what else goes with them."""
        goes: dict[str, int] = {}
        names = []
        for record_id in record_ids:
            record = get_record(record_type, record_id)
            names.append(label(record) or str(record_id))
            for table, count in snapshot.capture(record).describe().items():
                goes[table] = goes.get(table, 0) + count
        what = ", ".join(f"“{n}”" for n in names[:5]) + (" …" if len(names) > 5 else "")
        text = f"Delete {len(record_ids)} {record_type} record(s): {what}?"
        if goes:
            parts = ", ".join(f"{count} {table.replace('_', '–')}" for table, count in goes.items())
            text += f"\n\nWith them go: {parts}."
        return text + "\n\nEdit > Undo brings them back."

    def delete_selected(self, confirm: bool = True) -> int:
        record_type = self.record_type
        ids = self.selected_ids()
        if not ids:
            return 0
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete",
                self.delete_message(record_type, ids),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return 0
        if len(ids) == 1:
            name = label(get_record(record_type, ids[0])) or str(ids[0])
            text = f"Delete {record_type} “{name}”"
        else:
            text = f"Delete {len(ids)} {record_type} records"

        def delete_all() -> None:
            for record_id in ids:
                records.delete(record_type, record_id)

        try:  # all of them or none: one change
            self.undo.perform(text, delete_all)
        except CatalogError as exc:
            QMessageBox.warning(self, "Delete refused", str(exc))
            return 0
        return len(ids)

    # --- remembered layout -------------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings("archive_app", "archive_app")

    def _remember_columns(self) -> None:
        if self.table.model() is not None and not self._restoring:
            header = self.table.horizontalHeader()
            widths = [header.sectionSize(i) for i in range(header.count())]
            self._settings().setValue(f"columns/{self.record_type}", widths)

    _restoring = False

    def _restore_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(False)
        widths = self._settings().value(f"columns/{self.record_type}") or []
        model = self.table.model()
        if len(widths) == model.columnCount():
            for column, width in enumerate(widths[:-1]):
                header.resizeSection(column, max(int(width), 30))
        else:
            self.table.resizeColumnsToContents()
            for column in range(model.columnCount() - 1):
                header.resizeSection(column, min(max(header.sectionSize(column), 90), 360))

    def _restore_layout(self) -> None:
        settings = self._settings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main_window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        settings = self._settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/splitter", self.splitter.saveState())
        if self.catalog.path is not None:
            settings.setValue("last_catalog", str(Path(self.catalog.path).resolve()))
        self.feed.close()
        self.thumbnails.forget()
        self.thumbnails.wait(5000)
        self.search.shutdown()
        super().closeEvent(event)
