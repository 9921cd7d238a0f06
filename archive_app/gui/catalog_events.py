"""What the window's parts hear about the catalogue: one object per window.

`change_set(ChangeSet)` for every committed change, this window's, another window's or another
program's (the ChangeFeed delivers them); `changed(record_type)` once per record type it touched,
for parts that simply show again what they show; `refused(message)` when an undo or redo could
not be done because someone changed the same thing since."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CatalogEvents(QObject):
    change_set = Signal(object)
    changed = Signal(str)
    refused = Signal(str)
