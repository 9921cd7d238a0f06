"""A HEIC photograph (which Qt has no plugin for) is shown by the viewer and the thumbnails,
turned as the file says, through Pillow."""

from __future__ import annotations

from PIL import Image

import archive_app.catalog.image_formats  # noqa: F401  (lets the test write HEIC)
from archive_app.gui.photo_viewer import PhotoViewer
from archive_app.gui.thumbnails import decode_thumbnail


def _heic(tmp_path, size=(600, 300), orientation: int | None = 6):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    path = tmp_path / "IMG_0001.HEIC"
    Image.new("RGB", size, (180, 40, 40)).save(path, "HEIF", quality=70, exif=exif.tobytes())
    return str(path)


def test_the_viewer_shows_a_heic_upright_decoded_off_the_gui_thread(qtbot, tmp_path):
    viewer = PhotoViewer()
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.full_image_loaded, timeout=10_000):
        assert viewer.show_photo(_heic(tmp_path)), viewer.message
        assert viewer.image_size == (300, 600)  # at once, from the header: shown portrait
    pixmap = viewer.pixmap_item.pixmap()
    assert (pixmap.width(), pixmap.height()) == (300, 600)


def test_a_heic_thumbnail_is_decoded_and_fits(tmp_path):
    image = decode_thumbnail(_heic(tmp_path, size=(800, 400), orientation=None), 160)
    assert (image.width(), image.height()) == (160, 80)


def test_a_file_neither_qt_nor_pillow_reads_says_so(qtbot, tmp_path):
    path = tmp_path / "broken.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40)
    viewer = PhotoViewer()
    qtbot.addWidget(viewer)
    assert not viewer.show_photo(str(path))
    assert viewer.message.startswith("The image cannot be read")
    assert decode_thumbnail(str(path)).isNull()
