"""XMP: finding the packet in the bytes a file holds, reading it safely, and its properties.

The packet is decoded as the XMP specification (part 3, 1.1) allows: UTF-8, UTF-16 or UTF-32,
either byte order, told by a byte-order mark or by the bytes of its first "<". What lies around
the XML is left out: a writer's junk after the packet, an `<?xpacket end=...` that never closes.
A packet that declares a DTD or entities (which XMP never needs; billion-laughs and external
entity attacks do) is not parsed at all, and defusedxml parses the rest with DTDs forbidden.
Whatever cannot be read is a warning; the photograph comes in without it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree

from archive_app.catalog.importing.text import clean_text

#: an XMP packet larger than this is not parsed (a JPEG cannot even hold one: 64 KB per segment).
MAX_XMP_BYTES = 4 * 1024 * 1024

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MWG_RS = "{http://www.metadataworkinggroup.com/schemas/regions/}"
ST_AREA = "{http://ns.adobe.com/xmp/sType/Area#}"
ST_DIM = "{http://ns.adobe.com/xap/1.0/sType/Dimensions#}"
NAMESPACES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://www.metadataworkinggroup.com/schemas/regions/": "mwg-rs",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/exif/1.0/aux/": "aux",
    "http://ns.adobe.com/lightroom/1.0/": "lr",
    "http://ns.microsoft.com/photo/1.0/": "MicrosoftPhoto",
}

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_FIRST_BYTES = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:xmpmeta|xapmeta)\b|<(?:[\w.-]+:)?RDF\b")
_HOSTILE = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class XmpSkipped(ValueError):
    """The packet cannot be read; the message says why, for the record's warnings."""


@dataclass
class RegionHint:
    """A named face region from MWG XMP, already top-left based and normalised to 0-1."""

    name: str
    x: float
    y: float
    w: float
    h: float


def _encoding(body: bytes) -> str | None:
    """The packet's encoding from its byte-order mark or the bytes of its first "<"."""
    for start, name in (*_BOMS, *_FIRST_BYTES):
        if body.startswith(start):
            return name
    return None


def packet_text(packet: bytes) -> str:
    """The XML of a packet as text, from its root element to that element's end."""
    if len(packet) > MAX_XMP_BYTES:
        raise XmpSkipped(f"the XMP packet is {len(packet):,} bytes, more than XMP ever needs")
    body = packet
    encoding = _encoding(body)
    if encoding is None:  # padding before the packet (NULs, blanks) hides how it is written
        body = packet.lstrip(b"\x00\t\r\n ")
        encoding = _encoding(body) or "utf-8"
    for bom, name in _BOMS:
        if name == encoding and body.startswith(bom):
            body = body[len(bom) :]
            break
    text = body.decode(encoding, "replace")
    if _HOSTILE.search(text):
        raise XmpSkipped(
            "the XMP packet declares a DTD or entities, which XMP never needs (a sign of an "
            "attack); it was not read"
        )
    start = _ROOT.search(text)
    if start is None:
        raise XmpSkipped("the XMP packet holds no xmpmeta or RDF element")
    name = start.group(0)[1:]
    closing = text.rfind(f"</{name}>")
    end = closing + len(name) + 3 if closing > start.start() else len(text)
    return text[start.start() : end]


