"""The creators of a source (authors, editors, translators, interviewers …): one rule for what a
creator's name must hold, used by the source editor and by source import alike, and the writes
that add, edit, reorder and remove creators, each a change (catalog/changes.py).

The rule: a literal (corporate) name stands alone, so name parts left beside it are dropped
(CSL prints a literal as written and ignores parts); a name with a given part only (a mononym,
"Plato") is kept as a literal, as it is printed; a name with neither a family nor a literal nor a
given part is refused. The order of the creators is the order a citation prints them in, so it
is stored (`position`), and a move renumbers the whole list in one change.
"""

from __future__ import annotations

from typing import Any

from archive_app.catalog.changes import joined
from archive_app.catalog.errors import InvalidField, RecordNotFound
from archive_app.catalog.models import Source, SourceCreator
from archive_app.catalog.sources.csl import NAME_ROLES

#: the columns of a creator that the editor and import set.
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


def clean_creator(values: dict[str, Any], field: str = "family") -> dict[str, Any]:
    """The columns to store for a creator, or InvalidField (named `field`) saying what is
    missing. Text is trimmed and inner runs of spaces become one."""
    clean: dict[str, Any] = {}
    for name in CREATOR_FIELDS:
        value = values.get(name)
        text = " ".join(str(value).split()) if value is not None else ""
        clean[name] = text or None
    clean["role"] = clean["role"] or "author"
    if clean["role"] not in NAME_ROLES:
        raise InvalidField("role", f"{clean['role']!r} is not a CSL creator role")
    if not clean["literal"] and not clean["family"] and clean["given"]:
        clean["literal"] = clean["given"]  # a mononym: kept as it is printed
    if clean["literal"]:
        for part in PERSON_PARTS:
            clean[part] = None
    elif not clean["family"]:
        raise InvalidField(
            field, "a name needs a family name, or a literal name for an organisation"
        )
    return clean


def creators_of(source_id: int) -> list[SourceCreator]:
    """A source's creators in citation order."""
    query = SourceCreator.select().where(SourceCreator.source == source_id)
    return list(query.order_by(SourceCreator.position, SourceCreator.id))


def add_creator(source_id: int, values: dict[str, Any]) -> SourceCreator:
    """A new creator at the end of the list."""
    clean = clean_creator(values)
    with joined("Add creator") as ch:
        if not Source.select().where(Source.id == source_id).exists():
            raise RecordNotFound(f"no source with id {source_id}")
        existing = creators_of(source_id)
        position = max((c.position for c in existing), default=-1) + 1
        return ch.insert(SourceCreator, source=source_id, position=position, **clean)


def update_creator(creator_id: int, values: dict[str, Any]) -> None:
    """Set some of a creator's columns (as clean_creator gave them)."""
    unknown = set(values) - set(CREATOR_FIELDS)
    if unknown:
        raise InvalidField(sorted(unknown)[0], "is not a field of a creator")
    with joined("Edit creator") as ch:
        if not ch.update(SourceCreator, [creator_id], values):
            raise RecordNotFound(f"no creator with id {creator_id}")


def set_positions(positions: dict[int, int]) -> None:
    """Give each creator (by id) its position, all in one change."""
    with joined("Move creator") as ch:
        for creator_id, position in positions.items():
            ch.update(SourceCreator, [creator_id], {"position": position})


def remove_creator(creator_id: int) -> None:
    with joined("Remove creator") as ch:
        if not ch.delete(SourceCreator, [creator_id]):
            raise RecordNotFound(f"no creator with id {creator_id}")


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
