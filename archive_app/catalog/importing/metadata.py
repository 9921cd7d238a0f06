"""Reading what a photograph says about itself: EXIF, IPTC and XMP.

Runs in the import's worker processes, on an opened (not decoded) Pillow image. What it finds
becomes the record's fields (title, caption, date, creator, credit line, rights), its tags and its
face regions; every raw value is kept as JSON as well, so nothing the file said is lost.

Broken metadata refuses the file (the product's rule): Pillow shrugs at a corrupt EXIF block with a
warning, so the warnings are caught and turned into a reason. XMP is parsed by defusedxml with
DTDs forbidden, so a billion-laughs or external-entity packet is refused before it expands.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree
from PIL import ExifTags, Image, IptcImagePlugin

#: an XMP packet larger than this is not parsed (a JPEG cannot even hold one: 64 KB per segment).
MAX_XMP_BYTES = 4 * 1024 * 1024
#: longest text kept from any one metadata value.
MAX_TEXT = 4000
#: longest list (of numbers, say) kept from any one metadata value.
MAX_ITEMS = 64

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
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://www.metadataworkinggroup.com/schemas/regions/": "mwg-rs",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.adobe.com/exif/1.0/": "exif",
}

#: IPTC IIM datasets of record 2 that the catalogue reads, by name.
IPTC_DATASETS = {
    5: "object_name",
    25: "keywords",
    55: "date_created",
    80: "by_line",
    110: "credit",
    115: "source",
    116: "copyright",
    120: "caption",
}

#: EXIF tags that are structure, not description (offsets, embedded blocks); never kept.
_STRUCTURAL_TAGS = {273, 279, 324, 325, 700, 33723, 34377, 34665, 34675, 34853, 37500, 40965}


class MetadataRefused(Exception):
    """The file's embedded metadata is broken or hostile; the message is the reason."""


@dataclass
class RegionHint:
    """A named face region from MWG XMP, already top-left based and normalised to 0-1."""

    name: str
    x: float
    y: float
    w: float
    h: float


@dataclass
class Described:
    """What the metadata says, in the catalogue's terms."""

    fields: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    regions: list[RegionHint] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


# --- plain values ----------------------------------------------------------------------------


def _clean_text(value: str) -> str | None:
    text = value.replace("\x00", "").strip()
    return text[:MAX_TEXT] if text else None


def _decode(value: bytes, utf8: bool) -> str:
    if utf8:
        return value.decode("utf-8", "replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def _json_value(value: Any) -> Any:
    """A metadata value as JSON: numbers, text, lists; binary blobs only by their length."""
    if isinstance(value, bytes):
        if len(value) > 256:
            return f"<{len(value)} bytes>"
        return _clean_text(_decode(value, utf8=False))
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in list(value.items())[:MAX_ITEMS]}
    try:
        number = float(value)  # IFDRational
    except (TypeError, ValueError, ZeroDivisionError):
        return _clean_text(str(value))
    return number if math.isfinite(number) else None


# --- dates -----------------------------------------------------------------------------------


def _iso_date(year: str, month: str | None, day: str | None) -> str | None:
    """`1942`, `1942-06` or `1942-06-01` from parts where zero means unknown; None if invalid."""
    if not year.isdigit() or int(year) == 0:
        return None
    if not month or int(month) == 0:
        return f"{int(year):04d}"
    if not 1 <= int(month) <= 12:
        return None
    if not day or int(day) == 0:
        return f"{int(year):04d}-{int(month):02d}"
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def exif_date(text: str | None) -> str | None:
    """EXIF `1942:06:01 10:00:00` -> `1942-06-01`."""
    match = re.match(r"\s*(\d{4})[:-](\d{2})[:-](\d{2})", text or "")
    return _iso_date(*match.groups()) if match else None


def iptc_date(text: str | None) -> str | None:
    """IPTC `19420601` (zeros for unknown month or day) -> `1942-06-01`."""
    match = re.fullmatch(r"\s*(\d{4})(\d{2})(\d{2})\s*", text or "")
    return _iso_date(*match.groups()) if match else None


def xmp_date(text: str | None) -> str | None:
    """XMP `1942`, `1942-06`, `1942-06-01T10:00:00+02:00` -> the date part."""
    match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text or "")
    return _iso_date(*match.groups()) if match else None


# --- EXIF ------------------------------------------------------------------------------------


