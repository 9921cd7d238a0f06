"""The finding aid's content: the selected photographs arranged as the archive is (fonds ›
series › file), each described by what a reader of a finding aid looks for (accession number,
title, date, people, events, place, citations) with a small image.

Both drawings (finding_aid_html.py, finding_aid_pdf.py) are made from this one outline. Citations
are formatted by the same engine as the citation lists: each photograph's as numbered notes, in
one engine run for the whole aid (so a note style shortens a source cited before, as in a
manuscript), and the sources cited once more at the end as a bibliography.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from archive_app.catalog.database import Catalog
from archive_app.catalog.exports.photo_citations import photo_cites
from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.importing.thumbnails import ThumbnailCache, make_thumbnail
from archive_app.catalog.models import (
    Collection,
    Event,
    Person,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Place,
    Tag,
)
from archive_app.catalog.sources.citation_lists import CitedRecord, number_notes
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.large_bibliography import bibliography_entries
from archive_app.catalog.sources.selection import Selection
from archive_app.catalog.sources.styles import Style, find_style
from archive_app.catalog.storage import files_dir

#: the longest edge of a thumbnail in the finding aid (about 150 dpi at 40 mm in the PDF).
THUMBNAIL_PIXELS = 240
#: photographs read per query, well under SQLite's limit on bound parameters.
CHUNK = 500
NOT_IN_A_COLLECTION = "Not in a collection"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text without control characters (a bell or an escape pasted into a caption): they are
    invalid in HTML and undrawable in a PDF. Newlines stay, tabs become spaces."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\t", " "))


@dataclass
class CitationNote:
    """One citation of a photograph, formatted by the style: plain and as escaped HTML."""

    number: int
    context: str | None  # what it supports when it is on a link: "Heinrich Himmler (depicted)"
    text: str
    html: str


@dataclass
class Item:
    """What the finding aid says about one photograph."""

    accession_number: str
    title: str
    fields: list[tuple[str, str]]
    notes: list[CitationNote] = field(default_factory=list)
    thumbnail: bytes | None = None  # a JPEG, or None: the aid shows a "no image" box

    @property
    def thumbnail_size(self) -> tuple[int, int] | None:
        if self.thumbnail is None:
            return None
        with Image.open(io.BytesIO(self.thumbnail)) as image:
            return image.size


@dataclass
class Group:
    """A collection (or the photographs in none) at its place in the arrangement."""

    name: str
    level: str
    identifier: str
    depth: int
    path: list[str]  # the names of the collections above it, outermost first
    description: str | None
    items: list[Item] = field(default_factory=list)

    @property
    def heading(self) -> str:
        name = f"{self.identifier} · {self.name}" if self.identifier else self.name
        return f"{name} ({self.level})" if self.level else name


@dataclass
class FindingAid:
    """The whole finding aid: who holds the photographs, what is covered, and the groups."""

    archive_name: str
    scope: str
    made_on: str
    style_title: str
    groups: list[Group]
    sources: list[tuple[str, str]]  # the bibliography: (text, html) per source

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def natural_key(text: str) -> tuple[object, ...]:
    """Sort "PH-9" before "PH-10", as an archivist reads accession numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


# --- images ------------------------------------------------------------------------------------


def thumbnail(path: Path | str | None, cached: Path | None = None) -> bytes | None:
    """A small JPEG of the photograph: the import's cached thumbnail when there is one (it is
    there even when the original is on an offline drive), else made from the file. None when
    neither can be read: missing, truncated, not an image, or a decompression bomb."""
    for candidate in (cached, path):
        if candidate:
            data = _small_jpeg(Path(candidate))
            if data is not None:
                return data
    return None


def _small_jpeg(path: Path) -> bytes | None:
    if not path.is_file():  # also keeps a FIFO or a device from blocking the export
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                small = make_thumbnail(image, THUMBNAIL_PIXELS)
        if small.mode == "RGBA":  # transparent parts print as paper, not as black
            paper = Image.new("RGB", small.size, "white")
            paper.paste(small, mask=small.getchannel("A"))
            small = paper
        buffer = io.BytesIO()
        small.save(buffer, "JPEG", quality=82)
    except Exception:  # any failure to read one image must not stop the whole finding aid
        return None
    return buffer.getvalue()


