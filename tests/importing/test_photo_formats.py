"""Every format the catalogue takes comes in whole: format, size, pages, and a thumbnail that
looks like the photograph (oriented, first frame, 16-bit greys not blown out)."""

from __future__ import annotations

import hashlib

from imagefiles import only, picture, run_import
from PIL import Image

from archive_app.catalog.importing.run import thumbnail_folder
from archive_app.catalog.importing.thumbnails import ThumbnailCache
from archive_app.catalog.models import Photograph


def record(outcome) -> Photograph:
    assert outcome.outcome == "imported", outcome.reason
    return Photograph.get_by_id(outcome.id)


def thumbnail(catalog, photo: Photograph) -> Image.Image:
    path = ThumbnailCache(thumbnail_folder(catalog)).path_for(photo.sha256)
    assert path is not None, "no thumbnail in the cache"
    return Image.open(path)


def test_baseline_and_progressive_jpeg_import_with_size_fixity_and_thumbnail(catalog, images):
    baseline = images.jpeg("baseline.jpg", size=(640, 480))
    progressive = images.jpeg("progressive.jpg", size=(480, 640), progressive=True)
    report = run_import(catalog, baseline, progressive)
    first, second = record(only(report, "baseline.jpg")), record(only(report, "progressive.jpg"))
    assert (first.format, first.width, first.height, first.page_count) == ("JPEG", 640, 480, 1)
    assert (second.width, second.height) == (480, 640)
    assert first.sha256 == hashlib.sha256(baseline.read_bytes()).hexdigest()
    assert first.file_size == baseline.stat().st_size
    assert first.original_filename == "baseline.jpg"
    assert first.file_path == str(baseline)
    assert max(thumbnail(catalog, first).size) == 320
    assert thumbnail(catalog, second).size[1] > thumbnail(catalog, second).size[0]


def test_cmyk_jpeg_gets_an_rgb_thumbnail(catalog, images):
    path = images.save("cmyk.jpg", picture(mode="CMYK"), "JPEG")
    photo = record(only(run_import(catalog, path), "cmyk.jpg"))
    assert photo.format == "JPEG"
    assert thumbnail(catalog, photo).mode == "RGB"
    assert photo.embedded_metadata and '"CMYK"' in photo.embedded_metadata


def test_exif_rotated_jpeg_is_stored_and_thumbnailed_upright(catalog, images):
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown turned a quarter clockwise
    path = images.jpeg("rotated.jpg", size=(400, 200), exif=exif)
    photo = record(only(run_import(catalog, path), "rotated.jpg"))
    assert (photo.width, photo.height) == (200, 400)
    small = thumbnail(catalog, photo)
    assert small.size[1] > small.size[0]


