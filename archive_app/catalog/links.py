"""Linking records: who a photograph depicts (and where), which events it shows, who took part in
an event, and a photograph's tags. Each function is one change (catalog/changes.py), or part of
the caller's."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import IntegrityError

from archive_app.catalog.changes import joined
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


def region_fields(region: Region | None) -> dict[str, float | None]:
    """The link's region columns for a (validated) region, or all None to clear it."""
    if region is None:
        return dict(region_x=None, region_y=None, region_w=None, region_h=None)
    checked = region.validate()
    return dict(region_x=checked.x, region_y=checked.y, region_w=checked.w, region_h=checked.h)


def _must_exist(model: type, record_id: int, name: str) -> None:
    if not model.select().where(model.id == record_id).exists():
        raise RecordNotFound(f"no {name} with id {record_id}")


def depict(
    photo_id: int, person_id: int, region: Region | None = None, role: str | None = "depicted"
) -> PhotoPerson:
    """Say that a photograph shows a person, optionally where."""
    fields = region_fields(region) if region is not None else {}
    with joined("Link person to photo") as ch:
        _must_exist(Photograph, photo_id, "photo")
        _must_exist(Person, person_id, "person")
        return ch.insert(PhotoPerson, photo=photo_id, person=person_id, role=role, **fields)


def set_region(link_id: int, region: Region | None) -> PhotoPerson:
    """Move, resize or clear the rectangle of a photo-person link."""
    values = region_fields(region)
    with joined("Move region") as ch:
        if not PhotoPerson.select().where(PhotoPerson.id == link_id).exists():
            raise RecordNotFound(f"no photo-person link with id {link_id}")
        ch.update(PhotoPerson, [link_id], values)
    return PhotoPerson.get_by_id(link_id)


def show_event(photo_id: int, event_id: int, note: str | None = None) -> PhotoEvent:
    """Say that a photograph shows an event (once per pair)."""
    with joined("Link photo to event") as ch:
        _must_exist(Photograph, photo_id, "photo")
        _must_exist(Event, event_id, "event")
        try:
            with catalog_db.atomic():
                return ch.insert(PhotoEvent, photo=photo_id, event=event_id, note=note)
        except IntegrityError as exc:
            raise InvalidField("event", "the photograph already shows this event") from exc


def take_part(person_id: int, event_id: int, role: str | None = None) -> PersonEvent:
    """Say that a person took part in an event, in a role."""
    with joined("Link person to event") as ch:
        _must_exist(Person, person_id, "person")
        _must_exist(Event, event_id, "event")
        return ch.insert(PersonEvent, person=person_id, event=event_id, role=role)


LINK_MODELS = {"photo_person": PhotoPerson, "photo_event": PhotoEvent, "person_event": PersonEvent}


def unlink(link_type: str, link_id: int) -> None:
    """Remove a link (and the citations on it)."""
    model = LINK_MODELS.get(link_type)
    if model is None:
        raise InvalidField("link", f"unknown link type {link_type!r}")
    with joined(f"Remove {link_type.replace('_', '-')} link") as ch:
        if not ch.delete(model, [link_id]):
            raise RecordNotFound(f"no {link_type} link with id {link_id}")


def tag_photos(photo_ids: list[int], tag_names: list[str]) -> int:
    """Add tags to photographs (creating the tags); returns how many new pairs were made."""
    names = sorted({name.strip() for name in tag_names if name.strip()})
    made = 0
    with joined("Tag photographs") as ch:
        for name in names:
            tag = tag_named(name)
            existing = set(PhotoTag.select(PhotoTag.photo).where(PhotoTag.tag == tag).tuples())
            new = [pid for pid in dict.fromkeys(photo_ids) if (pid,) not in existing]
            for start in range(0, len(new), 500):
                chunk = new[start : start + 500]
                PhotoTag.insert_many([{"photo": pid, "tag": tag.id} for pid in chunk]).execute()
                pairs = PhotoTag.select(PhotoTag.id).where(
                    (PhotoTag.tag == tag.id) & PhotoTag.photo.in_(chunk)
                )
                ch.made(PhotoTag, [pair_id for (pair_id,) in pairs.tuples()])
            made += len(new)
    return made


def tag_named(name: str) -> Tag:
    """The tag of that name, made when there is none (inside the caller's change)."""
    found = Tag.get_or_none(Tag.name == name)
    if found is not None:
        return found
    with joined("New tag") as ch:
        return ch.insert(Tag, name=name)


def untag_photos(photo_ids: list[int], tag_names: list[str]) -> int:
    with joined("Untag photographs") as ch:
        tags = Tag.select(Tag.id).where(Tag.name.in_(tag_names))
        pairs = PhotoTag.select(PhotoTag.id).where(
            PhotoTag.photo.in_(photo_ids) & PhotoTag.tag.in_(tags)
        )
        return ch.delete(PhotoTag, [pair_id for (pair_id,) in pairs.tuples()])


def retag_photos(photo_ids: list[int], add: list[str], remove: list[str]) -> tuple[int, int]:
    """Add and remove tags on photographs in one transaction; (pairs made, pairs removed).
    Every photograph must exist; nothing changes otherwise."""
    with joined("Tag photographs"):
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


def mark_person(
    photo_id: int, person_id: int, region: Region, role: str | None = "depicted"
) -> PhotoPerson:
    """Say where a person stands in a photograph. When the photograph is already linked to the
    person in that role without a region (named in a caption, say), the region goes on that link;
    otherwise on a new one. The desktop program's drawn region and `archive-app link photo-person
    --region` both come here, so both keep one link per person and photograph."""
    with joined("Add region"):
        bare = (
            PhotoPerson.select(PhotoPerson.id)
            .where(
                (PhotoPerson.photo == photo_id)
                & (PhotoPerson.person == person_id)
                & PhotoPerson.region_x.is_null()
                & (PhotoPerson.role == role if role is not None else PhotoPerson.role.is_null())
            )
            .order_by(PhotoPerson.id)
            .first()
        )
        if bare is None:
            return depict(photo_id, person_id, region, role)
        return set_region(bare.id, region)
