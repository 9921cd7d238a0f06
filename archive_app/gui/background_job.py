"""A piece of work run in a pool thread, for the previews and exports that must not hold up the
window: its result, or one line saying why it failed, comes back by signal with the serial
number it was started under, so the widget can drop what a newer run has overtaken."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from archive_app.catalog.errors import CatalogError
from archive_app.catalog.models import catalog_db


def first_line(message: str, limit: int = 300) -> str:
    """One line of a message, short enough for a status line."""
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Signals(QObject):
    done = Signal(int, object)  # serial, result
    failed = Signal(int, str)  # serial, one line


class BackgroundJob(QRunnable):
    """Runs `work()` in a pool thread; the result or one line of failure comes back by signal.
    A thread that opened its own catalogue connection closes it when the work is done."""

    def __init__(self, serial: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.serial = serial
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except CatalogError as exc:
            self.signals.failed.emit(self.serial, first_line(str(exc)))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = f" ({exc.filename})" if exc.filename else ""
            self.signals.failed.emit(self.serial, first_line(f"{reason}{where}"))
        except Exception as exc:  # shown where the work was asked for; it never ends the program
            self.signals.failed.emit(self.serial, first_line(f"{type(exc).__name__}: {exc}"))
        else:
            self.signals.done.emit(self.serial, result)
        finally:
            if not catalog_db.is_closed():
                catalog_db.close()  # this pool thread's own connection
