"""Creating, editing and deleting records: the one place the GUI and the CLI change the catalogue.

Each function is one change (catalog/changes.py): its own, or part of the caller's when called
inside one. Edits use optimistic locking: the caller says which version it read, and a record
saved by someone else since is refused with StaleEdit instead of being overwritten.
"""

from __future__ import annotations

from typing import Any

from peewee import IntegrityError, fn

from archive_app.catalog.changes import joined, read_rows, set_meta
from archive_app.catalog.constraints import explain
from archive_app.catalog.errors import DeleteRefused, InvalidField, RecordNotFound
from archive_app.catalog.models import (
    BaseModel,
    CatalogMeta,
    Citation,
    Collection,
    Photograph,
    Source,
    catalog_db,
    utc_now,
)
from archive_app.catalog.serialize import get_record, label, model_for
from archive_app.catalog.settings import NEXT_ACCESSION_KEY, get_setting

_ACCESSION_KEY = NEXT_ACCESSION_KEY


def next_accession_number() -> str:
    """Take the next free accession number (PH-000001, ... with the catalogue's prefix); call
    inside a transaction."""
    prefix = get_setting("accession_prefix")
    row = CatalogMeta.get_or_none(CatalogMeta.key == _ACCESSION_KEY)
    number = int(row.value) if row else 1
    while True:
        candidate = f"{prefix}{number:06d}"
        number += 1
        if not Photograph.select().where(Photograph.accession_number == candidate).exists():
            break
    set_meta(_ACCESSION_KEY, str(number))
    return candidate


def _check_fields(model: type[BaseModel], fields: dict[str, Any]) -> None:
    columns = model._meta.fields
    internal = {"id", "version", "created", "modified"}
    for name in fields:
        if name not in columns or name in internal or name.endswith(("_earliest", "_latest")):
            raise InvalidField(name, f"is not a field of {model.RECORD_TYPE or model.__name__}")


def _explain(error: IntegrityError) -> InvalidField:
    return explain(error)


def create(record_type: str, **fields: Any) -> BaseModel:
    """Create a record of a type (`photo`, `person`, ...): a change of its own, or part of the
    caller's."""
    model = model_for(record_type)
    _check_fields(model, fields)
    with joined(f"New {record_type}") as ch:
        if model is Photograph and not fields.get("accession_number"):
            fields["accession_number"] = next_accession_number()
        try:
            with catalog_db.atomic():
                record = ch.insert(model, **fields)
        except IntegrityError as exc:
            raise _explain(exc) from exc
    return record


def update(record_type: str, record_id: int, expected_version: int, **changes: Any) -> BaseModel:
    """Change fields of a record that the caller read at `expected_version`; a record saved by
    someone else since is refused with StaleEdit saying who changed which fields."""
    model = model_for(record_type)
    _check_fields(model, changes)
    with joined(f"Edit {record_type}") as ch:
        row = read_rows(model, [record_id]).get(record_id)
        ch.expect({(record_type, record_id): expected_version}, {(record_type, record_id): row})
        record = model(**row)
        for name, value in changes.items():
            setattr(record, name, value)
        record.fill_date_bounds()
        values = {name: getattr(record, name) for name in record._meta.fields if name != "id"}
        values.update(version=expected_version + 1, modified=utc_now())
        try:
            with catalog_db.atomic():
                ch.update(model, [record_id], values)
        except IntegrityError as exc:
            raise _explain(exc) from exc
    record.version, record.modified = values["version"], values["modified"]
    return record


def refusal_to_delete(record: BaseModel) -> str | None:
    """Why a record cannot be deleted, or None."""
    if isinstance(record, Source):
        count = record.citations.count()
        if count:
            return (
                f"source {record.id} ({label(record)!r}) is cited by {count} citation(s); "
                f"delete or move those citations first"
            )
    if isinstance(record, Collection):
        photos = record.photographs.count()
        children = record.children.count()
        if photos or children:
            return (
                f"collection {record.id} ({label(record)!r}) holds {photos} photograph(s) and "
                f"{children} sub-collection(s); move or delete them first"
            )
    return None


def delete(record_type: str, record_id: int) -> None:
    """Delete a record and what belongs only to it (its links, names and citations)."""
    with joined(f"Delete {record_type}") as ch:
        record = get_record(record_type, record_id)
        reason = refusal_to_delete(record)
        if reason:
            raise DeleteRefused(reason)
        try:
            with catalog_db.atomic():
                ch.delete(type(record), [record_id])
        except IntegrityError as exc:
            raise DeleteRefused(f"{record_type} {record_id} is still in use: {exc}") from exc


def count(record_type: str) -> int:
    model = model_for(record_type)
    return model.select(fn.COUNT(model.id)).scalar() or 0


def exists(record_type: str, record_id: int) -> bool:
    try:
        get_record(record_type, record_id)
    except RecordNotFound:
        return False
    return True


def cite(source: Source, target_type: str, target_id: int, **fields: Any) -> Citation:
    """Attach a citation of `source` to a record or link (`photo`, `photo_person`, ...)."""
    from archive_app.catalog.models import CITABLE

    if target_type not in CITABLE:
        raise InvalidField("target", f"{target_type!r} cannot carry citations")
    with joined("New citation") as ch:
        try:
            with catalog_db.atomic():
                citation = ch.insert(
                    Citation, source=source, **{f"{target_type}_id": target_id}, **fields
                )
        except IntegrityError as exc:
            raise _explain(exc) from exc
    return citation
