"""Small files built byte by byte the way real writers lay them out: PNG chunks after the image
data, ImageMagick's raw profiles, a GIF's XMP application extension, AFCP and FotoStation
trailers on a JPEG, XMP in UTF-16 and UTF-32. Each is what a real camera, scanner or tool wrote
in the files that showed a defect (issue 10); none is downloaded."""

from __future__ import annotations

import io
import struct
import zlib

from imagefiles import picture
from PIL import Image


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bytes(image: Image.Image | None = None) -> bytes:
    out = io.BytesIO()
    (image or picture((400, 300), seed=11)).save(out, "PNG")
    return out.getvalue()


def png_with_chunks_after_idat(*chunks: bytes, image: Image.Image | None = None) -> bytes:
    """A PNG whose extra chunks stand after IDAT, just before IEND (as many tools write them)."""
    data = png_bytes(image)
    end = data.rindex(b"IEND") - 4
    return data[:end] + b"".join(chunks) + data[end:]


def text_chunk(keyword: str, text: str) -> bytes:
    return chunk(b"tEXt", keyword.encode("latin-1") + b"\x00" + text.encode("latin-1"))


def itxt_chunk(keyword: str, text: str) -> bytes:
    return chunk(b"iTXt", keyword.encode() + b"\x00\x00\x00\x00\x00" + text.encode("utf-8"))


def ztxt_chunk(keyword: str, data: bytes) -> bytes:
    return chunk(b"zTXt", keyword.encode() + b"\x00\x00" + zlib.compress(data))


def raw_profile(name: str, payload: bytes) -> bytes:
    """ImageMagick's text form of a profile: name, length, then hex in lines of 72 digits."""
    digits = payload.hex()
    lines = "\n".join(digits[i : i + 72] for i in range(0, len(digits), 72))
    return f"\n{name}\n{len(payload):8d}\n{lines}\n".encode("ascii")


def iim(values: dict[int, list[bytes]]) -> bytes:
    """An IPTC IIM stream of record 2 datasets (UTF-8 declared)."""
    data = b"\x1c\x01\x5a\x00\x03\x1b%G"
    for dataset, items in values.items():
        for item in items:
            data += b"\x1c\x02" + bytes([dataset]) + struct.pack(">H", len(item)) + item
    return data


def gif_with_xmp(packet: bytes) -> bytes:
    """A GIF with an "XMP DataXMP" application extension: the packet as raw bytes, then the
    258-byte magic trailer (0x01, 0xFF down to 0x00, 0x00) that GIF readers skip as sub-blocks."""
    out = io.BytesIO()
    picture((120, 80), seed=5).convert("P").save(out, "GIF")
    data = out.getvalue()
    magic = b"\x01" + bytes(range(255, -1, -1)) + b"\x00"
    extension = b"\x21\xff\x0bXMP DataXMP" + packet + magic
    return data[:-1] + extension + data[-1:]  # before the trailer byte (0x3B)


def afcp_trailer(data_length: int, iptc_block: bytes) -> bytes:
    """An AFCP trailer (big-endian): header "AXS!", version, one IPTC entry, the value, then
    the 12-byte end record giving where the header starts."""
    start = data_length
    value_at = start + 12 + 12
    header = b"AXS!" + b"\x00\x01" + struct.pack(">H", 1) + b"\x00" * 4
    entry = b"IPTC" + struct.pack(">II", len(iptc_block), value_at)
    return header + entry + iptc_block + b"AXS!" + struct.pack(">I", start) + b"\x00" * 4


def fotostation_trailer(iptc_block: bytes) -> bytes:
    """A FotoStation record: the IPTC, then tag 1, size with the footer, signature."""
    return iptc_block + struct.pack(">HII", 1, len(iptc_block) + 10, 0xA1B2C3D4)


def png_with_chunks_before_idat(*chunks: bytes) -> bytes:
    """A PNG whose extra chunks stand before the image data (read as the file is opened)."""
    data = png_bytes()
    start = data.index(b"IDAT") - 4
    return data[:start] + b"".join(chunks) + data[start:]