def parse_xmp(packet: bytes) -> Element:
    """The XMP tree, parsed without DTDs or entities; XmpSkipped otherwise."""
    text = packet_text(packet)
    try:
        return SafeTree.fromstring(text, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise XmpSkipped(
            f"the XMP packet declares a DTD or entities, which XMP never needs "
            f"({type(exc).__name__}); it was not read"
        ) from exc
    except SafeTree.ParseError as exc:
        raise XmpSkipped(f"the XMP packet is malformed XML ({exc}); it was not read") from exc


def _properties(node: Element) -> dict[str, Element | str]:
    """The properties on a node: its attributes, its child elements, and those of a nested
    rdf:Description (XMP writes the same thing in all three ways)."""
    found: dict[str, Element | str] = {}
    holders = [node, *node.findall(f"{RDF}Description")]
    for holder in holders:
        for key, value in holder.attrib.items():
            if not key.startswith(RDF) and key != XML_LANG:
                found[key] = value
        for child in holder:
            if child.tag != f"{RDF}Description":
                found[child.tag] = child
    return found


def _items(value: Element | str) -> list[str]:
    """The texts of a property: one for a simple value, each `rdf:li` of a Bag, Seq or Alt
    (an Alt's x-default first)."""
    if isinstance(value, str):
        text = clean_text(value)
        return [text] if text else []
    items = value.findall(f"./*/{RDF}li")
    if not items:
        text = clean_text(value.text or "")
        return [text] if text else []
    items.sort(key=lambda li: li.get(XML_LANG) != "x-default")
    return [t for t in (clean_text(li.text or "") for li in items) if t]


def _alternatives(value: Element | str) -> dict[str, str]:
    """An rdf:Alt's texts by language (`x-default` first); empty for any other value."""
    if isinstance(value, str) or value.find(f"{RDF}Alt") is None:
        return {}
    return {
        li.get(XML_LANG, "x-default"): text
        for li in value.findall(f"./{RDF}Alt/{RDF}li")
        if (text := clean_text(li.text or ""))
    }


def _short_name(qualified: str) -> str:
    uri, _, local = qualified[1:].partition("}")
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else qualified


def _number(value: Element | str | None) -> float | None:
    text = value if isinstance(value, str) else (value.text if value is not None else None)
    try:
        number = float(text or "")
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _region(
    li: Element, pixels: tuple[float, float] | None
) -> tuple[RegionHint | None, dict[str, Any]]:
    """One MWG region: the hint (when it names a face and lies on the image) and its raw form.

    MWG stores the rectangle's *centre* and size; the catalogue stores the top-left corner.
    Areas are normalised unless `stArea:unit` says pixels of the AppliedToDimensions.
    """
    props = _properties(li)
    name = (_items(props.get(f"{MWG_RS}Name", "")) or [""])[0][:300]
    kind = (_items(props.get(f"{MWG_RS}Type", "")) or ["Face"])[0]
    area_node = props.get(f"{MWG_RS}Area")
    area = _properties(area_node) if isinstance(area_node, Element) else {}
    cx, cy, w, h = (_number(area.get(f"{ST_AREA}{k}")) for k in ("x", "y", "w", "h"))
    raw = {"name": name, "type": kind, "area": {"x": cx, "y": cy, "w": w, "h": h}}
    if (_items(area.get(f"{ST_AREA}unit", "")) or ["normalized"])[0] == "pixel":
        if pixels is None or None in (cx, cy, w, h):
            return None, raw
        cx, w = cx / pixels[0], w / pixels[0]  # type: ignore[operator]
        cy, h = cy / pixels[1], h / pixels[1]  # type: ignore[operator]
    if None in (cx, cy, w, h) or not name or kind.lower() != "face":
        return None, raw
    left, top = max(cx - w / 2, 0.0), max(cy - h / 2, 0.0)  # type: ignore[operator]
    width, height = min(w, 1.0 - left), min(h, 1.0 - top)  # type: ignore[type-var]
    if left >= 1 or top >= 1 or width <= 0 or height <= 0:
        return None, raw
    return RegionHint(name, left, top, width, height), raw


def _regions(regions: Element) -> tuple[list[RegionHint], list[dict[str, Any]]]:
    dims_node = _properties(regions).get(f"{MWG_RS}AppliedToDimensions")
    dims = _properties(dims_node) if isinstance(dims_node, Element) else {}
    width, height = _number(dims.get(f"{ST_DIM}w")), _number(dims.get(f"{ST_DIM}h"))
    pixels = (width, height) if width and height and width > 0 and height > 0 else None
    hints, raws = [], []
    for li in regions.iter(f"{RDF}li"):
        if f"{MWG_RS}Area" not in _properties(li):
            continue
        hint, raw = _region(li, pixels)
        raws.append(raw)
        if hint:
            hints.append(hint)
    return hints, raws


def read_xmp(packet: bytes) -> tuple[dict[str, Any], list[RegionHint]]:
    """XMP properties as JSON (`dc:title` -> text or list) and the MWG face regions; raises
    XmpSkipped when the packet cannot be read."""
    root = parse_xmp(packet)
    found: dict[str, Any] = {}
    hints: list[RegionHint] = []
    for rdf in root.iter(f"{RDF}RDF"):
        for key, value in _properties(rdf).items():
            if key == f"{MWG_RS}Regions" and isinstance(value, Element):
                hints, found["mwg-rs:Regions"] = _regions(value)
                continue
            languages = _alternatives(value)
            texts = _items(value)
            if len(languages) > 1:
                found[_short_name(key)] = languages
            elif texts:
                found[_short_name(key)] = texts if len(texts) > 1 else texts[0]
    return found, hints
