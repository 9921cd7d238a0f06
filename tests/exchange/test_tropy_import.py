"""Tropy projects built with Tropy's own schema, imported with every field, tag, list, note and
selection accounted for; the project file never changed; JSON-LD and .tropy folders too; and
files that are not Tropy projects refused in one line."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3

import pytest
from tropy_project import build_project, jsonld_export

from archive_app.catalog import journal
from archive_app.catalog.exchange.tropy_import import import_tropy
from archive_app.catalog.exchange.tropy_read import TropyError
from archive_app.catalog.links import photo_tags
from archive_app.catalog.models import Collection, Person, Photograph, PhotoPerson

DC = "http://purl.org/dc/elements/1.1/"
TROPY = "https://tropy.org/v1/tropy#"


def _photo(title: str) -> Photograph:
    return Photograph.get(Photograph.title == title)


def _path_of(collection: Collection) -> list[str]:
    names, walk = [], collection
    while walk is not None:
        names.append(walk.name)
        walk = walk.parent
    return list(reversed(names))


def _region(photo: Photograph, name: str) -> PhotoPerson:
    return PhotoPerson.get(
        (PhotoPerson.photo == photo.id) & (PhotoPerson.person == Person.get(name=name).id)
    )


def _check_vlasov_item(front: Photograph, back: Photograph, tpy: bool) -> None:
    assert front.date == "1944-09" and front.creator == "Unknown press photographer"
    assert front.description == "Press print, two views.\n\nThe caption on the mount is in German."
    assert front.credit_line == "Bundesarchiv" and front.place.name == "Berlin"
    assert front.rights.startswith("CC BY-SA 3.0 DE")
    assert _path_of(front.collection) == ["vlasov" if not tpy else "Vlasov papers", "Generals",
                                          "Soviet", "Vlasov and Himmler"]  # fmt: skip
    assert front.collection.level == "file" and back.collection_id == front.collection_id
    kept = json.loads(front.embedded_metadata)["tropy"]
    assert kept["item"] == {f"{DC}type": "Photograph", f"{DC}identifier": "Bild 146-1984-101-29",
                            f"{DC}coverage": "Berlin", f"{TROPY}box": "Box 3",
                            f"{TROPY}folder": "Folder 12"}  # fmt: skip
    assert kept["lists"] == ["Generals › Soviet", "To check"]
    assert (kept["position"], kept["of"]) == (1, 2)
    unnamed = kept["selections"][1]
    assert unnamed["region"] == [0.75, 250 / 300, 0.125, 40 / 300] and unnamed["metadata"] == {}
    himmler = _region(front, "Heinrich Himmler")
    assert (himmler.region_x, himmler.region_y, himmler.region_w) == (0.1, 0.1, 0.25)
    assert himmler.region_h == pytest.approx(200 / 300)
    assert himmler.note == "Himmler on the left, in uniform."
    vlasov = _region(back, "Andrey Vlasov")  # turned with the photo (EXIF orientation 6)
    assert (back.width, back.height) == (400, 600)
    assert (vlasov.region_x, vlasov.region_y, vlasov.region_w, vlasov.region_h) == (
        0.75, 0.0, 0.25, 0.5)  # fmt: skip
    assert json.loads(back.embedded_metadata)["tropy"]["transcriptions"] == [
        "Stempel: Presse-Bild-Zentrale"
    ]
    assert "defector" in photo_tags(front.id)


def test_a_tropy_project_comes_in_whole_and_is_never_changed(catalog, tmp_path):
    built = build_project(tmp_path / "tropy")
    before = hashlib.sha256(built.path.read_bytes()).hexdigest()
    stat = built.path.stat()
    report = import_tropy(built.path, catalog, relink=tmp_path / "tropy" / "elsewhere")
    assert hashlib.sha256(built.path.read_bytes()).hexdigest() == before
    assert built.path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in built.path.parent.iterdir() if p.is_file()) == ["vlasov.tpy"]
    assert report.format == "tpy" and len(report.created["photo"]) == 3
    assert report.refused == [
        {"record": "Damaged scan: broken.jpg",
         "reason": "is damaged: its header cannot be read as an image"}
    ]  # fmt: skip
    front, back = _photo("Front of the print"), _photo("Vlasov and Himmler")
    _check_vlasov_item(front, back, tpy=True)
    assert photo_tags(back.id) == ["defector", "press"]
    parade = _photo("Parade")
    assert parade.date is None and parade.date_note == "Date in Tropy: around 1943"
    assert parade.file_path.endswith("renamed-scan.jpg")  # relinked by checksum
    assert _path_of(parade.collection) == ["Vlasov papers", "Generals"]
    assert Collection.get(name="To check").parent.name == "Vlasov papers"
    warnings = " | ".join(report.warnings)
    assert "renamed-scan.jpg: found by checksum" in warnings
    assert "1 item(s) in Tropy's trash were left out" in warnings
    assert "1 selection(s) without a title" in warnings
    assert Photograph.select().where(Photograph.title == "Deleted item").count() == 0
    (entry,) = journal.history()
    assert entry.id == report.change_id and entry.label == "Import Tropy project Vlasov papers"
    again = import_tropy(built.path, catalog, relink=tmp_path / "tropy" / "elsewhere")
    assert "photo" not in again.created and len(again.matched["photo"]) == 3
    assert Photograph.select().count() == 3


def test_a_managed_tropy_folder_finds_its_photos_in_its_store(catalog, tmp_path):
    built = build_project(tmp_path, managed=True)
    report = import_tropy(built.path, catalog)
    assert report.format == "tropy" and len(report.created["photo"]) == 3
    front = _photo("Front of the print")
    assert "Vlasov papers.tropy/assets/front.jpg" in front.file_path
    assert any("parade.jpg" in w and "not where the project says" in w for w in report.warnings)
    assert Photograph.select().where(Photograph.title == "Parade").get().file_path is None


def test_tropys_json_ld_export_comes_in_like_the_project(catalog, tmp_path):
    built = build_project(tmp_path / "tropy")
    document = jsonld_export(built, tmp_path / "vlasov.json")
    report = import_tropy(document, catalog)
    assert report.format == "json-ld" and report.refused == []
    assert len(report.created["photo"]) == 3
    front, back = _photo("Front of the print"), _photo("Vlasov and Himmler")
    _check_vlasov_item(front, back, tpy=False)
    assert photo_tags(back.id) == ["defector"]  # Tropy's JSON-LD carries the item's tags only


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text", "not a Tropy project (.tpy, .tropy) or JSON-LD export"),
        (b'{"items": []}', "no @graph of items"),
        (b'{"@graph": [', "not a Tropy JSON-LD export"),
    ],
)
def test_files_that_are_not_tropy_projects_are_refused(catalog, tmp_path, content, message):
    path = tmp_path / "x.tpy"
    path.write_bytes(content)
    with pytest.raises(TropyError, match=re.escape(message)):
        import_tropy(path, catalog)
    assert Photograph.select().count() == 0


def test_a_sqlite_file_that_is_not_tropy_and_a_folder_without_a_project(catalog, tmp_path):
    other = tmp_path / "other.tpy"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE x (y)")
    connection.close()
    with pytest.raises(TropyError, match="other.tpy: not a Tropy project"):
        import_tropy(other, catalog)
    folder = tmp_path / "Empty.tropy"
    folder.mkdir()
    with pytest.raises(TropyError, match="must hold project.tpy"):
        import_tropy(folder, catalog)


def test_a_selection_outside_the_photo_is_kept_but_makes_no_region(catalog, tmp_path):
    built = build_project(tmp_path / "tropy")
    db = sqlite3.connect(built.path)
    db.execute("UPDATE selections SET x = 5000, y = 5000")  # past the edge of every photo
    db.commit()
    db.close()
    report = import_tropy(built.path, catalog, relink=tmp_path / "tropy" / "elsewhere")
    assert len(report.created["photo"]) == 3 and PhotoPerson.select().count() == 0
    assert sum("kept in tropy.selections" in w for w in report.warnings) == 2


def test_importing_again_with_a_relink_folder_mends_photos_made_without_their_file(
    catalog, tmp_path
):
    built = build_project(tmp_path / "tropy")
    first = import_tropy(built.path, catalog)
    parade = Photograph.get(Photograph.title == "Parade")
    assert parade.file_path is None and "photo" in first.created
    again = import_tropy(built.path, catalog, relink=tmp_path / "tropy" / "elsewhere")
    assert "photo" not in again.created
    parade = Photograph.get_by_id(parade.id)
    assert parade.file_path.endswith("renamed-scan.jpg") and parade.sha256 and parade.width == 300
    assert any(f"{parade.accession_number}: its image found by checksum" in w
               for w in again.warnings)  # fmt: skip
