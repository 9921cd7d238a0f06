"""Reading what a photograph says about itself: EXIF, IPTC and XMP, reconciled as the Metadata
Working Group's guidelines say.

Runs in the import's worker processes, on an opened (not decoded) Pillow image and the file's
bytes. What it finds becomes the record's fields (title, caption, date, creator, credit line,
rights), its tags and its face regions; every raw value is kept as JSON as well, with the source
that gave each field, so nothing the file said is lost.

The rule: metadata never refuses a photograph. A damaged, malformed or hostile block is skipped
(XMP is parsed by defusedxml, never expanding entities) and a warning says what was skipped; the
warnings stay on the record. Where EXIF, IPTC and XMP disagree, the MWG guidelines decide (the
same reconciliation ExifTool's MWG tags implement): EXIF's value when it has one; else XMP's,
unless the file's IPTC was changed after its XMP (Photoshop's IPTC digest no longer matches),
in which case IPTC's. Camera boilerplate ("OLYMPUS DIGITAL CAMERA") is never a caption.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from archive_app.catalog.importing import containers, iptc
from archive_app.catalog.importing.exif import read_exif
from archive_app.catalog.importing.text import clean_text
from archive_app.catalog.importing.xmp import RegionHint, XmpSkipped, read_xmp

__all__ = ["Described", "RegionHint", "describe", "exif_date", "iptc_date", "xmp_date"]

#: what cameras write into ImageDescription when nobody described the picture.
BOILERPLATE = {
    "olympus digital camera",
    "sanyo digital camera",
    "minolta digital camera",
    "kodak digital still camera",
    "konica minolta digital camera",
    "samsung digital camera",
    "digital camera",
    "dcf 1.0",
    "sony dsc",
    "minolta dsc",
    "default",
    "camera",
    "image",
    "picture",
}
_BOILERPLATE_PATTERN = re.compile(r"^[A-Z0-9 ._-]*(DIGITAL (STILL )?CAMERA|DSC|DCF \d\.\d)$")


def is_boilerplate(text: str | None) -> bool:
    """True for a caption a camera wrote by itself ("OLYMPUS DIGITAL CAMERA", "DCF 1.0")."""
    if not text:
        return False
    plain = " ".join(text.split())
    return plain.lower() in BOILERPLATE or bool(_BOILERPLATE_PATTERN.fullmatch(plain))


@dataclass
class Described:
    """What the metadata says, in the catalogue's terms."""

    fields: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # field -> the tag that gave it
    tags: list[str] = field(default_factory=list)
    regions: list[RegionHint] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# --- where the blocks are ----------------------------------------------------------------------


def _tiff_tag(image: Image.Image, tag: int) -> bytes | None:
    """A TIFF tag's bytes as stored (IPTC is often typed LONG, XMP BYTE or UNDEFINED)."""
    directory = getattr(image, "tag_v2", None)
    if directory is None:
        return None
    raw = getattr(directory, "_tagdata", {}).get(tag)
    if raw is None:
        value = directory.get(tag)
        if isinstance(value, str):
            raw = value.encode("utf-8")
        elif isinstance(value, tuple) and all(isinstance(item, int) for item in value):
            raw = bytes(item & 0xFF for item in value)
        else:
            raw = value if isinstance(value, bytes) else None
    return bytes(raw) if raw else None


def _photoshop(blocks: containers.Blocks, where: str, resources: dict[int, bytes]) -> None:
    if resources.get(iptc.IPTC_RESOURCE):
        blocks.iptc.append((where, resources[iptc.IPTC_RESOURCE]))
    if resources.get(iptc.DIGEST_RESOURCE):
        blocks.digest = resources[iptc.DIGEST_RESOURCE]


def _trailer(blocks: containers.Blocks, data: bytes) -> None:
    for name, reader in (
        ("AFCP", containers.afcp_iptc),
        ("FotoStation", containers.fotostation_iptc),
    ):
        try:
            found = reader(data)
        except (ValueError, IndexError) as exc:
            blocks.warnings.append(f"the {name} trailer was skipped ({exc})")
            continue
        if found:
            blocks.iptc.append((f"{name} trailer", found))


