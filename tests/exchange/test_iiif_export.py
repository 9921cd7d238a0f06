"""The static IIIF export: Presentation 3 manifests and collections whose ids are absolute under
the base URL, people's regions as annotations inside the canvas, and level-0 tiles at every URL
a viewer asks for. (The official JSON schema of IIIF/presentation-validator carries no licence,
so it is not vendored: bench/conformance_iiif.py checks an export against it on request.)"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from PIL import Image

from archive_app.catalog import records
from archive_app.catalog.exchange.iiif_export import (
    IiifError,
    check_base_url,
    export_iiif,
    rights_uri,
)
from archive_app.catalog.exchange.iiif_images import scale_factors
from archive_app.catalog.links import Region, depict
from archive_app.catalog.sources.selection import Selection, from_query, whole_catalogue

BASE = "https://archive.example.org/iiif"


def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _ids(node, found=None):
    found = [] if found is None else found
    if isinstance(node, dict):
        if "id" in node:
            found.append(node["id"])
        for value in node.values():
            _ids(value, found)
    elif isinstance(node, list):
        for value in node:
            _ids(value, found)
    return found


def _served(folder: Path, url: str) -> Path:
    """The file a static server would send for a URL under BASE."""
    assert url.startswith(BASE + "/"), url
    return folder / url.removeprefix(BASE + "/")


def _check_manifest(folder: Path, manifest: dict) -> None:
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["type"] == "Manifest" and "none" in manifest["label"]
    assert all(i.startswith(BASE + "/") for i in _ids(manifest)), "every id absolute"
    for entry in manifest["metadata"]:
        assert set(entry) == {"label", "value"}
        assert all(isinstance(v, list) for v in entry["value"].values())
    (canvas,) = manifest["items"]
    assert canvas["type"] == "Canvas"
    painting = canvas["items"][0]["items"][0]
    assert painting["motivation"] == "painting" and painting["target"] == canvas["id"]
    body = painting["body"]
    assert (body["width"], body["height"]) == (canvas["width"], canvas["height"])
    assert _served(folder, body["id"]).is_file()
    service = body["service"][0]
    info = _load(_served(folder, service["id"] + "/info.json"))
    assert info["profile"] == "level0" and info["id"] == service["id"]
    _check_tiles(folder, info)
    for page in canvas.get("annotations", []):
        for annotation in page["items"]:
            target = annotation["target"]
            match = re.fullmatch(re.escape(canvas["id"]) + r"#xywh=(\d+),(\d+),(\d+),(\d+)", target)
            assert match, target
            x, y, w, h = map(int, match.groups())
            assert w > 0 and h > 0
            assert x + w <= canvas["width"] and y + h <= canvas["height"], "inside the canvas"
            assert annotation["body"][0]["purpose"] == "identifying"


def _check_tiles(folder: Path, info: dict) -> None:
    """Every tile OpenSeadragon asks a level-0 Image API 3 service for exists."""
    width, height = info["width"], info["height"]
    tile = info["tiles"][0]["width"]
    for factor in info["tiles"][0]["scaleFactors"]:
        span = tile * factor
        for y in range(0, height, span):
            for x in range(0, width, span):
                w, h = min(span, width - x), min(span, height - y)
                whole = (x, y, w, h) == (0, 0, width, height)
                region = "full" if whole else f"{x},{y},{w},{h}"
                size = f"{math.ceil(w / factor)},{math.ceil(h / factor)}"
                path = _served(folder, f"{info['id']}/{region}/{size}/0/default.jpg")
                with Image.open(path) as image:
                    assert image.size == tuple(map(int, size.split(",")))
    for size in info["sizes"]:
        assert _served(folder, f"{info['id']}/full/{size['width']},{size['height']}/0/default.jpg")


def test_the_demo_as_a_static_iiif_site(demo_catalog, tmp_path):
    folder = tmp_path / "site"
    report = export_iiif(whole_catalogue(), folder, BASE + "/", "Demo archive")
    assert (report.manifests, report.collections, report.annotations) == (1, 3, 2)
    assert report.missing_files == []
    manifest = _load(folder / "manifests" / "PH-000001.json")
    _check_manifest(folder, manifest)
    assert manifest["id"] == f"{BASE}/manifests/PH-000001.json"
    assert manifest["requiredStatement"]["value"] == {"none": ["Wikimedia; Demo archive"]}
    names = [a["body"][0]["value"] for a in manifest["items"][0]["annotations"][0]["items"]]
    assert sorted(names) == ["Andrey Andreyevich Vlasov", "Heinrich Himmler"]
    top = _load(folder / "collection.json")
    assert top["id"] == f"{BASE}/collection.json" and top["type"] == "Collection"
    (fonds,) = top["items"]
    fonds_doc = _load(_served(folder, fonds["id"]))
    (file_,) = fonds_doc["items"]
    file_doc = _load(_served(folder, file_["id"]))
    assert file_doc["items"] == [
        {"id": manifest["id"], "type": "Manifest", "label": manifest["label"]}
    ]
    assert file_doc["partOf"] == [{"id": fonds["id"], "type": "Collection"}]


def test_a_rotated_phone_photo_keeps_the_region_on_the_picture_as_shown(catalog, tmp_path):
    path = tmp_path / "portrait.jpg"
    image = Image.new("RGB", (1200, 700), "navy")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    image.save(path, exif=exif)
    photo = records.create("photo", title="Portrait", file_path=str(path), width=700,
                           height=1200, format="JPEG", rights="CC BY 4.0 "
                           "https://creativecommons.org/licenses/by/4.0/")  # fmt: skip
    person = records.create("person", name="Anna Berg")
    depict(photo.id, person.id, Region(0.5, 0.9, 0.5, 0.1))
    folder = tmp_path / "site"
    export_iiif(Selection(ids={"photo": [photo.id]}), folder, BASE)
    manifest = _load(folder / "manifests" / f"{photo.accession_number}.json")
    _check_manifest(folder, manifest)
    canvas = manifest["items"][0]
    assert (canvas["width"], canvas["height"]) == (700, 1200)
    target = canvas["annotations"][0]["items"][0]["target"]
    assert target.endswith("#xywh=350,1080,350,120")
    assert manifest["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert scale_factors(700, 1200) == [1, 2, 4]


def test_missing_and_broken_images_are_named_and_the_rest_is_exported(demo_catalog, tmp_path):
    lost = records.create("photo", title="Lost", file_path=str(tmp_path / "gone.jpg"))
    broken_file = tmp_path / "broken.jpg"
    broken_file.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    broken = records.create("photo", title="Broken", file_path=str(broken_file))
    report = export_iiif(whole_catalogue(), tmp_path / "site", BASE)
    assert report.manifests == 1 and report.missing_files == [lost.accession_number]
    assert [u["accession_number"] for u in report.unreadable] == [broken.accession_number]
    assert not (tmp_path / "site" / "images" / broken.accession_number).exists()


def test_a_search_scope_exports_only_what_it_finds(demo_catalog, tmp_path):
    report = export_iiif(from_query("nothingmatchesthis"), tmp_path / "site", BASE)
    assert report.manifests == 0
    assert _load(tmp_path / "site" / "collection.json")["items"] == []


@pytest.mark.parametrize("url", ["", "ftp://x.org", "localhost:8000", "http://a b", "file:///x"])
def test_a_base_url_that_is_not_http_is_refused(url):
    with pytest.raises(IiifError, match="must be an http"):
        check_base_url(url)


def test_a_folder_that_holds_files_is_refused_and_left_alone(demo_catalog, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", "utf-8")
    with pytest.raises(IiifError, match="not an empty folder"):
        export_iiif(whole_catalogue(), folder, BASE)
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_rights_uris_are_taken_only_from_the_two_registries():
    assert rights_uri("http://rightsstatements.org/vocab/InC/1.0/") == (
        "http://rightsstatements.org/vocab/InC/1.0/"
    )
    assert rights_uri("All rights reserved") is None
    assert rights_uri("see https://example.org/licence") is None
