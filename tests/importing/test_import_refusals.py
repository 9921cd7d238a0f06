"""Every bad file is refused with one line naming it and the reason; the rest of the batch is
imported; nothing half-made stays in the catalogue."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from imagefiles import insert_segment, only, png_header_only, run_import, xmp_packet

from archive_app.catalog.importing.probe import examine
from archive_app.catalog.importing.run import ImportOptions, import_files
from archive_app.catalog.models import Person, Photograph, PhotoPerson, Tag

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
  xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="&lol9;"/></rdf:RDF></x:xmpmeta>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
  xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="&secret;"/></rdf:RDF></x:xmpmeta>"""


def refused_with(report, name: str, *words: str) -> str:
    outcome = only(report, name)
    assert outcome.outcome == "refused", outcome
    for word in words:
        assert word in outcome.reason
    assert "\n" not in outcome.reason
    return outcome.reason


def assert_only_good_one_imported(report, good: str = "good.jpg") -> None:
    assert only(report, good).outcome == "imported"
    assert Photograph.select().count() == 1


def test_empty_file_is_refused_and_the_batch_goes_on(catalog, images):
    (images.folder / "empty.jpg").write_bytes(b"")
    images.jpeg("good.jpg")
    report = run_import(catalog, images.folder)
    refused_with(report, "empty.jpg", "empty")
    assert_only_good_one_imported(report)


def test_text_with_an_image_extension_is_refused(catalog, images):
    (images.folder / "letter.jpg").write_text("Dear archivist,\n", encoding="utf-8")
    (images.folder / "table.png").write_bytes(b"%PDF-1.4\n" + os.urandom(200))
    images.jpeg("good.jpg")
    report = run_import(catalog, images.folder)
    refused_with(report, "letter.jpg", "not an image")
    refused_with(report, "table.png", "not an image")
    assert_only_good_one_imported(report)


