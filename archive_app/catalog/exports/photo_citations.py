"""The citations of many photographs at once, for the finding aid: those on each photograph
and those on its links (the people it shows, the events it shows), with what each supports.

`citation_lists.record_citations` asks three queries per record, and two more per citation on
a link for its wording; for a finding aid of thousands of photographs that is most of the time.
Here it is three queries per 500 photographs, in the same order: a photograph's own citations,
then those on the people it shows, then those on its events, each by citation id.
"""

from __future__ import annotations

from archive_app.catalog.models import Citation, Event, Person, PhotoEvent, PhotoPerson
from archive_app.catalog.sources.csl import item_id
from archive_app.catalog.sources.render import Cite

CHUNK = 500

Cited = tuple[Cite, str | None]


def _cite(source_id: int, label: str | None, locator: str | None) -> Cite:
    return Cite(item_id(source_id), label, locator)


def photo_cites(photo_ids: list[int]) -> dict[int, list[Cited]]:
    """Each photograph's citations as (cite, what it supports or None), by photograph id."""
    own: dict[int, list[Cited]] = {}
    shown: dict[int, list[Cited]] = {}
    events: dict[int, list[Cited]] = {}
    fields = (Citation.source, Citation.locator_label, Citation.locator)
    for start in range(0, len(photo_ids), CHUNK):
        chunk = photo_ids[start : start + CHUNK]
        query = (
            Citation.select(Citation.photo, *fields)
            .where(Citation.photo.in_(chunk))
            .order_by(Citation.id)
            .tuples()
        )
        for photo_id, source_id, label, locator in query:
            own.setdefault(photo_id, []).append((_cite(source_id, label, locator), None))
        query = (
            Citation.select(PhotoPerson.photo, *fields, Person.name, PhotoPerson.role)
            .join(PhotoPerson, on=Citation.photo_person == PhotoPerson.id)
            .join(Person, on=PhotoPerson.person == Person.id)
            .where(PhotoPerson.photo.in_(chunk))
            .order_by(Citation.id)
            .tuples()
        )
        for photo_id, source_id, label, locator, name, role in query:
            context = f"{name} ({role})" if role else name
            shown.setdefault(photo_id, []).append((_cite(source_id, label, locator), context))
        query = (
            Citation.select(PhotoEvent.photo, *fields, Event.title)
            .join(PhotoEvent, on=Citation.photo_event == PhotoEvent.id)
            .join(Event, on=PhotoEvent.event == Event.id)
            .where(PhotoEvent.photo.in_(chunk))
            .order_by(Citation.id)
            .tuples()
        )
        for photo_id, source_id, label, locator, title in query:
            events.setdefault(photo_id, []).append((_cite(source_id, label, locator), title))
    return {
        photo_id: own.get(photo_id, []) + shown.get(photo_id, []) + events.get(photo_id, [])
        for photo_id in photo_ids
        if photo_id in own or photo_id in shown or photo_id in events
    }
