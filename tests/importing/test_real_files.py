"""What real camera files, scans and Pillow's own test images showed (issue 10), each defect on a
small file built here: the photograph comes in whole, its record says what the file says, and
what could not be read is a warning on the record, never a refusal."""

from __future__ import annotations

import io
import json
import struct

import pytest
from imagefiles import insert_segment, iptc_segment, only, picture, run_import, xmp_packet
from PIL import Image
from realfiles import (
    afcp_trailer,
    chunk,
    fotostation_trailer,
    gif_with_xmp,
    iim,
    itxt_chunk,
    png_with_chunks_after_idat,
    png_with_chunks_before_idat,
    raw_profile,
    text_chunk,
    ztxt_chunk,
)

from archive_app.catalog.importing.run import thumbnail_folder
from archive_app.catalog.importing.thumbnails import ThumbnailCache
from archive_app.catalog.links import photo_tags as photo_tag_names
from archive_app.catalog.models import Photograph

RIGHTS_XMP = "<dc:rights><rdf:Alt><rdf:li xml:lang='x-default'>TASS</rdf:li></rdf:Alt></dc:rights>"
CREATOR_XMP = "<dc:creator><rdf:Seq><rdf:li>Yevgeny Khaldei</rdf:li></rdf:Seq></dc:creator>"


def record(report, name: str) -> Photograph:
    outcome = only(report, name)
    assert outcome.outcome == "imported", outcome
    return Photograph.get_by_id(outcome.id)


def embedded(photo: Photograph) -> dict:
    return json.loads(photo.embedded_metadata or "{}")


def warnings_of(photo: Photograph) -> list[str]:
    return json.loads(photo.import_warnings or "[]")


def exif_block(**tags) -> bytes:
    """An EXIF block as a TIFF structure (what a PNG eXIf chunk holds)."""
    exif = Image.Exif()
    for tag, value in tags.items():
        exif[int(tag[1:])] = value
    return exif.tobytes()[len(b"Exif\x00\x00") :]


# 1 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_a_turned_tiff_is_recorded_at_the_size_it_is_shown_once_turned(
    catalog, images, orientation
):
    images.save("turned.tif", picture((400, 300)), "TIFF", tiffinfo={274: orientation})
    photo = record(run_import(catalog, images.folder), "turned.tif")
    assert (photo.width, photo.height) == (300, 400)


# 2 and 10 --------------------------------------------------------------------------------------


def _thumbnail(catalog, photo: Photograph) -> Image.Image:
    path = ThumbnailCache(thumbnail_folder(catalog)).path_for(photo.sha256)
    assert path is not None
    return Image.open(path)


def test_a_large_sixteen_bit_grey_tiff_imports_with_a_thumbnail(catalog, images):
    scan = Image.linear_gradient("L").resize((2400, 1800)).convert("I").point(lambda v: v * 257)
    images.save("scan.tif", scan.convert("I;16"), "TIFF")
    photo = record(run_import(catalog, images.folder), "scan.tif")
    assert (photo.width, photo.height) == (2400, 1800)
    assert _thumbnail(catalog, photo).size == (320, 240)


@pytest.mark.parametrize(("low", "high"), [(0, 255), (291, 694)])
def test_sixteen_bit_scans_using_a_narrow_range_are_stretched_in_the_thumbnail(
    catalog, images, low, high
):
    ramp = Image.linear_gradient("L").resize((400, 300)).convert("I")
    scan = ramp.point(lambda v: low + v * (high - low) / 255).convert("I;16")
    images.save("dim.tif", scan, "TIFF")
    photo = record(run_import(catalog, images.folder), "dim.tif")
    low_seen, high_seen = _thumbnail(catalog, photo).convert("L").getextrema()
    assert low_seen < 20 and high_seen > 235  # the whole grey scale, not a black picture
    assert Image.open(images.path("dim.tif")).getextrema() == (low, high)  # file untouched


# 3 ---------------------------------------------------------------------------------------------


def test_an_empty_iptc_value_is_left_out_and_the_rest_read(catalog, images):
    segment = iptc_segment({120: [b""], 80: [b"Anna Ivanova"], 25: [b"", b"parade"]})
    data = insert_segment(images.plain_jpeg_bytes(), b"\xff\xed", segment)
    photo = record(run_import(catalog, images.jpeg_bytes("empty.jpg", data)), "empty.jpg")
    assert (photo.creator, photo.caption) == ("Anna Ivanova", None)
    assert photo_tag_names(photo.id) == ["parade"]


# 4 ---------------------------------------------------------------------------------------------


