"""A loaded catalogue may name only files inside the catalogue's file store, its archive root or a
declared folder; the bag copies a file only when it matches its SHA-256, gives every file a name
of its own, and checks its manifest against the photographs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bagit
import pytest

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.exports.json_export import FORMAT_NAME
from archive_app.catalog.importing.placement import save_archive_root
from archive_app.catalog.models import Photograph
from archive_app.cli import main


def _export_with_file(tmp_path: Path, file_path: str, sha256: str | None = None) -> Path:
    document = {
        "format": FORMAT_NAME,
        "version": 1,
        "photos": [
            {
                "id": 1,
                "accession_number": "X-1",
                "title": "Bait",
                "file_path": file_path,
                "original_filename": "bait.txt",
                "sha256": sha256,
            }
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document), "utf-8")
    return path


@pytest.mark.parametrize(
    "file_path", ["{secret}", "../../../../../../../../etc/hostname", "/etc/hostname"]
)
def test_load_refuses_a_photograph_naming_a_file_outside_the_store(tmp_path, capsys, file_path):
    secret = tmp_path / "home" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("the archivist's password")
    export = _export_with_file(tmp_path, file_path.format(secret=secret))
    catalog = tmp_path / "c.db"
    (tmp_path / "archive").mkdir()
    with open_catalog(catalog):
        save_archive_root(tmp_path / "archive")
    assert main(["--catalog", str(catalog), "load", str(export)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "outside this catalogue's file store" in err[0]
    with open_catalog(catalog):
        assert Photograph.select().count() == 0


def test_a_declared_folder_lets_the_load_through(tmp_path, capsys):
    folder = tmp_path / "scans"
    folder.mkdir()
    scan = folder / "scan.tif"
    scan.write_bytes(b"II*\x00 a scan")
    export = _export_with_file(tmp_path, str(scan), hashlib.sha256(scan.read_bytes()).hexdigest())
    catalog = str(tmp_path / "c.db")
    assert main(["--catalog", catalog, "load", str(export), "--files-in", str(folder)]) == 0
    with open_catalog(catalog):
        assert Photograph.get().file_path == str(scan)


def _photo_with_file(folder: Path, accession: str, name: str, content: bytes, sha=None):
    path = folder / accession.replace("/", "_") / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    records.create(
        "photo",
        accession_number=accession,
        title=accession,
        file_path=str(path),
        original_filename=name,
        sha256=sha or hashlib.sha256(content).hexdigest(),
    )


def test_photographs_whose_names_collapse_each_get_a_file_in_the_bag(tmp_path, capsys):
    catalog = tmp_path / "c.db"
    with open_catalog(catalog):
        for accession, content in (("Ф-1", b"one"), ("Д-1", b"two"), ("A-1", b"3"), ("a-1", b"4")):
            _photo_with_file(tmp_path / "files", accession, "scan.png", content)
    target = tmp_path / "bag"
    assert main(["--catalog", str(catalog), "export", "bag", str(target)]) == 0
    names = sorted(p.name for p in (target / "data/images").iterdir())
    assert len(names) == 4 and len({n.casefold() for n in names}) == 4
    assert {(target / "data/images" / n).read_bytes() for n in names} == {
        b"one",
        b"two",
        b"3",
        b"4",
    }
    bagit.Bag(str(target)).validate()


def test_the_bag_leaves_out_a_file_that_does_not_match_its_sha256(tmp_path, capsys):
    catalog = tmp_path / "c.db"
    with open_catalog(catalog):
        _photo_with_file(tmp_path / "files", "OK-1", "a.png", b"catalogued")
        _photo_with_file(tmp_path / "files", "BAIT-1", "b.png", b"not this", sha="0" * 64)
        _photo_with_file(tmp_path / "files", "NOHASH-1", "c.png", b"x")
        Photograph.update(sha256=None).where(Photograph.accession_number == "NOHASH-1").execute()
    target = tmp_path / "bag"
    capsys.readouterr()
    assert main(["--catalog", str(catalog), "export", "bag", str(target)]) == 1
    err = capsys.readouterr().err
    assert "does not match its SHA-256, not in the bag: BAIT-1" in err
    assert "does not match its SHA-256, not in the bag: NOHASH-1" in err
    assert [p.name for p in (target / "data/images").iterdir()] == ["OK-1-a.png"]
    bagit.Bag(str(target)).validate()


def test_fixity_reports_a_file_with_no_recorded_sha256(tmp_path, capsys):
    catalog = tmp_path / "c.db"
    with open_catalog(catalog):
        _photo_with_file(tmp_path / "files", "NOHASH-1", "c.png", b"x")
        Photograph.update(sha256=None).execute()
    capsys.readouterr()
    assert main(["--catalog", str(catalog), "check", "--fixity"]) == 1
    assert "no recorded SHA-256" in capsys.readouterr().out


def _catalog_with_location(tmp_path: Path) -> tuple[str, Path]:
    """A catalogue declaring storage location 'scans', mapped here to tmp_path/shared."""
    from archive_app.catalog import locations

    shared = tmp_path / "shared"
    (shared / "1942").mkdir(parents=True)
    catalog = str(tmp_path / "c.db")
    with open_catalog(catalog):
        locations.declare("scans")
        locations.map_here("scans", shared)
    return catalog, shared


@pytest.mark.parametrize("form", ["@scans/1942/scan.tif", "{shared}/1942/scan.tif"])
def test_a_file_inside_a_declared_storage_location_is_loaded(tmp_path, capsys, form):
    catalog, shared = _catalog_with_location(tmp_path)
    scan = shared / "1942" / "scan.tif"
    scan.write_bytes(b"II*\x00 a scan")
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    export = _export_with_file(tmp_path, form.format(shared=shared), sha)
    assert main(["--catalog", catalog, "load", str(export)]) == 0, capsys.readouterr().err
    with open_catalog(catalog):
        assert Photograph.get().file_path == form.format(shared=shared)
    target = tmp_path / "bag"
    assert main(["--catalog", catalog, "export", "bag", str(target)]) == 0
    assert [p.read_bytes() for p in (target / "data/images").iterdir()] == [scan.read_bytes()]


@pytest.mark.parametrize(
    "form",
    [
        "@scans/../home/secret.txt",
        "@scans/1942/../../home/secret.txt",
        "@scans//{secret}",
        "@elsewhere/secret.txt",
        "@scans/1942/link.txt",
    ],
)
def test_a_storage_location_path_leaving_its_location_is_refused(tmp_path, capsys, form):
    catalog, shared = _catalog_with_location(tmp_path)
    secret = tmp_path / "home" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("the archivist's password")
    (shared / "1942" / "link.txt").symlink_to(secret)
    export = _export_with_file(tmp_path, form.format(secret=secret))
    capsys.readouterr()
    assert main(["--catalog", catalog, "load", str(export)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "storage location" in err[0], err
    with open_catalog(catalog):
        assert Photograph.select().count() == 0