def _exif_section(values: dict[int, Any], names: dict[int, str]) -> dict[str, Any]:
    section = {}
    for tag, value in values.items():
        if tag in _STRUCTURAL_TAGS:
            continue
        converted = _json_value(value)
        if converted not in (None, "", []):
            section[names.get(tag, f"tag_{tag}")] = converted
    return section


def _gps(gps: dict[int, Any]) -> dict[str, float] | None:
    """Decimal degrees from the GPS IFD; None when absent or out of range."""

    def degrees(value: Any, ref: Any, limit: float) -> float | None:
        try:
            d, m, s = (float(part) for part in value)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        result = d + m / 60 + s / 3600
        if str(ref).strip().upper() in ("S", "W"):
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


def read_exif(image: Image.Image) -> dict[str, Any]:
    """The EXIF of an image as JSON sections; raises MetadataRefused when it is corrupt."""
    raw = image.info.get("exif")
    if raw is not None:
        body = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
        if not body.startswith((b"II*\x00", b"MM\x00*")):
            raise MetadataRefused("EXIF metadata is malformed (it has no TIFF header)")
    elif image.format != "TIFF":
        return {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if raw is not None:  # parsed afresh: Pillow may have warned already when opening
                exif = Image.Exif()
                exif.load(raw)
            else:
                exif = image.getexif()
            main = dict(exif)
            details = dict(exif.get_ifd(ExifTags.IFD.Exif))
            gps = dict(exif.get_ifd(ExifTags.IFD.GPSInfo))
        except Exception as exc:  # Pillow raises many kinds on bad offsets and counts
            raise MetadataRefused(f"EXIF metadata is malformed ({exc})") from exc
    for warning in caught:
        if "exif" in str(warning.message).lower():
            raise MetadataRefused(f"EXIF metadata is malformed ({str(warning.message).strip()})")
    found: dict[str, Any] = {
        "image": _exif_section(main, ExifTags.TAGS),
        "exif": _exif_section(details, ExifTags.TAGS),
        "gps": _exif_section(gps, ExifTags.GPSTAGS),
    }
    position = _gps(gps)
    if position:
        found["position"] = position
    return {name: value for name, value in found.items() if value}


# --- IPTC ------------------------------------------------------------------------------------


def read_iptc(image: Image.Image) -> dict[str, Any]:
    """IPTC IIM record 2 (caption, by-line, credit, copyright, keywords ...) as text."""
    try:
        info = IptcImagePlugin.getiptcinfo(image)
    except Exception as exc:
        raise MetadataRefused(f"IPTC metadata is malformed ({exc})") from exc
    if not info:
        return {}
    utf8 = info.get((1, 90)) in (b"\x1b%G", [b"\x1b%G"])
    found: dict[str, Any] = {}
    for (record, dataset), value in info.items():
        name = IPTC_DATASETS.get(dataset) if record == 2 else None
        if name is None:
            continue
        values = value if isinstance(value, list) else [value]
        texts = [t for t in (_clean_text(_decode(v, utf8)) for v in values) if t]
        if texts:
            found[name] = texts if name == "keywords" else "; ".join(texts)
    return found


# --- XMP -------------------------------------------------------------------------------------


def _xmp_packet(image: Image.Image) -> bytes | None:
    raw = image.info.get("xmp")
    if raw is None and image.format == "TIFF":
        raw = getattr(image, "tag_v2", {}).get(700)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if isinstance(raw, tuple):  # some TIFF writers store it as a byte tuple
        raw = bytes(raw)
    return raw or None


def parse_xmp(packet: bytes) -> Element:
    """The XMP tree, parsed without DTDs or entities; raises MetadataRefused otherwise."""
    try:
        return SafeTree.fromstring(packet.strip(b"\x00 \t\r\n"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise MetadataRefused(
            f"XMP metadata is hostile (it declares a DTD or entities, which XMP never needs: "
            f"{type(exc).__name__})"
        ) from exc
    except SafeTree.ParseError as exc:
        raise MetadataRefused(f"XMP metadata is malformed ({exc})") from exc


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
        text = _clean_text(value)
        return [text] if text else []
    items = value.findall(f"./*/{RDF}li")
    if not items:
        text = _clean_text(value.text or "")
        return [text] if text else []
    items.sort(key=lambda li: li.get(XML_LANG) != "x-default")
    return [t for t in (_clean_text(li.text or "") for li in items) if t]


def _alternatives(value: Element | str) -> dict[str, str]:
    """An rdf:Alt's texts by language (`x-default` first); empty for any other value."""
    if isinstance(value, str) or value.find(f"{RDF}Alt") is None:
        return {}
    return {
        li.get(XML_LANG, "x-default"): text
        for li in value.findall(f"./{RDF}Alt/{RDF}li")
        if (text := _clean_text(li.text or ""))
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


def read_xmp(image: Image.Image) -> tuple[dict[str, Any], list[RegionHint]]:
    """XMP properties as JSON (`dc:title` -> text or list) and the MWG face regions."""
    packet = _xmp_packet(image)
    if not packet:
        return {}, []
    if len(packet) > MAX_XMP_BYTES:
        raise MetadataRefused(f"XMP metadata is {len(packet)} bytes, more than XMP ever needs")
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


def shown_region(hint: RegionHint, orientation: object) -> RegionHint:
    """An MWG region on the photograph as shown. MWG regions are given on the stored image ("when
    applying a rotation by applying Exif Orientation, the rotation must be applied to the
    regions as well", MWG Guidelines 2.0, 5.9); the catalogue's regions, like its width and
    height, are on the image turned as its EXIF Orientation says (1-8: TIFF/EXIF's values)."""
    x, y, w, h = hint.x, hint.y, hint.w, hint.h
    if orientation == 2:  # mirrored left to right
        x = 1 - x - w
    elif orientation == 3:  # turned half round
        x, y = 1 - x - w, 1 - y - h
    elif orientation == 4:  # mirrored top to bottom
        y = 1 - y - h
    elif orientation == 5:  # mirrored along the diagonal from the top left
        x, y, w, h = y, x, h, w
    elif orientation == 6:  # turned a quarter clockwise to be shown
        x, y, w, h = 1 - y - h, x, h, w
    elif orientation == 7:  # mirrored along the other diagonal
        x, y, w, h = 1 - y - h, 1 - x - w, h, w
    elif orientation == 8:  # turned a quarter counter-clockwise to be shown
        x, y, w, h = y, 1 - x - w, h, w
    return RegionHint(hint.name, max(x, 0.0), max(y, 0.0), w, h)


# --- all together ----------------------------------------------------------------------------


def _first(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, dict):  # an Alt: the default language, else the first one
            value = value.get("x-default") or next(iter(value.values()), None)
        if isinstance(value, list):
            value = "; ".join(value)
        if value:
            return str(value)
    return None


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return value if isinstance(value, list) else [str(value)]


def describe(image: Image.Image) -> Described:
    """Everything the image's metadata says, mapped onto catalogue fields."""
    exif = read_exif(image)
    iptc = read_iptc(image)
    xmp, regions = read_xmp(image)
    main, details = exif.get("image", {}), exif.get("exif", {})
    fields = {
        "title": _first(xmp.get("dc:title"), iptc.get("object_name")),
        "caption": _first(
            xmp.get("dc:description"), iptc.get("caption"), main.get("ImageDescription")
        ),
        "creator": _first(xmp.get("dc:creator"), iptc.get("by_line"), main.get("Artist")),
        "credit_line": _first(xmp.get("photoshop:Credit"), iptc.get("credit")),
        "rights": _first(xmp.get("dc:rights"), iptc.get("copyright"), main.get("Copyright")),
        "date": xmp_date(_first(xmp.get("photoshop:DateCreated")))
        or iptc_date(iptc.get("date_created"))
        or exif_date(details.get("DateTimeOriginal")),
    }
    tags: list[str] = []
    for tag in [*_as_list(xmp.get("dc:subject")), *_as_list(iptc.get("keywords"))]:
        tag = " ".join(tag.split())[:200]
        if tag and tag not in tags:
            tags.append(tag)
    raw: dict[str, Any] = {"exif": exif, "iptc": iptc, "xmp": xmp}
    camera = " ".join(str(main[k]) for k in ("Make", "Model") if main.get(k))
    if camera:
        raw["camera"] = camera
    return Described(
        fields={k: v for k, v in fields.items() if v},
        tags=tags,
        regions=[shown_region(hint, main.get("Orientation")) for hint in regions],
        raw={k: v for k, v in raw.items() if v},
    )