def find_blocks(image: Image.Image, data: bytes) -> containers.Blocks:
    """Every metadata block of the file, with where it was found."""
    kind = image.format
    blocks = containers.png_blocks(data) if kind == "PNG" else containers.Blocks()
    if kind == "TIFF":
        for tag, target in ((700, blocks.xmp), (33723, blocks.iptc)):
            if found := _tiff_tag(image, tag):
                target.append((f"TIFF tag {tag}", found))
        if found := _tiff_tag(image, 34377):
            blocks.photoshop.append(("TIFF tag 34377", found))
    elif kind in ("JPEG", "MPO") and (exif := containers.jpeg_exif(data)):
        blocks.exif.append((f"{kind} EXIF", exif))
        if xmp := image.info.get("xmp"):
            blocks.xmp.append((f"{kind} XMP", xmp))
    elif kind != "PNG":
        if exif := image.info.get("exif"):
            blocks.exif.append((f"{kind} EXIF", exif))
        if xmp := image.info.get("xmp"):
            blocks.xmp.append((f"{kind} XMP", xmp if isinstance(xmp, bytes) else xmp.encode()))
    if kind in ("JPEG", "MPO"):
        _photoshop(blocks, "JPEG APP13", image.info.get("photoshop") or {})
    if kind in ("JPEG", "MPO", "TIFF"):
        _trailer(blocks, data)
    for where, resources in blocks.photoshop:
        _photoshop(blocks, where, iptc.photoshop_resources(resources))
    if kind == "GIF":
        try:
            if packet := containers.gif_xmp(data):
                blocks.xmp.append(("GIF XMP application extension", packet))
        except ValueError as exc:
            blocks.warnings.append(f"the GIF's XMP could not be looked for ({exc})")
    return blocks


# --- reading each kind ---------------------------------------------------------------------------


def _read_iptc(blocks: containers.Blocks, warnings: list[str]) -> tuple[dict[str, Any], bool]:
    """IPTC fields from the first block that has any, and whether XMP may be trusted over them
    (no IPTC at all, no digest, or a digest that still matches the IPTC)."""
    for where, block in blocks.iptc:
        try:
            datasets = iptc.parse_iim(block)
        except iptc.DamagedIptc as exc:
            warnings.append(
                f"the IPTC block ({where}) is damaged ({exc}); what followed was skipped"
            )
            datasets = exc.datasets
        values = iptc.iptc_values(datasets, warnings)
        if values:
            digest = blocks.digest
            in_step = digest is None or digest == iptc.iim_digest(block)
            return values, in_step
    return {}, True


def _read_xmp(
    blocks: containers.Blocks, warnings: list[str]
) -> tuple[dict[str, Any], list[RegionHint]]:
    for where, packet in blocks.xmp:
        try:
            return read_xmp(packet)
        except XmpSkipped as exc:
            warnings.append(f"{exc} ({where})")
    return {}, []


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


# --- the MWG reconciliation --------------------------------------------------------------------

#: for each field: its EXIF tag, IPTC dataset and XMP property (ExifTool's names), by MWG 2.0.
MAPPING: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    # field: (EXIF, IPTC, XMP, PNG text)
    "title": (None, "ObjectName", "dc:title", "Title"),
    "caption": ("ImageDescription", "Caption-Abstract", "dc:description", "Description"),
    "creator": ("Artist", "By-line", "dc:creator", "Author"),
    "credit_line": (None, "Credit", "photoshop:Credit", None),
    "rights": ("Copyright", "CopyrightNotice", "dc:rights", "Copyright"),
}


def _text(value: Any) -> str | None:
    if isinstance(value, dict):  # an Alt: the default language, else the first one
        value = value.get("x-default") or next(iter(value.values()), None)
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value if item)
    return str(value) if value else None


