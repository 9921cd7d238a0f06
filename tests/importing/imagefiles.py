"""Real image files for the import tests, every one made here with Pillow (or, for the hostile
ones, written byte by byte), and a helper that runs a real import on the test catalogue."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, PngImagePlugin

from archive_app.catalog.database import Catalog
from archive_app.catalog.importing.report import ImportReport
from archive_app.catalog.importing.run import ImportOptions, import_files

XMP_TEMPLATE = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
    xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"
    {attributes}>
{body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_packet(body: str = "", attributes: str = "") -> bytes:
    return XMP_TEMPLATE.format(body=body, attributes=attributes).encode("utf-8")


def mwg_region(name: str, x: float, y: float, w: float, h: float, kind: str = "Face") -> str:
    """One MWG region: x/y are the CENTRE of the rectangle, as the standard says."""
    return f"""<rdf:li><rdf:Description mwg-rs:Name="{name}" mwg-rs:Type="{kind}">
      <mwg-rs:Area stArea:x="{x}" stArea:y="{y}" stArea:w="{w}" stArea:h="{h}"
        stArea:unit="normalized"/></rdf:Description></rdf:li>"""


def regions_xml(*regions: str) -> str:
    return f"""<mwg-rs:Regions rdf:parseType="Resource">
     <mwg-rs:AppliedToDimensions stDim:w="400" stDim:h="300" stDim:unit="pixel"/>
     <mwg-rs:RegionList><rdf:Bag>{"".join(regions)}</rdf:Bag></mwg-rs:RegionList>
    </mwg-rs:Regions>"""


def picture(size: tuple[int, int] = (400, 300), mode: str = "RGB", seed: int = 0) -> Image.Image:
    """A small picture with some structure (so JPEG has real data to compress), different for
    each seed so that each file has its own SHA-256."""
    colour = {"RGB": (200, 120 + seed % 100, 40), "L": 128, "CMYK": (10, 200, 30, seed % 200)}
    image = Image.new(mode if mode in colour else "RGB", size, colour.get(mode, (1, 2, 3)))
    draw = ImageDraw.Draw(image)
    for step in range(0, size[0], 20):
        fill = {"L": (step + seed) % 256, "CMYK": (step % 256, 0, seed % 256, 0)}.get(
            mode, ((step + seed) % 256, step % 256, 90)
        )
        draw.rectangle((step, step // 2, step + 10, size[1] - 1), fill=fill)
    return image


def insert_segment(jpeg: bytes, marker: bytes, payload: bytes) -> bytes:
    """A JPEG with an extra marker segment right after SOI (how cameras place APP1/APP13)."""
    segment = marker + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def iptc_segment(values: dict[int, list[bytes]], utf8: bool = True) -> bytes:
    """A Photoshop APP13 segment holding an IPTC IIM block (record 2 datasets)."""
    data = b"\x1c\x01\x5a\x00\x03\x1b%G" if utf8 else b""
    for dataset, items in values.items():
        for item in items:
            data += b"\x1c\x02" + bytes([dataset]) + struct.pack(">H", len(item)) + item
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data))
    resource += data + (b"\x00" if len(data) % 2 else b"")
    return b"Photoshop 3.0\x00" + resource


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims the given size, with a tiny body: a decompression bomb's
    calling card, without the test having to allocate the pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + checksum

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


class Images:
    """Writes test images into one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seed = 0

    def path(self, name: str) -> Path:
        return self.folder / name

    def _next(self) -> int:
        self.seed += 7
        return self.seed

    def jpeg(self, name: str = "photo.jpg", size=(400, 300), **save) -> Path:
        path = self.path(name)
        picture(size, seed=self._next()).save(path, "JPEG", **save)
        return path

    def jpeg_bytes(self, name: str, data: bytes) -> Path:
        path = self.path(name)
        path.write_bytes(data)
        return path

    def plain_jpeg_bytes(self, size=(400, 300)) -> bytes:
        return self.jpeg_bytes_with(size)

    def jpeg_bytes_with(self, size=(400, 300), **save) -> bytes:
        """The bytes of a fresh JPEG saved with these options (exif=, xmp=, ...)."""
        scratch = self.path(f".scratch-{self._next()}.jpg")
        picture(size, seed=self.seed).save(scratch, "JPEG", **save)
        data = scratch.read_bytes()
        scratch.unlink()
        return data

    def png(self, name: str = "photo.png", image: Image.Image | None = None, **save) -> Path:
        path = self.path(name)
        (image or picture(seed=self._next())).save(path, "PNG", **save)
        return path

    def png_with_xmp(self, name: str, packet: bytes) -> Path:
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", packet.decode("utf-8"))
        return self.png(name, pnginfo=info)

    def save(self, name: str, image: Image.Image, fmt: str, **save) -> Path:
        path = self.path(name)
        image.save(path, fmt, **save)
        return path


def run_import(catalog: Catalog, *paths: Path | str, **options) -> ImportReport:
    """A real import with two worker processes."""
    options.setdefault("workers", 2)
    return import_files(catalog, [str(p) for p in paths], ImportOptions(**options))


def only(report: ImportReport, name: str):
    """The outcome of the one file whose name ends with `name`."""
    found = [item for item in report.files if item.path.endswith(name)]
    assert len(found) == 1, [item.path for item in report.files]
    return found[0]
