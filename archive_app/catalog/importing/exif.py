"""EXIF, read with Pillow's TIFF-structure parser, as JSON sections of named values.

A damaged EXIF block costs the values that cannot be read, never the photograph: what Pillow
reads is kept, and what it warns about or fails on becomes a warning on the record.
"""

from __future__ import annotations

import math
import warnings as python_warnings
from typing import Any

from PIL import ExifTags, Image

from archive_app.catalog.importing.text import clean_text, decode, exif_text

#: longest list (of numbers, say) kept from any one metadata value.
MAX_ITEMS = 64
#: EXIF tags that are structure, not description (offsets, embedded blocks); never kept.
_STRUCTURAL_TAGS = {273, 279, 324, 325, 700, 33723, 34377, 34665, 34675, 34853, 37500, 40965}


def json_value(value: Any, warnings: list[str] | None = None, what: str = "a value") -> Any:
    """A metadata value as JSON: numbers, text, lists; binary blobs only by their length."""
    if isinstance(value, bytes):
        if len(value) > 256:
            return f"<{len(value)} bytes>"
        return clean_text(decode(value.split(b"\x00", 1)[0]), warnings, what)
    if isinstance(value, str):
        return clean_text(exif_text(value), warnings, what)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in list(value.items())[:MAX_ITEMS]}
    try:
        number = float(value)  # IFDRational
    except (TypeError, ValueError, ZeroDivisionError):
        return clean_text(str(value))
    return number if math.isfinite(number) else None


def _section(values: dict[int, Any], names: dict[int, str], warnings: list[str]) -> dict[str, Any]:
    section = {}
    for tag, value in values.items():
        if tag in _STRUCTURAL_TAGS:
            continue
        name = names.get(tag, f"tag_{tag}")
        converted = json_value(value, warnings, f"EXIF {name}")
        if converted not in (None, "", []):
            section[name] = converted
    return section


def _gps(gps: dict[int, Any]) -> dict[str, float] | None:
    """Decimal degrees from the GPS IFD; None when absent or out of range."""

    def degrees(value: Any, ref: Any, limit: float) -> float | None:
        try:
            d, m, s = (float(part) for part in value)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        result = d + m / 60 + s / 3600
        if str(ref).strip().upper().startswith(("S", "W")):
            result = -result
        return round(result, 7) if math.isfinite(result) and abs(result) <= limit else None

    latitude = degrees(gps.get(2), gps.get(1), 90)
    longitude = degrees(gps.get(4), gps.get(3), 180)
    if latitude is None or longitude is None:
        return None
    found = {"latitude": latitude, "longitude": longitude}
    try:
        altitude = float(gps[6])
        if math.isfinite(altitude):
            found["altitude"] = -altitude if gps.get(5) in (1, b"\x01") else altitude
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        pass
    return found


def _tiff_body(raw: bytes) -> bytes | None:
    body = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
    return body if body.startswith((b"II*\x00", b"MM\x00*")) else None


def read_exif(raw: bytes | None, image: Image.Image, warnings: list[str]) -> dict[str, Any]:
    """EXIF as JSON sections (image, exif, gps, position): from a block's bytes, or, for a TIFF
    (whose first IFD is its EXIF), from the image itself. Damage becomes warnings."""
    if raw is not None and _tiff_body(raw) is None:
        warnings.append("the EXIF block has no TIFF header and was skipped")
        return {}
    if raw is None and image.format != "TIFF":
        return {}
    main: dict[int, Any] = {}
    details: dict[int, Any] = {}
    gps: dict[int, Any] = {}
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        try:
            if raw is not None:
                exif = Image.Exif()
                exif.load(_tiff_body(raw))
            else:
                exif = image.getexif()
            main = dict(exif)
            details = dict(exif.get_ifd(ExifTags.IFD.Exif))
            gps = dict(exif.get_ifd(ExifTags.IFD.GPSInfo))
        except Exception as exc:  # Pillow raises many kinds on bad offsets and counts
            warnings.append(
                f"the EXIF block is damaged; what followed the damage was skipped ({exc})"
            )
    for warning in caught:
        warnings.append(f"the EXIF block is damaged ({str(warning.message).strip()})")
    found: dict[str, Any] = {
        "image": _section(main, ExifTags.TAGS, warnings),
        "exif": _section(details, ExifTags.TAGS, warnings),
        "gps": _section(gps, ExifTags.GPSTAGS, warnings),
    }
    position = _gps(gps)
    if position:
        found["position"] = position
    return {name: value for name, value in found.items() if value}
