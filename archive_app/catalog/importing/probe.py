"""Examining one file in a worker process: fixity, format, size, metadata and thumbnail.

Every decoder runs here, away from the catalogue: a damaged file that makes a decoder misbehave
costs one worker, and the main process only ever sees a small picklable `Probe` (no pixels), so
its memory stays flat however many files go through.

A file is refused only when its pixels cannot be decoded (or it is not a file, or too large):
`reason` is then one line an archivist can act on, and `detail` keeps the decoder's own words
for `import --json`. Anything less (damaged metadata, a damaged later frame, a decoder's
complaints on the terminal) lets the photograph in with `warnings` that stay on its record.
"""

from __future__ import annotations

import hashlib
import io
import mmap
import os
import stat
import struct
import warnings as python_warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, UnidentifiedImageError

from archive_app.catalog.image_formats import FORMATS, TAKEN
from archive_app.catalog.importing.containers import PNG_SIGNATURE, png_without_text
from archive_app.catalog.importing.metadata import Described, RegionHint, describe
from archive_app.catalog.importing.stderr_capture import captured_stderr
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
    detail: str | None = None
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

    def file_columns(self) -> dict[str, Any]:
        """What a photograph record keeps of the file itself: its size, format, pixel size,
        page count and checksum."""
        return dict(
            file_size=self.file_size,
            format=self.format,
            width=self.width,
            height=self.height,
            page_count=self.page_count,
            sha256=self.sha256,
        )


class Refused(Exception):
    """The file cannot be taken; the message is the reason, `detail` the decoder's words."""

    def __init__(self, reason: str, detail: BaseException | str | None = None) -> None:
        super().__init__(reason)
        if isinstance(detail, BaseException):
            detail = f"{type(detail).__name__}: {detail}"
        self.detail = detail


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
        raise Refused(f"cannot be read ({exc.strerror or exc})", exc) from None


def _open(path: str, data: bytes | None) -> Image.Image:
    with python_warnings.catch_warnings():
        # Between the limit and twice the limit Pillow only warns; _check_size refuses those
        # with the exact size. Beyond twice the limit Pillow refuses by itself.
        python_warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            if data is not None and data.startswith(PNG_SIGNATURE):
                # A PNG's text is read apart (containers.png_blocks, bounded, with warnings);
                # Pillow refuses a whole file for one text chunk over 1 MB, before or after
                # the image data, though the pixels do not depend on it.
                return Image.open(io.BytesIO(png_without_text(data)))
            return Image.open(io.BytesIO(data) if data is not None else path)
        except UnidentifiedImageError as exc:
            raise Refused(f"is not an image the catalogue takes ({TAKEN})", exc) from None
        except Image.DecompressionBombError as exc:
            raise Refused(
                f"is a decompression bomb: its dimensions exceed the "
                f"{MAX_PIXELS // 1_000_000}-megapixel limit",
                exc,
            ) from None
        except FileNotFoundError:
            raise Refused("vanished before it could be read") from None
        except (OSError, ValueError, SyntaxError, struct.error) as exc:
            raise Refused("is damaged: its header cannot be read as an image", exc) from None


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
        raise Refused("has a damaged list of pages or frames", exc) from None


def _shown_size(image: Image.Image, size: tuple[int, int], exif: dict[str, Any]) -> tuple[int, int]:
    """Width and height as the photograph is shown. EXIF orientations 5-8 turn it a quarter;
    Pillow already gives a TIFF's size turned, and pillow-heif a HEIC's (their decoders turn
    the pixels too)."""
    orientation = exif.get("image", {}).get("Orientation")
    width, height = size
    if image.format in ("TIFF", "HEIF", "AVIF") or orientation not in (5, 6, 7, 8):
        return width, height
    return height, width


def _later_frames(source: Any, frames: int, warnings: list[str]) -> None:
    """Decode every frame after the first, from a fresh opening of the file (the thumbnail's
    draft mode would change how a JPEG's later pictures decode); the first that fails is a
    warning (the ones after it cannot be reached)."""
    with Image.open(source) as image:
        word = "page" if image.format == "TIFF" else "frame"
        for number in range(1, frames):
            try:
                image.seek(number)
                image.load()
            except Exception as exc:
                warnings.append(
                    f"{word} {number + 1} of {frames} is damaged and cannot be shown; the first "
                    f"{number} can (the decoder said: {exc})"
                )
                return


