"""What a GEDCOM export holds for a selection: its people, with their events and the
photographs that show them, and the sources all of those cite.

GEDCOM is built around people, so a selection is widened to what a genealogy program needs to
read it whole: the people the selected photographs show and the selected events' participants
come along, every event a person took part in rides in that person's record, and the
photographs of the selected people come along as their media.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive_app.catalog.models import (
    Citation,
    Person,
    PersonEvent,
    Photograph,
    PhotoPerson,
    Source,
)
from archive_app.catalog.sources.selection import Selection


@dataclass
class Scope:
    """Record ids by type, in catalogue order."""

    people: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    photos: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)


def _ids(query: object) -> set[int]:
    return {row for (row,) in query.tuples()}  # type: ignore[attr-defined]


def gedcom_scope(selection: Selection) -> Scope:
    if selection.everything:
        people = _ids(Person.select(Person.id))
        photos = _ids(Photograph.select(Photograph.id))
    else:
        chosen_people = set(selection.ids_of("person"))
        chosen_photos = set(selection.ids_of("photo"))
        people = set(chosen_people)
        people |= _ids(
            PhotoPerson.select(PhotoPerson.person).where(PhotoPerson.photo.in_(chosen_photos))
        )
        people |= _ids(
            PersonEvent.select(PersonEvent.person).where(
                PersonEvent.event.in_(selection.ids_of("event"))
            )
        )
        photos = chosen_photos | _ids(
            PhotoPerson.select(PhotoPerson.photo).where(PhotoPerson.person.in_(chosen_people))
        )
    events = _ids(PersonEvent.select(PersonEvent.event).where(PersonEvent.person.in_(people)))
    sources = _cited_sources(people, events, photos)
    if selection.everything:
        sources |= _ids(Source.select(Source.id))
    return Scope(sorted(people), sorted(events), sorted(photos), sorted(sources))


def _cited_sources(people: set[int], events: set[int], photos: set[int]) -> set[int]:
    person_events = PersonEvent.select(PersonEvent.id).where(PersonEvent.person.in_(people))
    photo_people = PhotoPerson.select(PhotoPerson.id).where(PhotoPerson.person.in_(people))
    query = Citation.select(Citation.source).where(
        Citation.person.in_(people)
        | Citation.event.in_(events)
        | Citation.photo.in_(photos)
        | Citation.person_event.in_(person_events)
        | Citation.photo_person.in_(photo_people)
    )
    return _ids(query)
