"""The import window: a progress bar, a live count and a cancel button, then what became of each
file. Also the two ways in: File > Import photographs / Import a folder, and dropping files or
folders on a widget.

The dialog is not modal: the archivist can go on browsing while a long import runs, and the
records appear as batches are committed (the `imported` signal tells the window to refresh).
Closing the dialog while the import runs cancels it; what was already committed stays, whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.database import Catalog, is_server_url
from archive_app.catalog.importing.report import ImportReport
from archive_app.catalog.importing.run import ImportOptions, Progress
from archive_app.catalog.importing.scan import IMAGE_EXTENSIONS
from archive_app.catalog.models import catalog_db
from archive_app.gui.import_worker import ImportWorker, start_in_thread

IMAGE_FILTER = "Images ({})".format(" ".join(f"*{ext}" for ext in sorted(IMAGE_EXTENSIONS)))


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def count_text(progress: Progress) -> str:
    """`120 of 1,000 files: 100 imported, 15 duplicates, 5 refused`."""
    return (
        f"{progress.done:,} of {_plural(progress.total, 'file', 'files')}: "
        f"{progress.imported:,} imported, {_plural(progress.duplicates, 'duplicate', 'duplicates')}"
        f", {progress.refused:,} refused"
    )


class ImportDialog(QDialog):
    """Shows one import as it runs; emits `imported(ids)` after it ends."""

    imported = Signal(list)

    def __init__(
        self,
        catalog: Catalog,
        paths: Sequence[str],
        options: ImportOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import photographs")
        self.setObjectName("import_dialog")
        self.report: ImportReport | None = None
        self.error: str | None = None
        self.heading = QLabel(f"Importing from {_plural(len(paths), 'place', 'places')}…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the files are counted
        self.count_label = QLabel("Looking for files…")
        self.count_label.setObjectName("import_count")
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setObjectName("import_details")
        self.details.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("import_cancel")
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("import_close")
        self.close_button.setEnabled(False)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.bar, self.count_label, self.details, self.buttons):
            layout.addWidget(widget)
        self.resize(560, 180)

        self.worker = ImportWorker(catalog, paths, options)
        self.worker.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self.worker.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.import_thread: QThread = start_in_thread(self.worker, self)

    @property
    def running(self) -> bool:
        return self.import_thread.isRunning()

    def cancel(self) -> None:
        self.worker.cancel()
        self.cancel_button.setEnabled(False)
        self.heading.setText("Cancelling: finishing the files already being read…")

    def _progressed(self, progress: Progress) -> None:
        self.bar.setRange(0, max(progress.total, 1))
        self.bar.setValue(progress.done)
        self.count_label.setText(count_text(progress))

    def _finished(self, report: ImportReport) -> None:
        self.report = report
        self.heading.setText(
            ("Import cancelled: " if report.cancelled else "Imported: ") + report.summary()
        )
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        lines = [item.line() for item in report.files if item.outcome != "imported"]
        for item in report.warned:  # what was skipped in a file that came in
            lines.append(f"imported  {item.path!r} as {item.accession_number}, with warnings:")
            lines += [f"    ⚠ {warning}" for warning in item.warnings]
        lines += [f"note: {note}" for note in report.notes]
        if lines:
            self.details.setPlainText("\n".join(lines))
            self.details.show()
            self.resize(max(self.width(), 720), 420)
        self._done()
        self.imported.emit(report.imported_ids)

    def _failed(self, message: str) -> None:
        self.error = message
        self.heading.setText("The import stopped")
        self.count_label.setText(message)
        self._done()
        self.imported.emit([])

    def _done(self) -> None:
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)
        self.close_button.setDefault(True)

    def wait(self, milliseconds: int = 60_000) -> bool:
        """Block until the import thread ends (for closing the window, and for tests)."""
        return self.import_thread.wait(milliseconds)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.running:
            self.cancel()
            self.wait()
        super().closeEvent(event)

    def reject(self) -> None:
        """Escape while running cancels; after the end it closes."""
        if self.running:
            self.cancel()
            return
        super().reject()


def catalog_for(location: Catalog | str) -> Catalog:
    """The open catalogue the window uses; a location string names it (the models are already
    bound to it in this process, so nothing is opened twice)."""
    if isinstance(location, Catalog):
        return location
    path = None if is_server_url(location) else Path(location)
    return Catalog(location=location, database=catalog_db.obj, path=path)


def start_import(
    parent: QWidget | None,
    paths: list[str],
    catalog_location: Catalog | str,
    options: ImportOptions | None = None,
    on_imported: Callable[[list[int]], None] | None = None,
) -> ImportDialog | None:
    """Open the import dialog and start importing `paths` (folders with their subfolders);
    None when there is nothing to import."""
    if not paths:
        return None
    dialog = ImportDialog(catalog_for(catalog_location), paths, options, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    if on_imported is not None:
        dialog.imported.connect(on_imported)
    dialog.show()
    return dialog


def choose_files(parent: QWidget | None) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, "Import photographs", "", IMAGE_FILTER)
    return files


def choose_folder(parent: QWidget | None) -> list[str]:
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder of photographs")
    return [folder] if folder else []


def add_import_actions(
    menu: QMenu,
    parent: QWidget,
    catalog_location: Catalog | str,
    on_imported: Callable[[list[int]], None] | None = None,
) -> tuple[QAction, QAction]:
    """File > Import photographs… (Ctrl+I) and Import a folder…; returns the two actions."""
    files = QAction("&Import photographs…", parent)
    files.setObjectName("import_files")
    files.setShortcut("Ctrl+I")
    files.triggered.connect(
        lambda: start_import(parent, choose_files(parent), catalog_location, None, on_imported)
    )
    folder = QAction("Import a &folder…", parent)
    folder.setObjectName("import_folder")
    folder.triggered.connect(
        lambda: start_import(parent, choose_folder(parent), catalog_location, None, on_imported)
    )
    menu.addAction(files)
    menu.addAction(folder)
    return files, folder


class DropImporter(QObject):
    """An event filter that imports the files and folders dropped on a widget."""

    started = Signal(object)  # the ImportDialog

    def __init__(
        self,
        widget: QWidget,
        catalog_location: Catalog | str,
        on_imported: Callable[[list[int]], None] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.catalog_location = catalog_location
        self.on_imported = on_imported
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    @staticmethod
    def local_paths(event: QDropEvent | QDragEnterEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self.local_paths(event):  # type: ignore[arg-type]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif event.type() == QEvent.Type.Drop:
            paths = self.local_paths(event)  # type: ignore[arg-type]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                dialog = start_import(
                    self.widget, paths, self.catalog_location, None, self.on_imported
                )
                self.started.emit(dialog)
                return True
        return super().eventFilter(watched, event)


def enable_drop_import(
    widget: QWidget,
    catalog_location: Catalog | str,
    on_imported: Callable[[list[int]], None] | None = None,
) -> DropImporter:
    """Let files and folders dropped on `widget` be imported (keep the returned filter)."""
    return DropImporter(widget, catalog_location, on_imported)
