"""Creating, editing and deleting records: the one place the GUI and the CLI change the catalogue.

Each function is one user action and runs in one transaction. Edits use optimistic locking: the
caller says which version it read, and a record saved by someone else since is refused with
StaleEdit instead of being overwritten.
"""

from __future__ import annotations

import re
from typing import Any

from peewee import IntegrityError, fn

from archive_app.catalog.errors import DeleteRefused, InvalidField, RecordNotFound, StaleEdit
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
from archive_app.catalog.settings import get_setting

_ACCESSION_KEY = "next_accession_number"


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
    CatalogMeta.insert(key=_ACCESSION_KEY, value=str(number)).on_conflict(
        conflict_target=[CatalogMeta.key], update={CatalogMeta.value: str(number)}
    ).execute()
    return candidate


def _check_fields(model: type[BaseModel], fields: dict[str, Any]) -> None:
    columns = model._meta.fields
    internal = {"id", "version", "created", "modified"}
    for name in fields:
        if name not in columns or name in internal or name.endswith(("_earliest", "_latest")):
            raise InvalidField(name, f"is not a field of {model.RECORD_TYPE or model.__name__}")


_CONSTRAINT_HINTS = (
    (re.compile(r"UNIQUE.*accession_number", re.I), "accession_number", "is already in use"),
    (re.compile(r"confidence", re.I), "confidence", "must be from 0 (very low) to 4 (very high)"),
    (re.compile(r"region", re.I), "region", "must lie within the image (0 to 1)"),
    (re.compile(r"latitude|longitude", re.I), "coordinates", "are out of range"),
    (re.compile(r"CASE WHEN", re.I), "citation", "must support exactly one record or link"),
    (re.compile(r"NOT NULL constraint failed: \w+\.(\w+)", re.I), None, "is required"),
    (re.compile(r"FOREIGN KEY", re.I), "link", "points at a record that does not exist"),
)


def _explain(error: IntegrityError) -> InvalidField:
    text = str(error)
    for pattern, field, reason in _CONSTRAINT_HINTS:
        match = pattern.search(text)
        if match:
            return InvalidField(field or match.group(1), reason)
    return InvalidField("record", text)


def create(record_type: str, **fields: Any) -> BaseModel:
    """Create a record of a type (`photo`, `person`, ...) in one transaction."""
    model = model_for(record_type)
    _check_fields(model, fields)
    with catalog_db.atomic():
        if model is Photograph and not fields.get("accession_number"):
            fields["accession_number"] = next_accession_number()
        record = model(**fields)
        try:
            record.save(force_insert=True)
        except IntegrityError as exc:
            raise _explain(exc) from exc
    return record


def update(record_type: str, record_id: int, expected_version: int, **changes: Any) -> BaseModel:
    """Change fields of a record that the caller read at `expected_version`."""
    model = model_for(record_type)
    _check_fields(model, changes)
    with catalog_db.atomic():
        record = get_record(record_type, record_id)
        if record.version != expected_version:
            raise StaleEdit(
                f"{record_type} {record_id} was changed by someone else since you opened it "
                f"(version {record.version}, you had {expected_version}); reload and edit again"
            )
        for name, value in changes.items():
            setattr(record, name, value)
        record.fill_date_bounds()
        values = {name: getattr(record, name) for name in record._meta.fields if name != "id"}
        values.update(version=expected_version + 1, modified=utc_now())
        try:
            written = (
                model.update(values)
                .where((model.id == record_id) & (model.version == expected_version))
                .execute()
            )
        except IntegrityError as exc:
            raise _explain(exc) from exc
        if written != 1:
            raise StaleEdit(f"{record_type} {record_id} was changed by someone else; reload it")
    return get_record(record_type, record_id)


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
    with catalog_db.atomic():
        record = get_record(record_type, record_id)
        reason = refusal_to_delete(record)
        if reason:
            raise DeleteRefused(reason)
        try:
            record.delete_instance()
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
    with catalog_db.atomic():
        citation = Citation(source=source, **{f"{target_type}_id": target_id}, **fields)
        try:
            citation.save(force_insert=True)
        except IntegrityError as exc:
            raise _explain(exc) from exc
    return citation
