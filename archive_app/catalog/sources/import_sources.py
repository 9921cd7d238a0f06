"""`import-sources`: a CSL-JSON, RIS or BibTeX file (as Zotero exports them) read into sources.

The whole file is one user action: every item is read and checked first, and either all new
sources are written in one transaction or, when an item cannot be read, none is. An item that is
already in the catalogue (same DOI, or same title, year and first author) is not added twice; it
is reported as a duplicate with the id of the source it matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_app.catalog import records
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.models import SourceCreator, catalog_db
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.csl import csl_to_source
from archive_app.catalog.sources.csljson import FormatError, source_items

MAX_FILE_BYTES = 50 * 1024 * 1024
READERS = {"csl-json": csljson.loads, "ris": ris.loads, "bibtex": bibtex.loads}
_SUFFIXES = {".json": "csl-json", ".ris": "ris", ".bib": "bibtex", ".bibtex": "bibtex"}


@dataclass
class ImportReport:
    """What an import did: the new source ids and the duplicates it left out."""

    format: str
    created: list[int] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)


def sniff_format(path: Path, text: str) -> str:
    """The file's format, by its suffix, else by its first characters."""
    by_suffix = _SUFFIXES.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    head = text.lstrip()[:200]
    if head.startswith(("[", "{")):
        return "csl-json"
    if re.search(r"^TY  - ", text[:2000], re.M):
        return "ris"
    if re.search(r"@\w+\s*[{(]", text[:5000]):
        return "bibtex"
    raise FormatError(f"{path.name}: not CSL-JSON, RIS or BibTeX")


def read_file(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """(format, CSL-JSON items) of a bibliography file; refuses it whole with one line."""
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            raise FormatError(f"{path}: not a regular file")  # a FIFO would wait forever
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FormatError(f"{path.name}: larger than {MAX_FILE_BYTES // 1_048_576} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"{path}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise FormatError(f"{path.name}: the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path.name}: not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise FormatError(f"{path.name}: a binary file, not a bibliography")
    fmt = sniff_format(path, text)
    try:
        return fmt, READERS[fmt](text)
    except FormatError as exc:
        raise FormatError(f"{path.name}: {exc}") from exc


def _fold(text: Any) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return re.sub(r"[\W_]+", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def duplicate_key(item: dict[str, Any]) -> str:
    """What makes two items the same work: the DOI, else title + year + first author."""
    doi = str(item.get("DOI") or "").strip().lower().removeprefix("https://doi.org/")
    if doi:
        return f"doi:{doi}"
    names = item.get("author") or item.get("editor") or [{}]
    first = names[0] if isinstance(names, list) and names else {}
    author = first.get("family") or first.get("literal") or "" if isinstance(first, dict) else ""
    parts = (item.get("issued") or {}).get("date-parts") if isinstance(item, dict) else None
    year = str(parts[0][0]) if parts and parts[0] else ""
    return f"work:{_fold(item.get('title'))}|{year}|{_fold(author)}"


def _checked(items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    rows = []
    for number, item in enumerate(items, 1):
        try:
            rows.append(csl_to_source(item))
        except InvalidField as exc:
            title = item.get("title") if isinstance(item, dict) else None
            named = f" ({title[:60]!r})" if isinstance(title, str) and title else ""
            raise FormatError(f"item {number}{named}: {exc}; nothing was imported") from exc
    return rows


def import_items(items: list[dict[str, Any]], fmt: str = "csl-json") -> ImportReport:
    """Add the items that are not in the catalogue yet, in one transaction."""
    rows = _checked(items)
    report = ImportReport(format=fmt)
    with catalog_db.atomic():
        known = {duplicate_key(existing): existing["id"] for existing in source_items()}
        for item, (fields, creators) in zip(items, rows, strict=True):
            key = duplicate_key(item)
            if key in known:
                report.duplicates.append({"title": fields["title"], "matches": known[key]})
                continue
            source = records.create("source", **fields)
            for position, creator in enumerate(creators):
                SourceCreator.create(source=source, position=position, **creator)
            known[key] = f"source-{source.id}"
            report.created.append(source.id)
    return report


def import_file(path: Path) -> ImportReport:
    fmt, items = read_file(path)
    return import_items(items, fmt)
