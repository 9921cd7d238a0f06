"""The image formats the catalogue reads with Pillow: Pillow's own, and HEIC/HEIF (the photos
of phones since 2017) through pillow-heif, whose wheels carry libheif, so nothing needs
installing on the system. Importing this module registers the opener once per process (the
import workers import it too)."""

from __future__ import annotations

import pillow_heif

pillow_heif.register_heif_opener()

#: Pillow's format name -> the catalogue's (a camera's MPO is a JPEG with extra pictures).
FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "TIFF": "TIFF",
    "WEBP": "WebP",
    "GIF": "GIF",
    "HEIF": "HEIC",
}

#: what a refusal names as taken
TAKEN = "JPEG, PNG, TIFF, WebP, GIF or HEIC"
