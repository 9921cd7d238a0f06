"""What changed in the catalogue, for the window to show: this program's own changes as they
commit, and other programs' (a second window, the command line, a script) within about a second.

The catalogue announces each committed change as a ChangeSet (ids created, changed and deleted
per record type). Its listeners run in the committing thread, so the feed hands each ChangeSet to
the GUI thread through a queued signal. Other processes' changes are read from the journal when
the catalogue's cheap "anything new?" check says so (SQLite's PRAGMA data_version; on a server,
its notifications), on a timer.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from archive_app.catalog import journal
from archive_app.catalog.changes import ChangeSet, subscribe
from archive_app.catalog.errors import CatalogError

POLL_MS = 700


class ChangeFeed(QObject):
    """`arrived(ChangeSet)` in the GUI thread for every committed change, ours and others'."""

    arrived = Signal(object)
    _committed = Signal(object)  # from whichever thread committed

    def __init__(self, parent: QObject | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        # direct when the GUI thread committed (the window shows it at once), queued from a worker
        self._committed.connect(self.arrived)
        self._unsubscribe = subscribe(self._committed.emit)
        self._external: journal.ExternalChanges | None = journal.ExternalChanges()
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> list[ChangeSet]:
        """Read other programs' changes now (the timer calls this); returns them too."""
        if self._external is None:
            return []
        try:
            found = self._external.poll()
        except CatalogError:  # the catalogue is busy or gone: try again at the next tick
            return []
        for change_set in found:
            self.arrived.emit(change_set)
        return found

    def close(self) -> None:
        self.timer.stop()
        self._unsubscribe()
        if self._external is not None:
            self._external.close()  # a server catalogue's listening connection
            self._external = None
