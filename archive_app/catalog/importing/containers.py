"""Where each format keeps its metadata blocks, found in the file's own bytes.

Pillow reads some blocks while it opens a file, but not all of them: a PNG's eXIf, iTXt XMP or
tEXt chunk written after the image data comes to light only once the pixels are decoded (and not
at all when a text chunk is too large for it), the XMP of a GIF and ImageMagick's "Raw profile"
chunks are not read, and IPTC appended to a JPEG (AFCP, FotoStation trailers) is ignored. The
walkers here read the chunk and block structure themselves, bounded at every step, so a block
that lies about its length ends the walk with a warning instead of an exception.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

#: the most text a compressed PNG text chunk may expand to (a zTXt bomb stops here).
MAX_INFLATED = 8 * 1024 * 1024
#: the most text all of a PNG's text chunks may expand to together (many small bombs).
MAX_TEXT_TOTAL = 32 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GIF_XMP = b"XMP DataXMP"
_RAW_PROFILE = "raw profile type "


@dataclass
class Blocks:
    """The metadata blocks of one file, each with the place it came from."""

    exif: list[tuple[str, bytes]] = field(default_factory=list)
    iptc: list[tuple[str, bytes]] = field(default_factory=list)
    xmp: list[tuple[str, bytes]] = field(default_factory=list)
    photoshop: list[tuple[str, bytes]] = field(default_factory=list)  # Image Resource Blocks
    texts: dict[str, str] = field(default_factory=dict)  # PNG text chunks by keyword
    digest: bytes | None = None  # Photoshop's MD5 of the IPTC it last wrote (resource 0x0425)
    warnings: list[str] = field(default_factory=list)


# --- PNG ---------------------------------------------------------------------------------------


def png_chunks(data: bytes, warnings: list[str]) -> list[tuple[bytes, bytes]]:
    """Every chunk (type, body) of a PNG up to IEND; a chunk running past the file's end stops
    the walk with a warning."""
    chunks = []
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if len(body) < length:
            warnings.append(f"the PNG chunk {kind.decode('latin-1')!r} runs past the file's end")
            break
        chunks.append((kind, bytes(body)))
        if kind == b"IEND":
            break
        position += 12 + length
    return chunks


def _inflate(body: bytes) -> bytes:
    """zlib data expanded up to MAX_INFLATED; ValueError beyond (a decompression bomb)."""
    inflater = zlib.decompressobj()
    text = inflater.decompress(body, MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ValueError(f"it expands to more than {MAX_INFLATED // (1024 * 1024)} MB")
    return text


def png_text(kind: bytes, body: bytes) -> tuple[str, bytes, bool] | None:
    """(keyword, value bytes, value is UTF-8) of a tEXt, zTXt or iTXt chunk; None for others.
    Raises ValueError for a damaged or over-large compressed value."""
    keyword, _, rest = body.partition(b"\x00")
    name = keyword.decode("latin-1")
    if kind == b"tEXt":
        return name, rest, False
    if kind == b"zTXt":
        return name, _inflate(rest[1:]), False
    if kind == b"iTXt":
        if len(rest) < 2:
            raise ValueError("the chunk is too short")
        compressed = rest[0] == 1
        _language, _, rest = rest[2:].partition(b"\x00")
        _translated, _, value = rest.partition(b"\x00")
        return name, _inflate(value) if compressed else value, True
    return None


def raw_profile(text: bytes) -> bytes:
    """The bytes of an ImageMagick "Raw profile type NAME" text: a line with the name, a line
    with the length, then the bytes in hexadecimal over several lines."""
    lines = text.strip().split(b"\n", 2)
    if len(lines) < 3:
        raise ValueError("it has no length line")
    length = int(lines[1].strip())
    payload = bytes.fromhex(b"".join(lines[2].split()).decode("ascii"))
    if len(payload) < length:
        raise ValueError(f"it promises {length} bytes and holds {len(payload)}")
    return payload[:length]


def _png_profile(blocks: Blocks, name: str, payload: bytes, where: str) -> None:
    if name == "xmp" or (name == "app1" and payload.startswith(b"http://ns.adobe.com/xap/1.0/")):
        blocks.xmp.append((where, payload.split(b"\x00", 1)[-1] if name == "app1" else payload))
    elif name in ("exif", "app1"):
        blocks.exif.append((where, payload))
    elif name == "iptc" and payload.startswith(b"8BIM"):
        blocks.photoshop.append((where, payload))
    elif name == "iptc":
        blocks.iptc.append((where, payload))
    elif name == "8bim":
        blocks.photoshop.append((where, payload))


def png_blocks(data: bytes) -> Blocks:
    """EXIF, XMP, IPTC and text of a PNG, wherever the chunks stand (before or after IDAT)."""
    blocks = Blocks()
    total = 0
    for kind, body in png_chunks(data, blocks.warnings):
        if kind == b"eXIf":
            blocks.exif.append(("PNG eXIf chunk", body))
            continue
        try:
            text = png_text(kind, body)
            if text is None:
                continue
            keyword, value, utf8 = text
            total += len(value)
            if total > MAX_TEXT_TOTAL:
                blocks.warnings.append(
                    f"the PNG text chunk {keyword!r} and any after it were skipped: together "
                    f"they expand to more than {MAX_TEXT_TOTAL // (1024 * 1024)} MB"
                )
                break
            where = f"PNG {kind.decode()} chunk {keyword!r}"
            if keyword == "XML:com.adobe.xmp":
                blocks.xmp.append((where, value))
            elif keyword.lower().startswith(_RAW_PROFILE):
                name = keyword[len(_RAW_PROFILE) :].strip().lower()
                _png_profile(blocks, name, raw_profile(value), where)
            else:
                decoded = value.decode("utf-8" if utf8 else "latin-1", "replace")
                blocks.texts.setdefault(keyword, decoded)
        except (ValueError, zlib.error) as exc:
            name = body.partition(b"\x00")[0].decode("latin-1")
            blocks.warnings.append(f"the PNG text chunk {name!r} was skipped ({exc})")
    return blocks


def png_without_text(data: bytes) -> bytes:
    """The PNG with its text chunks left out, every other byte as it was (checksums included,
    so damage still shows): what Pillow decodes when a text chunk is too large for it (the
    pixels do not depend on them). A chunk that runs past the end is kept as it is."""
    out = [bytes(data[: len(PNG_SIGNATURE)])]
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if kind not in (b"tEXt", b"zTXt", b"iTXt"):
            out.append(bytes(data[position:end]))
        if kind == b"IEND" or end > len(data):
            break
        position = end
    else:
        out.append(bytes(data[position:]))
    return b"".join(out)


# --- GIF ---------------------------------------------------------------------------------------


def _sub_blocks_end(data: bytes, position: int) -> int:
    """The position after a chain of GIF data sub-blocks (each a length byte, then data)."""
    while position < len(data):
        size = data[position]
        position += 1 + size
        if size == 0:
            return position
    raise ValueError("a block runs past the file's end")


def gif_xmp(data: bytes) -> bytes | None:
    """The XMP packet of a GIF's "XMP DataXMP" application extension. The packet is stored as
    plain bytes (not as sub-blocks) followed by a 258-byte "magic trailer" that lets a GIF reader
    skip it; UTF-8 never holds the trailer's 0xFF/0xFE bytes, so the packet ends where it starts.
    A block that runs past the file's end raises ValueError."""
    if len(data) < 13:
        return None
    flags = data[10]
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while position < len(data):
        introducer = data[position]
        if introducer == 0x3B:  # trailer
            return None
        if introducer == 0x2C:  # an image: descriptor, local colour table, LZW data
            if position + 10 > len(data):
                raise ValueError("an image descriptor runs past the file's end")
            local = data[position + 9]
            position += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
            position = _sub_blocks_end(data, position)
        elif introducer == 0x21 and position + 2 < len(data):
            label, start = data[position + 1], position + 2
            if label == 0xFF and data[start : start + 12] == b"\x0b" + GIF_XMP:
                payload = bytes(data[start + 12 : _sub_blocks_end(data, start + 12)])
                end = payload.find(b"\x01\xff\xfe")
                return payload[:end] if end >= 0 else payload
            position = _sub_blocks_end(data, start)
        else:  # not GIF any more (two GIFs run together, say): no XMP to be found
            return None
    return None


