"""The exchange formats of `export catalog --format ...` (and the GUI's catalogue export): one
entry point per format, each taking the selection and the archive's name and giving the file's
content with a count of what went in."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive_app.catalog.exchange.eac_export import eac_zip
from archive_app.catalog.exchange.ead3_export import ead3_xml
from archive_app.catalog.exchange.gedcom_export import (
    GEDCOM_7,
    GEDCOM_551,
    gedcom_document,
    gedcom_text,
)
from archive_app.catalog.exchange.gedzip import gedzip_bytes, gedzip_document
from archive_app.catalog.sources.selection import Selection

#: format name -> (what it is, the file suffix it is written with).
EXCHANGE_FORMATS: dict[str, tuple[str, str]] = {
    "gedcom": ("GEDCOM 5.5.1 (most genealogy programs, Gramps)", ".ged"),
    "gedcom7": ("GEDCOM 7", ".ged"),
    "gedzip": ("GEDZIP: GEDCOM 7 with the image files", ".gdz"),
    "ead3": ("EAD3 finding aid (ArchivesSpace, AtoM)", ".xml"),
    "eac-cpf": ("EAC-CPF records of the people, one per person (a ZIP)", ".zip"),
}
BINARY_FORMATS = {"gedzip", "eac-cpf"}


@dataclass
class ExchangeExport:
    content: str | bytes
    counts: dict[str, int] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)


def exchange_export(fmt: str, selection: Selection, archive_name: str = "") -> ExchangeExport:
    if fmt in ("gedcom", "gedcom7"):
        document = gedcom_document(selection, GEDCOM_7 if fmt == "gedcom7" else GEDCOM_551,
                                   archive_name)  # fmt: skip
        return ExchangeExport(gedcom_text(document), document.counts, document.missing_files)
    if fmt == "gedzip":
        document = gedzip_document(selection, archive_name)
        counts = {**document.counts, "image_files": len(document.media)}
        return ExchangeExport(gedzip_bytes(document), counts, document.missing_files)
    if fmt == "ead3":
        return ExchangeExport(ead3_xml(selection, archive_name),
                              {"photos": len(selection.ids_of("photo"))})  # fmt: skip
    if fmt == "eac-cpf":
        content, people = eac_zip(selection, archive_name)
        return ExchangeExport(content, {"people": people})
    raise ValueError(f"unknown exchange format {fmt!r}")
