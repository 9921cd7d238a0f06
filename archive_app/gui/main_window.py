"""The main window: sections of the catalogue on the left, the records of one section in the
middle, and a status bar that counts them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
)

from archive_app import __version__
from archive_app.catalog.database import Catalog
from archive_app.gui.record_table_model import RecordTableModel

#: sidebar label -> record type, and the noun for the status bar (singular, plural).
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Photographs", "photo", "photograph", "photographs"),
    ("People", "person", "person", "people"),
    ("Events", "event", "event", "events"),
    ("Places", "place", "place", "places"),
    ("Sources", "source", "source", "sources"),
)


class MainWindow(QMainWindow):
    """Lists the catalogue's records by section; read-only in this first version."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.models: dict[str, RecordTableModel] = {}
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
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        # Column widths are measured on the first rows only, never on all 100,000.
        self.table.horizontalHeader().setResizeContentsPrecision(100)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 930])
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        self._build_menus()

        self.sidebar.currentRowChanged.connect(self.show_section)
        self.sidebar.setCurrentRow(0)
        self.resize(1100, 700)
        self._restore_geometry()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About archive_app", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About archive_app",
            f"archive_app {__version__}\nA desktop catalogue for photographic archives.",
        )

    def model_for(self, record_type: str) -> RecordTableModel:
        """Each section's model is made on first view, so start-up reads only one table."""
        if record_type not in self.models:
            self.models[record_type] = RecordTableModel(record_type, self)
        return self.models[record_type]

    def show_section(self, row: int) -> None:
        if not 0 <= row < len(SECTIONS):
            return
        _label, record_type, singular, plural = SECTIONS[row]
        model = self.model_for(record_type)
        self.table.setModel(model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(False)
        self.table.resizeColumnsToContents()
        for column in range(model.columnCount() - 1):
            header.resizeSection(column, min(max(header.sectionSize(column), 90), 420))
        count = model.rowCount()
        self.count_label.setText(f"{count} {singular if count == 1 else plural}")

    def current_record_type(self) -> str:
        return SECTIONS[max(self.sidebar.currentRow(), 0)][1]

    # --- remembered layout -------------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings("archive_app", "archive_app")

    def _restore_geometry(self) -> None:
        geometry = self._settings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        settings = self._settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        if self.catalog.path is not None:
            settings.setValue("last_catalog", str(Path(self.catalog.path).resolve()))
        super().closeEvent(event)
