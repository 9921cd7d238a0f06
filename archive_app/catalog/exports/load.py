"""`load`: the JSON export read into a catalogue, empty or not.

Every record gets a new id in the catalogue it joins, and every reference is translated; tags
with the same name are shared. The whole file is one transaction: a row that does not fit (an
unknown column, a reference to nothing, a date that is not EDTF, an accession number already in
use) stops the load with one line naming the section and the row, and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import ForeignKeyField, IntegrityError

from archive_app.catalog.changes import current, joined
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.exports.json_export import (
    FORMAT_NAME,
    FORMAT_VERSION,
    JSON_COLUMNS,
    SECTIONS,
    columns,
)
from archive_app.catalog.file_store import FileBoundary
from archive_app.catalog.models import BaseModel, Photograph, Tag

MAX_FILE_BYTES = 2 * 1024**3
INTERNAL = {"id"}


class LoadError(CatalogError):
    """The file cannot be loaded; nothing was written."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)


def read_document(path: Path) -> dict[str, Any]:
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            raise LoadError(f"{path}: not a regular file")  # a FIFO would wait forever
        if path.stat().st_size > MAX_FILE_BYTES:
            raise LoadError(f"{path.name}: too large to load")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LoadError(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path.name}: not UTF-8 text (byte {exc.start})") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError:
        raise LoadError(f"{path.name}: not a catalogue export (nested too deeply)") from None
    return document


def _check_shape(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise LoadError("not an archive-app catalogue export (its 'format' is missing)")
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise LoadError(f"export version {version!r} is newer than this program can read")
    unknown = set(document) - set(SECTIONS) - {"format", "version"}
    if unknown:
        raise LoadError(f"unknown section {sorted(unknown)[0]!r}")
    for section in SECTIONS:
        rows = document.get(section, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise LoadError(f"section {section!r} must be a list of objects")


class _Loader:
    """Creates the rows of a document, translating the ids of references as it goes."""

    def __init__(self, boundary: FileBoundary) -> None:
        self.new_ids: dict[type[BaseModel], dict[int, int]] = {}
        self.counts: dict[str, int] = {}
        self.boundary = boundary

    def _check_file(self, fields: dict[str, Any]) -> None:
        """A photograph may name only a file inside the catalogue's boundary (file_store.py)."""
        file_path = fields.get("file_path")
        if file_path is None:
            return
        if not isinstance(file_path, str):
            raise InvalidField("file_path", "must be text")
        refusal = self.boundary.refusal(file_path)
        if refusal:
            raise InvalidField("file_path", f"{file_path!r} {refusal}")

    def _translate(self, model: type[BaseModel], name: str, value: Any) -> Any:
        field_ = model._meta.fields[name]
        if not isinstance(field_, ForeignKeyField) or value is None:
            if name in JSON_COLUMNS and value is not None:
                return json.dumps(value, ensure_ascii=False)
            return value
        target = field_.rel_model
        mapping = self.new_ids.get(target, {})
        if target is model:
            return None  # a parent in the same section is set after every row exists
        if not isinstance(value, int) or value not in mapping:
            raise InvalidField(name, f"points at {target.__name__.lower()} {value!r}, not in file")
        return mapping[value]

    def _fields(self, model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
        allowed = set(columns(model))
        unknown = set(data) - allowed
        if unknown:
            raise InvalidField(sorted(unknown)[0], "is not a column of this section")
        return {
            name: self._translate(model, name, value)
            for name, value in data.items()
            if name not in INTERNAL
        }

    def _insert(self, model: type[BaseModel], fields: dict[str, Any]) -> int:
        if model is Tag:
            existing = Tag.get_or_none(Tag.name == fields.get("name"))
            if existing is not None:
                return existing.id
        record = model(**fields)
        record.fill_date_bounds()
        values = {k: v for k, v in record.__data__.items() if k != "id"}
        new_id = model.insert(values).execute()
        current().made(model, [new_id])
        return new_id

    def load_section(self, section: str, rows: list[dict[str, Any]]) -> None:
        model = SECTIONS[section]
        mapping = self.new_ids.setdefault(model, {})
        parents: list[tuple[int, Any]] = []
        for number, data in enumerate(rows, 1):
            try:
                fields = self._fields(model, data)
                if model is Photograph:
                    self._check_file(fields)
                if (
                    model is Photograph
                    and Photograph.select()
                    .where(Photograph.accession_number == fields.get("accession_number"))
                    .exists()
                ):
                    raise InvalidField(
                        "accession_number", f"{fields.get('accession_number')!r} is in use"
                    )
                new_id = self._insert(model, fields)
            except (InvalidField, IntegrityError, TypeError, ValueError) as exc:
                raise LoadError(
                    f"{section} row {number} (id {data.get('id')!r}): {exc}; nothing was loaded"
                ) from exc
            if isinstance(data.get("id"), int):
                mapping[data["id"]] = new_id
            if "parent" in data and data["parent"] is not None:
                parents.append((new_id, data["parent"]))
        for new_id, old_parent in parents:
            if old_parent not in mapping:
                raise LoadError(f"{section}: parent {old_parent!r} is not in the file")
            current().update(model, [new_id], {"parent": mapping[old_parent]})
        self.counts[section] = len(rows)


def load_document(document: Any, files_in: Iterable[Path] = ()) -> LoadReport:
    """Create every row of an export in this catalogue, in one change. A photograph's file
    must lie in the catalogue's file store, its archive root or a folder of `files_in`."""
    _check_shape(document)
    loader = _Loader(FileBoundary(files_in))
    with joined("Load an export"):
        for section in SECTIONS:
            loader.load_section(section, document.get(section, []))
    return LoadReport(counts=loader.counts)


def load_file(path: Path, files_in: Iterable[Path] = ()) -> LoadReport:
    return load_document(read_document(path), files_in)
