"""The finding aid as EAD3, the Society of American Archivists' XML for archival description,
which ArchivesSpace and AtoM import.

The arrangement is the catalogue's: each collection a `<c>` at its level (fonds › series ›
file), each photograph an item with its accession number, title, date (the EDTF text, with the
ISO 8601 range it means as `normal`), creator, extent, a `<dao>` link to the image, caption and
description, the people it shows (with their role, as `relator`), its place, events and tags as
access points, rights, credit line and the sources that support it. Photographs in no collection
follow the collections. The tests validate the output against the official EAD3 schema.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from archive_app import __version__
from archive_app.catalog.dates import parse_date
from archive_app.catalog.exchange.arrangement import Arrangement
from archive_app.catalog.exchange.xml_elements import sub_element as _el
from archive_app.catalog.exports.dublin_core import xml_document
from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.models import (
    Citation,
    Collection,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Tag,
)
from archive_app.catalog.serialize import citation_label
from archive_app.catalog.sources.selection import Selection

EAD = "http://ead3.archivists.org/schema/"
LEVELS = {"class", "collection", "file", "fonds", "item", "recordgrp", "series", "subfonds",
          "subgrp", "subseries"}  # fmt: skip


def _paragraphs(parent: ET.Element, tag: str, *texts: str | None) -> None:
    kept = [t for t in texts if t and t.strip()]
    if kept:
        block = _el(parent, tag)
        for text in kept:
            _el(block, "p", text.strip())


def iso_range(edtf_text: str) -> str | None:
    """The ISO 8601 days an EDTF date means, as EAD's `normal` takes them (None when open)."""
    bounds = parse_date(edtf_text)
    if bounds.earliest is None or bounds.latest is None:
        return None
    if bounds.earliest.startswith("-") or bounds.latest.startswith("-"):
        return None
    if bounds.earliest == bounds.latest:
        return bounds.earliest
    return f"{bounds.earliest}/{bounds.latest}"


def level_attributes(level: str | None, default: str) -> dict[str, str]:
    word = (level or default).strip().lower()
    if word in LEVELS:
        return {"level": word}
    return {"level": "otherlevel", "otherlevel": word}


class _Writer:
    def __init__(self, selection: Selection, archive_name: str) -> None:
        self.archive_name = archive_name
        arrangement = Arrangement(selection)
        self.photos = arrangement.photos
        self.children = arrangement.children
        self.items = arrangement.items

    def document(self) -> ET.Element:
        root = ET.Element("ead", xmlns=EAD)
        self.control(root)
        archdesc = _el(root, "archdesc", level="collection")
        did = _el(archdesc, "did")
        _el(did, "unittitle", self.archive_name or "Photographs")
        if self.archive_name:
            repository = _el(did, "repository")
            _el(_el(repository, "corpname"), "part", self.archive_name)
        _el(did, "physdesc", f"{len(self.photos)} photograph(s)")
        dsc = _el(archdesc, "dsc")
        for collection in self.children[None]:
            self.collection(dsc, collection)
        for photo in self.items[None]:
            self.item(dsc, photo)
        return root

    def control(self, root: ET.Element) -> None:
        control = _el(root, "control")
        _el(control, "recordid", "archive-app-finding-aid")
        filedesc = _el(control, "filedesc")
        title = f"Finding aid: {self.archive_name}" if self.archive_name else "Finding aid"
        _el(_el(filedesc, "titlestmt"), "titleproper", title)
        _el(control, "maintenancestatus", value="new")
        agency = _el(control, "maintenanceagency")
        _el(agency, "agencyname", self.archive_name or "archive-app")
        history = _el(control, "maintenancehistory")
        event = _el(history, "maintenanceevent")
        _el(event, "eventtype", value="created")
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        _el(event, "eventdatetime", now.isoformat(), standarddatetime=now.isoformat())
        _el(event, "agenttype", value="machine")
        _el(event, "agent", f"archive-app {__version__}")

    def collection(self, parent: ET.Element, collection: Collection) -> None:
        c = _el(parent, "c", id=f"collection-{collection.id}",
                **level_attributes(collection.level, "otherlevel"))  # fmt: skip
        did = _el(c, "did")
        if collection.identifier:
            _el(did, "unitid", collection.identifier)
        _el(did, "unittitle", collection.name)
        _paragraphs(c, "scopecontent", collection.description)
        self.bibliography(c, Citation.collection == collection.id)
        for child in self.children[collection.id]:
            self.collection(c, child)
        for photo in self.items[collection.id]:
            self.item(c, photo)

    def item(self, parent: ET.Element, photo: Photograph) -> None:
        c = _el(parent, "c", id=f"photo-{photo.id}", level="item")
        did = _el(c, "did")
        _el(did, "unitid", photo.accession_number)
        _el(did, "unittitle", photo.title or photo.caption or photo.accession_number)
        if photo.date:
            _el(did, "unitdate", photo.date, normal=iso_range(photo.date))
        if photo.creator:
            _el(_el(_el(did, "origination"), "persname"), "part", photo.creator)
        extent = ", ".join(
            p
            for p in (
                f"{photo.format} image" if photo.format else None,
                f"{photo.width} × {photo.height} px" if photo.width and photo.height else None,
                f"{photo.page_count} pages" if (photo.page_count or 1) > 1 else None,
            )
            if p
        )
        _el(did, "physdesc", extent)
        if photo.file_path:
            _el(did, "dao", daotype="derived", href=resolve(photo.file_path).absolute().as_uri(),
                linktitle=photo.title or photo.accession_number)  # fmt: skip
        _paragraphs(c, "scopecontent", photo.caption, photo.description, photo.date_note)
        self.access_points(c, photo)
        _paragraphs(c, "userestrict", photo.rights)
        _paragraphs(c, "prefercite", photo.credit_line)
        links = PhotoPerson.select(PhotoPerson.id).where(PhotoPerson.photo == photo.id)
        self.bibliography(c, (Citation.photo == photo.id) | Citation.photo_person.in_(links))

    def access_points(self, c: ET.Element, photo: Photograph) -> None:
        people = PhotoPerson.select().where(PhotoPerson.photo == photo.id).order_by(PhotoPerson.id)
        events = PhotoEvent.select().where(PhotoEvent.photo == photo.id).order_by(PhotoEvent.id)
        tags = Tag.select().join(PhotoTag).where(PhotoTag.photo == photo.id).order_by(Tag.name)
        if not (people.exists() or events.exists() or tags.exists() or photo.place_id):
            return
        access = _el(c, "controlaccess")
        for link in people:
            name = _el(access, "persname", relator=link.role, identifier=f"person-{link.person_id}")
            _el(name, "part", link.person.name)
        if photo.place_id:
            _el(_el(access, "geogname"), "part", photo.place.name)
        for link in events:
            _el(_el(access, "subject", localtype="event"), "part", link.event.title)
        for tag in tags:
            _el(_el(access, "subject", localtype="tag"), "part", tag.name)

    def bibliography(self, c: ET.Element, condition: object) -> None:
        citations = Citation.select().where(condition).order_by(Citation.id)  # type: ignore[arg-type]
        if not citations.exists():
            return
        block = _el(c, "bibliography")
        for label in dict.fromkeys(citation_label(citation) for citation in citations):
            _el(block, "bibref", label)


def ead3_xml(selection: Selection, archive_name: str = "") -> str:
    """The selected photographs (with their collections) as one EAD3 document."""
    root = _Writer(selection, archive_name).document()
    return xml_document(root)
