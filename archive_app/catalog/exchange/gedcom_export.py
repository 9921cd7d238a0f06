"""The catalogue as GEDCOM 7 or 5.5.1: people with their name variants, their events (with the
role each played), places, sources, citations (page, quality) and the photographs that show
them, each person's rectangle as GEDCOM 7 `CROP`.

What GEDCOM has a structure for goes there, so any genealogy program reads it; what it has not
(a person's role in an event, the citations on a link, a photograph's date or rights, a source's
full CSL record) goes in underscore extension tags that other programs skip and our import reads
back, so an export imported again loses nothing. The tags are listed in EXTENSION_TAGS.

An event shared by several people is written once in each participant's record with the same
UID, the way GEDCOM 7 says two copies are one event.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from gedcom7.types import GedcomStructure

from archive_app import __version__
from archive_app.catalog.exchange.gedcom_dates import MONTHS, to_gedcom
from archive_app.catalog.exchange.gedcom_scope import Scope, gedcom_scope
from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.models import (
    Citation,
    Event,
    Person,
    PersonEvent,
    PersonName,
    Photograph,
    PhotoPerson,
    Place,
    PlaceName,
)
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.selection import Selection

GEDCOM_7 = "7.0"
GEDCOM_551 = "5.5.1"
#: the namespace of the UIDs of shared events (uuid5 of "event/<id>").
EVENT_UID_NAMESPACE = uuid.UUID("7d0f8a52-3c1e-4f6b-9a44-0b6a5e7c2d11")

#: our extension tags, what they carry, so the README and the reader agree.
EXTENSION_TAGS = {
    "_ROLE": "a person's role in an event or a photograph; its SOUR/NOTE are the link's",
    "_REGION": "the person's rectangle as fractions of the image: x y w h",
    "_CROP": "GEDCOM 5.5.1 only: the CROP of GEDCOM 7",
    "_UID": "GEDCOM 5.5.1 only: the UID of GEDCOM 7",
    "_TRAN": "GEDCOM 5.5.1 only: a place's other name (GEDCOM 7's TRAN), with LANG",
    "_SORT": "a person's sort name where GIVN and SURN do not give it",
    "_LANG": "a name variant's language and script (BCP 47, e.g. ru-Cyrl)",
    "_EDTF": "GEDCOM 5.5.1 only: a date's EDTF text where GEDCOM has no words for it",
    "_CSL": "the source's CSL-JSON item",
    "_COMMENT": "the archivist's note on a citation",
    "_DATE": "a photograph's date (with PHRASE)",
    "_DATE_NOTE": "a photograph's date note",
    "_CAPTION": "a photograph's caption",
    "_CREATOR": "a photograph's creator (photographer)",
    "_CREDIT": "a photograph's credit line",
    "_RIGHTS": "a photograph's rights statement",
    "_SHA256": "the SHA-256 of the image file (fixity; duplicates on import)",
}
MEDIA_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "TIFF": "image/tiff",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "HEIC": "image/heic",
}
NAME_TYPES = {
    "aka": "AKA",
    "alias": "AKA",
    "birth name": "BIRTH",
    "birth": "BIRTH",
    "maiden name": "MAIDEN",
    "maiden": "MAIDEN",
    "married name": "MARRIED",
    "married": "MARRIED",
    "professional": "PROFESSIONAL",
    "immigrant": "IMMIGRANT",
}
#: the kind a GEDCOM 7 name TYPE reads back as (without a PHRASE).
KIND_OF_NAME_TYPE = {
    "AKA": "aka",
    "BIRTH": "birth name",
    "MAIDEN": "maiden name",
    "MARRIED": "married name",
    "PROFESSIONAL": "professional",
    "IMMIGRANT": "immigrant",
}
#: our confidence (0 very low .. 4 very high) as GEDCOM QUAY (0..3), as Gramps writes it:
#: "normal" (2) is the absence of a QUAY.
QUAY_OF_CONFIDENCE = {0: "0", 1: "1", 3: "2", 4: "3"}


#: characters GEDCOM 7 bans from a data stream (C0 and C1 controls but tab, line feed and
#: carriage return, lone surrogates, non-characters): dropped, as the XML exports drop theirs.
_BANNED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    return _BANNED.sub("", text or "")


def node(
    tag: str,
    text: str | None = "",
    *children: GedcomStructure | None,
    pointer: str | None = None,
    xref: str | None = None,
) -> GedcomStructure:
    return GedcomStructure(
        tag=tag,
        pointer=pointer,
        text=clean(text),
        xref=xref,
        children=[c for c in children if c is not None],
    )


def maybe(tag: str, text: str | None, *children: GedcomStructure | None) -> GedcomStructure | None:
    return node(tag, text, *children) if text else None


@dataclass
class MediaFile:
    """An image that goes into a GEDZIP: where it is and its name inside the archive."""

    path: Path
    name: str


@dataclass
class GedcomDocument:
    records: list[GedcomStructure]
    version: str
    media: list[MediaFile] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)  # accession numbers
    counts: dict[str, int] = field(default_factory=dict)


class _Builder:
    def __init__(self, version: str, scope: Scope, media_folder: str | None) -> None:
        self.v7 = version == GEDCOM_7
        self.version = version
        self.scope = scope
        self.media_folder = media_folder  # GEDZIP: FILE is the name inside the archive
        self.document = GedcomDocument([], version)
        self.citations: dict[tuple[str, int], list[Citation]] = defaultdict(list)
        wanted_sources = set(scope.sources)
        for citation in Citation.select().order_by(Citation.id):
            if citation.source_id in wanted_sources:
                self.citations[citation.target()].append(citation)

    # --- shared pieces -----------------------------------------------------------------

    def date(self, tag: str, edtf_text: str | None) -> GedcomStructure | None:
        if not edtf_text:
            return None
        value = to_gedcom(edtf_text)
        if self.v7:
            return node(tag, value.value, maybe("PHRASE", value.phrase))
        return node(tag, value.value, maybe("_EDTF", value.phrase))

    def sources_of(self, target: str, target_id: int) -> list[GedcomStructure]:
        return [self.citation(c) for c in self.citations.get((target, target_id), [])]

    def citation(self, citation: Citation) -> GedcomStructure:
        page = " ".join(p for p in (citation.locator_label, citation.locator) if p)
        data = None
        if citation.text and citation.text_kind == "transcription":
            data = node("DATA", "", self.date("DATE", citation.date), node("TEXT", citation.text))
        elif citation.date:
            data = node("DATA", "", self.date("DATE", citation.date))
        paraphrase = citation.text if citation.text_kind != "transcription" else None
        return node(
            "SOUR",
            None,
            maybe("PAGE", page if citation.locator else None),
            data,
            maybe("QUAY", QUAY_OF_CONFIDENCE.get(citation.confidence)),
            maybe("NOTE", paraphrase),
            maybe("_COMMENT", citation.note),
            pointer=f"@S{citation.source_id}@",
        )

    def place(self, place: Place | None) -> GedcomStructure | None:
        if place is None:
            return None
        chain, seen = [], set()
        walk: Place | None = place
        while walk is not None and walk.id not in seen:
            seen.add(walk.id)
            chain.append(walk.name)
            walk = walk.parent
        children: list[GedcomStructure | None] = []
        if place.latitude is not None and place.longitude is not None:
            lat = f"{'N' if place.latitude >= 0 else 'S'}{abs(place.latitude):g}"
            lon = f"{'E' if place.longitude >= 0 else 'W'}{abs(place.longitude):g}"
            children.append(node("MAP", "", node("LATI", lat), node("LONG", lon)))
        variants = PlaceName.select().where(PlaceName.place == place)
        for variant in variants.order_by(PlaceName.id):
            language = _language_tag(variant.language, variant.script) or "und"
            tag = "TRAN" if self.v7 else "_TRAN"  # 5.5.1 has no TRAN for a place
            children.append(node(tag, variant.name, node("LANG", language)))
        return node("PLAC", ", ".join(chain), *children)

    # --- records -----------------------------------------------------------------------

    def head(self, archive_name: str) -> list[GedcomStructure]:
        now = datetime.now(UTC)
        today = f"{now.day} {MONTHS[now.month - 1]} {now.year}"
        software = node(
            "SOUR", "ARCHIVE-APP", node("VERS", __version__), node("NAME", "archive-app")
        )
        if self.v7:
            return [
                node("HEAD", "", node("GEDC", "", node("VERS", "7.0")), software,
                     node("DATE", today), maybe("NOTE", archive_name)),
            ]  # fmt: skip
        return [
            node("HEAD", "", software, node("DATE", today), node("SUBM", pointer="@U1@"),
                 node("GEDC", "", node("VERS", "5.5.1"), node("FORM", "LINEAGE-LINKED")),
                 node("CHAR", "UTF-8"), maybe("NOTE", archive_name)),
            node("SUBM", "", node("NAME", archive_name or "archive-app"), xref="@U1@"),
        ]  # fmt: skip

    def person(self, person: Person) -> GedcomStructure:
        children: list[GedcomStructure | None] = [self.primary_name(person)]
        for variant in (
            PersonName.select().where(PersonName.person == person).order_by(PersonName.id)
        ):
            children.append(self.variant(variant))
        if person.birth_date:
            children.append(node("BIRT", "", self.date("DATE", person.birth_date)))
        if person.death_date:
            children.append(node("DEAT", "", self.date("DATE", person.death_date)))
        links = PersonEvent.select().where(PersonEvent.person == person).order_by(PersonEvent.id)
        children.extend(self.event(link) for link in links)
        photo_links = (
            PhotoPerson.select()
            .where(PhotoPerson.person == person, PhotoPerson.photo.in_(self.scope.photos))
            .order_by(PhotoPerson.id)
        )
        children.extend(self.media_link(link) for link in photo_links)
        children.append(maybe("NOTE", person.biography))
        children.extend(self.sources_of("person", person.id))
        return node("INDI", "", *children, xref=f"@I{person.id}@")

    def primary_name(self, person: Person) -> GedcomStructure:
        name = person.name.replace("/", " ").strip()
        surname, given = None, None
        if person.sort_name and "," in person.sort_name:
            surname, given = (p.strip() for p in person.sort_name.split(",", 1))
        if surname and given and name == f"{given} {surname}":
            payload = f"{given} /{surname}/"
        elif surname and name == surname:
            payload = f"/{surname}/"
        else:
            payload = name
        rebuilt = f"{surname}, {given}" if surname and given else surname
        sort = person.sort_name if person.sort_name and person.sort_name != rebuilt else None
        return node(
            "NAME", payload, maybe("GIVN", given), maybe("SURN", surname), maybe("_SORT", sort)
        )

    def variant(self, variant: PersonName) -> GedcomStructure:
        kind = (variant.kind or "").strip()
        kind_node = None
        if kind and self.v7:
            word = NAME_TYPES.get(kind.lower(), "OTHER")
            exact = word != "OTHER" and KIND_OF_NAME_TYPE[word] == kind
            kind_node = node("TYPE", word, None if exact else node("PHRASE", kind))
        elif kind:
            kind_node = node("TYPE", kind)
        language = _language_tag(variant.language, variant.script)
        return node("NAME", variant.name.replace("/", " "), kind_node, maybe("_LANG", language))

    def event(self, link: PersonEvent) -> GedcomStructure:
        event: Event = link.event
        uid = str(uuid.uuid5(EVENT_UID_NAMESPACE, f"event/{event.id}"))
        link_sources = self.sources_of("person_event", link.id)
        role = None
        if link.role or link.note or link_sources:
            role = node("_ROLE", link.role, *link_sources, maybe("NOTE", link.note))
        return node(
            "EVEN",
            event.title,
            node("TYPE", event.event_type or "Event"),
            self.date("DATE", event.date),
            self.place(event.place),
            maybe("NOTE", event.description),
            *self.sources_of("event", event.id),
            node("UID" if self.v7 else "_UID", uid),
            role,
        )

    def media_link(self, link: PhotoPerson) -> GedcomStructure:
        photo: Photograph = link.photo
        crop, region = None, None
        if link.region_x is not None:
            region = node(
                "_REGION",
                " ".join(
                    repr(float(v)) for v in (link.region_x, link.region_y, link.region_w,
                                              link.region_h)
                ),
            )  # fmt: skip
            if photo.width and photo.height:
                crop = node(
                    "CROP" if self.v7 else "_CROP",
                    "",
                    node("TOP", str(round(link.region_y * photo.height))),
                    node("LEFT", str(round(link.region_x * photo.width))),
                    node("HEIGHT", str(max(1, round(link.region_h * photo.height)))),
                    node("WIDTH", str(max(1, round(link.region_w * photo.width)))),
                )
        link_sources = self.sources_of("photo_person", link.id)
        role = None
        if link.role or link.note or link_sources:
            role = node("_ROLE", link.role, *link_sources, maybe("NOTE", link.note))
        return node("OBJE", None, crop, region, role, pointer=f"@O{photo.id}@")

    def photo(self, photo: Photograph) -> GedcomStructure:
        mime = MEDIA_TYPES.get((photo.format or "").upper(), "image/jpeg")
        if self.v7:
            form = node("FORM", mime, node("MEDI", "PHOTO"))
        else:
            word = {"jpeg": "jpg", "tiff": "tif"}.get(mime.split("/")[1], mime.split("/")[1])
            form = node("FORM", word, node("TYPE", "photo"))  # 5.5.1's words: jpg, tif, gif …
        file_node = node("FILE", self.file_reference(photo), form, maybe("TITL", photo.title))
        return node(
            "OBJE",
            "",
            file_node,
            node("REFN", photo.accession_number, node("TYPE", "accession number")),
            maybe("NOTE", photo.description),
            *self.sources_of("photo", photo.id),
            self.date("_DATE", photo.date),
            maybe("_DATE_NOTE", photo.date_note),
            maybe("_CAPTION", photo.caption),
            maybe("_CREATOR", photo.creator),
            maybe("_CREDIT", photo.credit_line),
            maybe("_RIGHTS", photo.rights),
            maybe("_SHA256", photo.sha256),
            xref=f"@O{photo.id}@",
        )

    def file_reference(self, photo: Photograph) -> str:
        name = photo.original_filename or f"{photo.accession_number}"
        if not photo.file_path:
            self.document.missing_files.append(photo.accession_number)
            return name
        path = resolve(photo.file_path)
        if self.media_folder is not None:
            suffix = Path(name).suffix or path.suffix
            inside = f"{self.media_folder}/{photo.accession_number}{suffix}"
            if path.is_file():
                self.document.media.append(MediaFile(path, inside))
            else:
                self.document.missing_files.append(photo.accession_number)
            return inside
        absolute = path.expanduser().absolute()
        return absolute.as_uri() if self.v7 else str(absolute)

    def source(self, item: dict) -> GedcomStructure:
        authors = "; ".join(_csl_name(n) for n in item.get("author", []) if isinstance(n, dict))
        publication = ", ".join(
            str(p)
            for p in (
                item.get("container-title"),
                item.get("publisher"),
                item.get("publisher-place"),
                _csl_year(item.get("issued")),
            )
            if p
        )
        source_id = int(str(item["id"]).rsplit("-", 1)[-1])
        clean = {k: v for k, v in item.items() if k != "id"}
        return node(
            "SOUR",
            "",
            maybe("AUTH", authors),
            node("TITL", str(item.get("title") or "")),
            maybe("PUBL", publication),
            maybe("NOTE", item.get("note")),
            node("_CSL", json.dumps(clean, ensure_ascii=False, sort_keys=True)),
            xref=f"@S{source_id}@",
        )

    def build(self, archive_name: str) -> GedcomDocument:
        records = self.head(archive_name)
        people = Person.select().where(Person.id.in_(self.scope.people)).order_by(Person.id)
        records.extend(self.person(person) for person in people)
        photos = Photograph.select().where(Photograph.id.in_(self.scope.photos))
        records.extend(self.photo(photo) for photo in photos.order_by(Photograph.id))
        records.extend(self.source(item) for item in source_items(self.scope.sources))
        records.append(node("TRLR"))
        self.document.records = records
        self.document.counts = {
            "people": len(self.scope.people),
            "events": len(self.scope.events),
            "photos": len(self.scope.photos),
            "sources": len(self.scope.sources),
            "citations": sum(len(v) for v in self.citations.values()),
        }
        return self.document


def _language_tag(language: str | None, script: str | None) -> str | None:
    parts = [p for p in ((language or "und").strip(), (script or "").strip()) if p]
    tag = "-".join(parts)
    return None if tag == "und" else tag


def _csl_name(name: dict) -> str:
    if name.get("literal"):
        return str(name["literal"])
    return ", ".join(str(name[k]) for k in ("family", "given") if name.get(k))


def _csl_year(issued: object) -> str | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and parts[0]:
            return str(parts[0][0])
    return None


def gedcom_document(
    selection: Selection, version: str, archive_name: str = "", media_folder: str | None = None
) -> GedcomDocument:
    """The GEDCOM records of a selection (the whole catalogue or a search's records)."""
    return _Builder(version, gedcom_scope(selection), media_folder).build(archive_name)


def gedcom_text(document: GedcomDocument) -> str:
    """The file's text: GEDCOM 7 by the gedcom7 library, 5.5.1 by our line writer."""
    if document.version == GEDCOM_7:
        import gedcom7

        return gedcom7.dumps(document.records)
    from archive_app.catalog.exchange.gedcom_lines import dumps_551

    return dumps_551(document.records)