def test_png_metadata_after_the_image_data_is_read(catalog, images):
    data = png_with_chunks_after_idat(
        chunk(b"eXIf", exif_block(t274=6)),
        itxt_chunk("XML:com.adobe.xmp", xmp_packet(CREATOR_XMP).decode()),
        text_chunk("Description", "Raising a flag over the Reichstag"),
        text_chunk("Copyright", "TASS"),
    )
    photo = record(run_import(catalog, images.jpeg_bytes("late.png", data)), "late.png")
    assert (photo.creator, photo.caption, photo.rights) == (
        "Yevgeny Khaldei",
        "Raising a flag over the Reichstag",
        "TASS",
    )
    assert (photo.width, photo.height) == (300, 400)  # the eXIf's orientation 6
    assert embedded(photo)["sources"]["caption"] == "PNG:Description"


# 5 ---------------------------------------------------------------------------------------------


def _xmp_variants() -> dict[str, bytes]:
    packet = xmp_packet(CREATOR_XMP)
    text = packet.decode("utf-8")
    unterminated = packet[: packet.rindex(b"<?xpacket end")] + b"<?xpacket end='w'"
    return {
        "junk-after-the-packet": packet + b"\x00\x00garbage \xff\xfe written by a tool",
        "unterminated-xpacket-end": unterminated,
        "utf-16-le": "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"),
        "utf-16-be": text.encode("utf-16-be"),
        "utf-32-le": text.encode("utf-32-le"),
        "utf-32-be": "\ufeff".encode("utf-32-be") + text.encode("utf-32-be"),
    }


@pytest.mark.parametrize("variant", list(_xmp_variants()))
def test_xmp_other_readers_accept_is_read(catalog, images, variant):
    path = images.jpeg("odd-xmp.jpg", xmp=_xmp_variants()[variant])
    photo = record(run_import(catalog, path), "odd-xmp.jpg")
    assert photo.creator == "Yevgeny Khaldei"
    assert warnings_of(photo) == []


# 6 ---------------------------------------------------------------------------------------------


def test_exif_text_ends_at_its_nul_and_captions_lose_control_characters(catalog, images):
    exif = Image.Exif()
    exif[0x0110] = "ION230\x00F"  # Model, with a writer's leftover after the terminating NUL
    exif[0x010E] = "Victory\x07 parade\x1b on\r\nRed Square"  # ImageDescription
    photo = record(run_import(catalog, images.jpeg("ion.jpg", exif=exif)), "ion.jpg")
    assert embedded(photo)["exif"]["image"]["Model"] == "ION230"
    assert photo.caption == "Victory parade on\nRed Square"


# 7 ---------------------------------------------------------------------------------------------


def test_xmp_in_a_gif_application_extension_is_read(catalog, images):
    data = gif_with_xmp(xmp_packet(CREATOR_XMP))
    assert Image.open(io.BytesIO(data)).size == (120, 80)  # still a GIF Pillow reads
    photo = record(run_import(catalog, images.jpeg_bytes("xmp.gif", data)), "xmp.gif")
    assert photo.creator == "Yevgeny Khaldei"


def test_imagemagick_raw_profiles_in_png_text_chunks_are_read(catalog, images):
    photoshop = iptc_segment({120: [b"Parade on Red Square"]})[len(b"Photoshop 3.0\x00") :]
    data = png_with_chunks_after_idat(
        ztxt_chunk(
            "Raw profile type exif",
            raw_profile("exif", b"Exif\x00\x00" + exif_block(t315="Khaldei")),
        ),
        ztxt_chunk("Raw profile type iptc", raw_profile("iptc", photoshop)),
        ztxt_chunk(
            "Raw profile type xmp",
            raw_profile("xmp", xmp_packet(RIGHTS_XMP)),
        ),
    )
    photo = record(run_import(catalog, images.jpeg_bytes("magick.png", data)), "magick.png")
    assert (photo.creator, photo.caption, photo.rights) == (
        "Khaldei",  # EXIF Artist
        "Parade on Red Square",  # IPTC
        "TASS",  # XMP
    )


@pytest.mark.parametrize("trailer", ["AFCP", "FotoStation"])
def test_iptc_in_a_jpeg_trailer_is_read(catalog, images, trailer):
    jpeg = images.plain_jpeg_bytes()
    block = iim({120: [b"Khaldei on the roof"], 25: [b"Berlin 1945"]})
    tail = afcp_trailer(len(jpeg), block) if trailer == "AFCP" else fotostation_trailer(block)
    photo = record(run_import(catalog, images.jpeg_bytes("tail.jpg", jpeg + tail)), "tail.jpg")
    assert photo.caption == "Khaldei on the roof"
    assert photo_tag_names(photo.id) == ["Berlin 1945"]
    assert embedded(photo)["sources"]["caption"] == "IPTC:Caption-Abstract"


