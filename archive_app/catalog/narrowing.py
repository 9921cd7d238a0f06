"""What narrows a list of photographs: a collection with everything below it, or a tag, as
conditions the desktop program's list (or any caller) adds to its query. The collection tree is
walked by the database (a recursive query), which stops at a cycle as well."""

from __future__ import annotations

from typing import Any

from archive_app.catalog.models import Collection, Photograph, PhotoTag


def collection_and_below(collection_id: int) -> Any:
    """A subquery of the ids of a collection and all the collections below it."""
    top = (
        Collection.select(Collection.id)
        .where(Collection.id == collection_id)
        .cte("below", recursive=True, columns=("id",))
    )
    child = Collection.alias()
    below = top.union(child.select(child.id).join(top, on=(child.parent == top.c.id)))
    return below.select_from(below.c.id)


def in_collection(collection_id: int) -> Any:
    return Photograph.collection.in_(collection_and_below(collection_id))


def with_tag(tag_id: int) -> Any:
    return Photograph.id.in_(PhotoTag.select(PhotoTag.photo).where(PhotoTag.tag == tag_id))
