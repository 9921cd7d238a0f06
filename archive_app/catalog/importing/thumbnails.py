"""The thumbnail cache: small images of every photograph, on disk next to the catalogue.

Thumbnails are not catalogue data (they can always be made again from the file), so they stay out
of the database, in `<catalogue>-files/thumbnails/`, one file per SHA-256: two files with the same
content share a thumbnail, and a renamed or moved file keeps its own. The cache has a size cap;
when it grows past it, the least recently written thumbnails go first.

`make_thumbnail` runs in the import's worker processes; it gets an image already opened (and,
for JPEG, put in draft mode so the decoder works at 1/2, 1/4 or 1/8 scale).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from pathlib import Path

from PIL import Image, ImageOps

import archive_app.catalog.image_formats  # noqa: F401  (Pillow reads HEIC from here on)

THUMBNAIL_EDGE = 320
DEFAULT_CAP_BYTES = 512 * 1024 * 1024
SUFFIXES = (".jpg", ".png")
_SIXTEEN_BIT = {"I;16", "I;16B", "I;16L", "I;16N", "I"}


class ThumbnailCache:
    """Thumbnails keyed by SHA-256 under one folder, with a size cap."""

    def __init__(self, folder: Path, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.folder = Path(folder)
        self.cap_bytes = cap_bytes

    def path_for(self, sha256: str) -> Path | None:
        """The cached thumbnail of that content, or None."""
        for suffix in SUFFIXES:
            candidate = self.folder / sha256[:2] / f"{sha256}{suffix}"
            if candidate.is_file():
                return candidate
        return None

    def size(self) -> int:
        return sum(size for _path, size, _time in self._entries())

    def _entries(self) -> list[tuple[Path, int, float]]:
        found = []
        if not self.folder.is_dir():
            return found
        for entry in os.scandir(self.folder):
            if not entry.is_dir(follow_symlinks=False):
                continue
            for item in os.scandir(entry.path):
                if item.name.endswith(SUFFIXES) and item.is_file(follow_symlinks=False):
                    stat = item.stat(follow_symlinks=False)
                    found.append((Path(item.path), stat.st_size, stat.st_mtime))
        return found

    def prune(self) -> int:
        """Remove the oldest thumbnails until the cache is under its cap; returns how many."""
        entries = self._entries()
        total = sum(size for _path, size, _time in entries)
        removed = 0
        for path, size, _time in sorted(entries, key=lambda entry: entry[2]):
            if total <= self.cap_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed


#: a 16-bit image whose values span less than this is stretched for display (a scanner that
#: wrote 8-bit values, or 291-694, into 16 bits would otherwise give a black thumbnail).
NARROW_RANGE = 4096


def _sixteen_bit_to_grey(image: Image.Image) -> Image.Image:
    """8-bit grey for a 16-bit (mode I) image: scaled down, not clipped (a plain convert("L")
    turns most of a 16-bit scan white), and stretched over 0-255 when the file uses only a
    narrow part of the range. Only the thumbnail changes; the file is untouched."""
    low, high = image.getextrema()
    if high - low < NARROW_RANGE or high < NARROW_RANGE:
        span = max(high - low, 1)
        return image.point(lambda value: (value - low) * 255 / span).convert("L")
    return image.point(lambda value: value / 256).convert("L")


def _displayable(image: Image.Image) -> Image.Image:
    """8-bit RGB (or RGBA when the image has transparency) that JPEG or PNG can hold."""
    if image.mode == "I":
        return _sixteen_bit_to_grey(image)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode in ("L", "RGB"):
        return image
    return image.convert("RGB")


def make_thumbnail(image: Image.Image, edge: int = THUMBNAIL_EDGE) -> Image.Image:
    """The first frame of the image, oriented as its EXIF says, fitting in edge x edge.

    Decoding happens here: a truncated or damaged file raises OSError from Pillow.
    """
    image.seek(0)
    if image.format in ("JPEG", "MPO"):
        image.draft("RGB" if image.mode != "L" else "L", (edge, edge))
    image.load()
    # Pillow reduces no 16-bit mode but I (a large I;16 scan failed with "wrong mode")
    small = image.convert("I") if image.mode in _SIXTEEN_BIT else image.copy()
    small.thumbnail((edge, edge), Image.Resampling.LANCZOS, reducing_gap=2.0)
    with contextlib.suppress(Exception), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a damaged EXIF block: the metadata reader says so
        small = ImageOps.exif_transpose(small)  # an odd orientation leaves it as stored
    return _displayable(small)


def write_thumbnail(thumbnail: Image.Image, folder: Path, sha256: str) -> Path:
    """Store a thumbnail atomically (a crash leaves no half-written file under its name)."""
    alpha = thumbnail.mode == "RGBA"
    target = folder / sha256[:2] / f"{sha256}{'.png' if alpha else '.jpg'}"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            if alpha:
                thumbnail.save(out, "PNG", optimize=False)
            else:
                thumbnail.save(out, "JPEG", quality=85)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
