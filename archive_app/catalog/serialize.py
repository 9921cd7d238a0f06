"""Records as plain dicts: the JSON shapes of `list`, `show` and the exports.

A record dict holds every column; each EDTF date field becomes
`{"edtf": "1942-06", "earliest": "1942-06-01", "latest": "1942-06-30"}` (or null), and each
foreign key becomes `{"id": 3, "name": "Moscow"}` (or null). `describe()` adds the record's links.
"""

from __future__ import annotations

import json
from typing import Any

from peewee import ForeignKeyField

from archive_app.catalog.errors import CatalogError, RecordNotFound
from archive_app.catalog.models import (
    RECORD_TYPES,
    BaseModel,
    Citation,
    Collection,
    Event,
    Person,
    Photograph,
    Place,
    Source,
    Tag,
)

JSON_COLUMNS = {"embedded_metadata", "extra", "import_warnings"}


def model_for(record_type: str) -> type[BaseModel]:
    try:
        return RECORD_TYPES[record_type]
    except KeyError:
        known = ", ".join(RECORD_TYPES)
        raise CatalogError(f"unknown record type {record_type!r} (one of: {known})") from None


def get_record(record_type: str, record_id: int) -> BaseModel:
    model = model_for(record_type)
    record = model.get_or_none(model.id == record_id)
    if record is None:
        raise RecordNotFound(f"no {record_type} with id {record_id}")
    return record


#: what lists show for a source without a title (CSL requires none; Zotero allows them).
UNTITLED = "[untitled]"


def label(record: BaseModel | None) -> str | None:
    """The short human name of a record: title, name or accession number."""
    if record is None:
        return None
    if isinstance(record, Photograph):
        return record.title or record.accession_number
    if isinstance(record, Citation):
        return citation_label(record)
    if isinstance(record, Source):
        return record.title or UNTITLED
    for attribute in ("name", "title"):
        if hasattr(record, attribute):
            return getattr(record, attribute)
    return str(record.id)


def citation_label(citation: Citation) -> str:
    locator = " ".join(p for p in (citation.locator_label, citation.locator) if p)
    title = (citation.source.title or UNTITLED) if citation.source_id else "?"
    return f"{title}, {locator}" if locator else title


def _date_value(record: BaseModel, name: str) -> dict[str, str | None] | None:
    text = getattr(record, name)
    if not text:
        return None
    return {
        "edtf": text,
        "earliest": getattr(record, f"{name}_earliest"),
        "latest": getattr(record, f"{name}_latest"),
    }


def record_dict(record: BaseModel) -> dict[str, Any]:
    """Every column of a record, with dates and foreign keys in their JSON shapes."""
    result: dict[str, Any] = {"id": record.id}
    bounds = {f"{n}_{e}" for n in record.DATE_FIELDS for e in ("earliest", "latest")}
    for name, field in record._meta.fields.items():
        if name == "id" or name in bounds:
            continue
        if name in record.DATE_FIELDS:
            result[name] = _date_value(record, name)
        elif isinstance(field, ForeignKeyField):
            target_id = getattr(record, field.column_name)
            result[name] = (
                None
                if target_id is None
                else {"id": target_id, "name": label(getattr(record, name))}
            )
        elif name in JSON_COLUMNS:
            raw = getattr(record, name)
            result[name] = json.loads(raw) if raw else None
        else:
            result[name] = getattr(record, name)
    return result


def _citations(query: Any) -> list[dict[str, Any]]:
    return [citation_dict(c) for c in query.order_by(Citation.id)]


def citation_dict(citation: Citation) -> dict[str, Any]:
    target_type, target_id = citation.target()
    return {
        "id": citation.id,
        "source": {"id": citation.source_id, "title": citation.source.title},
        "locator_label": citation.locator_label,
        "locator": citation.locator,
        "text": citation.text,
        "text_kind": citation.text_kind,
        "confidence": citation.confidence,
        "date": _date_value(citation, "date"),
        "note": citation.note,
        "target": {"type": target_type, "id": target_id},
    }


def region_dict(link: Any) -> dict[str, float] | None:
    if link.region_x is None:
        return None
    return {"x": link.region_x, "y": link.region_y, "w": link.region_w, "h": link.region_h}


