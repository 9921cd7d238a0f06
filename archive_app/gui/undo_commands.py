"""Every edit, link and delete as a QUndoCommand, so Edit > Undo takes back exactly one action.

Commands call the catalogue layer (one transaction each) and announce what changed through
`CatalogEvents`, so every open list and panel refreshes. A delete keeps a snapshot of all the
rows it took, so undo restores them with their ids; a create is undone by deleting what it made,
after taking the same kind of snapshot so that redo brings back the very same record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from archive_app.catalog import batch, links, records, snapshot
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.models import BaseModel
from archive_app.catalog.serialize import get_record
from archive_app.catalog.sources import merge


class CatalogEvents(QObject):
    """One per window: `changed(record_type)` after any command ran (done, undone or redone);
    `refused(message)` when an undo or redo could not be done (someone changed the record)."""

    changed = Signal(str)
    refused = Signal(str)


class _CatalogCommand(QUndoCommand):
    def __init__(self, events: CatalogEvents, text: str, record_type: str) -> None:
        super().__init__(text)
        self.events = events
        self.record_type = record_type
        self.skip_next_redo = False

    def _announce(self) -> None:
        self.events.changed.emit(self.record_type)


def perform(stack: QUndoStack, command: _CatalogCommand) -> None:
    """Do the command now and, only if it worked, put it on the undo stack.

    QUndoStack.push() runs redo() itself and keeps the command even when it fails; doing the
    work first lets a refused edit (an invalid date, a stale version) raise its CatalogError to
    the caller and leave the stack as it was.
    """
    command.redo()
    command.skip_next_redo = True
    stack.push(command)


def perform_or_warn(
    stack: QUndoStack, command: _CatalogCommand, parent: QWidget, title: str
) -> bool:
    """perform(), telling the user in a message box why the catalogue refused the action."""
    try:
        perform(stack, command)
    except CatalogError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    return True


def _skips(redo: Callable[[Any], None]) -> Callable[[Any], None]:
    def wrapper(self: Any) -> None:
        if self.skip_next_redo:
            self.skip_next_redo = False
            return
        redo(self)

    return wrapper


class EditRecordCommand(_CatalogCommand):
    """Change some fields of one record that the editor read at `expected_version`; undo puts
    the old values back over the version this edit made, so an undo after someone else saved
    the record is refused instead of silently taking their work back."""

    def __init__(
        self,
        events: CatalogEvents,
        record_type: str,
        record_id: int,
        before: dict[str, Any],
        after: dict[str, Any],
        text: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        names = ", ".join(sorted(after))
        super().__init__(events, text or f"Edit {record_type} ({names})", record_type)
        self.record_id = record_id
        self.before = before
        self.after = after
        if expected_version is None:
            expected_version = get_record(record_type, record_id).version
        self.expected_version = expected_version

    def _apply(self, values: dict[str, Any]) -> None:
        record = records.update(self.record_type, self.record_id, self.expected_version, **values)
        self.expected_version = record.version
        self._announce()

    @_skips
    def redo(self) -> None:
        self._guarded(self.after)

    def undo(self) -> None:
        self._guarded(self.before)

    def _guarded(self, values: dict[str, Any]) -> None:
        try:
            self._apply(values)
        except CatalogError as exc:
            if not self.ran_once:
                raise
            # Qt's stack cannot refuse an undo; drop this step instead and say why.
            self.setObsolete(True)
            self.events.refused.emit(f"{self.text()}: not undone: {exc}")
        self.ran_once = True

    ran_once = False


class CreateRecordCommand(_CatalogCommand):
    def __init__(self, events: CatalogEvents, record_type: str, fields: dict[str, Any]) -> None:
        super().__init__(events, f"New {record_type}", record_type)
        self.fields = fields
        self.record_id: int | None = None
        self._snapshot: snapshot.Snapshot | None = None

    @_skips
    def redo(self) -> None:
        if self._snapshot is None:
            self.record_id = records.create(self.record_type, **self.fields).id
        else:
            snapshot.restore(self._snapshot)
        self._announce()

    def undo(self) -> None:
        assert self.record_id is not None
        self._snapshot = snapshot.capture(get_record(self.record_type, self.record_id))
        records.delete(self.record_type, self.record_id)
        self._announce()


class DeleteRecordCommand(_CatalogCommand):
    def __init__(self, events: CatalogEvents, record_type: str, record_id: int, name: str) -> None:
        super().__init__(events, f"Delete {record_type} “{name}”", record_type)
        self.record_id = record_id
        self._snapshot: snapshot.Snapshot | None = None

    @_skips
    def redo(self) -> None:
        self._snapshot = snapshot.capture(get_record(self.record_type, self.record_id))
        records.delete(self.record_type, self.record_id)
        self._announce()

    def undo(self) -> None:
        assert self._snapshot is not None
        snapshot.restore(self._snapshot)
        self._announce()


class AddLinkCommand(_CatalogCommand):
    """Make a link (or a citation) with `make()`; undo removes it, redo restores the same row."""

    def __init__(
        self,
        events: CatalogEvents,
        text: str,
        record_type: str,
        make: Callable[[], BaseModel],
    ) -> None:
        super().__init__(events, text, record_type)
        self.make = make
        self.link: BaseModel | None = None
        self._snapshot: snapshot.Snapshot | None = None

    @_skips
    def redo(self) -> None:
        if self._snapshot is None:
            self.link = self.make()
        else:
            snapshot.restore(self._snapshot)
        self._announce()

    def undo(self) -> None:
        assert self.link is not None
        row = type(self.link).get_by_id(self.link.id)
        self._snapshot = snapshot.capture(row)
        row.delete_instance()
        self._announce()


class RemoveLinkCommand(_CatalogCommand):
    """Remove a link or citation row (and what hangs on it); undo restores all of it."""

    def __init__(self, events: CatalogEvents, text: str, record_type: str, row: BaseModel) -> None:
        super().__init__(events, text, record_type)
        self.model = type(row)
        self.row_id = row.id
        self._snapshot: snapshot.Snapshot | None = None

    @_skips
    def redo(self) -> None:
        row = self.model.get_by_id(self.row_id)
        self._snapshot = snapshot.capture(row)
        row.delete_instance()
        self._announce()

    def undo(self) -> None:
        assert self._snapshot is not None
        snapshot.restore(self._snapshot)
        self._announce()


class SetRegionCommand(_CatalogCommand):
    """Draw, move or resize the rectangle of a person on a photograph."""

    def __init__(
        self,
        events: CatalogEvents,
        link_id: int,
        before: links.Region | None,
        after: links.Region | None,
        text: str = "Move region",
    ) -> None:
        super().__init__(events, text, "photo")
        self.link_id = link_id
        self.before = before
        self.after = after

    @_skips
    def redo(self) -> None:
        links.set_region(self.link_id, self.after)
        self._announce()

    def undo(self) -> None:
        links.set_region(self.link_id, self.before)
        self._announce()


class BatchEditCommand(_CatalogCommand):
    """Tags, collection, credit line and rights of many photographs, undone exactly."""

    def __init__(
        self, events: CatalogEvents, photo_ids: list[int], changes: dict[str, Any]
    ) -> None:
        super().__init__(events, f"Batch edit {len(photo_ids)} photographs", "photo")
        self.photo_ids = photo_ids
        self.changes = changes
        self.before = batch.state(photo_ids)

    @_skips
    def redo(self) -> None:
        batch.edit(self.photo_ids, **self.changes)
        self._announce()

    def undo(self) -> None:
        batch.restore(self.before)
        self._announce()


class MergeSourcesCommand(_CatalogCommand):
    """Two sources made one (every citation moved to the one kept); undo parts them again."""

    def __init__(self, events: CatalogEvents, kept_id: int, merged_id: int, name: str) -> None:
        super().__init__(events, f"Merge source “{name}”", "source")
        self.kept_id = kept_id
        self.merged_id = merged_id
        self.result: merge.MergeResult | None = None

    @_skips
    def redo(self) -> None:
        self.result = merge.merge_sources(self.kept_id, self.merged_id)
        self._announce()

    def undo(self) -> None:
        assert self.result is not None
        merge.unmerge(self.result)
        self._announce()
