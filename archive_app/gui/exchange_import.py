"""File > Import GEDCOM… and Import Tropy project…: choose a file, import it in a pool
thread, and say what came in: records created, matched and refused, with the warnings.

The import is the same call the command line makes (`import-gedcom`, `import-tropy`); it runs off
the GUI thread with its own connection, in one transaction, and the window refreshes its lists
when it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from archive_app.catalog.database import Catalog
from archive_app.gui.background_job import BackgroundJob

#: name -> (menu text, file dialog title, file filter, the import function(path, catalog, ...)).
IMPORTERS: dict[str, tuple[str, str, str, Callable[..., Any]]] = {}
#: what a Tropy import says of a photo it could not find (a relink folder may have it).
NOT_FOUND = "not where the project says"


def _gedcom(path: Path, catalog: Catalog) -> Any:
    from archive_app.catalog.exchange.gedcom_import import import_gedcom

    return import_gedcom(path, catalog)


IMPORTERS["gedcom"] = (
    "Import &GEDCOM…",
    "Import a GEDCOM file or GEDZIP archive",
    "GEDCOM (*.ged *.gdz *.zip);;All files (*)",
    _gedcom,
)


def _tropy(path: Path, catalog: Catalog, relink: Path | None = None) -> Any:
    from archive_app.catalog.exchange.tropy_import import import_tropy

    return import_tropy(path, catalog, relink)


IMPORTERS["tropy"] = (
    "Import &Tropy project…",
    "Import a Tropy project (a .tpy, the project.tpy in a .tropy folder, or a JSON-LD export)",
    "Tropy (*.tpy *.json *.jsonld);;All files (*)",
    _tropy,
)


def summary(report: Any) -> str:
    """What an import report says, in a few lines for a message box."""
    created = report.counted("created")
    matched = report.counted("matched")
    source = getattr(report, "file", None) or getattr(report, "project", "")
    lines = [f"Imported {Path(source).name or source} ({report.format}).",
             f"Created: {created or 'nothing'}."]  # fmt: skip
    if matched:
        lines.append(f"Already in the catalogue (matched): {matched}.")
    for refusal in report.refused:
        lines.append(f"Refused {refusal['record']}: {refusal['reason']}")
    lines.extend(f"Note: {warning}" for warning in report.warnings[:20])
    if len(report.warnings) > 20:
        lines.append(f"… and {len(report.warnings) - 20} more notes")
    return "\n".join(lines)


class ExchangeImporter(QObject):
    """Runs one import at a time for a window; `on_done(report)` after a success. A QObject
    living on the GUI thread, so the job's signals are delivered there."""

    def __init__(
        self, parent: QWidget, catalog: Catalog, on_done: Callable[[Any], None] | None = None
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.catalog = catalog
        self.on_done = on_done
        self.pool = QThreadPool(parent)
        self.pool.setMaxThreadCount(1)
        self.serial = 0
        self.last_message = ""
        self.running = False
        self.last: tuple[str, Path] | None = None  # the import that ran last: kind, file
        self.report_box: QMessageBox | None = None

    def choose_and_start(self, name: str) -> None:
        _, title, filters, _ = IMPORTERS[name]
        path, _ = QFileDialog.getOpenFileName(self.window, title, "", filters)
        if path:
            self.start(name, Path(path))

    def start(self, name: str, path: Path, **options: Any) -> bool:
        if self.running:
            return False
        work = IMPORTERS[name][3]
        self.serial += 1
        self.running = True
        self.last = (name, path)
        job = BackgroundJob(self.serial, lambda: work(path, self.catalog, **options))
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)
        return True

    @Slot(int, object)
    def _done(self, _serial: int, report: Any) -> None:
        self.running = False
        self.last_message = summary(report)
        if self.on_done is not None:
            self.on_done(report)
        box = QMessageBox(QMessageBox.Icon.Information, "Import", self.last_message,
                          parent=self.window)  # fmt: skip
        box.setObjectName("exchange_import_report")
        if self.last and self.last[0] == "tropy" and any(NOT_FOUND in w for w in report.warnings):
            relink = box.addButton("Look in a folder…", QMessageBox.ButtonRole.ActionRole)
            relink.setObjectName("relink_tropy")
            relink.clicked.connect(self.choose_relink_folder)
            box.addButton(QMessageBox.StandardButton.Close)
        self._show(box)

    def _show(self, box: QMessageBox) -> None:
        """Open the report; Qt deletes it when it is closed, and a newer one replaces it."""
        if self.report_box is not None:
            self.report_box.close()
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget_box)
        self.report_box = box
        box.open()

    def _forget_box(self) -> None:
        self.report_box = None

    def choose_relink_folder(self) -> None:
        """Import the same Tropy project again, looking for its missing photos in a folder:
        the photographs made without their file get it (matched, not made again)."""
        folder = QFileDialog.getExistingDirectory(self.window, "Folder with the moved photos")
        if folder and self.last is not None:
            self.start(self.last[0], self.last[1], relink=Path(folder))

    @Slot(int, str)
    def _failed(self, _serial: int, message: str) -> None:
        self.running = False
        self.last_message = f"Nothing was imported: {message}"
        box = QMessageBox(QMessageBox.Icon.Warning, "Import", self.last_message,
                          parent=self.window)  # fmt: skip
        box.setObjectName("exchange_import_report")
        self._show(box)


def _opener(importer: ExchangeImporter, name: str) -> Callable[[], None]:
    """A slot that takes no argument: PySide then passes no `checked` bool to it."""
    return lambda: importer.choose_and_start(name)


def add_exchange_import_actions(menu: QMenu, importer: ExchangeImporter) -> list[QAction]:
    """File > Import GEDCOM… and the other exchange imports."""
    actions = []
    for name, (text, *_rest) in IMPORTERS.items():
        action = QAction(text, importer.window)
        action.setObjectName(f"import_{name}")
        action.triggered.connect(_opener(importer, name))
        menu.addAction(action)
        actions.append(action)
    return actions
