"""Dublin Core: one `oai_dc` record per photograph, the shape OAI-PMH repositories harvest.

The XML is built with ElementTree, so every value is escaped; characters XML 1.0 cannot hold at
all (control characters other than tab and newline) are dropped rather than making the whole
file unreadable. A carriage return is written as `&#13;`: ElementTree leaves it bare in text, and
every XML reader turns a bare one into a line feed, so "\r" would not come back as stored.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from archive_app.catalog.models import PhotoEvent, Photograph, PhotoPerson, PhotoTag, Tag
from archive_app.catalog.sources.selection import Selection

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "GIF": "image/gif"}
MIME_TYPES.update(WEBP="image/webp", HEIC="image/heic")

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("xsi", XSI)


def xml_text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def xml_document(root: ET.Element) -> str:
    """`root` as an indented UTF-8 document whose text reads back exactly as stored.

    ElementTree escapes a carriage return in attributes but not in text, and indenting adds only
    line feeds, so any carriage return left in the output is in a value and becomes `&#13;`.
    """
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _add(parent: ET.Element, name: str, value: Any) -> None:
    if value in (None, ""):
        return
    ET.SubElement(parent, f"{{{DC}}}{name}").text = xml_text(value)


def photo_record(photo: Photograph, archive_name: str = "") -> ET.Element:
    """The oai_dc:dc element of one photograph."""
    record = ET.Element(f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    _add(record, "title", photo.title or photo.caption or photo.accession_number)
    _add(record, "creator", photo.creator)
    people = PhotoPerson.select().where(PhotoPerson.photo == photo.id).order_by(PhotoPerson.id)
    for link in people:
        _add(record, "subject", link.person.name)
    tags = Tag.select().join(PhotoTag).where(PhotoTag.photo == photo.id).order_by(Tag.name)
    for tag in tags:
        _add(record, "subject", tag.name)
    _add(record, "description", photo.caption)
    _add(record, "description", photo.description)
    _add(record, "date", photo.date)
    _add(record, "type", "StillImage")
    _add(record, "format", MIME_TYPES.get((photo.format or "").upper()))
    _add(record, "identifier", photo.accession_number)
    _add(record, "source", photo.credit_line)
    if photo.collection_id:
        _add(record, "relation", photo.collection.name)
    if photo.place_id:
        _add(record, "coverage", photo.place.name)
    events = PhotoEvent.select().where(PhotoEvent.photo == photo.id).order_by(PhotoEvent.id)
    for link in events:
        _add(record, "coverage", link.event.title)
    _add(record, "rights", photo.rights)
    _add(record, "publisher", archive_name)
    return record


def dublin_core_xml(selection: Selection, archive_name: str = "") -> str:
    """Every selected photograph as an oai_dc record, in one well-formed document."""
    root = ET.Element("records")
    ids = selection.ids_of("photo")
    for photo in Photograph.select().where(Photograph.id.in_(ids)).order_by(Photograph.id):
        root.append(photo_record(photo, archive_name))
    return xml_document(root)
