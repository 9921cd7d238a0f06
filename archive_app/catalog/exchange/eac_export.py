"""People as EAC-CPF 2.0 records (Encoded Archival Context: Corporate bodies, Persons and
Families), the authority records ArchivesSpace and AtoM keep beside finding aids.

One record per person, `person-<id>.xml`, gathered in a ZIP: EAC-CPF has no wrapper for several
records, and the systems that import it take one record per file. A record holds the person's
name and its variants (language, script and kind), authority identifiers, life dates, biography,
the events they took part in as a chronology (date, event with their role, place), the
photographs that show them as relations to resources (with their role, matching the `persname
identifier` of the EAD3 export), and the sources cited about them. The tests validate each
record against the official EAC-CPF 2.0 schema.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime

from archive_app import __version__
from archive_app.catalog.exchange.xml_elements import sub_element as _el
from archive_app.catalog.exports.dublin_core import xml_document
from archive_app.catalog.models import (
    Citation,
    Person,
    PersonEvent,
    PersonIdentifier,
    PersonName,
    PhotoPerson,
)
from archive_app.catalog.serialize import citation_label
from archive_app.catalog.sources.selection import Selection

EAC = "https://archivists.org/ns/eac/v2"


def eac_people(selection: Selection) -> list[Person]:
    """The people a selection covers: those chosen, and those its photographs and events show."""
    if selection.everything:
        return list(Person.select().order_by(Person.id))
    ids = set(selection.ids_of("person"))
    photos = selection.ids_of("photo")
    ids |= {p for (p,) in PhotoPerson.select(PhotoPerson.person).where(
        PhotoPerson.photo.in_(photos)).tuples()}  # fmt: skip
    ids |= {p for (p,) in PersonEvent.select(PersonEvent.person).where(
        PersonEvent.event.in_(selection.ids_of("event"))).tuples()}  # fmt: skip
    return list(Person.select().where(Person.id.in_(ids)).order_by(Person.id))


def person_record(person: Person, archive_name: str = "") -> ET.Element:
    root = ET.Element("eac", xmlns=EAC)
    _control(root, person, archive_name)
    description = _el(root, "cpfDescription")
    identity = _el(description, "identity")
    _el(identity, "entityType", value="person")
    main = _el(identity, "nameEntry", preferredForm="true")
    _el(main, "part", person.name)
    if person.sort_name and person.sort_name != person.name:
        sort_entry = _el(identity, "nameEntry", localType="sort name")
        _el(sort_entry, "part", person.sort_name)
    for variant in PersonName.select().where(PersonName.person == person).order_by(PersonName.id):
        entry = _el(identity, "nameEntry", localType=variant.kind,
                    languageOfElement=variant.language, scriptOfElement=variant.script)  # fmt: skip
        _el(entry, "part", variant.name)
    identifiers = PersonIdentifier.select().where(PersonIdentifier.person == person)
    for identifier in identifiers.order_by(PersonIdentifier.id):
        _el(identity, "identityId", identifier.value, localType=identifier.scheme)
    _description(description, person)
    _relations(description, person)
    return root


def _control(root: ET.Element, person: Person, archive_name: str) -> None:
    control = _el(root, "control", maintenanceStatus="new")
    _el(control, "recordId", f"person-{person.id}")
    _el(_el(control, "maintenanceAgency"), "agencyName", archive_name or "archive-app")
    event = _el(_el(control, "maintenanceHistory"), "maintenanceEvent",
                maintenanceEventType="created")  # fmt: skip
    _el(event, "agent", f"archive-app {__version__}", agentType="machine")
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    _el(event, "eventDateTime", now, standardDateTime=now)
    citations = Citation.select().where(Citation.person == person.id).order_by(Citation.id)
    if citations.exists():
        sources = _el(control, "sources")
        for citation in citations:
            source = _el(sources, "source")
            _el(source, "reference", citation_label(citation), href=citation.source.url)
            if citation.text:
                _el(_el(source, "descriptiveNote"), "p", citation.text)


def _date(parent: ET.Element, edtf_text: str) -> None:
    _el(parent, "date", edtf_text, standardDate=edtf_text)


def _description(description: ET.Element, person: Person) -> None:
    links = list(PersonEvent.select().where(PersonEvent.person == person).order_by(PersonEvent.id))
    dated = [link for link in links if link.event.date]
    if not (person.birth_date or person.death_date or person.biography or dated):
        return
    block = _el(description, "description")
    if person.birth_date or person.death_date:
        exist = _el(block, "existDates")
        if person.birth_date:
            span = _el(exist, "dateRange")
            _el(span, "fromDate", person.birth_date, standardDate=person.birth_date)
            if person.death_date:
                _el(span, "toDate", person.death_date, standardDate=person.death_date)
        else:
            span = _el(exist, "dateRange")
            _el(span, "toDate", person.death_date, standardDate=person.death_date)
    if person.biography or dated:
        history = _el(block, "biogHist")
        if person.biography:
            _el(history, "p", person.biography)
        if dated:
            chronology = _el(history, "chronList")
            dated.sort(key=lambda link: (link.event.date_earliest or "", link.event.id))
            for link in dated:
                item = _el(chronology, "chronItem")
                _date(item, link.event.date)
                role = f" ({link.role})" if link.role else ""
                _el(item, "event", f"{link.event.title}{role}", localType=link.event.event_type)
                if link.event.place_id:
                    _el(_el(item, "place"), "placeName", link.event.place.name)


def _relations(description: ET.Element, person: Person) -> None:
    links = PhotoPerson.select().where(PhotoPerson.person == person).order_by(PhotoPerson.id)
    if not links.exists():
        return
    relations = _el(description, "relations")
    for link in links:
        relation = _el(relations, "relation")
        photo = link.photo
        target = _el(relation, "targetEntity", targetType="resource")
        _el(target, "part", f"{photo.accession_number}: {photo.title or photo.caption or ''}"
            .rstrip(": "))  # fmt: skip
        if photo.date:
            _date(relation, photo.date)
        _el(relation, "relationType", "depicted in")
        if link.role:
            _el(relation, "targetRole", link.role)


def eac_zip(selection: Selection, archive_name: str = "") -> tuple[bytes, int]:
    """(a ZIP of one EAC-CPF record per person, how many)."""
    buffer = io.BytesIO()
    people = eac_people(selection)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for person in people:
            root = person_record(person, archive_name)
            archive.writestr(f"person-{person.id}.xml", xml_document(root))
    return buffer.getvalue(), len(people)
