"""What narrows the photograph list: a collection (with everything below it) or a tag, as peewee
conditions for the record table model. Text typed in the toolbar goes to the search instead
(archive_app.catalog.search), which finds every record type in any spelling."""

from __future__ import annotations

from typing import Any

from archive_app.catalog.models import Collection, Photograph, PhotoTag


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
