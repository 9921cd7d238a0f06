"""`archive-app import`: one line per file or one JSON document, exit status 1 on any refusal."""

from __future__ import annotations

import json

from imagefiles import picture

from archive_app.cli import main


def run(capsys, catalog_path, *args: str) -> tuple[int, str, str]:
    status = main(["--catalog", str(catalog_path), "import", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_lists_each_file_with_its_outcome(catalog_path, images, capsys):
    images.jpeg("a.jpg")
    images.jpeg("b.jpg")
    (images.folder / "c.jpg").write_bytes(b"")
    status, out, _err = run(capsys, catalog_path, str(images.folder), "--json")
    document = json.loads(out)
    assert status == 1
    assert (document["imported"], document["duplicates"], document["refused"]) == (2, 0, 1)
    first, _second, third = document["files"]
    assert first == {
        "path": str(images.path("a.jpg")),
        "outcome": "imported",
        "id": 1,
        "accession_number": "PH-000001",
        "duplicate_of": None,
        "reason": None,
    }
    assert third["outcome"] == "refused" and third["reason"] == "is empty (0 bytes)"
    status, out, _err = run(capsys, catalog_path, str(images.path("a.jpg")), "--json")
    assert status == 0
    assert json.loads(out)["files"][0]["duplicate_of"] == "PH-000001"


def test_text_output_is_one_repr_escaped_line_per_file_and_a_summary(catalog_path, images, capsys):
    images.jpeg("new\nline.jpg")
    status, out, err = run(capsys, catalog_path, str(images.folder), "--collection", "Fonds 12")
    lines = out.splitlines()
    assert status == 0 and err == ""
    assert (
        lines[0]
        == f"imported  {str(images.path('new' + chr(10) + 'line.jpg'))!r} as PH-000001 (id 1)"
    )
    assert lines[-2] == "1 imported, 0 duplicate(s), 0 refused"
    assert lines[-1] == "change 1: Import 1 file (undo with: archive-app revert 1)"
    assert main(["--catalog", str(catalog_path), "show", "photo", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["record"]
    assert shown["collection"]["name"] == "Fonds 12"


def test_json_carries_names_with_invalid_utf8_as_escapes(catalog_path, images, capsys):
    import os

    with open(os.fsencode(images.folder) + b"/bad\xff.jpg", "wb") as handle:
        picture().save(handle, "JPEG")
    status, out, _err = run(capsys, catalog_path, str(images.folder), "--json")
    assert status == 1
    entry = json.loads(out)["files"][0]
    assert entry["path"].endswith("bad\\xff.jpg") and "UTF-8" in entry["reason"]


def test_a_missing_path_is_refused_with_status_one(catalog_path, tmp_path, capsys):
    status, out, _err = run(capsys, catalog_path, str(tmp_path / "nothing here"))
    assert status == 1
    assert "does not exist" in out


def test_bad_usage_is_status_two_with_one_line(catalog_path, images, capsys):
    status, _out, err = run(capsys, catalog_path, str(images.folder), "--workers", "0")
    assert status == 2 and err.count("\n") == 1
    status, _out, err = run(capsys, catalog_path)
    assert status == 2 and "PATH" in err


def test_json_lists_the_warnings_of_a_file_that_came_in(catalog_path, images, capsys):
    images.jpeg("odd.jpg", xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><unclosed>")
    images.jpeg("fine.jpg")
    status, out, _err = run(capsys, catalog_path, str(images.folder), "--json")
    document = json.loads(out)
    assert status == 0 and document["with_warnings"] == 1
    fine, odd = document["files"]
    assert "warnings" not in fine
    assert odd["outcome"] == "imported"
    (warning,) = odd["warnings"]
    assert warning.startswith("the XMP packet is malformed XML")
    assert main(["--catalog", str(catalog_path), "show", "photo", str(odd["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["record"]
    assert shown["import_warnings"] == odd["warnings"]
