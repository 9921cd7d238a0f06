"""Edit > Undo and Redo from the catalogue's journal.

Every action of the desktop program is one change in the catalogue (archive_app.catalog.changes),
which keeps each row's values before and after in the journal. The undo stack holds the ids of
those changes, not hand-written commands per action: Undo asks the catalogue to revert the step's
change (a new change, journalled like any other), Redo reverts that revert. The catalogue refuses
a revert when someone else changed the same fields or rows since ("changed by … at … since"), and
then the stack does not move: nothing is silently taken back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from archive_app.catalog import journal
from archive_app.catalog.changes import ChangeSet, change
from archive_app.catalog.errors import CatalogError

T = TypeVar("T")


class ChangeStep(QUndoCommand):
    """One action on the stack: the journal change that did it, and after an undo the change
    that reverted it. Qt calls undo()/redo() only after the catalogue agreed (see JournalUndo),
    so they do nothing themselves."""

    def __init__(self, change_set: ChangeSet) -> None:
        super().__init__(change_set.label)
        assert change_set.change_id is not None
        self.change_id: int = change_set.change_id
        self.reverted_by: int | None = None
        #: every change this step ever made: the first, each undo's revert, each redo's
        self.all_ids: set[int] = {change_set.change_id}

    def undo(self) -> None:  # the revert was done by JournalUndo.undo()
        pass

    def redo(self) -> None:
        pass


class JournalUndo(QObject):
    """The window's undo stack over journal changes. `perform(label, action)` runs an action as
    one change and puts it on the stack; `undo()`/`redo()` revert through the catalogue.
    `refused(message)` says why an undo or redo could not be done."""

    refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        #: changes of undone steps the stack let go of (a new action replaced them): each was
        #: reverted, so they cancel out and never stand in the way of an older undo
        self._cancelled: set[int] = set()

    # --- doing --------------------------------------------------------------------------------

    def perform(
        self,
        label: str,
        action: Callable[[], T],
        expect: dict[tuple[str, int], int] | None = None,
    ) -> T:
        """Run `action` (catalogue calls) as one change labelled `label`, refused as a whole
        (CatalogError) when any record it touches moved past the version in `expect`; an action
        that changed something becomes one undo step."""
        with change(label, expect=expect) as ch:
            result = action()
        self.record(ch.change_set)
        return result

    def perform_or_warn(
        self, label: str, action: Callable[[], Any], parent: QWidget, title: str
    ) -> bool:
        """perform(), telling the user in a message box why the catalogue refused the action."""
        try:
            self.perform(label, action)
        except CatalogError as exc:
            QMessageBox.warning(parent, title, str(exc))
            return False
        return True

    def record(self, change_set: ChangeSet | None) -> None:
        """Put a change made elsewhere in this window (a revert from the History tab) on the
        stack, so Undo takes it back too."""
        if change_set is not None and change_set.change_id is not None:
            for index in range(self.stack.index(), self.stack.count()):
                step = self._step(index)
                if step is not None:
                    self._cancelled |= step.all_ids
            self.stack.push(ChangeStep(change_set))

    # --- undoing ------------------------------------------------------------------------------

    def _step(self, index: int) -> ChangeStep | None:
        command = self.stack.command(index) if 0 <= index < self.stack.count() else None
        return command if isinstance(command, ChangeStep) else None

    def _cancelled_for(self, index: int) -> set[int]:
        """The changes that cancel out for the step at `index`: every change of the other steps
        and of steps the stack let go of. A step above was undone (its change and its revert
        cancel); a step below was, since this one's change, at most undone and done again (a
        revert and a change that cancel too). So none stands in the way of this step's revert,
        while anyone else's later change of the same fields still does."""
        skip = set(self._cancelled)
        for other in range(self.stack.count()):
            step = self._step(other)
            if step is not None and other != index:
                skip |= step.all_ids
        return skip

    def undo(self) -> bool:
        step = self._step(self.stack.index() - 1)
        if step is None:
            return False
        try:
            done = journal.revert(step.change_id, skip=self._cancelled_for(self.stack.index() - 1))
        except CatalogError as exc:
            self.refused.emit(f"Cannot undo “{step.text()}”: {exc}")
            return False
        step.reverted_by = done.change_id
        if done.change_id is not None:
            step.all_ids.add(done.change_id)
        self.stack.undo()
        return True

    def redo(self) -> bool:
        step = self._step(self.stack.index())
        if step is None or step.reverted_by is None:
            return False
        try:
            done = journal.revert(step.reverted_by, skip=self._cancelled_for(self.stack.index()))
        except CatalogError as exc:
            self.refused.emit(f"Cannot redo “{step.text()}”: {exc}")
            return False
        assert done.change_id is not None
        step.change_id, step.reverted_by = done.change_id, None
        step.all_ids.add(done.change_id)
        self.stack.redo()
        return True

    # --- the menu's actions -------------------------------------------------------------------

    def actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Edit > Undo and Redo, named after the step they take back or do again."""
        self.undo_action = QAction("&Undo", parent)
        self.redo_action = QAction("&Redo", parent)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.stack.indexChanged.connect(self._update_actions)
        self._update_actions()
        return self.undo_action, self.redo_action

    def _update_actions(self, _index: int = 0) -> None:
        self.undo_action.setEnabled(self.stack.canUndo())
        self.redo_action.setEnabled(self.stack.canRedo())
        self.undo_action.setText(f"&Undo {self.stack.undoText()}".rstrip())
        self.redo_action.setText(f"&Redo {self.stack.redoText()}".rstrip())
