"""`import-gedcom`: a GEDCOM 7 or 5.5.1 file, or a GEDZIP, into the catalogue.

People (with name variants), their events and roles, places, sources, citations (page,
quality, text) and media (the photographs, with each person's rectangle) come in, in one
transaction for the file. A record already in the catalogue is matched, not made again: a
person by name and life dates, an event by title, type, date and place, a source by DOI (or
ISBN or URL with its type and title) or the whole record equal, a place by its name under the
same parent, a photograph by the SHA-256 of its file. A record that cannot be made is refused
alone (a savepoint) and named in the report; the rest come in. What the catalogue has no place
for (families' children, a person's sex) is counted in the report's warnings, never dropped
in silence.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gedcom7.types import GedcomStructure
from peewee import IntegrityError

from archive_app.catalog import records
from archive_app.catalog.changes import change, current
from archive_app.catalog.database import Catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exchange.gedcom_pieces import (
    FAMILY_EVENTS,
    INDI_EVENTS,
    read_confidence,
    read_coordinates,
    read_date,
    read_direct_date,
    read_name,
    read_page,
    read_region,
    read_variant_kind,
    split_language,
)
from archive_app.catalog.exchange.gedcom_read import (
    OpenedGedcom,
    all_of,
    first,
    open_gedcom,
    text_of,
)
from archive_app.catalog.exchange.import_tally import ImportTally
from archive_app.catalog.importing.placement import managed_copy, saved_archive_root, stored_path
from archive_app.catalog.importing.probe import examine
from archive_app.catalog.importing.run import originals_folder, thumbnail_folder
from archive_app.catalog.links import depict
from archive_app.catalog.models import (
    Event,
    Person,
    PersonEvent,
    PersonName,
    Photograph,
    PhotoPerson,
    Place,
    PlaceName,
    Source,
    SourceCreator,
)
from archive_app.catalog.sources.csl import csl_to_source
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.import_sources import identity_keys, record_key

KNOWN_INDI_TAGS = {"NAME", "NOTE", "SOUR", "OBJE", "FAMS", "FAMC", *INDI_EVENTS}


@dataclass
class GedcomImportReport(ImportTally):
    file: str
    format: str
    created: dict[str, list[int]] = field(default_factory=dict)
    matched: dict[str, list[int]] = field(default_factory=dict)
    refused: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    change_id: int | None = None  # the journal entry of the import (revert undoes it)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "created": self.created,
            "matched": self.matched,
            "refused": self.refused,
            "warnings": self.warnings,
            "change_id": self.change_id,
        }


class _Refused(CatalogError):
    """One GEDCOM record cannot be made; the rest of the file goes on."""


class _Importer:
    def __init__(self, opened: OpenedGedcom, catalog: Catalog, report: GedcomImportReport):
        self.opened = opened
        self.catalog = catalog
        self.report = report
        self.index = opened.by_xref()
        self.label = f"Import GEDCOM {opened.path.name}"
        self.sources: dict[str, int] = {}
        self.photos: dict[str, Photograph] = {}
        self.people: dict[str, int] = {}
        self.events: dict[str, int] = {}  # UID -> event id
        self.places: dict[tuple[str, ...], int] = {}
        self.skipped: Counter[str] = Counter()
        self.copies: list[Path] = []
        self.source_keys: dict[str, int] = {}
        for known in source_items():
            source_id = int(str(known["id"]).rsplit("-", 1)[-1])
            self._remember_source(source_id, {k: v for k, v in known.items() if k != "id"})

    # --- the file, record type by record type ------------------------------------------

    def run(self) -> None:
        by_tag: dict[str, list[GedcomStructure]] = {}
        for item in self.opened.records:
            by_tag.setdefault(item.tag, []).append(item)
        for tag in ("SOUR", "OBJE", "INDI", "FAM"):
            for item in by_tag.get(tag, []):
                self._one(tag, item)
        for tag, items in by_tag.items():
            if tag not in ("HEAD", "TRLR", "SOUR", "OBJE", "INDI", "FAM", "SUBM", "NOTE", "SNOTE"):
                self.skipped[f"{tag} records"] += len(items)
        for what, count in sorted(self.skipped.items()):
            self.report.warnings.append(f"not kept (the catalogue has no place for it): {what} "
                                        f"x{count}")  # fmt: skip

    def _one(self, tag: str, item: GedcomStructure) -> None:
        handler = {"SOUR": self.source, "OBJE": self.photo, "INDI": self.person,
                   "FAM": self.family}[tag]  # fmt: skip
        try:
            with change(self.label):  # a savepoint: a refused record leaves the rest
                handler(item)
        except (CatalogError, IntegrityError, ValueError) as exc:
            self.report.refused.append(
                {"record": f"{item.xref or ''} {tag}".strip(), "reason": str(exc)}
            )

    # --- sources -------------------------------------------------------------------------

    def source(self, item: GedcomStructure) -> None:
        item_json = text_of(item, "_CSL")
        csl: dict[str, Any] | None = None
        if item_json:
            try:
                csl = json.loads(item_json)
            except json.JSONDecodeError:
                self.report.warnings.append(f"{item.xref}: _CSL is not JSON; read from TITL/AUTH")
        if not isinstance(csl, dict):
            csl = self._csl_from_gedcom(item)
        fields, creators = csl_to_source(csl)
        keys = [*identity_keys(csl), record_key(fields, creators)]
        known = next((self.source_keys[k] for k in keys if k in self.source_keys), None)
        if known is not None:
            source_id = known
            self.report.add("matched", "source", source_id)
        else:
            source = records.create("source", **fields)
            for position, creator in enumerate(creators):
                current().insert(SourceCreator, source=source, position=position, **creator)
            source_id = source.id
            self._remember_source(source_id, csl)
            self.report.add("created", "source", source_id)
        if item.xref:
            self.sources[item.xref] = source_id

    def _remember_source(self, source_id: int, csl: dict[str, Any]) -> None:
        """A source is the same as one in the catalogue only when certainly so: the same
        DOI (or ISBN or URL with type and title), or the whole record equal."""
        fields, creators = csl_to_source(csl)
        for key in [*identity_keys(csl), record_key(fields, creators)]:
            self.source_keys.setdefault(key, source_id)

    def _csl_from_gedcom(self, item: GedcomStructure) -> dict[str, Any]:
        title = text_of(item, "TITL") or text_of(item, "ABBR") or item.text.strip()
        csl: dict[str, Any] = {"type": "document", "title": title or f"Source {item.xref}"}
        authors = text_of(item, "AUTH")
        if authors:
            csl["author"] = [{"literal": a.strip()} for a in authors.split(";") if a.strip()]
        if text_of(item, "PUBL"):
            csl["publisher"] = text_of(item, "PUBL")
        notes = [self.note_text(n) for n in all_of(item, "NOTE")]
        text = text_of(item, "TEXT")
        if text:
            notes.append(text)
        if notes:
            csl["note"] = "\n\n".join(n for n in notes if n)
        return csl

    def note_text(self, note: GedcomStructure) -> str:
        if note.pointer and note.pointer in self.index:
            return self.index[note.pointer].text
        return note.text

    def cite(self, holder: GedcomStructure, target: str, target_id: int) -> None:
        for ref in all_of(holder, "SOUR"):
            source_id = self.sources.get(ref.pointer or "")
            if source_id is None:
                if ref.pointer:
                    self.report.warnings.append(f"a citation of {ref.pointer}, not in the file")
                    continue
                source = records.create("source", title=ref.text.strip() or "Untitled source")
                self.report.add("created", "source", source.id)
                source_id = source.id
            data = first(ref, "DATA")
            transcription = text_of(data, "TEXT") if data is not None else None
            notes = [self.note_text(n) for n in all_of(ref, "NOTE")]
            text = transcription or (notes.pop(0) if notes else None)
            comment = [text_of(ref, "_COMMENT"), *notes]
            label, locator = read_page(text_of(ref, "PAGE"))
            date = read_date(data) if data is not None else read_date(None)
            citation = records.cite(
                Source.get_by_id(source_id),
                target,
                target_id,
                locator_label=label,
                locator=locator,
                text=text,
                text_kind="transcription" if transcription else "paraphrase",
                confidence=read_confidence(ref),
                date=date.edtf,
                note="\n\n".join(c for c in comment if c) or None,
            )
            self.report.add("created", "citation", citation.id)

    # --- places --------------------------------------------------------------------------

    def place(self, holder: GedcomStructure) -> int | None:
        found = first(holder, "PLAC")
        if found is None or not found.text.strip():
            return None
        parts = tuple(p.strip() for p in found.text.split(",") if p.strip())
        parent: int | None = None
        for depth in range(len(parts) - 1, -1, -1):
            chain = parts[depth:]
            if chain in self.places:
                parent = self.places[chain]
                continue
            name = parts[depth]
            existing = Place.get_or_none(
                (Place.name == name)
                & (Place.parent.is_null() if parent is None else Place.parent == parent)
            )
            if existing is not None:
                parent = existing.id
                self.report.add("matched", "place", parent)
            else:
                leaf = depth == 0
                latitude, longitude = read_coordinates(found) if leaf else (None, None)
                made = records.create(
                    "place", name=name, parent=parent, latitude=latitude, longitude=longitude
                )
                if leaf:
                    for variant in [*all_of(found, "TRAN"), *all_of(found, "_TRAN")]:
                        language, script = split_language(text_of(variant, "LANG"))
                        current().insert(
                            PlaceName,
                            place=made,
                            name=variant.text.strip(),
                            language=language,
                            script=script,
                        )
                parent = made.id
                self.report.add("created", "place", parent)
            self.places[chain] = parent
        return parent

    # --- photographs ---------------------------------------------------------------------

    def photo(self, item: GedcomStructure) -> None:
        file_node = first(item, "FILE")
        reference = file_node.text.strip() if file_node is not None else ""
        sha = text_of(item, "_SHA256")
        path = self._media_path(reference) if reference else None
        probe = examine(str(path), str(thumbnail_folder(self.catalog))) if path else None
        if probe is not None and probe.reason is not None:
            raise _Refused(f"{reference}: {probe.reason}")
        if probe is not None:
            sha = probe.sha256
        existing = Photograph.get_or_none(Photograph.sha256 == sha) if sha else None
        if existing is not None:
            self.photos[item.xref or ""] = existing
            self.report.add("matched", "photo", existing.id)
            return
        fields = self._photo_fields(item, file_node)
        if probe is not None and path is not None:
            fields.update(
                file_path=self._keep_file(path, probe.sha256),
                original_filename=Path(reference).name,
                **probe.file_columns(),
                embedded_metadata=json.dumps(probe.embedded, ensure_ascii=False),
            )
        else:
            fields.update(original_filename=Path(reference).name or None, sha256=sha)
            self.report.warnings.append(
                f"{item.xref}: the image {reference!r} is not in the file or on disk; "
                "the record is made without it (relink it later)"
            )
        photo = records.create("photo", **fields)
        self.cite(item, "photo", photo.id)
        self.photos[item.xref or ""] = photo
        self.report.add("created", "photo", photo.id)

    def _photo_fields(self, item: GedcomStructure, file_node: GedcomStructure | None) -> dict:
        date = read_direct_date(item, "_DATE")
        date_note = text_of(item, "_DATE_NOTE")
        if date.unread:
            date_note = "\n".join(p for p in (date_note, f"Date in GEDCOM: {date.unread}") if p)
        fields: dict[str, Any] = dict(
            title=text_of(file_node, "TITL") if file_node is not None else None,
            description="\n\n".join(self.note_text(n) for n in all_of(item, "NOTE")) or None,
            date=date.edtf,
            date_note=date_note,
            caption=text_of(item, "_CAPTION"),
            creator=text_of(item, "_CREATOR"),
            credit_line=text_of(item, "_CREDIT"),
            rights=text_of(item, "_RIGHTS"),
        )
        for refn in all_of(item, "REFN"):
            if (text_of(refn, "TYPE") or "").lower() == "accession number":
                number = refn.text.strip()
                if Photograph.select().where(Photograph.accession_number == number).exists():
                    self.report.warnings.append(
                        f"{item.xref}: accession number {number!r} is in use; given a new one"
                    )
                else:
                    fields["accession_number"] = number
        return fields

    def _media_path(self, reference: str) -> Path | None:
        on_disk, member = self.opened.media_file(reference)
        if member is None or self.opened.archive is None:
            return on_disk
        folder = Path(tempfile.mkdtemp(prefix="gedzip-"))
        target = folder / Path(member).name
        with self.opened.archive.open(member) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        self.copies.append(folder)
        return target

    def _keep_file(self, path: Path, sha: str | None) -> str:
        """A file from a GEDZIP is copied into the catalogue's originals; one on disk is
        referenced where it is."""
        if self.opened.archive is not None and sha:
            copy, _ = managed_copy(str(path), sha, originals_folder(self.catalog))
            return stored_path(str(copy), saved_archive_root())
        return stored_path(str(path), saved_archive_root())

    # --- people and their events -----------------------------------------------------------

    def person(self, item: GedcomStructure) -> None:
        names = all_of(item, "NAME")
        if not names or not read_name(names[0]).name:
            raise _Refused("a person without a name")
        primary = read_name(names[0])
        births = [b for b in all_of(item, "BIRT")]
        deaths = [d for d in all_of(item, "DEAT")]
        birth = read_date(births[0]) if births else read_date(None)
        death = read_date(deaths[0]) if deaths else read_date(None)
        notes = [self.note_text(n) for n in all_of(item, "NOTE")]
        for word, date in (("Birth", birth), ("Death", death)):
            if date.unread:
                notes.append(f"{word} date in GEDCOM: {date.unread}")
                self.report.warnings.append(f"{item.xref}: {word.lower()} date {date.unread!r} "
                                            "kept as text in the biography")  # fmt: skip
        existing = Person.get_or_none(
            (Person.name == primary.name)
            & _same(Person.birth_date, birth.edtf)
            & _same(Person.death_date, death.edtf)
        )
        if existing is not None:
            person_id = existing.id
            self.report.add("matched", "person", person_id)
        else:
            person = records.create(
                "person",
                name=primary.name,
                sort_name=primary.sort_name,
                birth_date=birth.edtf,
                death_date=death.edtf,
                biography="\n\n".join(n for n in notes if n) or None,
            )
            person_id = person.id
            self.report.add("created", "person", person_id)
            for variant in names[1:]:
                language, script = split_language(text_of(variant, "_LANG"))
                current().insert(
                    PersonName,
                    person=person_id,
                    name=read_name(variant).name,
                    kind=read_variant_kind(variant),
                    language=language,
                    script=script,
                )
            self.cite(item, "person", person_id)
        if item.xref:
            self.people[item.xref] = person_id
        for child in item.children:
            if child.tag in INDI_EVENTS and self._is_event(child):
                self.event(child, INDI_EVENTS[child.tag], [(person_id, child)], primary.name)
            elif child.tag == "OBJE":
                self.media_link(child, person_id)
            elif child.tag not in KNOWN_INDI_TAGS:
                self.skipped[f"{child.tag} of people"] += 1

    @staticmethod
    def _is_event(item: GedcomStructure) -> bool:
        """BIRT and DEAT with a date alone are the person's life dates; with more they are
        events too."""
        if item.tag not in ("BIRT", "DEAT"):
            return True
        return any(c.tag not in ("DATE",) for c in item.children)

    def event(
        self,
        item: GedcomStructure,
        kind: str,
        participants: list[tuple[int, GedcomStructure]],
        who: str,
    ) -> None:
        uid = text_of(item, "UID") or text_of(item, "_UID")
        event_id = self.events.get(uid) if uid else None
        if event_id is None:
            date = read_date(item)
            payload = "" if item.text.strip() == "Y" else item.text.strip()
            kind_text = text_of(item, "TYPE") or kind
            named = f"{kind_text[:1].upper()}{kind_text[1:]}"
            if item.tag == "EVEN":
                title = payload or f"{named} of {who}"
            else:
                title = f"{named}: {payload}" if payload else f"{named} of {who}"
            notes = [self.note_text(n) for n in all_of(item, "NOTE")]
            if date.unread:
                notes.append(f"Date in GEDCOM: {date.unread}")
            place_id = self.place(item)
            existing = Event.get_or_none(
                (Event.title == title)
                & _same(Event.event_type, kind_text)
                & _same(Event.date, date.edtf)
                & (Event.place.is_null() if place_id is None else Event.place == place_id)
            )
            if existing is not None:
                event_id = existing.id
                self.report.add("matched", "event", event_id)
            else:
                made = records.create(
                    "event",
                    title=title,
                    event_type=kind_text,
                    date=date.edtf,
                    place=place_id,
                    description="\n\n".join(n for n in notes if n) or None,
                )
                event_id = made.id
                self.report.add("created", "event", event_id)
                self.cite(item, "event", event_id)
            if uid:
                self.events[uid] = event_id
        for person_id, holder in participants:
            role_node = first(holder, "_ROLE")
            role = role_node.text.strip() or None if role_node is not None else None
            if role is None and holder is not item:
                role = holder.text.strip() or None
            self._take_part(person_id, event_id, role, role_node)

    def _take_part(
        self, person_id: int, event_id: int, role: str | None, role_node: GedcomStructure | None
    ) -> None:
        existing = PersonEvent.get_or_none(
            (PersonEvent.person == person_id) & (PersonEvent.event == event_id)
        )
        if existing is not None:
            self.report.add("matched", "person_event", existing.id)
            return
        note = None
        if role_node is not None:
            note = "\n\n".join(self.note_text(n) for n in all_of(role_node, "NOTE")) or None
        link = current().insert(PersonEvent, person=person_id, event=event_id, role=role, note=note)
        self.report.add("created", "person_event", link.id)
        if role_node is not None:
            self.cite(role_node, "person_event", link.id)

    def media_link(self, item: GedcomStructure, person_id: int) -> None:
        photo = self.photos.get(item.pointer or "")
        if photo is None:
            self.report.warnings.append(f"a person's media {item.pointer} is not in the file")
            return
        region, why = read_region(item, photo.width, photo.height)
        if why:
            self.report.warnings.append(f"{item.pointer}: {why}")
        existing = PhotoPerson.get_or_none(
            (PhotoPerson.photo == photo.id) & (PhotoPerson.person == person_id)
        )
        if existing is not None:
            self.report.add("matched", "photo_person", existing.id)
            return
        role_node = first(item, "_ROLE")
        role = role_node.text.strip() or None if role_node is not None else "depicted"
        link = depict(photo.id, person_id, region, role)
        if role_node is not None:
            note = "\n\n".join(self.note_text(n) for n in all_of(role_node, "NOTE")) or None
            if note:
                current().update(PhotoPerson, [link.id], {"note": note})
            self.cite(role_node, "photo_person", link.id)
        self.report.add("created", "photo_person", link.id)

    # --- families --------------------------------------------------------------------------

    def family(self, item: GedcomStructure) -> None:
        spouses = []
        for tag, role in (("HUSB", "husband"), ("WIFE", "wife")):
            for ref in all_of(item, tag):
                person_id = self.people.get(ref.pointer or "")
                if person_id is not None:
                    spouses.append((person_id, GedcomStructure(tag=tag, text=role)))
        names = " and ".join(Person.get_by_id(pid).name for pid, _ in spouses) or (
            item.xref or "a family"
        )
        for child in item.children:
            if child.tag in FAMILY_EVENTS:
                self.event(child, FAMILY_EVENTS[child.tag], spouses, names)
        children = len(all_of(item, "CHIL"))
        if children:
            self.skipped["children of families (parent-child links)"] += children


def _same(column: Any, value: str | None) -> Any:
    return column.is_null() if value is None else column == value


def import_gedcom(path: Path, catalog: Catalog) -> GedcomImportReport:
    """Import a GEDCOM or GEDZIP file in one transaction; see the module's docstring."""
    opened = open_gedcom(path)
    kind = "GEDZIP" if opened.archive is not None else f"GEDCOM {opened.version}"
    report = GedcomImportReport(file=str(path), format=kind, warnings=list(opened.warnings))
    importer = _Importer(opened, catalog, report)
    try:
        with change(importer.label) as ch:
            importer.run()
        report.change_id = ch.change_set.change_id if ch.change_set else None
    finally:
        opened.close()
        for folder in importer.copies:
            shutil.rmtree(folder, ignore_errors=True)
    return report