# --- the photographs and their links ------------------------------------------------------------


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _photos(selection: Selection) -> list[Photograph]:
    if selection.everything:
        return list(Photograph.select())
    found: list[Photograph] = []
    for chunk in _chunks(selection.ids_of("photo")):
        found.extend(Photograph.select().where(Photograph.id.in_(chunk)))
    return found


def _links(photo_ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """People, events and tags of the photographs, read in a few queries per 500 photographs
    rather than several per photograph."""
    found: dict[str, dict[int, list[str]]] = {"People": {}, "Events": {}, "Tags": {}}
    for chunk in _chunks(photo_ids):
        people = (
            PhotoPerson.select(PhotoPerson.photo, Person.name, PhotoPerson.role)
            .join(Person)
            .where(PhotoPerson.photo.in_(chunk))
            .order_by(PhotoPerson.id)
            .tuples()
        )
        for photo_id, name, role in people:
            found["People"].setdefault(photo_id, []).append(f"{name} ({role})" if role else name)
        events = (
            PhotoEvent.select(PhotoEvent.photo, Event.date, Event.title)
            .join(Event)
            .where(PhotoEvent.photo.in_(chunk))
            .order_by(Event.date_earliest, PhotoEvent.id)
            .tuples()
        )
        for photo_id, date, title in events:
            found["Events"].setdefault(photo_id, []).append(f"{date} {title}" if date else title)
        tags = (
            PhotoTag.select(PhotoTag.photo, Tag.name)
            .join(Tag)
            .where(PhotoTag.photo.in_(chunk))
            .order_by(Tag.name)
            .tuples()
        )
        for photo_id, name in tags:
            found["Tags"].setdefault(photo_id, []).append(name)
    return found


def _notes(photo_ids: list[int], style: Style) -> tuple[dict[int, list[CitationNote]], list[int]]:
    """Each photograph's citations (its own and those on its people and events) as notes,
    numbered in the order the finding aid shows the photographs; and the sources cited."""
    cites = photo_cites(photo_ids)
    cited = [CitedRecord("photo", photo_id, "", cites[photo_id]) for photo_id in cites]
    notes = {
        group.record_id: [
            CitationNote(
                note.number,
                printable(note.context) if note.context else None,
                printable(note.entry.text),
                printable(note.entry.html),
            )
            for note in group.notes
        ]
        for group in number_notes(cited, style)
    }
    sources = {
        int(cite.item_id.removeprefix("source-"))
        for record in cited
        for cite, _context in record.cites
    }
    return notes, sorted(sources)


def _fields(
    photo: Photograph, links: dict[str, dict[int, list[str]]], places: dict[int, str]
) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if photo.date:
        fields.append(("Date", photo.date + (f" ({photo.date_note})" if photo.date_note else "")))
    for label, value in (("Caption", photo.caption), ("Description", photo.description)):
        if value and value != photo.title:
            fields.append((label, value))
    for label in ("People", "Events"):
        if photo.id in links[label]:
            fields.append((label, "; ".join(links[label][photo.id])))
    if photo.place_id in places:
        fields.append(("Place", places[photo.place_id]))
    if photo.id in links["Tags"]:
        fields.append(("Tags", "; ".join(links["Tags"][photo.id])))
    for label, value in (
        ("Creator", photo.creator),
        ("Credit", photo.credit_line),
        ("Rights", photo.rights),
    ):
        if value:
            fields.append((label, value))
    extent = ", ".join(
        part
        for part in (
            photo.format,
            f"{photo.width} × {photo.height} px" if photo.width and photo.height else None,
            f"{photo.page_count} pages" if (photo.page_count or 1) > 1 else None,
        )
        if part
    )
    if extent:
        fields.append(("Extent", extent))
    return [(label, printable(value)) for label, value in fields]


# --- the arrangement ---------------------------------------------------------------------------


def _arrangement(
    by_collection: dict[int | None, list[Photograph]],
) -> list[tuple[Group, list[Photograph]]]:
    """Groups in the order of the arrangement, each with its photographs: every collection that
    holds (or whose descendants hold) selected photographs, under its parent, siblings by
    reference code then name; then the photographs in no collection."""
    children: dict[int | None, list[Collection]] = {}
    for collection in sorted(
        Collection.select(),
        key=lambda c: (natural_key(c.identifier or ""), natural_key(c.name), c.id),
    ):
        children.setdefault(collection.parent_id, []).append(collection)
    holding: dict[int, bool] = {}

    def holds(collection_id: int) -> bool:
        if collection_id not in holding:
            holding[collection_id] = collection_id in by_collection or any(
                holds(child.id) for child in children.get(collection_id, [])
            )
        return holding[collection_id]

    arranged: list[tuple[Group, list[Photograph]]] = []

    def walk(parent: int | None, path: list[str], visited: set[int]) -> None:
        for collection in children.get(parent, []):
            if collection.id in visited or not holds(collection.id):
                continue
            visited.add(collection.id)
            group = Group(
                printable(collection.name),
                printable(collection.level or ""),
                printable(collection.identifier or ""),
                len(path),
                path,
                printable(collection.description) if collection.description else None,
            )
            arranged.append((group, by_collection.get(collection.id, [])))
            walk(collection.id, [*path, group.name], visited)

    visited: set[int] = set()
    walk(None, [], visited)
    for collection_id in sorted(set(by_collection) - visited - {None}):  # type: ignore[operator]
        # only a parent loop written straight into the database leaves a collection
        # unreachable from the top; its photographs are still described
        collection = Collection.get_by_id(collection_id)
        group = Group(
            printable(collection.name), printable(collection.level or ""), "", 0, [], None
        )
        arranged.append((group, by_collection[collection_id]))
    if None in by_collection:
        arranged.append((Group(NOT_IN_A_COLLECTION, "", "", 0, [], None), by_collection[None]))
    return arranged


def outline(
    selection: Selection,
    catalog: Catalog | None = None,
    archive_name: str = "",
    style: Style | None = None,
) -> FindingAid:
    """The finding aid of the selected photographs, citations in `style` (default: the
    catalogue's default style). With `catalog`, thumbnails come from its cache when it has them."""
    style = style or find_style(None)
    by_collection: dict[int | None, list[Photograph]] = {}
    for photo in sorted(_photos(selection), key=lambda p: natural_key(p.accession_number)):
        by_collection.setdefault(photo.collection_id, []).append(photo)
    arranged = _arrangement(by_collection)
    photos = [photo for _group, in_group in arranged for photo in in_group]
    photo_ids = [photo.id for photo in photos]
    links = _links(photo_ids)
    notes, source_ids = _notes(photo_ids, style)
    places = _place_names({photo.place_id for photo in photos if photo.place_id})
    cache = ThumbnailCache(files_dir(catalog) / "thumbnails") if catalog is not None else None
    for group, in_group in arranged:
        for photo in in_group:
            cached = cache.path_for(photo.sha256) if cache is not None and photo.sha256 else None
            original = resolve(photo.file_path) if photo.file_path else None
            group.items.append(
                Item(
                    printable(photo.accession_number),
                    printable(photo.title or ""),
                    _fields(photo, links, places),
                    notes.get(photo.id, []),
                    thumbnail(original, cached),
                )
            )
    sources = []
    if source_ids and style.has_bibliography:
        entries = bibliography_entries(source_items(source_ids), style)
        sources = [(printable(entry.text), printable(entry.html)) for entry in entries]
    return FindingAid(
        archive_name=printable(archive_name),
        scope=_scope(selection, len(photos)),
        made_on=datetime.now(UTC).date().isoformat(),
        style_title=style.title,
        groups=[group for group, _photos in arranged],
        sources=sources,
    )


def _place_names(place_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in _chunks(sorted(place_ids)):
        query = Place.select(Place.id, Place.name).where(Place.id.in_(chunk)).tuples()
        names.update(dict(query))
    return names


def _scope(selection: Selection, count: int) -> str:
    photographs = f"{count} photograph{'' if count == 1 else 's'}"
    if selection.query:
        return printable(f"{photographs} found by the search “{selection.query}”")
    if selection.everything:
        return f"{photographs}: the whole catalogue"
    return f"{photographs} selected"
