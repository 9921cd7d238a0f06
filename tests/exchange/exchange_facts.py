"""Reading a catalogue's people, events, citations and regions as plain values (no ids), so
two catalogues can be compared after an exchange."""

from __future__ import annotations

from typing import Any

from archive_app.catalog.models import Citation, Person, PersonEvent, PersonName, PhotoPerson


def _citations(**target: Any) -> list[tuple]:
    query = Citation.select().where(*(getattr(Citation, k) == v for k, v in target.items()))
    return sorted(
        (
            c.source.title,
            c.locator_label,
            c.locator,
            c.text,
            c.text_kind,
            c.confidence,
            c.date,
            c.note,
        )
        for c in query
    )


def catalogue_facts() -> dict[str, Any]:
    """People with everything GEDCOM carries for them, as values (no ids)."""
    people = {}
    for person in Person.select():
        events = []
        for link in PersonEvent.select().where(PersonEvent.person == person):
            event = link.event
            events.append(
                (
                    event.title,
                    event.event_type,
                    event.date,
                    event.place.name if event.place_id else None,
                    tuple(sorted((n.name, n.language, n.script) for n in event.place.names))
                    if event.place_id
                    else (),
                    event.description,
                    link.role,
                    link.note,
                    tuple(_citations(event=event.id)),
                    tuple(_citations(person_event=link.id)),
                )
            )
        regions = []
        for link in PhotoPerson.select().where(PhotoPerson.person == person):
            regions.append(
                (
                    link.photo.accession_number,
                    link.photo.title,
                    link.photo.date,
                    link.role,
                    (link.region_x, link.region_y, link.region_w, link.region_h),
                    tuple(_citations(photo_person=link.id)),
                    tuple(_citations(photo=link.photo_id)),
                )
            )
        people[person.name] = {
            "sort_name": person.sort_name,
            "birth": person.birth_date,
            "death": person.death_date,
            "biography": person.biography,
            "variants": sorted(
                (n.name, n.kind, n.language, n.script)
                for n in PersonName.select().where(PersonName.person == person)
            ),
            "citations": _citations(person=person.id),
            "events": sorted(events, key=repr),
            "photos": sorted(regions, key=repr),
        }
    return people
