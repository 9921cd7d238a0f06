"""Examining one file in a worker process: fixity, format, size, metadata and thumbnail.

Every decoder runs here, away from the catalogue: a damaged file that makes a decoder misbehave
costs one worker, and the main process only ever sees a small picklable `Probe` (no pixels), so
its memory stays flat however many files go through. A file that cannot be taken comes back
with `reason` set to one line an archivist can act on.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, UnidentifiedImageError

from archive_app.catalog.image_formats import FORMATS, TAKEN
from archive_app.catalog.importing.metadata import MetadataRefused, RegionHint, describe
from archive_app.catalog.importing.thumbnails import THUMBNAIL_EDGE, make_thumbnail, write_thumbnail

#: the largest image taken: a 100-megapixel scan passes with room to spare; a file claiming more
#: is treated as a decompression bomb (its header promises more memory than a scan needs).
MAX_PIXELS = 250_000_000
#: files up to this size are read into memory once (hashed and decoded from the same bytes);
#: larger ones are hashed in chunks and decoded from the open file.
IN_MEMORY_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024

Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False


@dataclass
class Probe:
    """What a worker learnt about one file. `reason` is set when the file is refused."""

    path: str
    reason: str | None = None
    sha256: str | None = None
    file_size: int | None = None
    format: str | None = None
    width: int | None = None
    height: int | None = None
    page_count: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    regions: list[RegionHint] = field(default_factory=list)
    embedded: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Refused(Exception):
    """The file cannot be taken; the message is the reason."""


def _read(path: str) -> tuple[str, int, bytes | None]:
    """(SHA-256, size, the bytes when small enough to keep) of a regular, non-empty file."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused("is not a regular file")
            if info.st_size == 0:
                raise Refused("is empty (0 bytes)")
            if info.st_size <= IN_MEMORY_BYTES:
                data = handle.read()
                return hashlib.sha256(data).hexdigest(), len(data), data
            digest = hashlib.sha256()
            size = 0
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
            return digest.hexdigest(), size, None
    except FileNotFoundError:
        raise Refused("vanished before it could be read") from None
    except PermissionError:
        raise Refused("cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise Refused("is a folder, not a file") from None
    except OSError as exc:
        raise Refused(f"cannot be read ({exc.strerror or exc})") from None


def _open(path: str, data: bytes | None) -> Image.Image:
    with warnings.catch_warnings():
        # Between the limit and twice the limit Pillow only warns; _check_size refuses those
        # with the exact size. Beyond twice the limit Pillow refuses by itself.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)  # corrupt EXIF: read_exif says so
        try:
            return Image.open(io.BytesIO(data) if data is not None else path)
        except UnidentifiedImageError:
            raise Refused(f"is not an image the catalogue takes ({TAKEN})") from None
        except Image.DecompressionBombError:
            raise Refused(
                f"is a decompression bomb: its dimensions exceed the "
                f"{MAX_PIXELS // 1_000_000}-megapixel limit"
            ) from None
        except FileNotFoundError:
            raise Refused("vanished before it could be read") from None
        except OSError as exc:
            raise Refused(f"cannot be opened as an image ({exc})") from None


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise Refused(f"has impossible dimensions {width} x {height}")
    if width * height > MAX_PIXELS:
        raise Refused(
            f"is a decompression bomb: {width} x {height} pixels is "
            f"{width * height / 1e6:.0f} megapixels, more than the "
            f"{MAX_PIXELS // 1_000_000}-megapixel limit"
        )


def _frames(image: Image.Image) -> int:
    try:
        return max(int(getattr(image, "n_frames", 1)), 1)
    except Exception as exc:  # a broken page chain
        raise Refused(f"has a damaged page list ({exc})") from None


def _oriented_size(size: tuple[int, int], described_exif: dict[str, Any]) -> tuple[int, int]:
    """Width and height as the photograph is shown (EXIF orientations 5-8 turn it a quarter)."""
    orientation = described_exif.get("image", {}).get("Orientation")
    width, height = size
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def examine(path: str, thumbnails: str | None, edge: int = THUMBNAIL_EDGE) -> Probe:
    """Everything the catalogue needs from one file, or the reason it is refused."""
    probe = Probe(path=path)
    try:
        probe.sha256, probe.file_size, data = _read(path)
        image = _open(path, data)
        with image:
            if image.format not in FORMATS:
                raise Refused(f"is a {image.format} image, which the catalogue does not take")
            _check_size(image)
            size = image.size  # before draft mode shrinks it
            probe.format = FORMATS[image.format]
            frames = _frames(image)
            probe.page_count = frames if probe.format == "TIFF" else 1
            try:
                described = describe(image)
            except MetadataRefused as exc:
                raise Refused(str(exc)) from None
            try:
                thumbnail = make_thumbnail(image, edge)
            except (OSError, SyntaxError, ValueError) as exc:
                raise Refused(f"is truncated or damaged ({exc})") from None
            except Image.DecompressionBombError:
                raise Refused("is a decompression bomb") from None
            probe.width, probe.height = _oriented_size(size, described.raw.get("exif", {}))
        if thumbnails:
            try:
                write_thumbnail(thumbnail, Path(thumbnails), probe.sha256)
            except OSError as exc:  # a full disk costs the thumbnail, not the record
                probe.warnings.append(f"no thumbnail stored ({exc.strerror or exc})")
        probe.fields, probe.tags = described.fields, described.tags
        probe.regions = described.regions
        probe.embedded = {"format": {"mode": image.mode, "frames": frames}, **described.raw}
    except Refused as exc:
        probe.reason = str(exc)
    except MemoryError:
        probe.reason = "is too large to decode in memory"
    except Exception as exc:  # any other decoder failure refuses this file, not the batch
        probe.reason = f"could not be examined ({type(exc).__name__}: {exc})"
    if probe.reason:  # a decoder's message may run over lines (libheif's ends in one)
        probe.reason = " ".join(probe.reason.split())
    return probe
