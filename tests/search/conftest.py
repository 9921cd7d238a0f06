"""A small archive with names in several scripts and dates of every precision, for the search
tests; made through the catalogue's own functions, in a real SQLite file and on a real
PostgreSQL server (every test here that uses a catalogue runs on both; see tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from archive_app.catalog import links, records
from archive_app.catalog.database import Catalog
from archive_app.catalog.models import PersonName, PhotoEvent, SourceCreator
from archive_app.catalog.search.execute import search


@pytest.fixture(params=("sqlite", "postgresql"))
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@dataclass
class Archive:
    catalog: Catalog
    ids: dict[str, int]

    def found(self, query: str, **options: object) -> set[str]:
        """The keys (as named in `ids`) of the records a query finds."""
        by_id = {(key.split(":")[0], value): key for key, value in self.ids.items()}
        result = search(query, limit=1000, **options)
        return {by_id.get((h.record_type, h.record_id), f"?{h.record_type}") for h in result.hits}


@pytest.fixture
def archive(catalog: Catalog) -> Archive:
    ids: dict[str, int] = {}

    def keep(key: str, record) -> int:  # noqa: ANN001
        ids[key] = record.id
        return record.id

    vlasov = records.create("person", name="Andrey Vlasov", birth_date="1900", death_date="1946")
    keep("person:vlasov", vlasov)
    PersonName.create(person=vlasov, name="Андрей Власов", script="Cyrl", language="ru")
    henri = keep("person:henri", records.create("person", name="Hénri Dupont"))
    stalin = keep("person:stalin", records.create("person", name="Иосиф Сталин"))
    keep("person:smith", records.create("person", name="Jane Smith", biography="a photographer"))

    moscow = records.create("place", name="Moscow")
    keep("place:moscow", moscow)
    keep("place:lubyanka", records.create("place", name="Lubyanka prison", parent=moscow))
    fonds = records.create("collection", name="Fonds 12", level="fonds")
    keep("collection:fonds", fonds)
    series = records.create("collection", name="Eastern front", level="series", parent=fonds)
    keep("collection:series", series)

    encircled = records.create(
        "event", title="2nd Shock Army encircled", date="1942-06", place=moscow
    )
    keep("event:encircled", encircled)
    captured = records.create("event", title="Captured by the Germans", date="1942-07~")
    keep("event:captured", captured)
    keep("event:trial", records.create("event", title="Trial in Moscow", date="1946-22"))
    keep("event:shock", records.create("event", title="Shock and awe", date="2003"))
    keep("event:undated", records.create("event", title="Shock of an undated army"))
    links.take_part(vlasov.id, encircled.id, "commander")
    links.take_part(vlasov.id, captured.id, "prisoner")

    photo = records.create(
        "photo",
        accession_number="PH-000042",
        title="Vlasov with officers",
        caption="General at the front",
        date="1942/1944",
        collection=series,
    )
    keep("photo:vlasov", photo)
    links.depict(photo.id, vlasov.id)
    links.tag_photos([photo.id], ["defector"])
    PhotoEvent.create(photo=photo, event=captured)
    portrait = records.create(
        "photo", accession_number="PH-000043", title="Portrait of Hénri", date="1950"
    )
    keep("photo:henri", portrait)
    links.depict(portrait.id, henri)
    unseen = records.create(
        "photo", accession_number="PH-000044", title="A street", caption="No one we know"
    )
    keep("photo:street", unseen)
    links.depict(unseen.id, stalin)

    source = records.create("source", title="Generals who changed sides", issued="2017-11-15")
    keep("source:article", source)
    SourceCreator.create(source=source, family="Elhassan", given="Khalid")
    keep(
        "citation:capture",
        records.cite(source, "event", captured.id, locator="5", text="Captured in July 1942."),
    )
    return Archive(catalog, ids)
