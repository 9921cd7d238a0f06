"""The Catalogue tab of the export dialog: the records in scope as CSV files (a folder), JSON (the
whole graph, which `archive-app load` reads back), Dublin Core XML, a BagIt package (a new folder)
a printable finding aid (HTML or PDF), or an exchange format (GEDCOM, GEDZIP ...), written where
the archivist chooses.

The export runs in a pool thread (a bag copies every image file); the line under the button says
where it went, or in one line why it did not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.database import Catalog
from archive_app.catalog.exchange.catalog_formats import EXCHANGE_FORMATS
from archive_app.gui.background_job import BackgroundJob
from archive_app.gui.export_worker import (
    CATALOG_FORMATS,
    CatalogRequest,
    Scope,
    export_catalog,
)

ERROR_STYLE = "color: #b3261e;"
FORMAT_LABELS = {
    "csv": "CSV files, one per record type (a folder)",
    "json": "JSON: records, links, regions and citations",
    "dc-xml": "Dublin Core XML (one oai_dc record per photograph)",
    "bag": "BagIt package: image files and metadata (a new folder)",
    "finding-aid-html": "Finding aid as HTML, with thumbnails",
    "finding-aid-pdf": "Finding aid as PDF, with thumbnails",
    **{fmt: label for fmt, (label, _) in EXCHANGE_FORMATS.items()},
    "iiif": "IIIF site: manifests, collections and image tiles (a new folder)",
}
EXPLAIN = {
    "csv": "Choose a folder; the files are written into it (UTF-8, ready for spreadsheets).",
    "json": "One file, which 'archive-app load' reads back into a catalogue.",
    "dc-xml": "One XML file for repositories and harvesters.",
    "bag": "Name a new folder (or choose an empty one); the bag is validated before it appears.",
    "finding-aid-html": "One HTML file, grouped by collection, to print or publish.",
    "finding-aid-pdf": "One PDF file, grouped by collection.",
    "gedcom": "One .ged file for genealogy programs: people, events, sources, citations, media.",
    "gedcom7": "One .ged file in GEDCOM 7, with each person's place on the photograph (CROP).",
    "gedzip": "One .gdz archive: GEDCOM 7 and the image files, for a genealogist to take whole.",
    "ead3": "One EAD3 XML file: the arrangement with each photograph as an item and a link to it.",
    "eac-cpf": "A ZIP of EAC-CPF 2.0 authority records, one XML file per person.",
    "iiif": "Name a new folder; publish it at the address below with any web server, and open "
    "its collection.json or a manifest in any IIIF viewer.",
}


class CatalogTab(QWidget):
    """`exported(ok)` is emitted when an export has finished (or failed)."""

    exported = Signal(bool)

    def __init__(self, scope: Callable[[], Scope], catalog: Catalog, archive_name: str) -> None:
        super().__init__()
        self.scope = scope
        self.catalog = catalog
        self.format = QComboBox()
        self.format.setObjectName("catalog_format")
        for fmt, text in FORMAT_LABELS.items():
            self.format.addItem(text, fmt)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.archive_name = QLineEdit(archive_name)
        self.archive_name.setObjectName("catalog_archive_name")
        self.archive_name.setPlaceholderText("the archive's name (Preferences)")
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("export_catalog")
        self.status = QLabel()
        self.status.setObjectName("catalog_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("", self.explain)
        form.addRow("Archive", self.archive_name)
        self.base_url = QLineEdit("http://localhost:8000")
        self.base_url.setObjectName("catalog_base_url")
        self.base_url.setToolTip("The address the IIIF folder will be served from")
        form.addRow("Served at", self.base_url)
        self.form = form
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.serial = 0
        self.running = False
        self.message = ""
        self.failed = False
        self.format.currentIndexChanged.connect(self._show_format)
        self.export_button.clicked.connect(lambda: self.export())
        self._show_format()

    def _show_format(self) -> None:
        fmt = self.format.currentData()
        self.explain.setText(EXPLAIN[fmt])
        self.form.setRowVisible(self.base_url, fmt == "iiif")

    def ask_target(self, fmt: str) -> str:
        if fmt == "csv":
            return QFileDialog.getExistingDirectory(self, "Folder for the CSV files")
        if fmt == "bag":
            path, _ = QFileDialog.getSaveFileName(self, "New folder for the bag", "archive-bag")
            return path
        if fmt == "iiif":
            path, _ = QFileDialog.getSaveFileName(self, "New folder for the IIIF site", "iiif")
            return path
        suffix = CATALOG_FORMATS[fmt]
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the catalogue", f"catalogue{suffix}", f"*{suffix};;All files (*)"
        )
        return path

    def export(self, target: str | None = None) -> bool:
        """Start the export into `target` (asking where when not given); False if not started."""
        if self.running:
            return False
        fmt = self.format.currentData()
        if target is None:
            target = self.ask_target(fmt)
        if not target:
            return False
        request = CatalogRequest(
            scope=self.scope(),
            fmt=fmt,
            target=Path(target),
            archive_name=" ".join(self.archive_name.text().split()),
            catalog=self.catalog,
            base_url=self.base_url.text().strip(),
        )
        self.serial += 1
        self.running = True
        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")
        self.status.setStyleSheet("")
        job = BackgroundJob(self.serial, lambda: export_catalog(request))
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)
        return True

    def _finish(self, message: str, failed: bool) -> None:
        self.running = False
        self.message, self.failed = message, failed
        self.status.setText(message)
        self.status.setStyleSheet(ERROR_STYLE if failed else "")
        self.export_button.setEnabled(True)
        self.exported.emit(not failed)

    def _done(self, _serial: int, message: str) -> None:
        self._finish(message, failed=False)

    def _failed(self, _serial: int, message: str) -> None:
        self._finish(f"Not exported: {message}", failed=True)