# --- JPEG and TIFF trailers ----------------------------------------------------------------------


def afcp_iptc(data: bytes) -> bytes | None:
    """IPTC from an AFCP trailer ("AXS!" or "AXS*" at the start and in the last 12 bytes)."""
    tail = data[-12:]
    if len(data) < 24 or tail[:3] != b"AXS" or tail[3:4] not in (b"!", b"*"):
        return None
    order = ">" if tail[3:4] == b"!" else "<"
    (start,) = struct.unpack(order + "I", tail[4:8])
    header = data[start : start + 12]
    if header[:4] != tail[:4]:
        raise ValueError("its directory is not where the trailer says")
    (count,) = struct.unpack(order + "H", header[6:8])
    for index in range(count):
        entry = data[start + 12 + 12 * index : start + 24 + 12 * index]
        if len(entry) < 12:
            raise ValueError("its directory runs past the file's end")
        tag, size, offset = struct.unpack(order + "4sII", entry)
        if tag == b"IPTC":
            if offset + size > len(data):
                raise ValueError("its IPTC entry runs past the file's end")
            return bytes(data[offset : offset + size])
    return None


def fotostation_iptc(data: bytes) -> bytes | None:
    """IPTC from a FotoWare FotoStation trailer: records read backwards from the end, each
    followed by a 10-byte footer (tag, size with footer, signature 0xA1B2C3D4)."""
    end = len(data)
    while end >= 10:
        tag, size, signature = struct.unpack(">HII", data[end - 10 : end])
        if signature != 0xA1B2C3D4 or size < 10 or size > end:
            return None
        if tag == 1:
            return bytes(data[end - size : end - 10])
        end -= size
    return None


# --- JPEG ----------------------------------------------------------------------------------------


def jpeg_exif(data: bytes) -> bytes | None:
    """The EXIF of a JPEG, joined from every APP1 "Exif" segment before the image data: a
    camera whose EXIF outgrows one 64 KB segment continues it in the next ("multi-segment
    EXIF", which ExifTool reads and Pillow does not)."""
    parts: list[bytes] = []
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        if marker == 0xDA:  # start of scan: the metadata segments are behind us
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        body = bytes(data[position + 4 : position + 2 + length])
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
            parts.append(body[6:])
        position += 2 + length
    return b"Exif\x00\x00" + b"".join(parts) if parts else None
