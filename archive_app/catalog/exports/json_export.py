"""The JSON export: the catalogue (or a search result) as one graph of plain rows, which `load`
reads back.

A row holds a record's columns as stored: dates as their EDTF text (the bounds are computed
again on load), a foreign key as the id of the record it points at, JSON columns as JSON. The
order is fixed (by type, then id), so two exports of the same catalogue are the same text.
"""

from __future__ import annotations

import json
from typing import Any

from peewee import ForeignKeyField

from archive_app.catalog.models import (
    BaseModel,
    Citation,
    Collection,
    Event,
    Person,
    PersonEvent,
    PersonIdentifier,
    PersonName,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Place,
    PlaceName,
    Source,
    SourceCreator,
    Tag,
)
from archive_app.catalog.sources.selection import Selection

FORMAT_NAME = "archive-app catalogue"
FORMAT_VERSION = 1

#: the sections of the document, in the order load creates them (targets before references).
SECTIONS: dict[str, type[BaseModel]] = {
    "collections": Collection,
    "places": Place,
    "place_names": PlaceName,
    "tags": Tag,
    "sources": Source,
    "source_creators": SourceCreator,
    "people": Person,
    "person_names": PersonName,
    "person_identifiers": PersonIdentifier,
    "events": Event,
    "photos": Photograph,
    "photo_people": PhotoPerson,
    "photo_events": PhotoEvent,
    "person_events": PersonEvent,
    "photo_tags": PhotoTag,
    "citations": Citation,
}
JSON_COLUMNS = ("extra", "embedded_metadata", "import_warnings")


def columns(model: type[BaseModel]) -> list[str]:
    """The columns a row carries: every field but the computed date bounds."""
    bounds = {f"{n}_{e}" for n in getattr(model, "DATE_FIELDS", ()) for e in ("earliest", "latest")}
    return [name for name in model._meta.fields if name not in bounds]


def row(record: BaseModel) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in columns(type(record)):
        field = record._meta.fields[name]
        if isinstance(field, ForeignKeyField):
            result[name] = getattr(record, field.column_name)
        elif name in JSON_COLUMNS:
            raw = getattr(record, name)
            result[name] = json.loads(raw) if raw else None
        else:
            result[name] = getattr(record, name)
    return result


def _closure(selection: Selection) -> dict[str, set[int]]:
    """The ids to export for a selection: the records found and everything they refer to, so
    the graph loads on its own (a photograph's collection and its parents, its place, tags,
    the sources its citations name)."""
    wanted: dict[str, set[int]] = {
        "photo": set(selection.ids_of("photo")),
        "person": set(selection.ids_of("person")),
        "event": set(selection.ids_of("event")),
        "place": set(selection.ids_of("place")),
        "collection": set(selection.ids_of("collection")),
        "source": set(selection.ids_of("source")),
    }
    photos = Photograph.select().where(Photograph.id.in_(wanted["photo"]))
    for photo in photos:
        if photo.collection_id:
            wanted["collection"].add(photo.collection_id)
        if photo.place_id:
            wanted["place"].add(photo.place_id)
    for event in Event.select().where(Event.id.in_(wanted["event"])):
        if event.place_id:
            wanted["place"].add(event.place_id)
    for model, key in ((Collection, "collection"), (Place, "place")):
        frontier = set(wanted[key])
        while frontier:
            parents = {
                p
                for (p,) in model.select(model.parent).where(model.id.in_(frontier)).tuples()
                if p and p not in wanted[key]
            }
            wanted[key] |= parents
            frontier = parents
    return wanted


def _query(section: str, model: type[BaseModel], wanted: dict[str, set[int]] | None) -> Any:
    query = model.select().order_by(model.id)
    if wanted is None:
        return query
    by_own = {
        "collections": "collection",
        "places": "place",
        "sources": "source",
        "people": "person",
        "events": "event",
        "photos": "photo",
    }
    if section in by_own:
        return query.where(model.id.in_(wanted[by_own[section]]))
    owners = {
        "place_names": [("place", "place")],
        "source_creators": [("source", "source")],
        "person_names": [("person", "person")],
        "person_identifiers": [("person", "person")],
        "photo_people": [("photo", "photo"), ("person", "person")],
        "photo_events": [("photo", "photo"), ("event", "event")],
        "person_events": [("person", "person"), ("event", "event")],
        "photo_tags": [("photo", "photo")],
    }
    if section in owners:
        for column, key in owners[section]:
            query = query.where(getattr(model, column).in_(wanted[key]))
        return query
    if section == "tags":
        used = PhotoTag.select(PhotoTag.tag).where(PhotoTag.photo.in_(wanted["photo"]))
        return query.where(Tag.id.in_(used))
    return query  # citations are filtered by their targets in graph()


def graph(selection: Selection | None = None) -> dict[str, Any]:
    """The document of the JSON export: every section as a list of rows."""
    wanted = None if selection is None or selection.everything else _closure(selection)
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    sections: dict[str, list[dict[str, Any]]] = {}
    for section, model in SECTIONS.items():
        sections[section] = [row(record) for record in _query(section, model, wanted)]
    if wanted is not None:
        sections["citations"] = _selected_citations(sections)
        cited = {c["source"] for c in sections["citations"]}
        missing = cited - {s["id"] for s in sections["sources"]}
        if missing:
            wanted["source"] |= missing
            for section in ("sources", "source_creators"):
                model = SECTIONS[section]
                sections[section] = [row(r) for r in _query(section, model, wanted)]
    document.update(sections)
    return document


def _selected_citations(sections: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    present = {
        "photo": {r["id"] for r in sections["photos"]},
        "person": {r["id"] for r in sections["people"]},
        "event": {r["id"] for r in sections["events"]},
        "place": {r["id"] for r in sections["places"]},
        "collection": {r["id"] for r in sections["collections"]},
        "photo_person": {r["id"] for r in sections["photo_people"]},
        "photo_event": {r["id"] for r in sections["photo_events"]},
        "person_event": {r["id"] for r in sections["person_events"]},
    }
    result = []
    for citation in Citation.select().order_by(Citation.id):
        target, target_id = citation.target()
        if target_id in present[target]:
            result.append(row(citation))
    return result


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
