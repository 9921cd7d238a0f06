"""The demo catalogue: the Vlasov article, its photograph, people, events, places and citations.

`seed_demo` adds it to a catalogue in one transaction and remembers the ids of what it made, so
`reset_demo` can take exactly those records away and seed them again without touching an
archivist's own records.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from archive_app.catalog import records
from archive_app.catalog.changes import joined
from archive_app.catalog.database import Catalog
from archive_app.catalog.models import (
    CatalogMeta,
    Citation,
    Collection,
    Event,
    Person,
    PersonEvent,
    PersonName,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Place,
    PlaceName,
    Source,
    SourceCreator,
    Tag,
)
from archive_app.catalog.settings import DEMO_RECORDS_KEY
from archive_app.catalog.standin import HEIGHT, WIDTH, write_standin
from archive_app.catalog.storage import files_dir

DEMO_KEY = DEMO_RECORDS_KEY
STANDIN_NAME = "vlasov-himmler-standin.png"


def demo_facts() -> dict[str, Any]:
    text = resources.files("archive_app").joinpath("resources/demo/vlasov.json").read_text("utf-8")
    return json.loads(text)


def demo_is_seeded() -> bool:
    return CatalogMeta.get_or_none(CatalogMeta.key == DEMO_KEY) is not None


class _Seeder:
    """Builds the demo records and keeps the ids it made, by record type."""

    def __init__(self, facts: dict[str, Any], image_path: Path) -> None:
        self.facts = facts
        self.image_path = image_path
        self.made: dict[str, list[int]] = {}
        self.places: dict[str, Place] = {}
        self.people: dict[str, Person] = {}
        self.collections: dict[str, Collection] = {}
        self.source: Source | None = None

    def _keep(self, record_type: str, record: Any) -> Any:
        self.made.setdefault(record_type, []).append(record.id)
        return record

    def _cite(self, target_type: str, target_id: int, fact: dict[str, Any]) -> None:
        assert self.source is not None
        records.cite(
            self.source,
            target_type,
            target_id,
            locator_label=fact.get("locator_label", "paragraph"),
            locator=fact.get("locator") or fact.get("para"),
            text=fact["text"],
            confidence=fact.get("confidence", 2),
            note=fact.get("note"),
        )

    def seed(self) -> None:
        self._source()
        self._collections()
        self._places()
        self._people()
        self._events()
        self._photograph()

    def _source(self) -> None:
        fact = dict(self.facts["source"])
        creators = fact.pop("creators")
        self.source = self._keep("source", records.create("source", **fact))
        for position, creator in enumerate(creators):
            SourceCreator.create(source=self.source, position=position, **creator)

    def _collections(self) -> None:
        for fact in self.facts["collections"]:
            parent = self.collections.get(fact.get("parent", ""))
            fields = {k: v for k, v in fact.items() if k not in ("key", "parent")}
            collection = records.create("collection", parent=parent, **fields)
            self.collections[fact["key"]] = self._keep("collection", collection)

    def _places(self) -> None:
        for fact in self.facts["places"]:
            fields = {k: v for k, v in fact.items() if k not in ("key", "names", "parent")}
            place = records.create(
                "place", parent=self.places.get(fact.get("parent", "")), **fields
            )
            for variant in fact.get("names", []):
                PlaceName.create(place=place, **variant)
            self.places[fact["key"]] = self._keep("place", place)

    def _people(self) -> None:
        for fact in self.facts["people"]:
            fields = {k: v for k, v in fact.items() if k not in ("key", "names", "citations")}
            person = self._keep("person", records.create("person", **fields))
            for variant in fact.get("names", []):
                PersonName.create(person=person, **variant)
            for citation in fact.get("citations", []):
                self._cite("person", person.id, citation)
            self.people[fact["key"]] = person

    def _events(self) -> None:
        for fact in self.facts["events"]:
            event = records.create(
                "event",
                title=fact["title"],
                event_type=fact.get("event_type"),
                date=fact.get("date"),
                place=self.places.get(fact.get("place", "")),
                description=fact.get("description"),
            )
            self._keep("event", event)
            self._cite("event", event.id, fact)
            for key, role in fact.get("people", []):
                PersonEvent.create(person=self.people[key], event=event, role=role)

    def _photograph(self) -> None:
        fact = self.facts["photograph"]
        regions = {
            self.people[link["person"]].name.split()[-1]: tuple(link["region"])
            for link in fact["people"]
        }
        write_standin(self.image_path, regions)
        content = self.image_path.read_bytes()
        photo = records.create(
            "photo",
            title=fact["title"],
            caption=fact["caption"],
            description=fact["description"],
            date=fact["date"],
            date_note=fact["date_note"],
            credit_line=fact["credit_line"],
            collection=self.collections[fact["collection"]],
            file_path=str(self.image_path),
            original_filename=self.image_path.name,
            file_size=len(content),
            format="PNG",
            width=WIDTH,
            height=HEIGHT,
            page_count=1,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        self._keep("photo", photo)
        self._cite("photo", photo.id, fact["citation"])
        for name in fact["tags"]:
            tag, _ = Tag.get_or_create(name=name)
            PhotoTag.create(photo=photo, tag=tag)
        for link in fact["people"]:
            x, y, w, h = link["region"]
            photo_person = PhotoPerson.create(
                photo=photo,
                person=self.people[link["person"]],
                role=link["role"],
                region_x=x,
                region_y=y,
                region_w=w,
                region_h=h,
            )
            self._cite("photo_person", photo_person.id, link["citation"])


def seed_demo(catalog: Catalog) -> dict[str, int]:
    """Add the demo records (once); returns how many of each type were made."""
    if demo_is_seeded():
        made = json.loads(CatalogMeta.get(CatalogMeta.key == DEMO_KEY).value)
        return {record_type: len(ids) for record_type, ids in made.items()}
    seeder = _Seeder(demo_facts(), files_dir(catalog) / "demo" / STANDIN_NAME)
    with joined("Add the demo records"):
        seeder.seed()
        CatalogMeta.create(key=DEMO_KEY, value=json.dumps(seeder.made))
    return {record_type: len(ids) for record_type, ids in seeder.made.items()}


#: the order in which demo records can be removed without breaking a reference.
_REMOVAL_ORDER = (
    ("photo", Photograph),
    ("event", Event),
    ("person", Person),
    ("source", Source),
    ("place", Place),
    ("collection", Collection),
)


def remove_demo() -> None:
    """Delete the records the demo made, with their links and citations. What an archivist
    added stays: a demo source they cited, or a demo collection holding their photographs, is
    kept."""
    row = CatalogMeta.get_or_none(CatalogMeta.key == DEMO_KEY)
    if row is None:
        return
    made: dict[str, list[int]] = json.loads(row.value)
    with joined("Remove the demo records") as ch:
        for record_type, model in _REMOVAL_ORDER:
            ids = made.get(record_type, [])
            if model is Source:
                ids = [i for i in ids if not Citation.select().where(Citation.source == i).exists()]
            if model is Collection:
                ids = [i for i in ids if not _collection_in_use(i, ids)]
                for collection_id in sorted(ids, reverse=True):  # sub-collections first
                    ch.delete(Collection, [collection_id])
                continue
            ch.delete(model, ids)
        demo_tags = demo_facts()["photograph"]["tags"]
        unused = Tag.name.in_(demo_tags) & Tag.id.not_in(PhotoTag.select(PhotoTag.tag))
        ch.delete(Tag, [tag_id for (tag_id,) in Tag.select(Tag.id).where(unused).tuples()])
        row.delete_instance()


def _collection_in_use(collection_id: int, removable: list[int]) -> bool:
    """A collection that still holds photographs, or sub-collections not being removed."""
    if Photograph.select().where(Photograph.collection == collection_id).exists():
        return True
    children = Collection.select().where(Collection.parent == collection_id)
    return children.where(Collection.id.not_in(removable)).exists()


def reset_demo(catalog: Catalog) -> dict[str, int]:
    """Remove the demo records and seed them again, in one change."""
    with joined("Reset the demo records"):
        remove_demo()
        return seed_demo(catalog)