def reconcile(
    tags: dict[str, Any], iptc_present: bool, xmp_trusted: bool
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Fields, the tag that gave each, and keywords, from tags named "EXIF:Artist",
    "IPTC:By-line", "XMP:dc:creator", "PNG:Author" (the conformance script feeds ExifTool's
    reading through this same function). `xmp_trusted`: no IPTC digest, or one that matches."""
    fields: dict[str, str] = {}
    sources: dict[str, str] = {}
    use_xmp_first = not iptc_present or xmp_trusted
    for name, (exif_tag, iptc_tag, xmp_tag, png_tag) in MAPPING.items():
        order = [f"EXIF:{exif_tag}"] if exif_tag else []
        xmp_key, iptc_key = f"XMP:{xmp_tag}", f"IPTC:{iptc_tag}"
        order += [xmp_key, iptc_key] if use_xmp_first else [iptc_key, xmp_key]
        order += [f"PNG:{png_tag}"] if png_tag else []
        for key in order:
            text = _text(tags.get(key))
            if text and not (name == "caption" and is_boilerplate(text)):
                fields[name], sources[name] = text, key
                break
    date_order = [
        ("EXIF:DateTimeOriginal", exif_date),
        *(
            [("XMP:photoshop:DateCreated", xmp_date), ("IPTC:DateCreated", iptc_date)]
            if use_xmp_first
            else [("IPTC:DateCreated", iptc_date), ("XMP:photoshop:DateCreated", xmp_date)]
        ),
    ]
    for key, reader in date_order:
        if date := reader(_text(tags.get(key))):
            fields["date"], sources["date"] = date, key
            break
    keywords_key = (
        "XMP:dc:subject" if use_xmp_first and tags.get("XMP:dc:subject") else "IPTC:Keywords"
    )
    keywords: list[str] = []
    found = tags.get(keywords_key) or tags.get("XMP:dc:subject") or []
    for tag in found if isinstance(found, list) else [str(found)]:
        tag = " ".join(str(tag).split())[:200]
        if tag and tag not in keywords:
            keywords.append(tag)
    if keywords:
        sources["tags"] = keywords_key if tags.get(keywords_key) else "XMP:dc:subject"
    return fields, sources, keywords


def tag_view(
    exif: dict[str, Any], iptc_values: dict[str, Any], xmp: dict[str, Any], texts: dict[str, str]
) -> dict[str, Any]:
    """The tags the reconciliation reads, named as ExifTool names them."""
    tags: dict[str, Any] = {}
    for section in ("image", "exif"):
        for key, value in exif.get(section, {}).items():
            tags.setdefault(f"EXIF:{key}", value)
    for key, value in iptc_values.items():
        tags[f"IPTC:{key}"] = value
    for key, value in xmp.items():
        tags[f"XMP:{key}"] = value
    for key, value in texts.items():
        tags[f"PNG:{key}"] = value
    return tags


def describe(image: Image.Image, data: bytes) -> Described:
    """Everything the image's metadata says, mapped onto catalogue fields; never raises for
    damaged metadata (the warnings say what was skipped)."""
    blocks = find_blocks(image, data)
    warnings = list(blocks.warnings)
    exif: dict[str, Any] = {}
    if blocks.exif:
        exif = read_exif(blocks.exif[0][1], image, warnings)
    elif image.format == "TIFF":
        exif = read_exif(None, image, warnings)
    original = image.info.get("original_orientation")
    if image.format in ("HEIF", "AVIF") and original in range(2, 9) and exif.get("image"):
        # pillow-heif turns the pixels itself and rewrites the EXIF Orientation to 1; the
        # record says what the file says
        exif["image"]["Orientation"] = original
    iptc_values, xmp_trusted = _read_iptc(blocks, warnings)
    xmp, regions = _read_xmp(blocks, warnings)
    png = {
        key: text
        for key, value in blocks.texts.items()
        if (text := clean_text(value, warnings, f"the PNG text {key!r}"))
    }
    texts = {k: v for k, v in png.items() if k in ("Title", "Description", "Author", "Copyright")}
    tags = tag_view(exif, iptc_values, xmp, texts)
    fields, sources, keywords = reconcile(tags, bool(iptc_values), xmp_trusted)
    main = exif.get("image", {})
    raw: dict[str, Any] = {"exif": exif, "iptc": iptc_values, "xmp": xmp, "png": png}
    camera = " ".join(str(main[k]) for k in ("Make", "Model") if main.get(k))
    if camera:
        raw["camera"] = camera
    if sources:
        raw["sources"] = sources
    return Described(
        fields=fields,
        sources=sources,
        tags=keywords,
        regions=[shown_region(hint, main.get("Orientation")) for hint in regions],
        raw={k: v for k, v in raw.items() if v},
        warnings=list(dict.fromkeys(warnings)),
    )
