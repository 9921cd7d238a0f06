"""A record's small dependent rows: a person's name variants and authority identifiers, a place's
other names. The rules for adding one live here, for every face: the first field is required, an
identifier names its scheme, and an identifier is recorded for one person only."""

from __future__ import annotations

from typing import Any

from peewee import IntegrityError

from archive_app.catalog.changes import joined
from archive_app.catalog.errors import InvalidField, RecordNotFound
from archive_app.catalog.models import (
    BaseModel,
    Person,
    PersonIdentifier,
    PersonName,
    Place,
    PlaceName,
    catalog_db,
)

#: variant table -> (its owner's field, the owner's model, the fields a row must have)
VARIANT_TABLES: dict[type[BaseModel], tuple[str, type[BaseModel], tuple[str, ...]]] = {
    PersonName: ("person", Person, ("name",)),
    PersonIdentifier: ("person", Person, ("value", "scheme")),
    PlaceName: ("place", Place, ("name",)),
}

_HINTS = {("scheme",): "is required (wikidata, viaf, gnd …)"}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in values.items()}


def add_variant(model: type[BaseModel], owner_id: int, values: dict[str, Any]) -> BaseModel:
    """Add one row to a record, refused with a one-line message (nothing written) when a required
    field is empty, the owner is gone, or the identifier is already recorded."""
    owner_field, owner_model, required = VARIANT_TABLES[model]
    clean = _clean(values)
    for name in clean:
        if name not in model._meta.fields or name in ("id", owner_field):
            raise InvalidField(name, f"is not a field of {model._meta.table_name}")
    for name in required:
        if not clean.get(name):
            raise InvalidField(name, _HINTS.get((name,), "is required"))
    with joined(f"New {model._meta.table_name.replace('_', ' ')}") as ch:
        if not owner_model.select().where(owner_model.id == owner_id).exists():
            raise RecordNotFound(f"no {owner_field} with id {owner_id}")
        if model is PersonIdentifier:
            holder = PersonIdentifier.get_or_none(
                (PersonIdentifier.scheme == clean["scheme"])
                & (PersonIdentifier.value == clean["value"])
            )
            if holder is not None:
                raise InvalidField("value", f"is already recorded (for person {holder.person_id})")
        try:
            with catalog_db.atomic():
                return ch.insert(model, **{owner_field: owner_id}, **clean)
        except IntegrityError as exc:
            raise InvalidField(required[0], "is already recorded") from exc


def remove_variant(model: type[BaseModel], row_id: int) -> None:
    """Take one row off its record."""
    if model not in VARIANT_TABLES:
        raise InvalidField("variant", f"{model._meta.table_name} is not a variant table")
    with joined(f"Remove {model._meta.table_name.replace('_', ' ')}") as ch:
        if not ch.delete(model, [row_id]):
            raise RecordNotFound(f"no {model._meta.table_name} row with id {row_id}")
