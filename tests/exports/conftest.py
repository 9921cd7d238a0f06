"""A catalogue holding the demo plus records full of hostile text, for the export tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from archive_app.catalog import links, records
from archive_app.catalog.database import Catalog
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.models import Collection
from archive_app.catalog.settings import set_setting

HOSTILE = (
    "=cmd|' /C calc'!A0 \"quoted\" {braces} <script>alert('x')</script> & more\n"
    "second line שלום עולם Андрей Власов \x07bell"
)


@pytest.fixture
def hostile_catalog(catalog: Catalog) -> Catalog:
    seed_demo(catalog)
    fonds = records.create("collection", name='Fonds <12> & "Co"', level="fonds")
    series = records.create("collection", name="@series", parent=fonds, level="series")
    place = records.create("place", name="-Minus place", latitude=-33.5, longitude=151.2)
    photo = records.create(
        "photo",
        title=HOSTILE,
        caption="+caption",
        collection=series,
        place=place,
        date="1944?",
        rights="@rights",
        creator='=HYPERLINK("http://x")',
    )
    person = records.create("person", name="Власов, =Андрей", birth_date="1900")
    event = records.create("event", title="-event", date="1942-06")
    links.depict(photo.id, person.id, links.Region(0.1, 0.2, 0.3, 0.4), role="depicted")
    links.show_event(photo.id, event.id, note="\tnote")
    links.take_part(person.id, event.id, role="@role")
    links.tag_photos([photo.id], ["=tag", "Тег"])
    source = records.create("source", title=HOSTILE, csl_type="book")
    records.cite(source, "photo", photo.id, locator_label="page", locator="=1", text="+t")
    return catalog


@pytest.fixture
def hostile_text() -> str:
    return HOSTILE


@pytest.fixture
def arranged_catalog(hostile_catalog: Catalog, tmp_path: Path) -> Catalog:
    """The hostile catalogue arranged three levels deep (fonds › series › file), with a real
    portrait JPEG in the file, a broken PNG in no collection, and an archive name in Cyrillic
    with markup in it, as Preferences would store it."""
    series = Collection.get(Collection.name == "@series")
    dossier = records.create(
        "collection",
        name="Dossier Żółć — Власов",
        parent=series,
        level="file",
        identifier="F12/1/3",
    )
    scan = tmp_path / "scan.jpg"
    Image.new("RGB", (300, 500), (120, 90, 60)).save(scan, "JPEG")
    records.create(
        "photo", title="Café à Zürich — Фотография", collection=dossier, file_path=str(scan)
    )
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    records.create("photo", title="Sans collection", file_path=str(broken))
    set_setting("archive_name", 'Мемориал <Archive> & "Co"')
    return hostile_catalog
