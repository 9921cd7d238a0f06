"""Field values typed as text (`archive-app add person name="Andrey Vlasov" birth_date=1900`):
each `name=value` turned into what its column holds, or refused naming the field.

The fields offered are those the GUI's editors offer (fields.editable_fields); a citation also
takes the record or link it supports (`event=4`, `photo_person=7`). An empty value (`rights=`)
clears a field. A reference is a record id and must exist; a number must be one. Dates stay text:
the catalogue checks them as EDTF when the record is saved.
"""

from __future__ import annotations

import json
import math
from typing import Any

from peewee import FloatField, ForeignKeyField, IntegerField

from archive_app.catalog.errors import InvalidField
from archive_app.catalog.fields import editable_fields
from archive_app.catalog.models import CITABLE, BaseModel, Citation
from archive_app.catalog.serialize import model_for

#: fields that hold a JSON object as text
JSON_OBJECTS = {"extra"}


def settable_fields(record_type: str) -> dict[str, Any]:
    """Name -> peewee field of what `add` and `edit` may set on a record type."""
    model = model_for(record_type)
    names = [spec.name for spec in editable_fields(model)]
    if model is Citation:
        names += list(CITABLE)
    return {name: model._meta.fields[name] for name in names}


def split_assignment(text: str) -> tuple[str, str]:
    """`name=value` -> (name, value); the value may itself hold `=`."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise InvalidField(text or "field", "write each field as name=value (value may be empty)")
    return name.strip(), value


def values_from_text(record_type: str, assignments: list[str]) -> dict[str, Any]:
    """The typed values of `name=value` texts for a record type; InvalidField for the first that
    names no settable field or holds no value of its kind."""
    fields = settable_fields(record_type)
    by_column = {field.column_name: name for name, field in fields.items()}
    values: dict[str, Any] = {}
    for assignment in assignments:
        name, text = split_assignment(assignment)
        name = by_column.get(name, name)  # place_id= as well as place=
        field = fields.get(name)
        if field is None:
            offered = ", ".join(fields)
            raise InvalidField(name, f"is not a field of {record_type} you can set ({offered})")
        if name in values:
            raise InvalidField(name, "is given twice")
        values[name] = _value(name, field, text.strip())
    if record_type == "citation":
        _move_target(values)
    return values


def _move_target(values: dict[str, Any]) -> None:
    """A citation supports one record or link: naming a new one (`event=5`) lets go of the one
    it supported, so an edit moves the citation instead of being refused for having two."""
    named = [name for name in CITABLE if values.get(name) is not None]
    if len(named) == 1:
        for name in CITABLE:
            values.setdefault(name, None)


def field_value(record_type: str, name: str, text: str) -> Any:
    """One settable field's value from its text, as values_from_text reads it (the editors of
    the desktop program read their number fields with it too)."""
    return _value(name, settable_fields(record_type)[name], text.strip())


def _value(name: str, field: Any, text: str) -> Any:
    if not text:
        return None
    if isinstance(field, ForeignKeyField):
        return _reference(name, field.rel_model, text)
    if isinstance(field, IntegerField):
        try:
            return int(text)
        except ValueError:
            raise InvalidField(name, f"{text!r} is not a whole number") from None
    if isinstance(field, FloatField):
        try:
            number = float(text)
        except ValueError:
            raise InvalidField(name, f"{text!r} is not a number") from None
        if not math.isfinite(number):
            raise InvalidField(name, f"{text!r} is not a finite number")
        return number
    if name in JSON_OBJECTS:
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidField(name, f"is not JSON ({exc.msg} at character {exc.pos})") from None
        if not isinstance(parsed, dict):
            raise InvalidField(name, "must be a JSON object ({...})")
    return text


def _reference(name: str, target: type[BaseModel], text: str) -> int:
    try:
        record_id = int(text)
    except ValueError:
        raise InvalidField(name, f"{text!r} is not a record id (a whole number)") from None
    if not target.select().where(target.id == record_id).exists():
        kind = target.RECORD_TYPE or target._meta.table_name
        raise InvalidField(name, f"there is no {kind} {record_id}")
    return record_id
