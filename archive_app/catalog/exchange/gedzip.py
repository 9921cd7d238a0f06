"""GEDZIP: a GEDCOM 7 file (`gedcom.ged`) and the image files it names, in one ZIP archive.

The images are stored as they are (no second compression of JPEG or PNG) under `media/`, named
by accession number, and the GEDCOM's FILE lines name them relative to the archive's root, as
the GEDZIP specification asks. The archive is written under a temporary name and renamed into
place, so an interrupted export never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exchange.gedcom_export import (
    GEDCOM_7,
    GedcomDocument,
    gedcom_document,
    gedcom_text,
)
from archive_app.catalog.sources.selection import Selection

GEDCOM_NAME = "gedcom.ged"
MEDIA_FOLDER = "media"


def gedzip_document(selection: Selection, archive_name: str = "") -> GedcomDocument:
    return gedcom_document(selection, GEDCOM_7, archive_name, media_folder=MEDIA_FOLDER)


def gedzip_bytes(document: GedcomDocument) -> bytes:
    """The whole archive in memory (the CLI's -o writes it through one rename)."""
    handle, temporary = tempfile.mkstemp(suffix=".gdz")
    os.close(handle)
    try:
        write_gedzip(document, Path(temporary))
        return Path(temporary).read_bytes()
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_gedzip(document: GedcomDocument, target: Path) -> None:
    try:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(GEDCOM_NAME, gedcom_text(document).encode("utf-8"))
            for media in document.media:
                archive.write(media.path, media.name, compress_type=zipfile.ZIP_STORED)
    except OSError as exc:
        raise CatalogError(f"cannot write {target.name}: {exc.strerror or exc}") from exc
