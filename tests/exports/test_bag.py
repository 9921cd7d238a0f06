"""`export bag DIR`: the image files plus JSON and CSV metadata, with a SHA-256 manifest, valid
by the bagit library's own validation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bagit
import pytest

from archive_app.catalog.database import Catalog, open_catalog
from archive_app.catalog.models import Photograph
from archive_app.cli import main


def _bag(catalog: Catalog, target: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(
        ["--catalog", str(catalog.path), "export", "bag", str(target), "--archive-name", "Archiv Ω"]
    )
    return status, capsys.readouterr().err


def test_bag_is_valid_and_holds_images_and_metadata(
    demo_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bag"
    assert _bag(demo_catalog, target, capsys) == (0, "")
    bag = bagit.Bag(str(target))
    bag.validate()
    assert bag.algorithms == ["sha256"]
    assert bag.info["Source-Organization"] == "Archiv Ω"
    image = target / "data/images/PH-000001-vlasov-himmler-standin.png"
    with open_catalog(demo_catalog.path):
        photo = Photograph.get()
    assert hashlib.sha256(image.read_bytes()).hexdigest() == photo.sha256
    document = json.loads((target / "data/metadata/catalog.json").read_text("utf-8"))
    assert document["photos"][0]["accession_number"] == "PH-000001"
    assert (target / "data/metadata/csv/photos.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (target / "data/metadata/dublin-core.xml").is_file()


def test_a_changed_file_fails_validation(
    demo_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bag"
    _bag(demo_catalog, target, capsys)
    image = next((target / "data/images").iterdir())
    image.write_bytes(image.read_bytes() + b"tampered")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(target)).validate()


def test_missing_image_is_named_and_the_bag_stays_valid(
    hostile_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bag"
    status, err = _bag(hostile_catalog, target, capsys)
    assert status == 1 and "missing file, not in the bag: PH-000002" in err
    bag = bagit.Bag(str(target))
    bag.validate()
    assert "PH-000002" in bag.info["Missing-Files"]


@pytest.mark.parametrize("kind", ["file", "full folder", "no parent"])
def test_bag_refuses_a_target_that_is_not_new_or_empty(
    demo_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    target = tmp_path / "target"
    if kind == "file":
        target.write_text("x")
    elif kind == "full folder":
        target.mkdir()
        (target / "keep.txt").write_text("mine")
    else:
        target = tmp_path / "nope" / "bag"
    status, err = _bag(demo_catalog, target, capsys)
    assert status == 2 and err.count("\n") == 1  # bad usage, refused before any work
    if kind == "full folder":
        assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert not list(tmp_path.glob(".target.*"))
