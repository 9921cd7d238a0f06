"""CSV (one file per record type, UTF-8 with BOM, formulas neutralised) and Dublin Core XML
(one oai_dc record per photograph, well-formed, namespaced, escaped)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from archive_app.catalog.database import Catalog
from archive_app.catalog.exports.csv_export import FILES, neutralise
from archive_app.catalog.exports.dublin_core import DC, OAI_DC
from archive_app.cli import main


def _read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_writes_one_file_per_record_type_with_formulas_neutralised(
    hostile_catalog: Catalog, tmp_path: Path, hostile_text: str
) -> None:
    folder = tmp_path / "csv"
    status = main(
        [
            "--catalog",
            str(hostile_catalog.path),
            "export",
            "catalog",
            "--format",
            "csv",
            "-o",
            str(folder),
        ]
    )
    assert status == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    photos = _read(folder / "photos.csv")
    hostile = next(p for p in photos if p["title"].startswith("'="))
    # newlines, quotes and RTL kept, formula inert, the bell a space (text_rules.printable)
    assert hostile["title"] == "'" + hostile_text.replace("\x07", " ")
    assert hostile["caption"] == "'+caption" and hostile["rights"] == "'@rights"
    assert hostile["creator"].startswith("'=HYPERLINK")
    assert hostile["collection_name"] == "'@series"
    places = _read(folder / "places.csv")
    minus = next(p for p in places if p["name"] == "'-Minus place")
    assert minus["latitude"] == "-33.5"  # a number stays a number
    people = _read(folder / "people.csv")
    assert any(p["name"] == "Власов, =Андрей" for p in people)
    links = _read(folder / "photo_events.csv")
    assert links[-1]["note"] == "'\tnote"
    assert len(_read(folder / "events.csv")) == 17


def test_csv_needs_a_folder(hostile_catalog: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--catalog", str(hostile_catalog.path), "export", "catalog", "--format", "csv"])
    assert status == 2 and "-o FOLDER" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-5, -5),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(value: object, cell: object) -> None:
    assert neutralise(value) == cell


def test_dublin_core_is_well_formed_namespaced_and_escaped(
    hostile_catalog: Catalog, tmp_path: Path, hostile_text: str
) -> None:
    target = tmp_path / "dc.xml"
    status = main(
        [
            "--catalog",
            str(hostile_catalog.path),
            "export",
            "catalog",
            "--format",
            "dc-xml",
            "--archive-name",
            "Archiv & <Co>",
            "-o",
            str(target),
        ]
    )
    assert status == 0
    root = SafeET.parse(str(target)).getroot()
    records = root.findall(f"{{{OAI_DC}}}dc")
    assert len(records) == 2
    hostile = records[1]
    title = hostile.find(f"{{{DC}}}title").text
    assert title == hostile_text.replace("\x07", "")  # XML 1.0 cannot hold a bell character
    subjects = [e.text for e in hostile.findall(f"{{{DC}}}subject")]
    assert "Власов, =Андрей" in subjects and "Тег" in subjects
    assert hostile.find(f"{{{DC}}}publisher").text == "Archiv & <Co>"
    assert hostile.find(f"{{{DC}}}date").text == "1944?"
    raw = target.read_text("utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