def test_png_with_alpha_keeps_its_transparency_in_the_thumbnail(catalog, images):
    image = Image.new("RGBA", (300, 200), (30, 60, 90, 0))
    image.paste((200, 10, 10, 255), (100, 50, 200, 150))
    photo = record(only(run_import(catalog, images.png("alpha.png", image)), "alpha.png"))
    small = thumbnail(catalog, photo)
    assert small.mode == "RGBA"
    assert small.getpixel((0, 0))[3] == 0
    assert small.getpixel((small.width // 2, small.height // 2))[3] == 255


def sixteen_bit_ramp() -> Image.Image:
    """A grey ramp over the whole 16-bit range: mid-grey is 32768, not 128."""
    ramp = Image.linear_gradient("L").resize((256, 64)).convert("I")
    return ramp.point(lambda value: value * 257).convert("I;16")


def test_sixteen_bit_png_is_scaled_not_clipped_in_the_thumbnail(catalog, images):
    photo = record(
        only(run_import(catalog, images.png("deep.png", sixteen_bit_ramp())), "deep.png")
    )
    assert (photo.format, photo.width, photo.height) == ("PNG", 256, 64)
    small = thumbnail(catalog, photo).convert("L")
    middle = small.getpixel((small.width // 2, small.height // 2))
    assert 100 < middle < 160  # a plain convert would make it 255 (white)


def test_eight_and_sixteen_bit_tiff_import(catalog, images):
    eight = images.save("eight.tif", picture(), "TIFF")
    sixteen = images.save("sixteen.tif", sixteen_bit_ramp(), "TIFF")
    report = run_import(catalog, eight, sixteen)
    first, second = record(only(report, "eight.tif")), record(only(report, "sixteen.tif"))
    assert (first.format, first.page_count) == ("TIFF", 1)
    assert (second.width, second.height) == (256, 64)
    assert 100 < thumbnail(catalog, second).convert("L").getpixel((128, 32)) < 160


def test_multipage_tiff_is_one_record_with_its_page_count(catalog, images):
    pages = [picture(seed=n) for n in range(3)]
    path = images.save("pages.tif", pages[0], "TIFF", save_all=True, append_images=pages[1:])
    report = run_import(catalog, path)
    assert report.count("imported") == 1
    assert record(only(report, "pages.tif")).page_count == 3


def test_webp_imports(catalog, images):
    path = images.save("photo.webp", picture(), "WEBP", quality=80)
    photo = record(only(run_import(catalog, path), "photo.webp"))
    assert (photo.format, photo.width, photo.height) == ("WebP", 400, 300)


def test_animated_gif_is_one_record_with_the_first_frame_as_thumbnail(catalog, images):
    frames = [Image.new("RGB", (120, 90), colour) for colour in ("red", "lime", "blue")]
    path = images.save(
        "animated.gif", frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100
    )
    photo = record(only(run_import(catalog, path), "animated.gif"))
    assert (photo.format, photo.page_count) == ("GIF", 1)
    assert '"frames": 3' in photo.embedded_metadata
    red, green, blue = thumbnail(catalog, photo).convert("RGB").getpixel((60, 45))
    assert red > 200 and green < 60 and blue < 60


def test_a_hundred_megapixel_scan_imports_like_any_other(catalog, images):
    scan = Image.new("L", (12_000, 8_400), 200)  # 100.8 megapixels
    path = images.save("big-scan.jpg", scan, "JPEG", quality=70)
    photo = record(only(run_import(catalog, path), "big-scan.jpg"))
    assert (photo.width, photo.height) == (12_000, 8_400)
    assert max(thumbnail(catalog, photo).size) == 320


def test_folder_import_takes_images_and_passes_over_sidecars_unless_recursive(catalog, images):
    images.jpeg("top.jpg")
    (images.folder / "notes.txt").write_text("a note")
    (images.folder / ".hidden.jpg").write_bytes(b"not even looked at")
    deeper = images.folder / "box 2"
    deeper.mkdir()
    picture(seed=99).save(deeper / "inner.JPG", "JPEG")
    flat = run_import(catalog, images.folder)
    assert [item.path.rsplit("/", 1)[-1] for item in flat.files] == ["top.jpg"]
    deep = run_import(catalog, images.folder, recursive=True)
    assert only(deep, "inner.JPG").outcome == "imported"
    assert only(deep, "top.jpg").outcome == "duplicate"


def test_heic_from_a_phone_imports_upright_with_a_thumbnail(catalog, images):
    import archive_app.catalog.image_formats  # noqa: F401  (lets the test write HEIC)

    exif = Image.Exif()
    exif[0x0112] = 6  # a phone held upright: stored landscape, shown a quarter turned
    path = images.save(
        "IMG_0042.HEIC", picture((400, 200)), "HEIF", quality=80, exif=exif.tobytes()
    )
    photo = record(only(run_import(catalog, path), "IMG_0042.HEIC"))
    assert (photo.format, photo.width, photo.height, photo.page_count) == ("HEIC", 200, 400, 1)
    small = thumbnail(catalog, photo)
    assert small.size[1] > small.size[0]
    assert photo.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
