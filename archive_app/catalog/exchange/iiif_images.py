"""Static IIIF Image API 3 level-0 images: an `info.json` and pre-cut JPEG tiles and sizes, so any
static web server serves deep zoom and any IIIF viewer (Mirador, Universal Viewer, OpenSeadragon)
reads them without an image server.

Files follow the URI pattern viewers ask for: `{region}/{w},{h}/0/default.jpg` for each tile at
each scale factor, `full/{w},{h}/0/default.jpg` for each size listed in `info.json`, and
`full/max/0/default.jpg`. The image is cut as the catalogue shows it (EXIF orientation applied,
the first page of a multipage TIFF, 16-bit and CMYK made 8-bit RGB), so the people's regions,
kept on the image as shown, fall where they should.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

import archive_app.catalog.image_formats  # noqa: F401  (registers the HEIC opener)

TILE = 512
SMALLEST_SIZE = 128
JPEG_QUALITY = 85


@dataclass
class TiledImage:
    width: int
    height: int
    files: int


def _rgb(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda v: v / 256).convert("L")
    if image.mode in ("RGBA", "LA", "P", "PA"):
        canvas = Image.new("RGB", image.size, "white")
        converted = image.convert("RGBA")
        canvas.paste(converted, mask=converted.getchannel("A"))
        return canvas
    return image.convert("RGB")


def scale_factors(width: int, height: int, tile: int = TILE) -> list[int]:
    """1, 2, 4 … until one tile holds the whole image."""
    factors = [1]
    while max(width, height) / factors[-1] > tile:
        factors.append(factors[-1] * 2)
    return factors


def sizes(width: int, height: int) -> list[tuple[int, int]]:
    """Whole-image sizes, halving from full down to about SMALLEST_SIZE, smallest first."""
    result = []
    factor = 1
    while True:
        w, h = math.ceil(width / factor), math.ceil(height / factor)
        result.append((w, h))
        if max(w, h) <= SMALLEST_SIZE:
            break
        factor *= 2
    return sorted(set(result))


def _save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=JPEG_QUALITY)


def write_level0(source: Path, folder: Path, image_id: str) -> TiledImage:
    """Cut `source` into `folder` (the image's own folder, whose URL is `image_id`)."""
    with Image.open(source) as opened:
        opened.seek(0)
        image = _rgb(opened)
        image.load()
    width, height = image.size
    files = 0
    factors = scale_factors(width, height)
    for factor in factors:
        span = TILE * factor
        for y in range(0, height, span):
            for x in range(0, width, span):
                w, h = min(span, width - x), min(span, height - y)
                out_w, out_h = math.ceil(w / factor), math.ceil(h / factor)
                whole = (x, y, w, h) == (0, 0, width, height)
                region = "full" if whole else f"{x},{y},{w},{h}"
                tile = image.crop((x, y, x + w, y + h)).resize((out_w, out_h), Image.LANCZOS)
                _save(tile, folder / region / f"{out_w},{out_h}" / "0" / "default.jpg")
                files += 1
    for w, h in sizes(width, height):
        target = folder / "full" / f"{w},{h}" / "0" / "default.jpg"
        if not target.exists():
            _save(image.resize((w, h), Image.LANCZOS), target)
            files += 1
    _save(image, folder / "full" / "max" / "0" / "default.jpg")
    info = {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": image_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": width,
        "height": height,
        "sizes": [{"width": w, "height": h} for w, h in sizes(width, height)],
        "tiles": [{"width": TILE, "height": TILE, "scaleFactors": factors}],
        "extraFeatures": [],
    }
    (folder / "info.json").write_text(json.dumps(info, indent=1) + "\n", "utf-8")
    return TiledImage(width, height, files + 2)
