"""What narrows a list: a collection (with everything below it), a tag, or text typed in the
toolbar's box, as peewee conditions for the record table model. The full search language is
its own module; this is the quick filter of the window's lists."""

from __future__ import annotations

from typing import Any

from archive_app.catalog.folding import contains
from archive_app.catalog.models import (
    Collection,
    Event,
    Person,
    PersonName,
    Photograph,
    PhotoTag,
    Place,
    PlaceName,
    Source,
)


def collection_and_below(collection_id: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for cid, parent in Collection.select(Collection.id, Collection.parent).tuples():
        children.setdefault(parent, []).append(cid)
    found, stack = [], [collection_id]
    while stack and len(found) < 100_000:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def in_collection(collection_id: int) -> Any:
    return Photograph.collection.in_(collection_and_below(collection_id))


def with_tag(tag_id: int) -> Any:
    return Photograph.id.in_(PhotoTag.select(PhotoTag.photo).where(PhotoTag.tag == tag_id))


def matching_text(record_type: str, text: str) -> Any:
    """Records whose names or titles contain every typed word (case and accents folded)."""
    condition = None
    for word in text.split():
        if record_type == "photo":
            part = contains(
                Photograph.title, Photograph.accession_number, Photograph.caption, text=word
            )
        elif record_type == "person":
            variants = PersonName.select(PersonName.person).where(
                contains(PersonName.name, text=word)
            )
            part = contains(Person.name, text=word) | Person.id.in_(variants)
        elif record_type == "event":
            part = contains(Event.title, Event.description, text=word)
        elif record_type == "place":
            variants = PlaceName.select(PlaceName.place).where(contains(PlaceName.name, text=word))
            part = contains(Place.name, text=word) | Place.id.in_(variants)
        else:
            part = contains(Source.title, Source.container_title, text=word)
        condition = part if condition is None else condition & part
    return condition