# 8 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "boilerplate", ["OLYMPUS DIGITAL CAMERA", "SANYO DIGITAL CAMERA", "DCF 1.0", "SONY DSC"]
)
def test_camera_boilerplate_never_becomes_the_caption(catalog, images, boilerplate):
    exif = Image.Exif()
    exif[0x010E] = boilerplate
    plain = record(run_import(catalog, images.jpeg("plain.jpg", exif=exif)), "plain.jpg")
    assert plain.caption is None
    assert embedded(plain)["exif"]["image"]["ImageDescription"] == boilerplate  # still kept
    segment = iptc_segment({120: [b"Demonstration in Leipzig"]})
    data = insert_segment(images.jpeg_bytes_with(exif=exif), b"\xff\xed", segment)
    described = record(run_import(catalog, images.jpeg_bytes("d.jpg", data)), "d.jpg")
    assert described.caption == "Demonstration in Leipzig"


# 9 ---------------------------------------------------------------------------------------------


def test_a_long_caption_is_kept_whole(catalog, images):
    text = " ".join(f"word{n}" for n in range(1200))  # about 9,000 characters
    alt = f"<rdf:Alt><rdf:li xml:lang='x-default'>{text}</rdf:li></rdf:Alt>"
    body = f"<dc:description>{alt}</dc:description>"
    photo = record(run_import(catalog, images.jpeg("long.jpg", xmp=xmp_packet(body))), "long.jpg")
    assert photo.caption == text


# 11 and 12 -------------------------------------------------------------------------------------


def test_a_refusal_is_in_plain_words_with_the_decoders_detail_in_json(catalog_path, images, capsys):
    from archive_app.cli import main

    whole = images.plain_jpeg_bytes((600, 400))
    images.jpeg_bytes("cut.jpg", whole[: len(whole) // 2])
    status = main(["--catalog", str(catalog_path), "import", str(images.folder), "--json"])
    (item,) = json.loads(capsys.readouterr().out)["files"]
    assert status == 1
    assert item["reason"] == "is truncated or damaged: its pixels cannot be decoded"
    assert item["detail"].startswith("OSError: image file is truncated")


def _tiff_with_compression(images, name: str, compression: int) -> None:
    """An uncompressed TIFF whose Compression tag claims another scheme."""
    out = io.BytesIO()
    picture((200, 150)).save(out, "TIFF")
    data = out.getvalue()
    entry = struct.pack("<HHIH", 259, 3, 1, 1)
    assert data.count(entry) == 1
    images.jpeg_bytes(name, data.replace(entry, struct.pack("<HHIH", 259, 3, 1, compression)))


def test_what_libtiff_prints_goes_into_the_files_outcome_not_the_terminal(catalog, images, capfd):
    _tiff_with_compression(images, "webp-in.tif", 50001)  # WebP: not built into this libtiff
    report = run_import(catalog, images.folder)
    outcome = only(report, "webp-in.tif")
    terminal = capfd.readouterr().err
    assert "not configured" not in terminal
    assert outcome.outcome == "refused"
    assert "WEBP compression support is not configured" in outcome.detail


def test_a_pillow_warning_while_decoding_goes_into_the_files_warnings(catalog, images, capfd):
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x03\x00\x0e\x01\x02\x00"  # cut in its IFD
    data = insert_segment(images.plain_jpeg_bytes(), b"\xff\xe1", exif)
    photo = record(run_import(catalog, images.jpeg_bytes("warned.jpg", data)), "warned.jpg")
    assert "EXIF" in " ".join(warnings_of(photo))
    assert "Corrupt EXIF" not in capfd.readouterr().err


# 13 --------------------------------------------------------------------------------------------


def test_a_damaged_later_page_is_a_warning_on_the_record(catalog, images):
    out = io.BytesIO()
    pages = [picture((200, 150), seed=n) for n in range(3)]
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:])
    data = out.getvalue()
    images.jpeg_bytes("pages.tif", data[:-1000])  # the last page's pixels cut short
    photo = record(run_import(catalog, images.folder), "pages.tif")
    assert photo.page_count == 3
    (warning,) = warnings_of(photo)
    assert warning.startswith("page 3 of 3 is damaged") and "the first 2 can" in warning


