"""The main window: sections of the catalogue on the left, the records of one section in the
middle (with the photo viewer under the photographs), the selected record's editor, links and
citations on the right, and Edit > Undo/Redo for every change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
)

from archive_app import __version__
from archive_app.catalog import snapshot
from archive_app.catalog.database import Catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.serialize import get_record, label
from archive_app.gui.detail_panel import DetailPanel
from archive_app.gui.record_table_model import RecordTableModel
from archive_app.gui.undo_commands import (
    CatalogEvents,
    CreateRecordCommand,
    DeleteRecordCommand,
    perform,
)

#: sidebar label -> record type, and the noun for the status bar (singular, plural).
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Photographs", "photo", "photograph", "photographs"),
    ("People", "person", "person", "people"),
    ("Events", "event", "event", "events"),
    ("Places", "place", "place", "places"),
    ("Sources", "source", "source", "sources"),
)

#: what a new record of each type needs asked first (its one required text field).
FIRST_FIELD = {"person": "name", "event": "title", "place": "name", "source": "title"}


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.models: dict[str, RecordTableModel] = {}
        self.undo_stack = QUndoStack(self)
        self.events = CatalogEvents(self)
        name = catalog.path.name if catalog.path else catalog.location
        self.setWindowTitle(f"archive_app — {name}")
        self.setObjectName("MainWindow")

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.addItems([label for label, *_ in SECTIONS])

        self.table = QTableView()
        self.table.setObjectName("records")
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        # Column widths are measured on the first rows only, never on all 100,000.
        self.table.horizontalHeader().setResizeContentsPrecision(100)

        self.detail = DetailPanel(self.undo_stack, self.events)
        self.detail.open_record.connect(self.open_record)

        self.centre = QSplitter(Qt.Orientation.Vertical)
        self.centre.addWidget(self.table)
        self.centre.addWidget(self.detail.viewer_host)
        self.centre.setStretchFactor(1, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("main_splitter")
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.centre)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 640, 420])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        self._build_menus()

        self.events.changed.connect(self._catalog_changed)
        self.sidebar.currentRowChanged.connect(self.show_section)
        self.sidebar.setCurrentRow(0)
        self.resize(1280, 800)
        self._restore_layout()

    # --- menus -------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setObjectName(name)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(
            self._action("&New record…", self.new_record, QKeySequence.StandardKey.New, "new")
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.delete_action = self._action(
            "&Delete…", self.delete_selected, QKeySequence.StandardKey.Delete, "delete"
        )
        edit_menu.addAction(self.delete_action)
        # Delete acts on the list only when the list has focus; in the photo viewer the same
        # key deletes the selected region instead.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.delete_action)

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About archive_app", self._about))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About archive_app",
            f"<b>archive_app {__version__}</b><p>A desktop catalogue for photographic archives: "
            "photographs, people, events, places, sources and citations.</p>",
        )

    # --- sections and selection --------------------------------------------------------------

    def model_for(self, record_type: str) -> RecordTableModel:
        """Each section's model is made on first view, so start-up reads only one table."""
        if record_type not in self.models:
            self.models[record_type] = RecordTableModel(record_type, self)
        return self.models[record_type]

    def show_section(self, row: int) -> None:
        if not 0 <= row < len(SECTIONS):
            return
        record_type = SECTIONS[row][1]
        model = self.model_for(record_type)
        self.table.setModel(model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(False)
        self.table.resizeColumnsToContents()
        for column in range(model.columnCount() - 1):
            header.resizeSection(column, min(max(header.sectionSize(column), 90), 360))
        self.detail.viewer_host.setVisible(record_type == "photo")
        self._update_count()
        if model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_record(record_type, None)

    def _update_count(self) -> None:
        _label, _type, singular, plural = SECTIONS[max(self.sidebar.currentRow(), 0)]
        count = self.table.model().rowCount() if self.table.model() else 0
        self.count_label.setText(f"{count} {singular if count == 1 else plural}")

    def current_record_type(self) -> str:
        return SECTIONS[max(self.sidebar.currentRow(), 0)][1]

    def selected_ids(self) -> list[int]:
        model = self.table.model()
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [model.record_id(row) for row in rows]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.detail.show_record(
            self.current_record_type(), ids[0] if len(ids) == 1 else None, selection=ids
        )

    def open_record(self, record_type: str, record_id: int) -> None:
        """Jump to a record: its section, its row, its editor."""
        row = [section[1] for section in SECTIONS].index(record_type)
        self.sidebar.setCurrentRow(row)
        model = self.model_for(record_type)
        if record_id in model.ids():
            target = model.ids().index(record_id)
            self.table.selectionModel().select(
                model.index(target, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(model.index(target, 0))

    def _catalog_changed(self, record_type: str) -> None:
        selected = self.selected_ids()
        current = self.table.model()
        for model in self.models.values():
            if model.refresh() and model is current:
                self._reselect(selected)
        self._update_count()

    def _reselect(self, record_ids: list[int]) -> None:
        model = self.table.model()
        rows = {record_id: row for row, record_id in enumerate(model.ids())}
        selection = self.table.selectionModel()
        selection.clearSelection()
        for record_id in record_ids:
            if record_id in rows:
                selection.select(
                    model.index(rows[record_id], 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    # --- new and delete ----------------------------------------------------------------------

    def new_record(self, record_type: str | None = None, first_value: str | None = None) -> int:
        """Create a record of the current section (asking its name or title first)."""
        record_type = record_type or self.current_record_type()
        fields = {}
        if record_type in FIRST_FIELD:
            if first_value is None:
                first_value, accepted = QInputDialog.getText(
                    self, "New record", f"{FIRST_FIELD[record_type].capitalize()}:"
                )
                if not accepted or not first_value.strip():
                    return 0
            fields[FIRST_FIELD[record_type]] = first_value.strip()
        command = CreateRecordCommand(self.events, record_type, fields)
        try:
            perform(self.undo_stack, command)
        except CatalogError as exc:
            QMessageBox.warning(self, "archive_app", str(exc))
            return 0
        assert command.record_id is not None
        self.open_record(record_type, command.record_id)
        return command.record_id

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
        record_type = self.current_record_type()
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
        self.undo_stack.beginMacro(f"Delete {len(ids)} {record_type} record(s)")
        deleted = 0
        try:
            for record_id in ids:
                name = label(get_record(record_type, record_id)) or str(record_id)
                perform(
                    self.undo_stack, DeleteRecordCommand(self.events, record_type, record_id, name)
                )
                deleted += 1
        except CatalogError as exc:
            QMessageBox.warning(self, "Delete refused", str(exc))
        finally:
            self.undo_stack.endMacro()
        return deleted

    # --- remembered layout -------------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings("archive_app", "archive_app")

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
        super().closeEvent(event)
