"""EAD3 and EAC-CPF: valid against the official schemas (vendored in tests/exchange/schemas,
CC0), for the whole demo, a search's records, and records with hostile text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from archive_app.catalog import records
from archive_app.catalog.exchange.eac_export import eac_zip
from archive_app.catalog.exchange.ead3_export import ead3_xml, iso_range
from archive_app.catalog.links import Region, depict
from archive_app.catalog.models import Person, Photograph
from archive_app.catalog.sources.selection import Selection, from_query, whole_catalogue

SCHEMAS = Path(__file__).parent / "schemas"
EAD = "{http://ead3.archivists.org/schema/}"
EAC = "{https://archivists.org/ns/eac/v2}"


@pytest.fixture(scope="module")
def ead3_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "ead3.xsd")))


@pytest.fixture(scope="module")
def eac_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "eac.xsd")))


def _valid(schema, data: bytes) -> etree._Element:
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log
    return document


def _eac_records(selection, schema) -> dict[str, etree._Element]:
    content, count = eac_zip(selection, "Demo archive")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert len(names) == count
        return {name: _valid(schema, archive.read(name)) for name in names}


def test_the_demo_as_ead3_is_valid_and_keeps_the_arrangement(demo_catalog, ead3_schema):
    document = _valid(ead3_schema, ead3_xml(whole_catalogue(), "Demo archive").encode())
    fonds = document.find(f"{EAD}archdesc/{EAD}dsc/{EAD}c")
    assert fonds.get("level") == "fonds"
    assert fonds.findtext(f"{EAD}did/{EAD}unittitle") == "Demo: the Vlasov article"
    file_ = fonds.find(f"{EAD}c")
    assert file_.get("level") == "file"
    item = file_.find(f"{EAD}c")
    assert item.get("level") == "item" and item.findtext(f"{EAD}did/{EAD}unitid") == "PH-000001"
    date = item.find(f"{EAD}did/{EAD}unitdate")
    assert (date.text, date.get("normal")) == ("1942-07/1945-05", "1942-07-01/1945-05-31")
    dao = item.find(f"{EAD}did/{EAD}dao")
    photo = Photograph.get()
    assert dao.get("href") == Path(photo.file_path).absolute().as_uri()
    people = {(p.findtext(f"{EAD}part"), p.get("relator"))
              for p in item.iter(f"{EAD}persname")}  # fmt: skip
    assert people == {("Andrey Andreyevich Vlasov", "depicted"), ("Heinrich Himmler", "depicted")}
    assert item.find(f"{EAD}bibliography/{EAD}bibref") is not None


def test_every_demo_person_is_a_valid_eac_cpf_record(demo_catalog, eac_schema):
    documents = _eac_records(whole_catalogue(), eac_schema)
    assert sorted(documents) == [f"person-{p.id}.xml" for p in Person.select().order_by(Person.id)]
    vlasov = documents["person-1.xml"]
    names = [e.findtext(f"{EAC}part") for e in vlasov.iter(f"{EAC}nameEntry")]
    assert names[0] == "Andrey Andreyevich Vlasov" and "Андрей Андреевич Власов" in names
    native = next(e for e in vlasov.iter(f"{EAC}nameEntry") if e.get("scriptOfElement") == "Cyrl")
    assert (native.get("languageOfElement"), native.get("localType")) == ("ru", "native")
    assert vlasov.find(f".//{EAC}existDates/{EAC}dateRange/{EAC}fromDate").text == "1900"
    events = [e.text for e in vlasov.iter(f"{EAC}event")]
    assert events[0] == "Drafted into the Red Army; fights in the Russian Civil War (conscript)"
    relation = vlasov.find(f".//{EAC}relation")
    assert relation.findtext(f"{EAC}targetRole") == "depicted"


def test_a_search_scope_and_hostile_text_stay_valid(demo_catalog, ead3_schema, eac_schema):
    collection = records.create("collection", name='Box <7> & "friends"', level="box")
    photo = records.create(
        "photo", title="Control \x01 chars \x1f & <tags>", collection=collection.id,
        date="194X", rights="© ‮ RTL override",
    )  # fmt: skip
    person = records.create("person", name="O'Brien <script>", death_date="1950?")
    depict(photo.id, person.id, Region(0.1, 0.1, 0.2, 0.2), role="sitter & friend")
    selection = Selection(ids={"photo": [photo.id]})
    document = _valid(ead3_schema, ead3_xml(selection, "Archive & <Co>").encode())
    box = document.find(f"{EAD}archdesc/{EAD}dsc/{EAD}c")
    assert (box.get("level"), box.get("otherlevel")) == ("otherlevel", "box")
    item = box.find(f"{EAD}c")
    assert item.findtext(f"{EAD}did/{EAD}unittitle") == "Control  chars  & <tags>"
    assert item.find(f"{EAD}did/{EAD}dao") is None  # no file
    assert item.find(f"{EAD}did/{EAD}unitdate").get("normal") == "1940-01-01/1949-12-31"
    documents = _eac_records(selection, eac_schema)
    assert list(documents) == [f"person-{person.id}.xml"]
    dates = documents[f"person-{person.id}.xml"].find(f".//{EAC}existDates/{EAC}dateRange")
    assert [c.tag for c in dates] == [f"{EAC}toDate"]


def test_an_empty_search_gives_valid_empty_documents(demo_catalog, ead3_schema, eac_schema):
    selection = from_query("nothingmatchesthis")
    document = _valid(ead3_schema, ead3_xml(selection, "").encode())
    assert document.find(f"{EAD}archdesc/{EAD}dsc/{EAD}c") is None
    assert _eac_records(selection, eac_schema) == {}


def test_open_ended_dates_have_no_normal_form():
    assert iso_range("[..1942]") is None
    assert iso_range("1942-06-01") == "1942-06-01"


def test_both_documents_use_their_namespace_as_the_default(demo_catalog):
    content, _ = eac_zip(whole_catalogue())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        record = archive.read("person-1.xml").decode("utf-8")
    assert '<eac xmlns="https://archivists.org/ns/eac/v2">' in record and "ns0:" not in record
    aid = ead3_xml(whole_catalogue())
    assert '<ead xmlns="http://ead3.archivists.org/schema/">' in aid and "ns0:" not in aid