def test_exif_continued_in_a_second_segment_is_read_whole(catalog, images):
    """Found by the conformance script (Pillow's multiple_exif.jpg): EXIF too large for one
    APP1 segment goes on in the next, and the description's bytes straddle the two."""
    first = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x0e\x00\x02\x00\x00\x00\x0c"
    first += b"\x00\x00\x00\x1a\x00\x00\x00\x00first"
    jpeg = insert_segment(images.plain_jpeg_bytes(), b"\xff\xe1", b"Exif\x00\x00second\x00")
    jpeg = insert_segment(jpeg, b"\xff\xe1", first)
    photo = record(run_import(catalog, images.jpeg_bytes("two.jpg", jpeg)), "two.jpg")
    assert photo.caption == "firstsecond"


def test_a_png_text_too_large_for_pillow_costs_nothing_and_a_cut_is_said(catalog, images):
    """Pillow will not open (or, after the image data, decode) a PNG whose zTXt expands past
    1 MB ("Decompressed data too large for PngImagePlugin.MAX_TEXT_CHUNK"); the pixels do not
    depend on it."""
    caption = "Leipzig, 9 October 1989. " * 80_000  # 2 MB once expanded
    data = png_with_chunks_before_idat(ztxt_chunk("Description", caption.encode("latin-1")))
    with pytest.raises(ValueError, match="MAX_TEXT_CHUNK"):
        Image.open(io.BytesIO(data))
    photo = record(run_import(catalog, images.jpeg_bytes("big-text.png", data)), "big-text.png")
    assert photo.caption.startswith("Leipzig, 9 October 1989.") and len(photo.caption) == 100_000
    said = warnings_of(photo)
    assert (
        "the PNG text 'Description' is 1,999,999 characters long; only the first 100,000 were "
        "kept" in said
    )


def test_every_picture_of_a_stereo_mpo_decodes_without_a_warning(catalog, images):
    """Found by the conformance script (Pillow's fujifilm.mpo): the thumbnail's draft mode made
    the second picture of a camera's MPO look truncated."""
    left, right = picture((2400, 1800), seed=1), picture((2400, 1800), seed=2)
    left.save(images.path("stereo.mpo"), "MPO", save_all=True, append_images=[right])
    photo = record(run_import(catalog, images.folder), "stereo.mpo")
    assert warnings_of(photo) == []
    assert json.loads(photo.embedded_metadata)["format"]["frames"] == 2


def test_many_compressed_png_texts_stop_at_a_total_with_a_warning(catalog, images):
    bomb = b"\x00" * (7 * 1024 * 1024)  # 7 MB each, a few KB compressed
    data = png_with_chunks_after_idat(*(ztxt_chunk(f"note{n}", bomb) for n in range(8)))
    photo = record(run_import(catalog, images.jpeg_bytes("bombs.png", data)), "bombs.png")
    (said,) = [w for w in warnings_of(photo) if "together" in w]
    assert said.startswith("the PNG text chunk 'note4' and any after it were skipped")


def test_a_heic_keeps_its_orientation_and_its_face_region_lands_on_the_face(catalog, images):
    """Found by the conformance script on the tests' own files: pillow-heif turns a HEIC's
    pixels itself and reports EXIF Orientation 1; the record now says what the file says (6),
    and an MWG region, given on the stored image, is turned with the photograph as for a JPEG."""
    from imagefiles import mwg_region, regions_xml

    import archive_app.catalog.image_formats  # noqa: F401  (lets the test write HEIC)

    stored = Image.new("RGB", (400, 300), (128, 128, 128))
    stored.paste((220, 0, 0), (40, 60, 140, 150))  # a red face at (0.1, 0.2), 0.25 x 0.3
    exif = Image.Exif()
    exif[0x0112] = 6
    face = mwg_region("Red Face", 0.1 + 0.25 / 2, 0.2 + 0.3 / 2, 0.25, 0.3)
    path = images.save(
        "IMG_0043.HEIC", stored, "HEIF", quality=95, exif=exif.tobytes(),
        xmp=xmp_packet(regions_xml(face)),
    )  # fmt: skip
    photo = record(run_import(catalog, path), "IMG_0043.HEIC")
    assert embedded(photo)["exif"]["image"]["Orientation"] == 6
    assert (photo.width, photo.height) == (300, 400)
    link = photo.people_links.get()
    with Image.open(path) as shown:  # pillow-heif gives it turned
        shown = shown.convert("RGB")
        x = (link.region_x + link.region_w / 2) * shown.width
        y = (link.region_y + link.region_h / 2) * shown.height
        red, green, _ = shown.getpixel((int(x), int(y)))
    assert red > 180 and green < 60