def _describe(image: Image.Image, view: bytes, warnings: list[str]) -> Described:
    try:
        return describe(image, view)
    except Exception as exc:  # metadata never refuses a photograph
        warnings.append(f"the embedded metadata could not be read ({type(exc).__name__}: {exc})")
        return Described()


def _decode_reason(image_format: str, exc: BaseException) -> Refused:
    if isinstance(exc, Image.DecompressionBombError):
        return Refused("is a decompression bomb", exc)
    if isinstance(exc, NotImplementedError):
        return Refused(f"uses a kind of {image_format} the catalogue cannot decode", exc)
    return Refused("is truncated or damaged: its pixels cannot be decoded", exc)


def _view(path: str, data: bytes | None) -> tuple[bytes, Any]:
    """The file's bytes to look for metadata in: the bytes read, or a memory map of a file too
    large to read (with the handle to close)."""
    if data is not None:
        return data, None
    handle = open(path, "rb")  # noqa: SIM115 - closed by examine
    return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ), handle  # type: ignore[return-value]


def _examine(path: str, thumbnails: str | None, edge: int, probe: Probe) -> None:
    probe.sha256, probe.file_size, data = _read(path)
    image = _open(path, data)
    view, handle = _view(path, data)
    try:
        with image:
            if image.format not in FORMATS:
                raise Refused(f"is a {image.format} image, which the catalogue does not take")
            _check_size(image)
            size = image.size  # before draft mode shrinks it
            probe.format = FORMATS[image.format]
            frames = _frames(image)
            probe.page_count = frames if probe.format == "TIFF" else 1
            described = _describe(image, view, probe.warnings)
            try:
                thumbnail = make_thumbnail(image, edge)
            except Exception as exc:
                raise _decode_reason(probe.format, exc) from None
            if frames > 1:
                source = io.BytesIO(data) if data is not None else path
                _later_frames(source, frames, probe.warnings)
            probe.width, probe.height = _shown_size(image, size, described.raw.get("exif", {}))
            mode = image.mode
    finally:
        if handle is not None:
            view.close()  # type: ignore[attr-defined]
            handle.close()
    if thumbnails:
        try:
            write_thumbnail(thumbnail, Path(thumbnails), probe.sha256)
        except OSError as exc:  # a full disk costs the thumbnail, not the record
            probe.warnings.append(f"no thumbnail stored ({exc.strerror or exc})")
    probe.fields, probe.tags = described.fields, described.tags
    probe.regions = described.regions
    probe.warnings[:0] = described.warnings
    probe.embedded = {"format": {"mode": mode, "frames": frames}, **described.raw}


def examine(path: str, thumbnails: str | None, edge: int = THUMBNAIL_EDGE) -> Probe:
    """Everything the catalogue needs from one file, or the reason it is refused."""
    probe = Probe(path=path)
    decoder_lines: list[str] = []
    try:
        with (
            captured_stderr(decoder_lines),
            python_warnings.catch_warnings(record=True) as caught,
        ):
            python_warnings.simplefilter("always")
            _examine(path, thumbnails, edge, probe)
    except Refused as exc:
        probe.reason, probe.detail = str(exc), exc.detail
    except MemoryError:
        probe.reason = "is too large to decode in memory"
    except Exception as exc:  # any other failure refuses this file, not the batch
        probe.reason = "could not be examined: the file is damaged in a way the decoder cannot read"
        probe.detail = f"{type(exc).__name__}: {exc}"
    if probe.reason:  # a decoder's message may run over lines (libheif's ends in one)
        probe.reason = " ".join(probe.reason.split())
        detail = "; ".join(filter(None, [probe.detail, *decoder_lines]))
        probe.detail = " ".join(detail.split()) or None
        return probe
    for warning in caught:
        message = str(warning.message).strip()
        said = any(message in known for known in probe.warnings)  # a reader reported it
        if not said and not issubclass(warning.category, Image.DecompressionBombWarning):
            probe.warnings.append(f"the decoder warned: {message}")
    probe.warnings += [f"the decoder said: {line}" for line in decoder_lines]
    probe.warnings = list(dict.fromkeys(" ".join(warning.split()) for warning in probe.warnings))
    return probe
