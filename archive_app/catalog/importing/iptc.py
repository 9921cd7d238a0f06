"""IPTC IIM (the newsroom standard of 1991 that Photoshop and most archives still write) and the
Photoshop Image Resource Blocks that carry it in JPEG, TIFF and PNG.

Parsed here rather than by Pillow: Pillow's reader reads only the block a JPEG's APP13 or a TIFF
tag holds, and fails on an empty value; ours reads any IIM stream (also from AFCP and FotoStation
trailers and ImageMagick's PNG profiles), keeps empty values as absent, and stops at the first
damaged dataset with a warning, keeping what came before.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any

from archive_app.catalog.importing.text import clean_text, decode

#: datasets of record 2 that the catalogue reads, by ExifTool's names (also the JSON keys).
DATASETS = {
    5: "ObjectName",
    25: "Keywords",
    55: "DateCreated",
    60: "TimeCreated",
    80: "By-line",
    105: "Headline",
    110: "Credit",
    115: "Source",
    116: "CopyrightNotice",
    120: "Caption-Abstract",
}
REPEATABLE = {"Keywords", "By-line"}
UTF8_MARKERS = (b"\x1b%G", b"\x1b%/G")
IPTC_RESOURCE = 0x0404
DIGEST_RESOURCE = 0x0425


class DamagedIptc(ValueError):
    """Raised with what was read before the damage."""

    def __init__(self, message: str, datasets: dict[tuple[int, int], list[bytes]]) -> None:
        super().__init__(message)
        self.datasets = datasets


def parse_iim(data: bytes) -> dict[tuple[int, int], list[bytes]]:
    """Every dataset of an IIM stream: (record, dataset) -> values in order. Padding (NULs) after
    the last dataset is allowed; anything else that is not a dataset raises DamagedIptc."""
    found: dict[tuple[int, int], list[bytes]] = {}
    position = 0
    while position < len(data):
        if data[position] != 0x1C:
            if not data[position:].strip(b"\x00"):
                break
            raise DamagedIptc(f"no dataset marker at byte {position}", found)
        if position + 5 > len(data):
            raise DamagedIptc("a dataset header runs past the block's end", found)
        record, dataset, length = (
            data[position + 1],
            data[position + 2],
            data[position + 3 : position + 5],
        )
        (size,) = struct.unpack(">H", length)
        position += 5
        if size & 0x8000:  # extended dataset: the length is in the next (size & 0x7FFF) bytes
            count = size & 0x7FFF
            if count > 4 or position + count > len(data):
                raise DamagedIptc("an extended dataset length is impossible", found)
            size = int.from_bytes(data[position : position + count], "big")
            position += count
        if position + size > len(data):
            raise DamagedIptc(f"dataset {record}:{dataset} runs past the block's end", found)
        found.setdefault((record, dataset), []).append(bytes(data[position : position + size]))
        position += size
    return found


def photoshop_resources(data: bytes) -> dict[int, bytes]:
    """Photoshop Image Resource Blocks ("8BIM", id, Pascal name padded to even, size, data
    padded to even) by id; stops at the first block that is not one."""
    found: dict[int, bytes] = {}
    position = 0
    while position + 12 <= len(data) and data[position : position + 4] == b"8BIM":
        (resource,) = struct.unpack(">H", data[position + 4 : position + 6])
        name_length = data[position + 6]
        position += 6 + name_length + 1 + ((name_length + 1) % 2)
        if position + 4 > len(data):
            break
        (size,) = struct.unpack(">I", data[position : position + 4])
        position += 4
        found.setdefault(resource, bytes(data[position : position + size]))
        position += size + size % 2
    return found


def iim_digest(data: bytes) -> bytes:
    """The MD5 of an IIM block, as Photoshop stores it (resource 0x0425) when XMP and IPTC agree."""
    return hashlib.md5(data, usedforsecurity=False).digest()


def iptc_values(
    datasets: dict[tuple[int, int], list[bytes]], warnings: list[str]
) -> dict[str, Any]:
    """The catalogue's IPTC fields as text (Keywords, By-line: lists); empty values left out."""
    utf8 = any(value in UTF8_MARKERS for value in datasets.get((1, 90), []))
    found: dict[str, Any] = {}
    for (record, number), values in datasets.items():
        name = DATASETS.get(number) if record == 2 else None
        if name is None:
            continue
        texts = [
            text
            for value in values
            if (text := clean_text(decode(value, utf8), warnings, f"IPTC {name}"))
        ]
        if texts:
            found[name] = texts if name in REPEATABLE else "; ".join(texts)
    return found
