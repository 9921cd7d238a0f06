"""A carriage return in a catalogue value survives the XML writers: an independent parser reads
back exactly what is stored, not the line feed a bare "\r" turns into when XML is read."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from archive_app.catalog import records
from archive_app.catalog.database import Catalog
from archive_app.catalog.exchange.eac_export import eac_zip
from archive_app.catalog.exchange.ead3_export import ead3_xml
from archive_app.catalog.exports.dublin_core import DC, dublin_core_xml
from archive_app.catalog.sources.selection import Selection

EAD = "{http://ead3.archivists.org/schema/}"
EAC = "{https://archivists.org/ns/eac/v2}"
TITLE = "Line one\rline two\r\nline three"
DESCRIPTION = "Verso:\r\rstamped"


def test_dublin_core_keeps_carriage_returns(catalog: Catalog) -> None:
    photo = records.create("photo", title=TITLE, description=DESCRIPTION)
    text = dublin_core_xml(Selection(ids={"photo": [photo.id]}), "Archive\rname")
    assert "\r" not in text
    record = etree.fromstring(text.encode("utf-8"))
    assert record.findtext(f".//{{{DC}}}title") == TITLE
    assert record.findtext(f".//{{{DC}}}description") == DESCRIPTION
    assert record.findtext(f".//{{{DC}}}publisher") == "Archive\rname"


def test_ead3_keeps_carriage_returns(catalog: Catalog) -> None:
    photo = records.create("photo", title=TITLE, description=DESCRIPTION)
    text = ead3_xml(Selection(ids={"photo": [photo.id]}), "Archive")
    document = etree.fromstring(text.encode("utf-8"))
    item = document.find(f".//{EAD}c[@level='item']")
    assert item.findtext(f"{EAD}did/{EAD}unittitle") == TITLE
    paragraphs = [p.text for p in item.iter(f"{EAD}p")]
    assert DESCRIPTION in paragraphs


def test_eac_keeps_carriage_returns(catalog: Catalog) -> None:
    person = records.create("person", name="Anna\rBerg", biography=DESCRIPTION)
    content, count = eac_zip(Selection(ids={"person": [person.id]}))
    assert count == 1
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        document = etree.fromstring(archive.read(f"person-{person.id}.xml"))
    assert document.findtext(f".//{EAC}biogHist/{EAC}p") == DESCRIPTION
    names = [part.text for part in document.iter(f"{EAC}part")]
    assert "Anna\rBerg" in names
