"""File > Import sources…: a Zotero export (CSL-JSON, RIS or BibTeX) read into sources in a pool
thread, and a report of what came in: each refused item with its place and reason, the items
already in the catalogue, and the look-alikes to merge (Edit > Merge sources…).

The import is the call `archive-app import-sources` makes: one change, one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from archive_app.catalog.sources.import_sources import ImportReport, import_file
from archive_app.gui.background_job import BackgroundJob

TITLE = "Import sources"
FILTERS = "Bibliographies (*.json *.ris *.bib *.bibtex);;All files (*)"
#: how many items of each kind the report names before it counts the rest.
SHOWN = 15


def _item(entry: dict[str, Any]) -> str:
    title = entry.get("title")
    return f"item {entry['position']} ({title!r})" if title else f"item {entry['position']}"


def _listed(lines: list[str], heading: str, entries: list[str]) -> None:
    if not entries:
        return
    lines.append("")
    lines.append(heading)
    lines.extend(f"• {entry}" for entry in entries[:SHOWN])
    if len(entries) > SHOWN:
        lines.append(f"… and {len(entries) - SHOWN} more")


def summary(report: ImportReport, name: str) -> str:
    """What the import did, in a few lines for a message box."""
    lines = [f"Imported {len(report.created)} source(s) from {name} ({report.format})."]
    _listed(
        lines,
        f"Refused ({len(report.refused)}):",
        [f"{_item(r)}: {r['reason']}" for r in report.refused],
    )
    _listed(
        lines,
        f"Already in the catalogue, not added ({len(report.duplicates)}):",
        [f"{_item(d)}: {d['matches']}" for d in report.duplicates],
    )
    _listed(
        lines,
        f"Possibly the same work as another source ({len(report.possible_duplicates)}); to merge, "
        "select both in Sources and choose Edit > Merge sources…:",
        [f"{_item(a)}: source {a['source']}, like {a['like']}" for a in report.possible_duplicates],
    )
    return "\n".join(lines)


class SourceImporter(QObject):
    """Runs one source import at a time for a window; `on_done(report)` after it. Lives on the
    GUI thread, so the job's signals are delivered there."""

    def __init__(self, parent: QWidget, on_done: Callable[[ImportReport], None] | None) -> None:
        super().__init__(parent)
        self.window = parent
        self.on_done = on_done
        self.pool = QThreadPool(parent)
        self.pool.setMaxThreadCount(1)
        self.serial = 0
        self.running = False
        self.path: Path | None = None
        self.last_message = ""

    def choose_and_start(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, TITLE, "", FILTERS)
        if path:
            self.start(Path(path))

    def start(self, path: Path) -> bool:
        if self.running:
            return False
        self.serial += 1
        self.running = True
        self.path = path
        job = BackgroundJob(self.serial, lambda: import_file(path))
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)
        return True

    @Slot(int, object)
    def _done(self, _serial: int, report: ImportReport) -> None:
        self.running = False
        self.last_message = summary(report, self.path.name if self.path else "")
        if self.on_done is not None:
            self.on_done(report)
        troubled = report.refused or report.possible_duplicates
        icon = QMessageBox.Icon.Warning if troubled else QMessageBox.Icon.Information
        self._tell(icon, self.last_message)

    @Slot(int, str)
    def _failed(self, _serial: int, message: str) -> None:
        self.running = False
        self.last_message = f"Nothing was imported: {message}"
        self._tell(QMessageBox.Icon.Warning, self.last_message)

    def _tell(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, TITLE, text, parent=self.window)
        box.setObjectName("import_sources_report")
        box.open()


def add_import_sources_action(menu: QMenu, importer: SourceImporter) -> QAction:
    """File > Import sources…"""
    action = QAction("Import &sources (Zotero: CSL-JSON, RIS, BibTeX)…", importer.window)
    action.setObjectName("import_sources")
    action.triggered.connect(importer.choose_and_start)
    menu.addAction(action)
    return action
