"""`import-sources`: a CSL-JSON, RIS or BibTeX file (as Zotero exports them) read into sources.

The whole file is one user action in one transaction. A file that cannot be read at all (not
JSON, not RIS) is refused whole; otherwise every item that can be read comes in, and each one that
cannot is reported with its place in the file and the reason, as photographs are.

Nothing is dropped silently. An item is left out as already in the catalogue only when it is
certainly the same: the same DOI, or the same ISBN or URL with the same type and title as a source
in the catalogue, or the whole record equal (with the id it came with). Anything weaker (the same
title, year and first family name; within one file, a shared identifier under another id) is
imported and reported as a possible duplicate, for the archivist to merge.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_app.catalog import records
from archive_app.catalog.changes import change
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.models import SourceCreator, catalog_db
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.csl import csl_to_source, written_ids
from archive_app.catalog.sources.csljson import FormatError, source_items

MAX_FILE_BYTES = 50 * 1024 * 1024
READERS = {"csl-json": csljson.loads, "ris": ris.loads, "bibtex": bibtex.loads}
_SUFFIXES = {".json": "csl-json", ".ris": "ris", ".bib": "bibtex", ".bibtex": "bibtex"}


@dataclass
class ImportReport:
    """What an import did: the new source ids, the items left out as already in the catalogue,
    the items refused (position in the file from 1, and why), and the new sources that look like
    another (same title, year and first family name) without being certainly the same."""

    format: str
    created: list[int] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    possible_duplicates: list[dict[str, Any]] = field(default_factory=list)


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


def identity_keys(item: dict[str, Any]) -> list[str]:
    """Keys that make two items certainly the same work: the DOI; the ISBN or the URL together
    with the type and title (the chapters of one book share its ISBN)."""
    keys = []
    doi = str(item.get("DOI") or "").strip().lower()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi)
    if doi:
        keys.append(f"doi:{doi}")
    work = f"{item.get('type')}|{_fold(item.get('title'))}"
    isbn = re.sub(r"[^0-9xX]", "", str(item.get("ISBN") or "")).upper()
    if isbn:
        keys.append(f"isbn:{isbn}|{work}")
    url = str(item.get("URL") or "").strip()
    if url:
        keys.append(f"url:{url}|{work}")
    return keys


def record_key(fields: dict[str, Any], creators: list[dict[str, Any]]) -> str:
    """The whole record as read (columns, extra variables with the item's own id, names)."""
    return json.dumps([fields, creators], sort_keys=True, ensure_ascii=False)


def similarity_key(item: dict[str, Any]) -> str | None:
    """Title + year + first family name: two items alike here may be one work, or two (two
    Smiths, two editions); they are reported, never merged by the import."""
    names = item.get("author") or item.get("editor") or [{}]
    first = names[0] if isinstance(names, list) and names else {}
    author = (first.get("family") or first.get("literal") or "") if isinstance(first, dict) else ""
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        year = str(parts[0][0])
    else:
        found = re.search(r"-?\d{4}", json.dumps(issued)) if issued else None
        year = found.group(0) if found else ""
    title = _fold(item.get("title"))
    return f"{title}|{year}|{_fold(author)}" if title else None


@dataclass
class _Known:
    """What the catalogue and the file so far hold, by each kind of key. Within one file, two
    entries with their own ids are two records, as the program that wrote the file says (two
    copies of one book, or the test suite's twins that only a year suffix tells apart): there
    only the whole record with its id is certain, and a shared identifier makes a look-alike."""

    identity: dict[str, int] = field(default_factory=dict)
    file_identity: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)
    similar: dict[str, int] = field(default_factory=dict)

    def add(self, source_id: int, item: dict[str, Any], key: str, in_file: bool = False) -> None:
        identities = self.file_identity if in_file else self.identity
        for identity in identity_keys(item):
            identities.setdefault(identity, source_id)
        self.records.setdefault(key, source_id)
        similar = similarity_key(item)
        if similar:
            self.similar.setdefault(similar, source_id)

    def same_as(self, item: dict[str, Any], key: str) -> int | None:
        for identity in identity_keys(item):
            if identity in self.identity:
                return self.identity[identity]
        return self.records.get(key)

    def alike(self, item: dict[str, Any]) -> int | None:
        for identity in identity_keys(item):
            if identity in self.file_identity:
                return self.file_identity[identity]
        similar = similarity_key(item)
        return self.similar.get(similar) if similar else None


def _catalogue_keys() -> _Known:
    known = _Known()
    for item in source_items():
        source_id = int(str(item["id"]).removeprefix("source-"))
        as_read = written_ids([item])[0]
        fields, creators = csl_to_source(as_read)
        known.add(source_id, as_read, record_key(fields, creators))
    return known


def _title(item: Any) -> str | None:
    title = item.get("title") if isinstance(item, dict) else None
    return title[:200] if isinstance(title, str) and title else None


def _read_item(item: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        return csl_to_source(item)
    except (ValueError, TypeError, RecursionError) as exc:
        raise InvalidField("item", f"cannot be read ({type(exc).__name__})") from exc


def import_items(items: list[Any], fmt: str = "csl-json", label: str = "") -> ImportReport:
    """Add the items that are not in the catalogue yet, as one change (one transaction, one
    journal entry); an item that cannot be read is refused alone (position and reason in the
    report), the rest come in."""
    report = ImportReport(format=fmt)
    with change(label or f"Import sources ({fmt})") as ch:
        known = _catalogue_keys()
        for position, item in enumerate(items, 1):
            title = _title(item)
            try:
                fields, creators = _read_item(item)
            except InvalidField as exc:
                report.refused.append({"position": position, "title": title, "reason": str(exc)})
                continue
            key = record_key(fields, creators)
            same = known.same_as(item, key)
            if same is not None:
                report.duplicates.append(
                    {"position": position, "title": title, "matches": f"source-{same}"}
                )
                continue
            try:
                with catalog_db.atomic():
                    source = records.create("source", **fields)
                    for place, creator in enumerate(creators):
                        ch.insert(SourceCreator, source=source, position=place, **creator)
            except InvalidField as exc:
                report.refused.append({"position": position, "title": title, "reason": str(exc)})
                continue
            like = known.alike(item)
            if like is not None:
                report.possible_duplicates.append(
                    {
                        "position": position,
                        "title": title,
                        "source": source.id,
                        "like": f"source-{like}",
                    }
                )
            known.add(source.id, item, key, in_file=True)
            report.created.append(source.id)
    return report


def import_file(path: Path) -> ImportReport:
    fmt, items = read_file(path)
    return import_items(items, fmt, f"Import sources from {path.name}")