def _describe_photo(photo: Photograph) -> dict[str, Any]:
    return {
        "people": [
            {
                "link_id": link.id,
                "person": {"id": link.person_id, "name": link.person.name},
                "role": link.role,
                "region": region_dict(link),
                "note": link.note,
                "citations": _citations(link.citations),
            }
            for link in photo.people_links.order_by("id")
        ],
        "events": [
            {
                "link_id": link.id,
                "event": {"id": link.event_id, "title": link.event.title},
                "note": link.note,
                "citations": _citations(link.citations),
            }
            for link in photo.event_links.order_by("id")
        ],
        "tags": sorted(link.tag.name for link in photo.tag_links),
        "citations": _citations(photo.citations),
    }


def _describe_person(person: Person) -> dict[str, Any]:
    return {
        "names": [
            {"name": n.name, "script": n.script, "language": n.language, "kind": n.kind}
            for n in person.names.order_by("id")
        ],
        "identifiers": {i.scheme: i.value for i in person.identifiers.order_by("id")},
        "events": [
            {
                "link_id": link.id,
                "event": {"id": link.event_id, "title": link.event.title},
                "role": link.role,
                "citations": _citations(link.citations),
            }
            for link in person.event_links.order_by("id")
        ],
        "photos": [
            {"link_id": link.id, "photo": {"id": link.photo_id, "name": label(link.photo)}}
            for link in person.photo_links.order_by("id")
        ],
        "citations": _citations(person.citations),
    }


def _describe_event(event: Event) -> dict[str, Any]:
    return {
        "people": [
            {
                "link_id": link.id,
                "person": {"id": link.person_id, "name": link.person.name},
                "role": link.role,
            }
            for link in event.person_links.order_by("id")
        ],
        "photos": [
            {"link_id": link.id, "photo": {"id": link.photo_id, "name": label(link.photo)}}
            for link in event.photo_links.order_by("id")
        ],
        "citations": _citations(event.citations),
    }


def _describe_place(place: Place) -> dict[str, Any]:
    return {
        "names": [
            {"name": n.name, "script": n.script, "language": n.language}
            for n in place.names.order_by("id")
        ],
        "events": [{"id": e.id, "title": e.title} for e in place.events.order_by("id")],
        "citations": _citations(place.citations),
    }


def creator_dict(creator: Any) -> dict[str, Any]:
    fields = (
        "role",
        "family",
        "given",
        "non_dropping_particle",
        "dropping_particle",
        "suffix",
        "literal",
        "transliteration",
    )
    return {name: getattr(creator, name) for name in fields if getattr(creator, name) is not None}


def _describe_source(source: Source) -> dict[str, Any]:
    return {
        "creators": [creator_dict(c) for c in source.creators.order_by("position", "id")],
        "cited_by": source.citations.count(),
    }


def _describe_collection(collection: Collection) -> dict[str, Any]:
    return {
        "children": [{"id": c.id, "name": c.name} for c in collection.children.order_by("name")],
        "photo_count": collection.photographs.count(),
    }


def _describe_tag(tag: Tag) -> dict[str, Any]:
    return {"photo_count": tag.photo_links.count()}


_DESCRIBERS = {
    "photo": _describe_photo,
    "person": _describe_person,
    "event": _describe_event,
    "place": _describe_place,
    "source": _describe_source,
    "collection": _describe_collection,
    "tag": _describe_tag,
}


def describe(record_type: str, record_id: int) -> dict[str, Any]:
    """A record with its links and citations: the shape of `show TYPE ID --json`."""
    record = get_record(record_type, record_id)
    result = record_dict(record)
    if record_type == "citation":
        result = {**result, **citation_dict(record)}
    describer = _DESCRIBERS.get(record_type)
    if describer:
        result.update(describer(record))
    return result


def list_records(record_type: str) -> list[dict[str, Any]]:
    """Every record of a type, in catalogue order: the shape of `list TYPE --json`."""
    model = model_for(record_type)
    order = {
        "photo": Photograph.accession_number,
        "person": Person.sort_name,
        "event": Event.date_earliest,
    }.get(record_type, model.id)
    query = model.select().order_by(order, model.id)
    if record_type == "citation":
        query = Citation.select(Citation, Source).join(Source).order_by(Citation.id)
    return [record_dict(record) for record in query]
