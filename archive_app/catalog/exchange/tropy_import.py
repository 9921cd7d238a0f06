"""`import-tropy`: a Tropy project (or its JSON-LD export) into the catalogue, as one change.

Each Tropy photo becomes a photograph; the item's metadata template maps onto its fields
(title, date, creator, description, source as the credit line, rights, coverage as the place)
and everything else (type, identifier, Tropy's collection, box and folder, the template,
the photo's own fields, transcriptions, selections) is kept in the photograph's embedded
metadata under `tropy`. The project is a fonds; each Tropy list a series under it (nested as
the lists are); an item with several photos a file that keeps them together. Tags become tags,
notes join the description, and each selection with a title becomes that person's region on the
photograph, its notes the region's note (a selection without a title names no one: it is kept in
the embedded metadata, with its rectangle and notes, and counted in the warnings).

Photos are found where the project says, or, with `relink`, by Tropy's MD5 checksum (or file
name) in a folder the archivist names. A photograph whose image cannot be decoded is refused
alone; one whose image is nowhere is made without a file, with a warning. A photograph already
in the catalogue (same SHA-256, or imported from Tropy before with the same checksum) is matched,
not made again; one imported before without its file gets the file when this import finds it, so
importing again with `relink` mends what the first import could not find.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_app.catalog import records
from archive_app.catalog.changes import change
from archive_app.catalog.database import Catalog
from archive_app.catalog.dates import bounds_or_none
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.exchange.import_tally import ImportTally
from archive_app.catalog.exchange.tropy_read import (
    DC,
    DCTERMS,
    Item,
    Photo,
    TropyProject,
    read_project,
)
from archive_app.catalog.importing.metadata import shown_region
from archive_app.catalog.importing.placement import saved_archive_root, stored_path
from archive_app.catalog.importing.probe import examine
from archive_app.catalog.importing.run import thumbnail_folder
from archive_app.catalog.importing.xmp import RegionHint
from archive_app.catalog.links import Region, depict, tag_photos
from archive_app.catalog.models import Collection, Person, Photograph, PhotoPerson, Place, Tag

#: template fields that have a column of their own.
FIELD_OF_PROPERTY = {
    f"{DC}title": "title",
    f"{DC}date": "date",
    f"{DC}creator": "creator",
    f"{DC}description": "description",
    f"{DC}source": "credit_line",
    f"{DC}rights": "rights",
}
PLACE_PROPERTIES = (f"{DC}coverage", f"{DCTERMS}spatial")
MAX_RELINK_FILES = 200_000


@dataclass
class TropyImportReport(ImportTally):
    project: str
    format: str
    created: dict[str, list[int]] = field(default_factory=dict)
    matched: dict[str, list[int]] = field(default_factory=dict)
    refused: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    change_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class _Finder:
    """Where a Tropy photo's file is: as the project says, else in the relink folder by
    checksum, else by file name."""

    def __init__(self, project: TropyProject, relink: Path | None) -> None:
        self.project = project
        self.by_checksum: dict[str, Path] = {}
        self.by_name: dict[str, Path] = {}
        if relink is not None:
            if not relink.is_dir():
                raise CatalogError(f"{relink}: the folder to relink from is not a folder")
            self._index(relink)

    def _index(self, folder: Path) -> None:
        seen = 0
        for root, _dirs, files in os.walk(folder):
            for name in files:
                seen += 1
                if seen > MAX_RELINK_FILES:
                    return
                path = Path(root) / name
                self.by_name.setdefault(name.casefold(), path)
                try:
                    self.by_checksum.setdefault(md5_of(path), path)
                except OSError:
                    continue

    def find(self, photo: Photo) -> tuple[Path | None, str]:
        candidates = []
        raw = Path(photo.path) if photo.path else None
        if raw is not None:
            if raw.is_absolute():
                candidates.append(raw)
            elif self.project.base is not None:
                candidates.append(self.project.base / raw)
            else:
                candidates.append(self.project.source.absolute().parent / raw)
        if self.project.store is not None and photo.filename:
            candidates.append(self.project.store / photo.filename)
        for candidate in candidates:
            if candidate.is_file():
                return candidate, "where the project says"
        if photo.checksum and photo.checksum in self.by_checksum:
            return self.by_checksum[photo.checksum], "by checksum"
        name = (photo.filename or (raw.name if raw else "")).casefold()
        if name and name in self.by_name:
            return self.by_name[name], "by file name"
        return None, ""


class _Importer:
    def __init__(self, project: TropyProject, catalog: Catalog, relink: Path | None, report):
        self.project = project
        self.catalog = catalog
        self.report = report
        self.finder = _Finder(project, relink)
        self.label = f"Import Tropy project {project.name}"
        self.collections: dict[tuple[str, ...], int] = {}
        self.unnamed_selections = 0

    def collection(self, name: str, level: str, parent: int | None) -> int:
        existing = Collection.get_or_none(
            (Collection.name == name)
            & (Collection.parent.is_null() if parent is None else Collection.parent == parent)
        )
        if existing is not None:
            self.report.add("matched", "collection", existing.id)
            return existing.id
        made = records.create("collection", name=name, level=level, parent=parent)
        self.report.add("created", "collection", made.id)
        return made.id

    def run(self) -> None:
        fonds = self.collection(self.project.name, "fonds", None)
        self.collections[()] = fonds
        for path in self.project.lists:
            parent = self.collections.get(path[:-1], fonds)
            self.collections[path] = self.collection(path[-1], "series", parent)
        for number, item in enumerate(self.project.items, 1):
            try:
                with change(self.label):  # a savepoint: a refused item leaves the rest
                    self.item(item, number)
            except (CatalogError, ValueError) as exc:
                title = item.metadata.get(f"{DC}title") or f"item {number}"
                self.report.refused.append({"record": title, "reason": str(exc)})
        if self.project.trashed:
            self.report.warnings.append(
                f"{self.project.trashed} item(s) in Tropy's trash were left out"
            )
        if self.unnamed_selections:
            self.report.warnings.append(
                f"{self.unnamed_selections} selection(s) without a title name no one: kept "
                "in the photograph's embedded metadata (tropy.selections), not as regions"
            )

    def item(self, item: Item, number: int) -> None:
        home = self.collections.get(item.lists[0], self.collections[()]) if item.lists else None
        home = home or self.collections[()]
        if len(item.lists) > 1:
            self.report.warnings.append(
                f"item {number} is in {len(item.lists)} lists: placed in "
                f"{' › '.join(item.lists[0])}, the others kept in its embedded metadata"
            )
        title = item.metadata.get(f"{DC}title")
        if len(item.photos) > 1:
            home = self.collection(title or f"Tropy item {number}", "file", home)
        if not item.photos:
            self.report.warnings.append(f"item {number} ({title or 'untitled'}) has no photo")
        for position, photo in enumerate(item.photos, 1):
            try:
                with change(self.label):
                    self.photo(item, photo, home, position)
            except (CatalogError, ValueError) as exc:
                shown = photo.filename or Path(photo.path).name or f"photo {position}"
                self.report.refused.append(
                    {"record": f"{title or f'item {number}'}: {shown}", "reason": str(exc)}
                )

    def photo(self, item: Item, photo: Photo, home: int, position: int) -> None:
        path, how = self.finder.find(photo)
        probe = examine(str(path), str(thumbnail_folder(self.catalog))) if path else None
        if probe is not None and probe.reason:
            raise CatalogError(probe.reason)
        if probe is not None:
            existing = Photograph.get_or_none(Photograph.sha256 == probe.sha256)
            if existing is not None:
                self.report.add("matched", "photo", existing.id)
                return
        if photo.checksum:  # a photo this import made before, even without its file
            marker = json.dumps({"checksum_md5": photo.checksum})[1:-1]
            earlier = Photograph.get_or_none(Photograph.embedded_metadata.contains(marker))
            if earlier is not None:
                self.report.add("matched", "photo", earlier.id)
                if earlier.file_path is None and probe is not None and path is not None:
                    records.update("photo", earlier.id, earlier.version,
                                   **self.file_fields(path, probe, photo))  # fmt: skip
                    self.report.warnings.append(
                        f"{earlier.accession_number}: its image found {how}, linked to it"
                    )
                return
        merged = {**item.metadata, **photo.metadata}
        fields = self.fields(merged, photo)
        fields["collection"] = home
        embedded: dict[str, Any] = {"tropy": self.kept(item, photo, merged, position)}
        if probe is not None and path is not None:
            embedded.update(probe.embedded)
            fields.update(self.file_fields(path, probe, photo))
            if how != "where the project says":
                self.report.warnings.append(f"{path.name}: found {how} in the relink folder")
        else:
            fields["original_filename"] = photo.filename or Path(photo.path).name or None
            self.report.warnings.append(
                f"{photo.path or photo.filename}: the image is not where the project says and "
                "not in the relink folder; the photograph is made without it (relink it later)"
            )
        fields["embedded_metadata"] = json.dumps(embedded, ensure_ascii=False)
        made = records.create("photo", **fields)
        self.report.add("created", "photo", made.id)
        tags = sorted({*item.tags, *photo.tags})
        if tags:
            known = {t.name: t.id for t in Tag.select().where(Tag.name.in_(tags))}
            tag_photos([made.id], tags)
            for tag in Tag.select().where(Tag.name.in_(tags)):
                self.report.add("matched" if tag.name in known else "created", "tag", tag.id)
        self.regions(made, photo)

    @staticmethod
    def file_fields(path: Path, probe: Any, photo: Photo) -> dict[str, Any]:
        return dict(
            file_path=stored_path(str(path), saved_archive_root()),
            original_filename=photo.filename or path.name,
            **probe.file_columns(),
        )

    def fields(self, metadata: dict[str, str], photo: Photo) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for prop, name in FIELD_OF_PROPERTY.items():
            if metadata.get(prop):
                fields[name] = metadata[prop].strip()
        notes = [*photo.notes]
        if fields.get("date"):
            try:
                bounds_or_none(fields["date"])
            except InvalidField:
                fields["date_note"] = f"Date in Tropy: {fields.pop('date')}"
        if notes:
            fields["description"] = "\n\n".join(p for p in (fields.get("description"), *notes)
                                                if p)  # fmt: skip
        for prop in PLACE_PROPERTIES:
            if metadata.get(prop):
                fields["place"] = self.place(metadata[prop].strip())
                break
        return fields

    def place(self, name: str) -> int:
        existing = Place.get_or_none(Place.name == name)
        if existing is not None:
            self.report.add("matched", "place", existing.id)
            return existing.id
        made = records.create("place", name=name)
        self.report.add("created", "place", made.id)
        return made.id

    def kept(
        self, item: Item, photo: Photo, metadata: dict[str, str], position: int
    ) -> dict[str, Any]:
        """What has no column: kept as the project says it, under embedded_metadata.tropy."""
        width, height = photo.width or 1, photo.height or 1
        return {
            "project": self.project.name,
            "template": item.template,
            "item": {k: v for k, v in item.metadata.items() if k not in FIELD_OF_PROPERTY},
            "photo": {k: v for k, v in photo.metadata.items() if k not in FIELD_OF_PROPERTY},
            "position": position,
            "of": len(item.photos),
            "lists": [" › ".join(p) for p in item.lists],
            "path": photo.path,
            "checksum_md5": photo.checksum,
            "orientation": photo.orientation,
            "transcriptions": photo.transcriptions,
            "selections": [
                {
                    "region": [s.x / width, s.y / height, s.width / width, s.height / height],
                    "metadata": s.metadata,
                    "notes": s.notes,
                }
                for s in photo.selections
            ],
        }

    def regions(self, photo: Photograph, tropy_photo: Photo) -> None:
        width, height = tropy_photo.width, tropy_photo.height
        for selection in tropy_photo.selections:
            name = (selection.metadata.get(f"{DC}title") or "").strip()
            if not name:
                self.unnamed_selections += 1
                continue
            if not width or not height:
                self.report.warnings.append(f"selection {name!r}: the photo's size is unknown")
                continue
            hint = shown_region(
                RegionHint(name, selection.x / width, selection.y / height,
                           selection.width / width, selection.height / height),
                tropy_photo.orientation,
            )  # fmt: skip
            try:
                region = Region(hint.x, hint.y, hint.w, hint.h).clamped().validate()
            except InvalidField as exc:
                self.report.warnings.append(f"selection {name!r}: {exc}; kept in tropy.selections")
                continue
            person = Person.get_or_none(Person.name == name)
            if person is None:
                person = records.create("person", name=name)
                self.report.add("created", "person", person.id)
            else:
                self.report.add("matched", "person", person.id)
            link = depict(photo.id, person.id, region, role="depicted")
            note = "\n\n".join(selection.notes) or None
            if note:
                with change(self.label) as ch:
                    ch.update(PhotoPerson, [link.id], {"note": note})
            self.report.add("created", "photo_person", link.id)


def import_tropy(path: Path, catalog: Catalog, relink: Path | None = None) -> TropyImportReport:
    """Import a Tropy project, `.tropy` folder or JSON-LD export in one change."""
    project = read_project(path)
    report = TropyImportReport(project.name, project.kind)
    importer = _Importer(project, catalog, relink, report)
    with change(importer.label) as ch:
        importer.run()
    report.change_id = ch.change_set.change_id if ch.change_set else None
    return report