@pytest.mark.parametrize("kind", ["jpeg", "png", "tiff", "heif"])
def test_truncated_images_are_refused(catalog, images, kind):
    from imagefiles import picture

    import archive_app.catalog.image_formats  # noqa: F401  (lets the test write HEIC)

    whole = images.path(f"whole.{kind}")
    picture((600, 400), seed=3).save(whole, kind.upper())
    data = whole.read_bytes()
    whole.unlink()
    images.jpeg_bytes(f"cut.{kind}", data[: len(data) * 2 // 3])
    images.jpeg("good.jpg")
    report = run_import(catalog, images.folder)
    refused_with(report, f"cut.{kind}", "truncated or damaged")
    assert "\n" not in only(report, f"cut.{kind}").reason  # one line, whatever the decoder said
    assert_only_good_one_imported(report)


def test_a_decompression_bomb_is_refused_before_decoding(catalog, images):
    images.jpeg_bytes("bomb.png", png_header_only(30_000, 30_000))  # 900 megapixels
    images.jpeg_bytes("edge.png", png_header_only(20_000, 13_000))  # 260 megapixels
    images.jpeg("good.jpg")
    report = run_import(catalog, images.folder)
    refused_with(report, "bomb.png", "decompression bomb", "250-megapixel")
    refused_with(report, "edge.png", "decompression bomb", "260 megapixels")
    assert_only_good_one_imported(report)


def imported_with_warning(report, name: str, *words: str) -> Photograph:
    """The file came in, its outcome warns with these words, and so does its record."""
    outcome = only(report, name)
    assert outcome.outcome == "imported", outcome
    said = " ".join(outcome.warnings)
    assert all(word in said for word in words), outcome.warnings
    photo = Photograph.get_by_id(outcome.id)
    assert json.loads(photo.import_warnings) == outcome.warnings
    return photo


@pytest.mark.parametrize(
    "payload",
    [
        b"Exif\x00\x00" + b"\xde\xad\xbe\xef" * 8,  # no TIFF header
        b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xf4\x01" + b"\x00" * 20,  # 500 entries promised
        b"Exif\x00\x00II*\x00\x9f\x86\x01\x00",  # first IFD far beyond the block
    ],
    ids=["garbage", "short-ifd", "bad-offset"],
)
def test_broken_exif_is_skipped_with_a_warning_on_the_record(catalog, images, payload):
    images.jpeg_bytes("broken.jpg", insert_segment(images.plain_jpeg_bytes(), b"\xff\xe1", payload))
    images.jpeg("good.jpg")
    report = run_import(catalog, images.folder)
    imported_with_warning(report, "broken.jpg", "EXIF")
    assert len(only(report, "broken.jpg").warnings) == 1  # said once, not by each reader
    assert only(report, "good.jpg").warnings == []
    assert Photograph.select().count() == 2


@pytest.mark.parametrize(
    ("packet", "words"),
    [
        (BILLION_LAUGHS, ("XMP", "DTD or entities")),
        (EXTERNAL_ENTITY, ("XMP", "DTD or entities")),
        (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><unclosed>", ("XMP", "malformed")),
    ],
    ids=["billion-laughs", "external-entity", "malformed"],
)
def test_hostile_or_malformed_xmp_is_skipped_without_expanding(catalog, images, packet, words):
    images.jpeg("bad-xmp.jpg", xmp=packet)
    images.png_with_xmp("bad-xmp.png", packet)
    report = run_import(catalog, images.folder)
    for name in ("bad-xmp.jpg", "bad-xmp.png"):
        photo = imported_with_warning(report, name, *words)
        assert "lol" not in (photo.embedded_metadata or "")
        assert "root:" not in (photo.embedded_metadata or "")


def _without_root_read_powers() -> None:
    """In the child, before exec: give up root's power to read any file (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH), so file permissions apply to it as to any archivist."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file_is_refused(images, tmp_path):
    from imagefiles import picture

    secret = images.path("secret.jpg")
    picture().save(secret, "JPEG")
    secret.chmod(0o000)
    images.jpeg("good.jpg")
    command = [sys.executable, "-m", "archive_app", "--catalog", str(tmp_path / "c.db"), "import"]
    result = subprocess.run(
        [*command, str(images.folder)],
        capture_output=True,
        text=True,
        preexec_fn=_without_root_read_powers if os.geteuid() == 0 else None,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert f"refused   {str(secret)!r}: cannot be read (permission denied)" in result.stdout
    assert "imported  " in result.stdout and "good.jpg" in result.stdout


def test_awkward_file_names_are_imported_and_reported_safely(catalog, images):
    names = ["with spaces.jpg", "new\nline.jpg", "Власов и Гиммлер.jpg", "蒋介石.jpg"]
    for name in names:
        images.jpeg(name)
    report = run_import(catalog, images.folder)
    assert report.count("imported") == 4
    line = only(report, "new\nline.jpg").line()
    assert "\n" not in line and "new\\nline.jpg" in line
    photo = Photograph.get(Photograph.original_filename == "Власов и Гиммлер.jpg")
    assert Path(photo.file_path).read_bytes() == images.path("Власов и Гиммлер.jpg").read_bytes()


def test_a_name_that_is_not_utf8_is_refused_by_reference_and_taken_by_copy(catalog, images):
    folder = os.fsencode(images.folder)
    raw_name = folder + b"/caf\xe9.jpg"  # Latin-1 bytes, as an old Windows share writes them
    from imagefiles import picture

    with open(raw_name, "wb") as handle:
        picture().save(handle, "JPEG")
    report = run_import(catalog, images.folder)
    outcome = report.files[0]
    assert outcome.path.endswith("caf\\xe9.jpg")
    assert outcome.outcome == "refused" and "not valid UTF-8" in outcome.reason
    assert "\\xe9" in outcome.line()
    copied = run_import(catalog, images.folder, copy=True).files[0]
    assert copied.outcome == "imported"
    photo = Photograph.get_by_id(copied.id)
    assert photo.original_filename == "caf\\xe9.jpg"
    assert Path(photo.file_path).read_bytes() == Path(os.fsdecode(raw_name)).read_bytes()


def test_a_path_that_does_not_exist_or_vanishes_is_refused(catalog, images, tmp_path):
    images.jpeg("good.jpg")
    dangling = images.folder / "gone.jpg"
    dangling.symlink_to(images.folder / "never-there.jpg")
    report = run_import(catalog, images.folder / "good.jpg", dangling, tmp_path / "nowhere")
    refused_with(report, "gone.jpg", "is a link to something that does not exist")
    refused_with(report, "nowhere", "does not exist")
    assert_only_good_one_imported(report)


def test_a_file_removed_while_the_import_runs_is_refused(catalog, images):
    for number in range(12):
        images.jpeg(f"scan-{number:02d}.jpg")
    last = images.path("scan-11.jpg")

    def remove_the_last_file(_progress) -> None:
        last.unlink(missing_ok=True)

    report = import_files(
        catalog,
        [str(images.folder)],
        ImportOptions(workers=1, batch_size=1),
        progress=remove_the_last_file,
    )
    refused_with(report, "scan-11.jpg", "vanished")
    assert report.count("imported") == 11


def test_examining_a_folder_or_a_device_refuses_it(tmp_path):
    assert "folder" in examine(str(tmp_path), None).reason
    assert examine("/dev/null", None).reason == "is not a regular file"


def test_a_refused_file_leaves_no_person_tag_or_region_behind(catalog, images):
    from imagefiles import mwg_region, regions_xml

    packet = xmp_packet(
        regions_xml(mwg_region("Nobody Real", 0.5, 0.5, 0.2, 0.2))
        + "<dc:subject><rdf:Bag><rdf:li>ghost</rdf:li></rdf:Bag></dc:subject>"
    )
    whole = images.png_with_xmp("whole.png", packet)
    data = whole.read_bytes()
    whole.unlink()
    images.jpeg_bytes("cut.png", data[:-40])
    report = run_import(catalog, images.folder)
    assert only(report, "cut.png").outcome == "refused"
    assert (Person.select().count(), Tag.select().count(), PhotoPerson.select().count()) == (
        0,
        0,
        0,
    )
