"""BagIt: the image files plus their metadata (JSON, CSV, Dublin Core), with a SHA-256
manifest, as digital-preservation systems take them in.

The bag is built in a temporary folder beside the target and validated with the `bagit`
library's own validation before it is moved into place, so a half-written or invalid bag never
appears under the name asked for. A photograph whose file is missing is left out and named in
the report (and in bag-info.txt), not silently dropped.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import bagit
from anyascii import anyascii

from archive_app import __version__
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exports.csv_export import write_csv_folder
from archive_app.catalog.exports.dublin_core import dublin_core_xml
from archive_app.catalog.exports.json_export import dumps, graph
from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.models import Photograph
from archive_app.catalog.sources.selection import Selection

CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class BagError(CatalogError):
    """The bag cannot be made where asked."""


@dataclass
class BagReport:
    path: Path
    files: int = 0
    missing: list[str] = field(default_factory=list)
    #: accession numbers whose file does not match the SHA-256 recorded for it (or has none)
    unverified: list[str] = field(default_factory=list)

    @property
    def left_out(self) -> list[str]:
        return self.missing + self.unverified


def safe_name(text: str) -> str:
    """A file name any file system takes: Latin letters (`Ф-1` -> `F-1`), digits, `._-`."""
    cleaned = _UNSAFE.sub("_", anyascii(text)).strip("._")
    return cleaned[:120] or "file"


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name-2.ext`, `name-3.ext`, …: never one already taken, in any letter case
    (two files whose names differ only in case are one file on Windows and macOS)."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def check_target(target: Path) -> None:
    """Refuse, before any work, a target that is a file, a folder with something in it, or
    a folder whose parent does not exist."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BagError(f"{target} already exists and is not an empty folder")
    if not target.parent.is_dir():
        raise BagError(f"folder {target.parent} does not exist")


def _photos(selection: Selection) -> Iterator[Photograph]:
    """The selected photographs, 500 at a time (SQLite limits the parameters of one query)."""
    ids = selection.ids_of("photo")
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        yield from Photograph.select().where(Photograph.id.in_(chunk)).order_by(Photograph.id)


def copy_verified(source: Path, target: Path, sha256: str | None) -> bool:
    """Copy `source` to `target` only if its content is the one catalogued (hashed while it is
    copied, so a file swapped after a check is caught too); False, and no `target`, if not."""
    if not sha256:
        return False
    digest = hashlib.sha256()
    with open(source, "rb") as incoming, open(target, "wb") as out:
        while chunk := incoming.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256.lower():
        target.unlink()
        return False
    shutil.copystat(source, target)
    return True


def _copy_images(selection: Selection, images: Path, report: BagReport) -> int:
    """Copy each selected photograph's file into the bag; returns how many were selected."""
    images.mkdir()
    taken: set[str] = set()
    selected = 0
    for photo in _photos(selection):
        selected += 1
        source = resolve(photo.file_path) if photo.file_path else None
        if source is None or not source.is_file():
            report.missing.append(photo.accession_number)
            continue
        wanted = safe_name(f"{photo.accession_number}-{photo.original_filename or source.name}")
        if copy_verified(source, images / unique_name(wanted, taken), photo.sha256):
            report.files += 1
        else:
            report.unverified.append(photo.accession_number)
    return selected


def _check_counts(bag: bagit.Bag, report: BagReport, selected: int) -> None:
    """Every selected photograph is in the manifest or named as left out, and nothing else is."""
    images = [name for name in bag.payload_entries() if name.startswith("data/images/")]
    if len(images) != report.files or report.files + len(report.left_out) != selected:
        raise BagError(
            f"the bag's manifest lists {len(images)} image file(s) for {selected} photograph(s) "
            f"({len(report.left_out)} left out); the bag was not made"
        )


def make_bag(target: Path, selection: Selection, archive_name: str = "") -> BagReport:
    """Write the bag into `target` (a new or empty folder)."""
    target = target.expanduser().resolve()
    check_target(target)
    report = BagReport(path=target)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        selected = _copy_images(selection, building / "images", report)
        metadata = building / "metadata"
        metadata.mkdir()
        (metadata / "catalog.json").write_text(dumps(graph(selection)), encoding="utf-8")
        write_csv_folder(metadata / "csv", selection)
        (metadata / "dublin-core.xml").write_text(
            dublin_core_xml(selection, archive_name), encoding="utf-8"
        )
        info = {
            "Bag-Software-Agent": f"archive_app {__version__}",
            "External-Description": "Photographs and their catalogue records",
        }
        if archive_name:
            info["Source-Organization"] = archive_name
        if report.missing:
            info["Missing-Files"] = ", ".join(report.missing)
        if report.unverified:
            info["Files-Not-Matching-Their-SHA-256"] = ", ".join(report.unverified)
        bag = bagit.make_bag(str(building), bag_info=info, checksums=["sha256"])
        bag.validate()
        _check_counts(bag, report, selected)
        if target.exists():
            target.rmdir()
        building.rename(target)
    except bagit.BagError as exc:
        raise BagError(f"the bag is not valid: {exc}") from exc
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return report
