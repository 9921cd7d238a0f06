"""Real photographs through the import, field by field against ExifTool (issue 10).

    python bench/conformance_photos.py [--corpus DIR] [--exiv2] [--workers N] [--failures FILE]

Runs on request only (never in `make test`). Without --corpus it downloads the source
distribution of the installed Pillow (`pip download --no-binary :all: --no-deps pillow==X`) into
~/.cache/archive-app and uses its `Tests/images`: some 800 files gathered over twenty years of bug
reports, from cameras, scanners, phones, fuzzers and odd writers.

Each file goes through the import's own `examine` (the worker-process step: fixity, decoding,
metadata, thumbnail), and apart from it through Pillow alone (open, decode every frame). It
prints: files tried; imported and refused, with the reasons; any file refused although Pillow
decodes it; any traceback; and, where `exiftool` is installed, agreement with ExifTool
(`exiftool -j -n -G1`) per field, for the raw tags the catalogue reads and for the catalogue's
fields (ExifTool's tags go through the catalogue's own MWG reconciliation, so a difference is a
difference in reading). With --exiv2 (the `exiv2` module importable) the same is measured for
an Exiv2-based reader, for the choice of reader. Exit status 1 when a file raised a traceback
or was refused although Pillow decodes it (the goals), else 0.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import PIL  # noqa: E402

from archive_app.catalog.image_formats import FORMATS  # noqa: E402
from archive_app.catalog.importing.metadata import reconcile, tag_view  # noqa: E402
from archive_app.catalog.importing.probe import examine  # noqa: E402

#: the raw tags compared, and ExifTool's name (group 1) for each.
EXIFTOOL_NAMES = {
    "EXIF:Make": "IFD0:Make",
    "EXIF:Model": "IFD0:Model",
    "EXIF:Orientation": "IFD0:Orientation",
    "EXIF:ImageDescription": "IFD0:ImageDescription",
    "EXIF:Artist": "IFD0:Artist",
    "EXIF:Copyright": "IFD0:Copyright",
    "EXIF:DateTimeOriginal": "ExifIFD:DateTimeOriginal",
    "IPTC:ObjectName": "IPTC:ObjectName",
    "IPTC:Caption-Abstract": "IPTC:Caption-Abstract",
    "IPTC:By-line": "IPTC:By-line",
    "IPTC:Credit": "IPTC:Credit",
    "IPTC:CopyrightNotice": "IPTC:CopyrightNotice",
    "IPTC:Keywords": "IPTC:Keywords",
    "IPTC:DateCreated": "IPTC:DateCreated",
    "XMP:dc:title": "XMP-dc:Title",
    "XMP:dc:description": "XMP-dc:Description",
    "XMP:dc:creator": "XMP-dc:Creator",
    "XMP:dc:rights": "XMP-dc:Rights",
    "XMP:dc:subject": "XMP-dc:Subject",
    "XMP:photoshop:Credit": "XMP-photoshop:Credit",
    "XMP:photoshop:DateCreated": "XMP-photoshop:DateCreated",
    "PNG:Title": "PNG:Title",
    "PNG:Description": "PNG:Description",
    "PNG:Author": "PNG:Author",
    "PNG:Copyright": "PNG:Copyright",
}
#: the same tags as Exiv2 names them.
EXIV2_NAMES = {
    "EXIF:Make": "Exif.Image.Make",
    "EXIF:Model": "Exif.Image.Model",
    "EXIF:Orientation": "Exif.Image.Orientation",
    "EXIF:ImageDescription": "Exif.Image.ImageDescription",
    "EXIF:Artist": "Exif.Image.Artist",
    "EXIF:Copyright": "Exif.Image.Copyright",
    "EXIF:DateTimeOriginal": "Exif.Photo.DateTimeOriginal",
    "IPTC:ObjectName": "Iptc.Application2.ObjectName",
    "IPTC:Caption-Abstract": "Iptc.Application2.Caption",
    "IPTC:By-line": "Iptc.Application2.Byline",
    "IPTC:Credit": "Iptc.Application2.Credit",
    "IPTC:CopyrightNotice": "Iptc.Application2.Copyright",
    "IPTC:Keywords": "Iptc.Application2.Keywords",
    "IPTC:DateCreated": "Iptc.Application2.DateCreated",
    "XMP:dc:title": "Xmp.dc.title",
    "XMP:dc:description": "Xmp.dc.description",
    "XMP:dc:creator": "Xmp.dc.creator",
    "XMP:dc:rights": "Xmp.dc.rights",
    "XMP:dc:subject": "Xmp.dc.subject",
    "XMP:photoshop:Credit": "Xmp.photoshop.Credit",
    "XMP:photoshop:DateCreated": "Xmp.photoshop.DateCreated",
}
DATE_TAGS = {"EXIF:DateTimeOriginal", "IPTC:DateCreated", "XMP:photoshop:DateCreated"}
FIELDS = ("title", "caption", "creator", "credit_line", "rights", "date", "tags", "width", "height")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# --- the corpus ---------------------------------------------------------------------------------


def corpus_dir(given: Path | None) -> Path:
    if given:
        return given
    cache = Path.home() / ".cache" / "archive-app" / f"pillow-{PIL.__version__}"
    images = cache / f"pillow-{PIL.__version__}" / "Tests" / "images"
    if not images.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as scratch:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                 f"pillow=={PIL.__version__}", "-d", scratch],
                check=True,
            )  # fmt: skip
            (archive,) = Path(scratch).glob("pillow-*.tar.gz")
            with tarfile.open(archive) as tar:
                tar.extractall(cache, filter="data")
    return images


# --- reading one file (in a worker process) -----------------------------------------------------


def _pillow_decodes(path: str) -> tuple[str | None, bool]:
    """(Pillow's format name, whether Pillow decodes every frame) with Pillow alone."""
    import warnings

    from PIL import Image

    warnings.simplefilter("ignore")  # Pillow's own complaints: the import's are in its outcome
    try:
        with Image.open(path) as image:
            kind = image.format
            try:
                for frame in range(getattr(image, "n_frames", 1)):
                    image.seek(frame)
                    image.load()
                return kind, True
            except Exception:
                return kind, False
    except Exception:
        return None, False


def _exiv2_values(path: str) -> dict[str, Any] | None:
    """The compared tags as an Exiv2-based reader reads them; None when Exiv2 cannot."""
    try:
        import exiv2
    except ImportError:
        return None
    exiv2.LogMsg.setLevel(exiv2.LogMsg.Level.mute)
    try:
        image = exiv2.ImageFactory.open(path)
        image.readMetadata()
    except Exception:
        return {}
    wanted = {name: key for key, name in EXIV2_NAMES.items()}
    found: dict[str, Any] = {}
    for data in (image.exifData(), image.iptcData(), image.xmpData()):
        try:
            items = list(data)
        except Exception:
            continue
        for datum in items:
            key = wanted.get(datum.key())
            if key is None:
                continue
            value = datum.value()
            if hasattr(value, "keys"):  # a language alternative
                texts = dict(value.items())
                text = texts.get("x-default") or next(iter(texts.values()), None)
            elif datum.typeName() in ("XmpBag", "XmpSeq", "XmpAlt"):
                text = [value.toString(i) for i in range(value.count())]
            else:
                text = datum.toString()
            if key in found and key.startswith("IPTC:"):
                previous = found[key]
                found[key] = [*(previous if isinstance(previous, list) else [previous]), text]
            else:
                found[key] = text
    return found


def read_one(path: str, with_exiv2: bool) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {"path": path}
    try:
        probe = examine(path, None)
    except Exception as exc:  # examine must never raise: this is a traceback
        result["traceback"] = f"{type(exc).__name__}: {exc}"
        return result
    result["seconds"] = time.perf_counter() - started
    result["reason"], result["detail"] = probe.reason, probe.detail
    result["format"], result["warnings"] = probe.format, probe.warnings
    result["fields"] = dict(probe.fields, tags=probe.tags, width=probe.width, height=probe.height)
    raw = probe.embedded
    result["tags"] = tag_view(
        raw.get("exif", {}), raw.get("iptc", {}), raw.get("xmp", {}), raw.get("png", {})
    )
    result["pillow_format"], result["pillow_decodes"] = _pillow_decodes(path)
    if with_exiv2:
        result["exiv2"] = _exiv2_values(path)
    return result


# --- ExifTool ----------------------------------------------------------------------------------


def exiftool_all(paths: list[str]) -> dict[str, dict[str, Any]]:
    with tempfile.NamedTemporaryFile("w", suffix=".args", delete=False) as args:
        args.write("\n".join(paths))
    done = subprocess.run(
        ["exiftool", "-j", "-n", "-G1", "-q", "-q", "-@", args.name],
        capture_output=True,
        check=False,
    )
    Path(args.name).unlink()
    try:
        documents = json.loads(done.stdout.decode("utf-8", "replace") or "[]")
    except ValueError:
        return {}
    return {document["SourceFile"]: document for document in documents}


def _digits_date(value: Any) -> Any:
    """ExifTool writes IPTC dates as 2006:07:08; IIM holds 20060708."""
    return re.sub(r"\D", "", value)[:8] if isinstance(value, str) else value


def _dashes(match: re.Match[str]) -> str:
    return "-".join(part for part in match.groups() if part)


def exiftool_view(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(raw tags, catalogue fields) from ExifTool's reading, through the same reconciliation."""
    tags: dict[str, Any] = {}
    for key, name in EXIFTOOL_NAMES.items():
        # IPTC from a trailer (AFCP, FotoStation) is ExifTool's group IPTC2
        for candidate in (name, name.replace("IPTC:", "IPTC2:")):
            if candidate in document:
                tags[key] = document[candidate]
                break
    if "IPTC:DateCreated" in tags:
        tags["IPTC:DateCreated"] = _digits_date(tags["IPTC:DateCreated"])
    xmp_date = tags.get("XMP:photoshop:DateCreated")
    if isinstance(xmp_date, str):  # ExifTool writes XMP dates as 1941:11:07 too
        tags["XMP:photoshop:DateCreated"] = re.sub(
            r"^(\d{4}):(\d{2})(?::(\d{2}))?", _dashes, xmp_date
        )
    present = "File:CurrentIPTCDigest" in document
    stored = document.get("Photoshop:IPTCDigest")
    trusted = stored is None or stored == document.get("File:CurrentIPTCDigest")
    fields, _sources, keywords = reconcile(tags, present, trusted)
    size = str(document.get("Composite:ImageSize", "")).replace("x", " ").split()
    if len(size) == 2:
        width, height = (int(float(part)) for part in size)
        turned = document.get("IFD0:Orientation") in (5, 6, 7, 8)
        fields["width"], fields["height"] = (height, width) if turned else (width, height)
    return tags, dict(fields, tags=keywords)


# --- comparing ---------------------------------------------------------------------------------


def norm(value: Any, date: bool = False) -> Any:
    """A value as compared: texts with whitespace collapsed, lists as tuples, numbers plain."""
    if isinstance(value, dict):
        value = value.get("x-default") or next(iter(value.values()), None)
    if isinstance(value, list | tuple):
        items = tuple(item for item in (norm(v) for v in value) if item is not None)
        return items or None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return None
        return str(int(number)) if number == int(number) else f"{number:.6g}"
    text = " ".join(_CONTROL.sub(" ", str(value).split("\x00")[0]).split())
    if date:
        text = re.sub(r"\D", "", text)[:8]
    return text or None


def _as_tuple(value: Any) -> Any:
    return value if isinstance(value, tuple) or value is None else (value,)


def _replaced(ours: Any, theirs: Any) -> bool:
    """True when ExifTool printed "?" for each character it could not decode (bytes that are
    not UTF-8 in an EXIF text) and ours decoded them (as Windows-1252)."""
    if not (isinstance(ours, tuple) and isinstance(theirs, tuple) and len(ours) == len(theirs)):
        return False
    return all(
        len(a) == len(b)
        and all(x == y or (y == "?" and ord(x) > 127) for x, y in zip(a, b, strict=False))
        for a, b in zip(ours, theirs, strict=True)
    )


class Agreement:
    """Per key: files where either side has a value, and where both say the same."""

    def __init__(self) -> None:
        self.compared: Counter[str] = Counter()
        self.agreed: Counter[str] = Counter()
        self.differences: list[tuple[str, str, Any, Any]] = []

    def add(self, path: str, key: str, ours: Any, theirs: Any) -> None:
        date = key in DATE_TAGS
        ours, theirs = _as_tuple(norm(ours, date)), _as_tuple(norm(theirs, date))
        if ours is None and theirs is None:
            return
        self.compared[key] += 1
        if ours == theirs or _replaced(ours, theirs):
            self.agreed[key] += 1
        else:
            self.differences.append((path, key, ours, theirs))

    def total(self) -> tuple[int, int]:
        return sum(self.agreed.values()), sum(self.compared.values())

    def table(self, title: str) -> list[str]:
        lines = [f"  {title}", f"    {'field':28} {'files':>6} {'agree':>6} {'share':>8}"]
        for key in sorted(self.compared, key=lambda k: (-self.compared[k], k)):
            share = 100 * self.agreed[key] / self.compared[key]
            lines.append(f"    {key:28} {self.compared[key]:6} {self.agreed[key]:6} {share:7.1f}%")
        agreed, compared = self.total()
        if compared:
            lines.append(f"    {'all':28} {compared:6} {agreed:6} {100 * agreed / compared:7.2f}%")
        return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="a folder of images (default: Pillow's)")
    parser.add_argument("--exiv2", action="store_true", help="also measure an Exiv2 reader")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--failures", type=Path, help="write every difference here (JSON)")
    args = parser.parse_args(argv)
    folder = corpus_dir(args.corpus)
    paths = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(read_one, paths, [args.exiv2] * len(paths), chunksize=4))
    seconds = time.perf_counter() - started
    taken = [r for r in results if r.get("pillow_format") in FORMATS]
    imported = [r for r in results if not r.get("traceback") and r.get("reason") is None]
    refused = [r for r in results if r.get("reason")]
    tracebacks = [r for r in results if r.get("traceback")]
    wrongly = [r for r in refused if r.get("pillow_format") in FORMATS and r["pillow_decodes"]]
    print(f"corpus: {folder} (Pillow {PIL.__version__})")
    print(f"files tried: {len(results)} in {seconds:.0f} s ({len(taken)} in a format taken)")
    print(f"imported: {len(imported)} ({sum(1 for r in imported if r['warnings'])} with warnings)")
    print(f"refused: {len(refused)}")
    reasons = Counter(re.sub(r"\(.*\)", "(…)", r["reason"]) for r in refused)
    for reason, count in reasons.most_common():
        print(f"  {count:4}  {reason}")
    print(f"tracebacks: {len(tracebacks)}")
    for r in tracebacks:
        print(f"  {r['path']}: {r['traceback']}")
    print(f"refused although Pillow decodes every frame: {len(wrongly)}")
    for r in wrongly:
        print(f"  {Path(r['path']).name}: {r['reason']} [{r['detail']}]")
    warned = Counter(re.sub(r"\(.*", "", w).strip() for r in imported for w in r["warnings"])
    print("warnings on imported files (kinds):")
    for warning, count in warned.most_common(12):
        print(f"  {count:4}  {warning}")
    documents = exiftool_all([r["path"] for r in imported]) if imported else {}
    if not documents:
        print("exiftool: not installed or no output; no field agreement measured")
        return 1 if tracebacks or wrongly else 0
    ours_raw, ours_fields, exiv2_raw = Agreement(), Agreement(), Agreement()
    for r in imported:
        document = documents.get(r["path"])
        if document is None:
            continue
        tags, fields = exiftool_view(document)
        for key in EXIFTOOL_NAMES:
            ours_raw.add(r["path"], key, r["tags"].get(key), tags.get(key))
            if args.exiv2 and key in EXIV2_NAMES and r.get("exiv2") is not None:
                exiv2_raw.add(r["path"], key, r["exiv2"].get(key), tags.get(key))
        for key in FIELDS:
            ours_fields.add(r["path"], key, r["fields"].get(key), fields.get(key))
    print("agreement with ExifTool")
    print("\n".join(ours_raw.table("the catalogue's reader, raw tags")))
    print("\n".join(ours_fields.table("the catalogue's fields (both through the MWG mapping)")))
    if args.exiv2:
        print("\n".join(exiv2_raw.table("an Exiv2 reader (python-exiv2), raw tags")))
    if args.failures:
        differences = {
            "ours": ours_raw.differences + ours_fields.differences,
            "exiv2": exiv2_raw.differences,
        }
        args.failures.write_text(json.dumps(differences, indent=1, default=str), "utf-8")
    return 1 if tracebacks or wrongly else 0


if __name__ == "__main__":
    sys.exit(main())
