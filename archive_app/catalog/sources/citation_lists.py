"""The three citation lists an archivist hands out, for a selection of the catalogue:

- the bibliography of the sources cited, sorted and formatted by the style;
- the list by record: each photograph, person, event, place or collection with its citations as
  notes (with their locators, "para. 8"), numbered as one document, so a note style shortens a
  source cited before exactly as it would in a manuscript;
- the photographs themselves cited as archival items (title, date, accession number,
  collection, and the archive's name from the catalogue's settings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive_app.catalog.models import (
    Citation,
    Collection,
    Event,
    Person,
    PersonEvent,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    Place,
)
from archive_app.catalog.sources.csl import edtf_to_csl, item_id
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.large_bibliography import bibliography_entries
from archive_app.catalog.sources.render import Cite, Entry, render
from archive_app.catalog.sources.selection import Selection
from archive_app.catalog.sources.styles import Style

RECORD_ORDER = ("photo", "person", "event", "place", "collection")


@dataclass
class Note:
    """One citation in the list by record: what it supports (when a link) and its text."""

    number: int
    context: str | None
    entry: Entry


@dataclass
class RecordNotes:
    record_type: str
    record_id: int
    heading: str
    notes: list[Note] = field(default_factory=list)


def _link_context(citation: Citation) -> str | None:
    """What a citation on a link supports, in words: "Heinrich Himmler (depicted)"."""
    if citation.photo_person_id:
        link = PhotoPerson.get_by_id(citation.photo_person_id)
        return f"{link.person.name} ({link.role})" if link.role else link.person.name
    if citation.photo_event_id:
        return PhotoEvent.get_by_id(citation.photo_event_id).event.title
    if citation.person_event_id:
        link = PersonEvent.get_by_id(citation.person_event_id)
        return f"{link.event.title} ({link.role})" if link.role else link.event.title
    return None


def record_citations(record_type: str, record_id: int) -> list[Citation]:
    """The citations on a record, then those on its links (people shown, events shown)."""
    own = Citation.select().where(getattr(Citation, record_type) == record_id)
    result = list(own.order_by(Citation.id))
    links: list[Any] = []
    if record_type == "photo":
        links = [
            Citation.photo_person.in_(
                PhotoPerson.select(PhotoPerson.id).where(PhotoPerson.photo == record_id)
            ),
            Citation.photo_event.in_(
                PhotoEvent.select(PhotoEvent.id).where(PhotoEvent.photo == record_id)
            ),
        ]
    elif record_type == "person":
        links = [
            Citation.person_event.in_(
                PersonEvent.select(PersonEvent.id).where(PersonEvent.person == record_id)
            )
        ]
    for condition in links:
        result.extend(Citation.select().where(condition).order_by(Citation.id))
    return result


_HEADINGS = {
    "photo": lambda r: " ".join(p for p in (r.accession_number, r.title) if p),
    "person": lambda r: r.name,
    "event": lambda r: " ".join(p for p in (r.date, r.title) if p),
    "place": lambda r: r.name,
    "collection": lambda r: r.name,
}
_MODELS = {
    "photo": Photograph,
    "person": Person,
    "event": Event,
    "place": Place,
    "collection": Collection,
}


def bibliography(selection: Selection, style: Style, lang: str | None = None) -> list[Entry]:
    """The bibliography of the sources the selection cites (in `lang`, else the style's own
    locale)."""
    items = source_items(selection.cited_source_ids())
    if not items:
        return []
    return bibliography_entries(items, style, lang=lang)


def by_record(selection: Selection, style: Style, lang: str | None = None) -> list[RecordNotes]:
    """Each selected record with its citations as numbered notes, in one engine run."""
    cited: list[CitedRecord] = []
    for record_type in RECORD_ORDER:
        for record_id in selection.ids_of(record_type):
            citations = record_citations(record_type, record_id)
            if not citations:
                continue
            record = _MODELS[record_type].get_by_id(record_id)
            cites = [
                (Cite(item_id(c.source_id), c.locator_label, c.locator), _link_context(c))
                for c in citations
            ]
            cited.append(CitedRecord(record_type, record_id, _HEADINGS[record_type](record), cites))
    return number_notes(cited, style, lang)


@dataclass
class CitedRecord:
    """A record and its citations, each with what it supports when it is on a link; gathered
    by whoever knows the order (the list by record, the finding aid), then numbered."""

    record_type: str
    record_id: int
    heading: str
    cites: list[tuple[Cite, str | None]]


def number_notes(
    cited: list[CitedRecord], style: Style, lang: str | None = None
) -> list[RecordNotes]:
    """The records' citations as notes numbered as one document, in the order given, in one
    engine run (so a note style shortens a source cited before, as in a manuscript)."""
    cites = [cite for record in cited for cite, _context in record.cites]
    if not cites:
        return []
    source_ids = sorted({int(c.item_id.removeprefix("source-")) for c in cites})
    made = render(source_items(source_ids), style, cites, bibliography=False, lang=lang)
    rendered = iter(made.citations)
    groups: list[RecordNotes] = []
    number = 0
    for record in cited:
        group = RecordNotes(record.record_type, record.record_id, record.heading)
        for _cite, context in record.cites:
            number += 1
            group.notes.append(Note(number, context, next(rendered)))
        groups.append(group)
    return groups


def photo_item(photo: Photograph, archive_name: str | None) -> dict[str, Any]:
    """A photograph as a CSL item of type `graphic`: an archival item with its accession number
    as the archive location and its collection as the archive collection."""
    item: dict[str, Any] = {
        "id": f"photo-{photo.id}",
        "type": "graphic",
        "title": photo.title or photo.caption or photo.accession_number,
        "medium": "Photograph",
        "archive_location": photo.accession_number,
    }
    if photo.creator:
        item["author"] = [{"literal": photo.creator}]
    date = edtf_to_csl(photo.date)
    if date:
        item["issued"] = date
    if photo.collection_id:
        item["archive_collection"] = photo.collection.name
    if archive_name:
        item["archive"] = archive_name
    return item


def photo_citations(
    selection: Selection, style: Style, archive_name: str | None, lang: str | None = None
) -> list[Entry]:
    """Each selected photograph cited as an archival item (the style's bibliography form)."""
    ids = selection.ids_of("photo")
    if not ids:
        return []
    photos = Photograph.select().where(Photograph.id.in_(ids)).order_by(Photograph.id)
    items = [photo_item(photo, archive_name) for photo in photos]
    return render(items, style, lang=lang).bibliography


def archive_name_setting() -> str:
    """The archive's name from the catalogue's settings (empty when not set)."""
    try:
        from archive_app.catalog.settings import get_setting
    except ImportError:
        return ""
    return get_setting("archive_name")
