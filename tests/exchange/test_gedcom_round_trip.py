"""GEDCOM 7, GEDCOM 5.5.1 and GEDZIP exported from a catalogue and imported into a new one: the
same people, events, roles, dates, citations and regions; parsed by two independent GEDCOM
libraries; imported twice, matched the second time instead of made again."""

from __future__ import annotations

import zipfile
from pathlib import Path

import gedcom7
import pytest
from exchange_facts import catalogue_facts
from ged4py.parser import GedcomReader

from archive_app.catalog.database import open_catalog
from archive_app.catalog.exchange.gedcom_export import (
    GEDCOM_7,
    GEDCOM_551,
    gedcom_document,
    gedcom_text,
)
from archive_app.catalog.exchange.gedcom_import import import_gedcom
from archive_app.catalog.exchange.gedzip import gedzip_document, write_gedzip
from archive_app.catalog.models import Photograph
from archive_app.catalog.sources.selection import whole_catalogue


def _export(tmp_path: Path, kind: str) -> Path:
    if kind == "gedzip":
        target = tmp_path / "export.gdz"
        write_gedzip(gedzip_document(whole_catalogue()), target)
    else:
        target = tmp_path / f"export-{kind}.ged"
        version = GEDCOM_7 if kind == "gedcom7" else GEDCOM_551
        target.write_text(gedcom_text(gedcom_document(whole_catalogue(), version)), "utf-8")
    return target


@pytest.mark.parametrize("kind", ["gedcom7", "gedcom", "gedzip"])
def test_export_then_import_keeps_people_events_citations_and_regions(rich_demo, tmp_path, kind):
    before = catalogue_facts()
    exported = _export(tmp_path, kind)
    rich_demo.close()
    with open_catalog(tmp_path / "other.db") as other:
        report = import_gedcom(exported, other)
        assert report.refused == [] and report.warnings == []
        assert len(report.created["person"]) == 4 and len(report.created["event"]) == 16
        assert catalogue_facts() == before
        again = import_gedcom(exported, other)
        assert set(again.created) == set()  # nothing made twice
        assert len(again.matched["person"]) == 4 and len(again.matched["photo"]) == 1
        assert catalogue_facts() == before


def test_gedcom7_export_is_valid_for_the_gedcom7_library(rich_demo, tmp_path):
    text = _export(tmp_path, "gedcom7").read_text("utf-8")
    records = gedcom7.loads(text)
    assert gedcom7.validate(records) == []
    people = [r for r in records if r.tag == "INDI"]
    vlasov = next(p for p in people if p.children[0].text == "Andrey Andreyevich /Vlasov/")
    crop = next(c for c in vlasov.children if c.tag == "OBJE").children[0]
    assert crop.tag == "CROP"
    photo = Photograph.get()
    values = {c.tag: int(c.text) for c in crop.children}
    assert values["LEFT"] == round(0.56 * photo.width) and values["TOP"] == round(
        0.1 * photo.height
    )
    quay = {c.text for r in records for c in _walk(r) if c.tag == "QUAY"}
    assert quay == {"0", "1", "2", "3"}


def _walk(structure):
    yield structure
    for child in structure.children:
        yield from _walk(child)


def test_gedcom551_export_reads_in_ged4py(rich_demo, tmp_path):
    path = _export(tmp_path, "gedcom")
    with GedcomReader(str(path)) as reader:
        people = {p.name.format(): p for p in reader.records0("INDI")}
        assert set(people) == {
            "Andrey Andreyevich Vlasov",
            "Heinrich Himmler",
            "Joseph Stalin",
            "Chiang Kai-shek",
        }
        vlasov = people["Andrey Andreyevich Vlasov"]
        assert str(vlasov.sub_tag_value("BIRT/DATE")) == "1900"
        dates = {str(e.sub_tag_value("DATE")) for e in vlasov.sub_tags("EVEN")}
        assert "BETWEEN 1940 AND 1949" in dates  # 194X, read by another program
        source = next(reader.records0("SOUR"))
        assert source.sub_tag_value("TITL").startswith("12 Generals")
        media = next(reader.records0("OBJE"))
        assert Path(media.sub_tag_value("FILE")).is_file()


def test_gedzip_carries_the_image_files_stored_as_they_are(rich_demo, tmp_path):
    path = _export(tmp_path, "gedzip")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "gedcom.ged"
        image = next(n for n in names if n.startswith("media/"))
        assert archive.getinfo(image).compress_type == zipfile.ZIP_STORED
        photo = Photograph.get()
        assert archive.read(image) == Path(photo.file_path).read_bytes()
        assert f"1 FILE {image}" in archive.read("gedcom.ged").decode("utf-8")


def test_a_search_scope_exports_the_people_it_finds_with_their_photographs(rich_demo):
    from archive_app.catalog.sources.selection import from_query

    document = gedcom_document(from_query("chiang type:person"), GEDCOM_7)
    people = [r for r in document.records if r.tag == "INDI"]
    assert [p.children[0].text for p in people] == ["Chiang Kai-shek"]
    assert document.counts["photos"] == 0


def test_an_import_is_one_journal_entry_that_revert_takes_back(rich_demo, tmp_path):
    from archive_app.catalog import journal
    from archive_app.catalog.models import Person

    exported = _export(tmp_path, "gedcom7")
    rich_demo.close()
    with open_catalog(tmp_path / "other.db") as other:
        report = import_gedcom(exported, other)
        entry = journal.entry(report.change_id)
        assert entry.label == "Import GEDCOM export-gedcom7.ged"
        made = {(r.record_type, r.action) for r in entry.rows}
        assert {("person", "created"), ("person_name", "created"), ("citation", "created"),
                ("person_event", "created"), ("photo_person", "created")} <= made  # fmt: skip
        assert len(journal.history()) == 1
        journal.revert(report.change_id)
        assert Person.select().count() == 0 and Photograph.select().count() == 0


@pytest.mark.parametrize("kind", ["gedcom7", "gedcom"])
def test_hostile_text_is_written_safely_and_comes_back(catalog, tmp_path, kind):
    from archive_app.catalog import records

    biography = "Line one\nline two with @handle and @@ twice\x01\x7f and " + "long " * 120
    person = records.create(
        "person", name="@Ann /de/ la Croix", sort_name="Croix, Ann de la", biography=biography
    )
    event = records.create("event", title="@I1@ is not a pointer", date="1950")
    from archive_app.catalog.links import take_part

    take_part(person.id, event.id, role="witness\nand clerk")
    path = _export(tmp_path, kind)
    text = path.read_text("utf-8")
    if kind == "gedcom7":
        assert gedcom7.validate(gedcom7.loads(text)) == []
    else:
        assert max(len(line) for line in text.splitlines()) <= 255
    catalog.close()
    with open_catalog(tmp_path / "other.db") as other:
        report = import_gedcom(path, other)
        assert report.refused == []
        from archive_app.catalog.models import Person, PersonEvent

        back = Person.get()
        assert back.name == "@Ann de la Croix" and back.sort_name == "Croix, Ann de la"
        assert back.biography == biography.replace("\x01", "").replace("\x7f", "")
        link = PersonEvent.get()
        assert link.event.title == "@I1@ is not a pointer" and link.role == "witness\nand clerk"
