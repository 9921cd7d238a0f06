"""Long catalogue work (checks, fixity, relink) on a pool thread, with progress and cancel
(background_job.BackgroundJob is the one without): the work gets `progress(done, total)` and a
`threading.Event` to watch; its result or its one-line failure comes back as signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from archive_app.catalog.checks import Cancelled
from archive_app.catalog.models import catalog_db
from archive_app.gui.background_job import first_line

Work = Callable[[Callable[[int, int], None], threading.Event], Any]


class JobSignals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal(str)


class CancellableJob(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.cancel = threading.Event()
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.cancel)
        except Cancelled as exc:
            self.signals.cancelled.emit(str(exc))
        except Exception as exc:  # reported where the work was asked for, never a crash
            self.signals.failed.emit(first_line(str(exc)))
        else:
            self.signals.done.emit(result)
        finally:
            if not catalog_db.is_closed():
                catalog_db.close()  # this thread's own connection
