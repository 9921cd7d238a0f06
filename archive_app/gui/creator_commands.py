"""The creators of a source (authors, editors, translators, interviewers …) changed one action at
a time, each undoable: add and remove go through the same AddLink/RemoveLink commands as a
person's name variants; an edit and a move get their own commands here, which keep the exact
values and positions they replaced so that undo puts back precisely what was there.

The order of the creators is the order a citation prints them in, so it is stored (`position`)
and a move renumbers the whole list in one transaction: creators imported with equal positions
get a definite order the first time one of them is moved.
"""

from __future__ import annotations

from typing import Any

from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import SourceCreator, catalog_db
from archive_app.catalog.sources.csl import NAME_ROLES
from archive_app.gui.undo_commands import CatalogEvents, _CatalogCommand, _skips

#: the columns of a creator that the editor sets.
CREATOR_FIELDS: tuple[str, ...] = (
    "role",
    "given",
    "dropping_particle",
    "non_dropping_particle",
    "family",
    "suffix",
    "literal",
    "transliteration",
)
PERSON_PARTS = ("given", "dropping_particle", "non_dropping_particle", "family", "suffix")


def clean_creator(values: dict[str, Any]) -> dict[str, Any]:
    """The columns to store for a creator, or InvalidField saying what is missing.

    A literal (corporate) name stands alone: CSL prints it as written and ignores name parts, so
    parts left over from a person's name are dropped rather than kept invisibly."""
    clean: dict[str, Any] = {}
    for name in CREATOR_FIELDS:
        value = values.get(name)
        text = " ".join(str(value).split()) if value is not None else ""
        clean[name] = text or None
    clean["role"] = clean["role"] or "author"
    if clean["role"] not in NAME_ROLES:
        raise InvalidField("role", f"{clean['role']!r} is not a CSL creator role")
    if clean["literal"]:
        for part in PERSON_PARTS:
            clean[part] = None
    elif not clean["family"]:
        raise InvalidField(
            "family", "a name needs a family name, or a literal name for an organisation"
        )
    return clean


def creators_of(source_id: int) -> list[SourceCreator]:
    """A source's creators in citation order."""
    query = SourceCreator.select().where(SourceCreator.source == source_id)
    return list(query.order_by(SourceCreator.position, SourceCreator.id))


def add_creator(source_id: int, values: dict[str, Any]) -> SourceCreator:
    """A new creator at the end of the list, in one transaction."""
    clean = clean_creator(values)
    with catalog_db.atomic():
        existing = creators_of(source_id)
        position = max((c.position for c in existing), default=-1) + 1
        return SourceCreator.create(source=source_id, position=position, **clean)


def update_creator(creator_id: int, values: dict[str, Any]) -> None:
    with catalog_db.atomic():
        SourceCreator.update(values).where(SourceCreator.id == creator_id).execute()


def set_positions(positions: dict[int, int]) -> None:
    """Give each creator (by id) its position, all in one transaction."""
    with catalog_db.atomic():
        for creator_id, position in positions.items():
            SourceCreator.update(position=position).where(SourceCreator.id == creator_id).execute()


def creator_name(values: dict[str, Any] | SourceCreator) -> str:
    """`Власов, Андрей Андреевич`, `van Gogh, Vincent`, or the literal name, for a list row."""

    def get(name: str) -> str:
        value = values.get(name) if isinstance(values, dict) else getattr(values, name)
        return value or ""

    if get("literal"):
        return get("literal")
    family = " ".join(p for p in (get("non_dropping_particle"), get("family")) if p)
    given = " ".join(p for p in (get("given"), get("dropping_particle")) if p)
    name = ", ".join(p for p in (family, given) if p)
    return f"{name}, {get('suffix')}" if get("suffix") else name


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
