"""Editing many photographs at once: tags, collection, credit line and rights.

One call is one user action and one change (catalog/changes.py), however many photographs it
touches. The `state`/`restore` pair lets the GUI undo a batch edit exactly."""

from __future__ import annotations

from typing import Any

from peewee import fn

from archive_app.catalog.changes import joined
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.links import photo_tags, tag_photos, untag_photos
from archive_app.catalog.models import Photograph, PhotoTag, Tag, utc_now

BATCH_FIELDS = ("collection", "credit_line", "rights")


def set_fields(photo_ids: list[int], **fields: Any) -> int:
    """Give every photograph the same collection / credit line / rights."""
    unknown = set(fields) - set(BATCH_FIELDS)
    if unknown:
        raise InvalidField(sorted(unknown)[0], "cannot be edited for many photographs at once")
    if not fields or not photo_ids:
        return 0
    with joined(f"Edit {len(photo_ids)} photographs") as ch:
        return ch.update(Photograph, photo_ids, {**fields, "modified": utc_now()})


def edit(
    photo_ids: list[int],
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
    **fields: Any,
) -> None:
    """The whole batch edit of the GUI's panel, in one change."""
    with joined(f"Batch edit {len(photo_ids)} photographs"):
        set_fields(photo_ids, **fields)
        if add_tags:
            tag_photos(photo_ids, add_tags)
        if remove_tags:
            untag_photos(photo_ids, remove_tags)


def state(photo_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each photograph's batch-editable values and tags, to restore after an undo."""
    result: dict[int, dict[str, Any]] = {}
    query = Photograph.select(
        Photograph.id, Photograph.collection, Photograph.credit_line, Photograph.rights
    ).where(Photograph.id.in_(photo_ids))
    for photo_id, collection, credit, rights in query.tuples():
        result[photo_id] = {
            "collection": collection,
            "credit_line": credit,
            "rights": rights,
            "tags": photo_tags(photo_id),
        }
    return result


def restore(saved: dict[int, dict[str, Any]]) -> None:
    with joined(f"Undo batch edit of {len(saved)} photographs") as ch:
        for photo_id, values in saved.items():
            fields = {k: v for k, v in values.items() if k != "tags"}
            set_fields([photo_id], **fields)
            pairs = PhotoTag.select(PhotoTag.id).where(PhotoTag.photo == photo_id)
            ch.delete(PhotoTag, [pair_id for (pair_id,) in pairs.tuples()])
            if values["tags"]:
                tag_photos([photo_id], values["tags"])


def common_tags(photo_ids: list[int]) -> list[str]:
    """Tags every one of the photographs carries."""
    if not photo_ids:
        return []
    query = (
        Tag.select(Tag.name)
        .join(PhotoTag)
        .where(PhotoTag.photo.in_(photo_ids))
        .group_by(Tag.id)
        .having(fn.COUNT(PhotoTag.photo.distinct()) == len(set(photo_ids)))
        .order_by(Tag.name)
    )
    return [name for (name,) in query.tuples()]
