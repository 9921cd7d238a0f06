"""The creators of a source (authors, editors, translators, interviewers …) changed one action at
a time, each undoable: add and remove go through the same AddLink/RemoveLink commands as a
person's name variants; an edit and a move get their own commands here, which keep the exact
values and positions they replaced so that undo puts back precisely what was there.

The rules and the writes live in catalog/creators.py, shared with source import.
"""

from __future__ import annotations

from typing import Any

from archive_app.catalog.creators import (  # noqa: F401 (the panel imports them from here)
    CREATOR_FIELDS,
    PERSON_PARTS,
    add_creator,
    clean_creator,
    creator_name,
    creators_of,
    set_positions,
    update_creator,
)
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import SourceCreator
from archive_app.gui.undo_commands import CatalogEvents, _CatalogCommand, _skips


class EditCreatorCommand(_CatalogCommand):
    """Change one creator's name or role; undo restores the values it had."""

    def __init__(self, events: CatalogEvents, creator: SourceCreator, values: dict[str, Any]):
        super().__init__(events, f"Edit creator “{creator_name(creator)}”", "source")
        after = clean_creator(values)
        self.creator_id = creator.id
        self.before = {
            k: getattr(creator, k) for k in CREATOR_FIELDS if getattr(creator, k) != after[k]
        }
        self.after = {k: after[k] for k in self.before}

    @_skips
    def redo(self) -> None:
        update_creator(self.creator_id, self.after)
        self._announce()

    def undo(self) -> None:
        update_creator(self.creator_id, self.before)
        self._announce()


class MoveCreatorCommand(_CatalogCommand):
    """Move one creator up or down the list (`step` -1 or +1); undo restores every position."""

    def __init__(self, events: CatalogEvents, source_id: int, creator_id: int, step: int):
        order = creators_of(source_id)
        ids = [c.id for c in order]
        index = ids.index(creator_id)
        target = index + step
        if not 0 <= target < len(ids):
            raise InvalidField("position", "the creator is already at that end of the list")
        name = creator_name(order[index])
        super().__init__(events, f"Move creator “{name}” {'up' if step < 0 else 'down'}", "source")
        self.before = {c.id: c.position for c in order}
        ids[index], ids[target] = ids[target], ids[index]
        self.after = {creator: position for position, creator in enumerate(ids)}

    @_skips
    def redo(self) -> None:
        set_positions(self.after)
        self._announce()

    def undo(self) -> None:
        set_positions(self.before)
        self._announce()
