"""Running an import off the GUI thread.

The import itself (`catalog.importing.run.import_files`) already decodes in worker processes; this
QObject runs its main loop (scheduling, batched writes) in a QThread so the window keeps painting,
and reports back only through signals, because a widget must never be touched from another
thread. The thread gets its own SQLite connection (Peewee keeps one per thread) and closes it
when the import ends, so the window's connection is never shared.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from archive_app.catalog.database import Catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.importing.report import ImportReport
from archive_app.catalog.importing.run import ImportOptions, Progress, import_files


class ImportWorker(QObject):
    """Imports `paths` into `catalog` when `run` is called (in its own thread)."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # ImportReport
    failed = Signal(str)  # one line

    def __init__(
        self, catalog: Catalog, paths: Sequence[str], options: ImportOptions | None = None
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.paths = list(paths)
        self.options = options or ImportOptions(recursive=True)
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the import to stop after the files already being examined (thread-safe)."""
        self._stop.set()

    @property
    def cancelling(self) -> bool:
        return self._stop.is_set()

    def _progress(self, progress: Progress) -> None:
        self.progressed.emit(progress)

    @Slot()
    def run(self) -> None:
        try:
            report: ImportReport = import_files(
                self.catalog, self.paths, self.options, self._progress, self._stop.is_set
            )
        except CatalogError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # the window must hear of any failure, not hang on it
            self.failed.emit(f"the import stopped: {type(exc).__name__}: {exc}")
        else:
            self.finished.emit(report)
        finally:
            if not self.catalog.database.is_closed():
                self.catalog.database.close()  # this thread's connection only


def start_in_thread(worker: ImportWorker, parent: QObject | None = None) -> QThread:
    """Move the worker to a new thread, start it, and tidy both up when it ends."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread, which may
    # itself be waiting for this thread to end (closing the window during an import).
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    worker.failed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.finished.connect(worker.deleteLater)
    thread.start()
    return thread
