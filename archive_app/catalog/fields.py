"""Which fields of each record type an archivist edits, and how, derived from the schema (the
editors of the GUI and `archive-app add` and `edit` both read it).

The schema is the single description of a record: the editor shows every column of it, except the
bookkeeping ones (id, version, timestamps, date bounds, citation targets) and the facts derived
from the file (size, dimensions, SHA-256, embedded metadata), which are shown read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from peewee import FloatField, ForeignKeyField, IntegerField

from archive_app.catalog.models import CITABLE, BaseModel, Citation

BOOKKEEPING = {"id", "version", "created", "modified"}
DERIVED = {
    "file_path",
    "original_filename",
    "file_size",
    "format",
    "width",
    "height",
    "page_count",
    "sha256",
    "embedded_metadata",
    "import_warnings",
}
LONG_TEXT = {"description", "caption", "biography", "note", "text", "date_note", "extra"}

LABELS = {
    "accession_number": "Accession number",
    "credit_line": "Credit line",
    "csl_type": "Item type (CSL)",
    "container_title": "Container title",
    "publisher_place": "Publisher place",
    "archive_location": "Archive location",
    "locator_label": "Locator label",
    "text_kind": "Paraphrase or transcription",
    "sort_name": "Sort name",
    "birth_date": "Born (EDTF)",
    "death_date": "Died (EDTF)",
    "date": "Date (EDTF)",
    "issued": "Issued (EDTF)",
    "accessed": "Accessed (EDTF)",
    "event_type": "Type",
    "place_type": "Type",
    "date_note": "Date note",
    "doi": "DOI",
    "isbn": "ISBN",
    "url": "URL",
    "sha256": "SHA-256",
    "file_size": "Size (bytes)",
    "page_count": "Pages",
    "embedded_metadata": "Embedded metadata",
    "import_warnings": "Import warnings",
    "original_filename": "Original file name",
    "file_path": "File",
}


class Kind(Enum):
    TEXT = "text"
    LONG_TEXT = "long text"
    DATE = "date"
    NUMBER = "number"
    REFERENCE = "reference"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    required: bool
    target: type[BaseModel] | None = None  # for references


def label_for(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def _bounds(model: type[BaseModel]) -> set[str]:
    return {f"{n}_{end}" for n in model.DATE_FIELDS for end in ("earliest", "latest")}


def editable_fields(model: type[BaseModel]) -> list[FieldSpec]:
    """The fields an archivist edits, in schema order."""
    targets = set(CITABLE) if model is Citation else set()  # set by where it is cited
    hidden = BOOKKEEPING | DERIVED | _bounds(model) | targets
    specs = []
    for name, field in model._meta.fields.items():
        if name in hidden:
            continue
        required = not field.null and field.default is None
        if name in model.DATE_FIELDS:
            kind, target = Kind.DATE, None
        elif isinstance(field, ForeignKeyField):
            kind, target = Kind.REFERENCE, field.rel_model
        elif isinstance(field, IntegerField | FloatField):
            kind, target = Kind.NUMBER, None
        elif name in LONG_TEXT:
            kind, target = Kind.LONG_TEXT, None
        else:
            kind, target = Kind.TEXT, None
        specs.append(FieldSpec(name, label_for(name), kind, required, target))
    return specs


def derived_fields(model: type[BaseModel]) -> list[str]:
    return [name for name in model._meta.fields if name in DERIVED]
