"""Linking records: who a photograph depicts (and where), which events it shows, who took part in
an event, and a photograph's tags. Each function is one user action in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import IntegrityError

from archive_app.catalog.errors import InvalidField, RecordNotFound
from archive_app.catalog.models import (
    Event,
    Person,
    PersonEvent,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Tag,
    catalog_db,
)


@dataclass(frozen=True)
class Region:
    """A rectangle on an image, in fractions (0-1) of its width and height."""

    x: float
    y: float
    w: float
    h: float

    def clamped(self) -> Region:
        """The same rectangle, pulled inside the image (a drag may overshoot an edge)."""
        x = min(max(self.x, 0.0), 1.0)
        y = min(max(self.y, 0.0), 1.0)
        w = min(max(self.w, 0.0), 1.0 - x)
        h = min(max(self.h, 0.0), 1.0 - y)
        return Region(x, y, w, h)

    def validate(self) -> Region:
        values = (self.x, self.y, self.w, self.h)
        if any(v != v for v in values):  # NaN
            raise InvalidField("region", "is not a number")
        if self.w <= 0 or self.h <= 0:
            raise InvalidField("region", "must have a width and a height")
        if min(values) < 0 or self.x + self.w > 1.000001 or self.y + self.h > 1.000001:
            raise InvalidField("region", "must lie within the image (0 to 1)")
        return self


def _must_exist(model: type, record_id: int, name: str) -> None:
    if not model.select().where(model.id == record_id).exists():
        raise RecordNotFound(f"no {name} with id {record_id}")


def depict(
    photo_id: int, person_id: int, region: Region | None = None, role: str | None = "depicted"
) -> PhotoPerson:
    """Say that a photograph shows a person, optionally where."""
    with catalog_db.atomic():
        _must_exist(Photograph, photo_id, "photo")
        _must_exist(Person, person_id, "person")
        fields = {}
        if region is not None:
            checked = region.validate()
            fields = dict(
                region_x=checked.x, region_y=checked.y, region_w=checked.w, region_h=checked.h
            )
        return PhotoPerson.create(photo=photo_id, person=person_id, role=role, **fields)


def set_region(link_id: int, region: Region | None) -> PhotoPerson:
    """Move, resize or clear the rectangle of a photo-person link."""
    with catalog_db.atomic():
        link = PhotoPerson.get_or_none(PhotoPerson.id == link_id)
        if link is None:
            raise RecordNotFound(f"no photo-person link with id {link_id}")
        if region is None:
            link.region_x = link.region_y = link.region_w = link.region_h = None
        else:
            checked = region.validate()
            link.region_x, link.region_y = checked.x, checked.y
            link.region_w, link.region_h = checked.w, checked.h
        link.version += 1
        link.save()
        return link


def show_event(photo_id: int, event_id: int, note: str | None = None) -> PhotoEvent:
    """Say that a photograph shows an event (once per pair)."""
    with catalog_db.atomic():
        _must_exist(Photograph, photo_id, "photo")
        _must_exist(Event, event_id, "event")
        try:
            return PhotoEvent.create(photo=photo_id, event=event_id, note=note)
        except IntegrityError as exc:
            raise InvalidField("event", "the photograph already shows this event") from exc


def take_part(person_id: int, event_id: int, role: str | None = None) -> PersonEvent:
    """Say that a person took part in an event, in a role."""
    with catalog_db.atomic():
        _must_exist(Person, person_id, "person")
        _must_exist(Event, event_id, "event")
        return PersonEvent.create(person=person_id, event=event_id, role=role)


LINK_MODELS = {"photo_person": PhotoPerson, "photo_event": PhotoEvent, "person_event": PersonEvent}


def unlink(link_type: str, link_id: int) -> None:
    """Remove a link (and the citations on it)."""
    model = LINK_MODELS.get(link_type)
    if model is None:
        raise InvalidField("link", f"unknown link type {link_type!r}")
    with catalog_db.atomic():
        if not model.delete().where(model.id == link_id).execute():
            raise RecordNotFound(f"no {link_type} link with id {link_id}")


def tag_photos(photo_ids: list[int], tag_names: list[str]) -> int:
    """Add tags to photographs (creating the tags); returns how many new pairs were made."""
    names = sorted({name.strip() for name in tag_names if name.strip()})
    made = 0
    with catalog_db.atomic():
        for name in names:
            tag, _ = Tag.get_or_create(name=name)
            existing = set(PhotoTag.select(PhotoTag.photo).where(PhotoTag.tag == tag).tuples())
            new = [pid for pid in photo_ids if (pid,) not in existing]
            if new:
                PhotoTag.insert_many([{"photo": pid, "tag": tag.id} for pid in new]).execute()
                made += len(new)
    return made


def untag_photos(photo_ids: list[int], tag_names: list[str]) -> int:
    with catalog_db.atomic():
        tags = Tag.select(Tag.id).where(Tag.name.in_(tag_names))
        return (
            PhotoTag.delete()
            .where(PhotoTag.photo.in_(photo_ids) & PhotoTag.tag.in_(tags))
            .execute()
        )


def retag_photos(photo_ids: list[int], add: list[str], remove: list[str]) -> tuple[int, int]:
    """Add and remove tags on photographs in one transaction; (pairs made, pairs removed).
    Every photograph must exist; nothing changes otherwise."""
    with catalog_db.atomic():
        found = {
            pid
            for (pid,) in Photograph.select(Photograph.id)
            .where(Photograph.id.in_(photo_ids))
            .tuples()
        }
        missing = [pid for pid in photo_ids if pid not in found]
        if missing:
            raise RecordNotFound(f"no photo with id {missing[0]}")
        return tag_photos(photo_ids, add), untag_photos(photo_ids, remove)


def photo_tags(photo_id: int) -> list[str]:
    query = Tag.select(Tag.name).join(PhotoTag).where(PhotoTag.photo == photo_id).order_by(Tag.name)
    return [name for (name,) in query.tuples()]
