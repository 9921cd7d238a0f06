"""Opening a GEDCOM file or a GEDZIP archive: its records as a tree, and its media files.

GEDCOM 7 that conforms is read by the `gedcom7` library; anything else (5.5.1, 5.5, files that
bend the standard) by our tolerant reader, which names each line it skips. A GEDZIP is checked
before anything is taken from it: a member with a path that climbs out of the archive, or sizes
that add up to more than the limit, refuses the archive.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from gedcom7.types import GedcomStructure

from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exchange.gedcom_lines import NotGedcom, decode, read_tree

MAX_GEDCOM_BYTES = 512 * 1024**2
MAX_MEDIA_BYTES = 20 * 1024**3


class GedcomError(CatalogError):
    """The file cannot be read as GEDCOM; nothing was imported."""


@dataclass
class OpenedGedcom:
    records: list[GedcomStructure]
    version: str
    path: Path
    archive: zipfile.ZipFile | None = None
    warnings: list[str] = field(default_factory=list)

    def by_xref(self) -> dict[str, GedcomStructure]:
        return {r.xref: r for r in self.records if r.xref}

    def media_file(self, reference: str) -> tuple[Path | None, str | None]:
        """(a file on disk, or None; the name of a GEDZIP member, or None) for a FILE line."""
        if self.archive is not None:
            name = unquote(reference).lstrip("/")
            if name in self.archive.namelist():
                return None, name
        parsed = urlparse(reference)
        if parsed.scheme == "file":
            candidate = Path(unquote(parsed.path))
        elif parsed.scheme and len(parsed.scheme) > 1:
            return None, None  # http:// and the like: not fetched
        else:
            candidate = Path(reference)
            if not candidate.is_absolute():
                candidate = self.path.parent / candidate
        return (candidate if candidate.is_file() else None), None

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()


def _parse(data: bytes, name: str) -> tuple[list[GedcomStructure], str, list[str]]:
    text = decode(data)
    try:
        parsed = read_tree(text)
    except NotGedcom as exc:
        raise GedcomError(f"{name}: {exc}") from None
    if parsed.version.startswith("7"):
        import gedcom7

        try:
            return gedcom7.loads(text), parsed.version, []
        except gedcom7.GedcomParseError as exc:
            note = f"does not conform to GEDCOM 7 ({exc}); read line by line"
            return parsed.records, parsed.version, [note, *parsed.warnings]
    return parsed.records, parsed.version, parsed.warnings


def _open_zip(path: Path) -> tuple[zipfile.ZipFile, bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise GedcomError(f"{path.name}: not a GEDZIP archive ({exc})") from None
    total = 0
    for info in archive.infolist():
        parts = Path(info.filename).parts
        if info.filename.startswith("/") or ".." in parts:
            archive.close()
            raise GedcomError(f"{path.name}: member {info.filename!r} leaves the archive")
        total += info.file_size
    if total > MAX_MEDIA_BYTES:
        archive.close()
        raise GedcomError(f"{path.name}: unpacks to more than {MAX_MEDIA_BYTES >> 30} GB")
    if "gedcom.ged" not in archive.namelist():
        archive.close()
        raise GedcomError(f"{path.name}: a GEDZIP must hold gedcom.ged at its root")
    info = archive.getinfo("gedcom.ged")
    if info.file_size > MAX_GEDCOM_BYTES:
        archive.close()
        raise GedcomError(f"{path.name}: gedcom.ged is too large")
    return archive, archive.read(info)


def open_gedcom(path: Path) -> OpenedGedcom:
    """Read a .ged file or a GEDZIP (.gdz, .zip); GedcomError names what is wrong."""
    try:
        if not path.is_file():
            raise GedcomError(f"{path}: not a file")
        with open(path, "rb") as handle:
            magic = handle.read(4)
        archive = None
        if magic.startswith(b"PK"):
            archive, data = _open_zip(path)
        else:
            if path.stat().st_size > MAX_GEDCOM_BYTES:
                raise GedcomError(f"{path.name}: too large to be a GEDCOM file")
            data = path.read_bytes()
    except OSError as exc:
        raise GedcomError(f"{path}: {exc.strerror or exc}") from None
    try:
        records, version, warnings = _parse(data, path.name)
    except BaseException:
        if archive is not None:
            archive.close()
        raise
    return OpenedGedcom(records, version, path, archive, warnings)


def first(item: GedcomStructure, tag: str) -> GedcomStructure | None:
    return next((c for c in item.children if c.tag == tag), None)


def text_of(item: GedcomStructure | None, tag: str) -> str | None:
    found = first(item, tag) if item is not None else None
    return found.text.strip() or None if found is not None else None


def all_of(item: GedcomStructure, tag: str) -> list[GedcomStructure]:
    return [c for c in item.children if c.tag == tag]
