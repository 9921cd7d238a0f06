"""Writing examined files into the catalogue, a batch at a time, in the main process.

One batch is one transaction: a killed import leaves whole batches or nothing of them. Inside the
batch each file has its own savepoint, so a file whose record cannot be made (an accession number
from the sheet already in use, say) is refused alone and the rest of the batch is kept. Duplicates
are found by SHA-256 against the catalogue and against the files already taken in this import.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import IntegrityError

from archive_app.catalog import records
from archive_app.catalog.changes import joined
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.folding import fold, folded
from archive_app.catalog.importing.placement import (
    PlacementError,
    managed_copy,
    stored_path,
)
from archive_app.catalog.importing.probe import Probe
from archive_app.catalog.importing.report import FileOutcome
from archive_app.catalog.importing.scan import display_path
from archive_app.catalog.importing.spreadsheet import SheetRow, match_key
from archive_app.catalog.models import (
    Collection,
    Event,
    Person,
    PersonName,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Place,
    Tag,
    catalog_db,
)


@dataclass
class Placement:
    """Where files go: referenced in place (relative to `archive_root` when inside it) or
    copied into `originals`."""

    copy: bool = False
    originals: Path | None = None
    archive_root: Path | None = None


@dataclass
class _Names:
    """Records found or made by name during one batch (forgotten when the batch ends, since a
    rolled-back savepoint can take a new one away)."""

    people: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)


class BatchWriter:
    """Turns probes into records; keeps what this import took so far for duplicate checks."""

    def __init__(
        self,
        placement: Placement,
        collection: str | None = None,
        sheet: dict[str, SheetRow] | None = None,
    ) -> None:
        self.placement = placement
        self.collection_name = collection.strip() if collection else None
        self.sheet = sheet or {}
        self.used_rows: set[str] = set()
        self.taken: dict[str, str] = {}  # sha256 -> accession number, this import
        self._names = _Names()
        self._collection_id: int | None = None

    # --- one batch -----------------------------------------------------------------------

    def write(self, probes: list[Probe]) -> list[FileOutcome]:
        """Write one batch in one transaction; an outcome per probe, in order."""
        self._names = _Names()
        made_copies: list[Path] = []
        taken_before = dict(self.taken)
        try:
            with joined(f"Import {len(probes)} file{'' if len(probes) == 1 else 's'}"):
                known = self._known([p.sha256 for p in probes if p.reason is None and p.sha256])
                outcomes = [self._one(probe, known, made_copies) for probe in probes]
        except BaseException:
            for copy in made_copies:  # the records are gone, so are their new copies
                copy.unlink(missing_ok=True)
            self.taken = taken_before
            self._collection_id = None
            raise
        return outcomes

    def _known(self, hashes: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(hashes), 500):
            query = Photograph.select(Photograph.sha256, Photograph.accession_number).where(
                Photograph.sha256.in_(hashes[start : start + 500])
            )
            for sha, accession in query.order_by(Photograph.id).tuples():
                found.setdefault(sha, accession)
        return found

    def _one(self, probe: Probe, known: dict[str, str], made_copies: list[Path]) -> FileOutcome:
        shown = display_path(probe.path)
        if probe.reason is not None:
            return FileOutcome(shown, "refused", reason=probe.reason, detail=probe.detail)
        assert probe.sha256 is not None
        original = known.get(probe.sha256) or self.taken.get(probe.sha256)
        if original:
            return FileOutcome(shown, "duplicate", duplicate_of=original)
        try:
            with catalog_db.atomic():
                photo = self._record(probe, made_copies)
        except (CatalogError, PlacementError, IntegrityError) as exc:
            self._names = _Names()
            return FileOutcome(shown, "refused", reason=str(exc))
        self.taken[probe.sha256] = photo.accession_number
        return FileOutcome(
            shown,
            "imported",
            id=photo.id,
            accession_number=photo.accession_number,
            warnings=list(probe.warnings),
        )

    # --- one record ----------------------------------------------------------------------

    def _file_path(self, probe: Probe, made_copies: list[Path]) -> str:
        if self.placement.copy and self.placement.originals is not None:
            assert probe.sha256 is not None
            copy, new = managed_copy(probe.path, probe.sha256, self.placement.originals)
            if new:
                made_copies.append(copy)
            return stored_path(str(copy), self.placement.archive_root)
        return stored_path(probe.path, self.placement.archive_root)

    def _row(self, probe: Probe) -> SheetRow | None:
        key = match_key(display_path(os.path.basename(probe.path)))
        row = self.sheet.get(key)
        if row is not None:
            self.used_rows.add(key)
        return row

    def _record(self, probe: Probe, made_copies: list[Path]) -> Photograph:
        row = self._row(probe)
        fields: dict[str, Any] = dict(probe.fields)
        if row is not None:
            fields.update(row.fields)
        number = fields.pop("accession_number", None)
        if number:
            if Photograph.select().where(Photograph.accession_number == number).exists():
                where = f" (metadata sheet line {row.line})" if row else ""
                raise CatalogError(f"accession number {number!r}{where} is already in use")
        else:
            number = records.next_accession_number()
        photo = Photograph(
            accession_number=number,
            file_path=self._file_path(probe, made_copies),
            original_filename=display_path(os.path.basename(probe.path)),
            **probe.file_columns(),
            embedded_metadata=json.dumps(probe.embedded, ensure_ascii=False) or None,
            import_warnings=(
                json.dumps(probe.warnings, ensure_ascii=False) if probe.warnings else None
            ),
            collection=self._collection(),
            place=self._place(row.place) if row and row.place else None,
            **fields,
        )
        photo.save(force_insert=True)
        self._links(photo, probe, row)
        return photo

    def _links(self, photo: Photograph, probe: Probe, row: SheetRow | None) -> None:
        shown: set[int] = set()
        for region in probe.regions:
            person = self._person(region.name)
            PhotoPerson.create(
                photo=photo,
                person=person,
                role="depicted",
                region_x=region.x,
                region_y=region.y,
                region_w=region.w,
                region_h=region.h,
            )
            shown.add(person)
        for name in row.people if row else []:
            person = self._person(name)
            if person not in shown:
                PhotoPerson.create(photo=photo, person=person, role="depicted")
                shown.add(person)
        for title in dict.fromkeys(row.events if row else []):
            PhotoEvent.create(photo=photo, event=self._event(title))
        tags = dict.fromkeys([*probe.tags, *(row.tags if row else [])])
        for name in tags:
            PhotoTag.create(photo=photo, tag=self._tag(name))

    # --- records found by name -----------------------------------------------------------

    def _collection(self) -> int | None:
        if not self.collection_name:
            return None
        if self._collection_id is None:
            found = Collection.get_or_none(Collection.name == self.collection_name)
            found = found or Collection.create(name=self.collection_name)
            self._collection_id = found.id
        return self._collection_id

    def _person(self, name: str) -> int:
        key = fold(name) or ""
        if key not in self._names.people:
            match = (
                Person.select(Person.id).where(folded(Person.name) == key).order_by(Person.id)
            ).first() or (
                PersonName.select(PersonName.person)
                .where(folded(PersonName.name) == key)
                .order_by(PersonName.id)
            ).first()
            if match is None:
                person_id = Person.create(name=name, sort_name=name).id
            else:
                person_id = match.person_id if isinstance(match, PersonName) else match.id
            self._names.people[key] = person_id
        return self._names.people[key]

    def _event(self, title: str) -> int:
        key = fold(title) or ""
        if key not in self._names.events:
            match = Event.select(Event.id).where(folded(Event.title) == key).first()
            self._names.events[key] = match.id if match else Event.create(title=title).id
        return self._names.events[key]

    def _place(self, name: str) -> int:
        key = fold(name) or ""
        if key not in self._names.places:
            match = Place.select(Place.id).where(folded(Place.name) == key).first()
            self._names.places[key] = match.id if match else Place.create(name=name).id
        return self._names.places[key]

    def _tag(self, name: str) -> int:
        if name not in self._names.tags:
            tag, _ = Tag.get_or_create(name=name)
            self._names.tags[name] = tag.id
        return self._names.tags[name]

    def unused_rows(self) -> list[SheetRow]:
        """Sheet rows that described no imported file (a typo in a file name, usually)."""
        return [row for key, row in self.sheet.items() if key not in self.used_rows]
