"""GEDCOM as other programs write it: families, Julian dates, ANSI text, note records, a CROP
without our fractions, lines that bend the standard; and files that are not GEDCOM at all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PIL import Image

from archive_app.catalog.exchange.gedcom_import import import_gedcom
from archive_app.catalog.exchange.gedcom_read import GedcomError
from archive_app.catalog.models import (
    Citation,
    Event,
    Person,
    PersonEvent,
    Photograph,
    PhotoPerson,
    Place,
)

FOREIGN_551 = """0 HEAD
1 SOUR GRAMPS
2 VERS 5.1.6
1 GEDC
2 VERS 5.5.1
2 FORM LINEAGE-LINKED
1 CHAR ANSI
0 @I1@ INDI
1 NAME Jos\xe9 /Mart\xednez/
2 GIVN Jos\xe9
2 SURN Mart\xednez
1 SEX M
1 BIRT
2 DATE ABT 1850
2 PLAC Sevilla, Andaluc\xeda, Espa\xf1a
2 SOUR @S1@
3 PAGE folio 12r
3 QUAY 3
1 DEAT
2 DATE @#DJULIAN@ 1 JAN 1900
1 OCCU Carpenter
2 DATE FROM 1870 TO 1890
1 NOTE @N1@
1 FAMS @F1@
0 @I2@ INDI
1 NAME Mar\xeda /L\xf3pez/
1 BIRT
2 DATE 3 MAR 1855
0 @I3@ INDI
1 NAME Juan /Mart\xednez/
1 FAMC @F1@
0 @F1@ FAM
1 HUSB @I1@
1 WIFE @I2@
1 CHIL @I3@
1 MARR
2 DATE 12 JAN 1875/76
2 PLAC Sevilla, Andaluc\xeda, Espa\xf1a
2 SOUR Parish register of San Lorenzo
0 @N1@ NOTE Worked in the shipyard
1 CONC s for twenty years.
1 CONT Retired in 1890.
0 @S1@ SOUR
1 TITL Padr\xf3n municipal
1 AUTH Ayuntamiento de Sevilla
this line is not GEDCOM
0 @R1@ REPO
1 NAME Archivo Municipal
0 TRLR
"""


def test_a_gedcom_551_file_from_another_program_comes_in_with_what_it_can_hold(catalog, tmp_path):
    path = tmp_path / "family.ged"
    path.write_bytes(FOREIGN_551.encode("cp1252"))
    report = import_gedcom(path, catalog)
    assert report.format == "GEDCOM 5.5.1" and report.refused == []
    jose = Person.get(Person.name == "José Martínez")
    assert jose.sort_name == "Martínez, José" and jose.birth_date == "1850~"
    assert "Worked in the shipyards for twenty years.\nRetired in 1890." in jose.biography
    assert "Death date in GEDCOM: @#DJULIAN@ 1 JAN 1900" in jose.biography
    birth = Event.get(Event.event_type == "birth")
    assert birth.date == "1850~" and birth.place.name == "Sevilla"
    assert birth.place.parent.parent.name == "España"
    citation = Citation.get(Citation.event == birth.id)
    assert (citation.locator_label, citation.locator, citation.confidence) == ("folio", "12r", 4)
    assert citation.source.title == "Padrón municipal"
    occupation = Event.get(Event.event_type == "occupation")
    assert occupation.title == "Occupation: Carpenter" and occupation.date == "1870/1890"
    marriage = Event.get(Event.event_type == "marriage")
    assert marriage.date == "1876-01-12" and marriage.place_id == birth.place_id
    roles = {
        (link.person.name, link.role)
        for link in PersonEvent.select().where(PersonEvent.event == marriage)
    }
    assert roles == {("José Martínez", "husband"), ("María López", "wife")}
    inline = Citation.get(Citation.event == marriage.id)
    assert inline.source.title == "Parish register of San Lorenzo"
    assert Place.select().where(Place.name == "Sevilla").count() == 1
    warnings = " | ".join(report.warnings)
    assert "line 46: not a GEDCOM line" in warnings
    assert "SEX of people x1" in warnings and "children of families" in warnings
    assert "REPO records x1" in warnings
    assert "death date '@#DJULIAN@ 1 JAN 1900' kept as text" in warnings


def _png(path: Path, size=(200, 100)) -> Path:
    Image.new("RGB", size, "gray").save(path)
    return path


def test_a_gedcom7_crop_in_pixels_becomes_the_persons_region(catalog, tmp_path):
    _png(tmp_path / "group.png")
    (tmp_path / "crop.ged").write_text(
        "0 HEAD\n1 GEDC\n2 VERS 7.0\n"
        "0 @I1@ INDI\n1 NAME Anna /Berg/\n1 OBJE @O1@\n2 CROP\n3 TOP 10\n3 LEFT 50\n"
        "3 HEIGHT 80\n3 WIDTH 40\n"
        "0 @O1@ OBJE\n1 FILE group.png\n2 FORM image/png\n0 TRLR\n",
        "utf-8",
    )
    report = import_gedcom(tmp_path / "crop.ged", catalog)
    assert report.refused == [] and report.format == "GEDCOM 7.0"
    link = PhotoPerson.get()
    assert (link.region_x, link.region_y, link.region_w, link.region_h) == (0.25, 0.1, 0.2, 0.8)
    assert link.photo.width == 200 and link.photo.sha256


def test_an_image_that_does_not_decode_is_refused_alone_and_a_missing_one_is_named(
    catalog, tmp_path
):
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (tmp_path / "media.ged").write_text(
        "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n"
        "0 @I1@ INDI\n1 NAME Anna /Berg/\n1 OBJE @O1@\n"
        "0 @O1@ OBJE\n1 FILE broken.jpg\n2 FORM jpg\n"
        "0 @O2@ OBJE\n1 FILE gone.jpg\n2 FORM jpg\n2 TITL Lost picture\n0 TRLR\n",
        "utf-8",
    )
    report = import_gedcom(tmp_path / "media.ged", catalog)
    assert [r["record"] for r in report.refused] == ["@O1@ OBJE"]
    assert "broken.jpg" in report.refused[0]["reason"]
    assert Person.select().count() == 1
    lost = Photograph.get()
    assert lost.title == "Lost picture" and lost.file_path is None
    assert any("gone.jpg" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "does not begin with '0 HEAD'"),
        (b"%PDF-1.4 not gedcom", "does not begin with '0 HEAD'"),
        (b"\x00\x01\x02garbage", "does not begin with '0 HEAD'"),
    ],
)
def test_a_file_that_is_not_gedcom_is_refused_with_one_line(catalog, tmp_path, content, message):
    path = tmp_path / "x.ged"
    path.write_bytes(content)
    with pytest.raises(GedcomError, match=message):
        import_gedcom(path, catalog)
    assert Person.select().count() == 0


def test_a_gedzip_whose_member_climbs_out_of_the_archive_is_refused(catalog, tmp_path):
    path = tmp_path / "evil.gdz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("gedcom.ged", "0 HEAD\n1 GEDC\n2 VERS 7.0\n0 TRLR\n")
        archive.writestr("../../outside.png", b"x")
    with pytest.raises(GedcomError, match="leaves the archive"):
        import_gedcom(path, catalog)
    assert not (tmp_path.parent / "outside.png").exists()


def test_a_zip_without_gedcom_ged_is_not_a_gedzip(catalog, tmp_path):
    path = tmp_path / "plain.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(GedcomError, match="gedcom.ged at its root"):
        import_gedcom(path, catalog)


def test_a_bad_record_is_refused_alone_and_the_rest_come_in(catalog, tmp_path):
    (tmp_path / "bad.ged").write_text(
        "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n"
        "0 @I1@ INDI\n1 SEX F\n"
        "0 @I2@ INDI\n1 NAME Eva /Holm/\n0 TRLR\n",
        "utf-8",
    )
    report = import_gedcom(tmp_path / "bad.ged", catalog)
    assert report.refused == [{"record": "@I1@ INDI", "reason": "a person without a name"}]
    assert [p.name for p in Person.select()] == ["Eva Holm"]
