"""Images that Qt has no plugin for (HEIC/HEIF) read through Pillow, as QImage, so the viewer
and the thumbnails show every file the import takes."""

from __future__ import annotations

from PIL import Image, ImageOps
from PySide6.QtGui import QImage

import archive_app.catalog.image_formats  # noqa: F401  (Pillow reads HEIC from here on)


def pillow_size(path: str) -> tuple[int, int] | None:
    """Width and height as shown, without decoding the pixels; None when Pillow cannot read it."""
    try:
        with Image.open(path) as image:
            width, height = image.size
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # turned a quarter when shown
                width, height = height, width
            return width, height
    except Exception:
        return None


def pillow_image(path: str, max_edge: int | None) -> QImage:
    """The image, turned as its EXIF says and scaled to fit `max_edge` (None: full size); a null
    QImage when Pillow cannot read it either."""
    try:
        with Image.open(path) as image:
            image.load()
            shown = ImageOps.exif_transpose(image)
            if max_edge:
                shown.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
            alpha = shown.mode in ("RGBA", "LA", "PA") or "transparency" in shown.info
            shown = shown.convert("RGBA" if alpha else "RGB")
    except Exception:
        return QImage()
    pixel_format = QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888
    data = shown.tobytes()
    line = shown.width * (4 if alpha else 3)
    return QImage(data, shown.width, shown.height, line, pixel_format).copy()
