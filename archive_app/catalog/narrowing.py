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


def ids_in_order(query: Any) -> tuple[int, ...]:
    """The first column of a query (ids in its order) read from the raw cursor: peewee's row
    wrapping costs more than the query itself on 100,000 ids."""
    sql, params = query.sql()
    cursor = query.model._meta.database.execute_sql(sql, params)
    return tuple(row[0] for row in cursor.fetchall())
