"""Metadata spreadsheets: a CSV whose rows describe the files of an import, matched by file name.

The whole sheet is read and checked before any file is imported, because a sheet with a wrong
encoding or an unknown column must get a report, not a partial import. Columns are found by
their header in the words archivists use ("Accession number", "Credit line", "People"); lists
(people, events, tags) are separated by semicolons. The text is UTF-8 (with or without the BOM
Excel writes) or Windows-1252 (Excel's "CSV" on Western Windows); anything else is refused with
a message that says how to save it.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from archive_app.catalog.dates import parse_date
from archive_app.catalog.errors import CatalogError, InvalidField

MAX_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 5

#: column header (folded) -> what it fills.
COLUMNS = {
    "file": "file",
    "file name": "file",
    "filename": "file",
    "original filename": "file",
    "original file name": "file",
    "file path": "file",
    "accession number": "accession_number",
    "accession no": "accession_number",
    "accession no.": "accession_number",
    "accession": "accession_number",
    "title": "title",
    "caption": "caption",
    "description": "description",
    "date": "date",
    "date note": "date_note",
    "creator": "creator",
    "photographer": "creator",
    "credit": "credit_line",
    "credit line": "credit_line",
    "rights": "rights",
    "copyright": "rights",
    "place": "place",
    "people": "people",
    "persons": "people",
    "person": "people",
    "events": "events",
    "event": "events",
    "tags": "tags",
    "keywords": "tags",
}
LIST_COLUMNS = {"people", "events", "tags"}
ACCEPTED = "file name, accession number, title, caption, description, date, date note, creator, \
credit line, rights, place, people, events, tags"


class SpreadsheetError(CatalogError):
    """The metadata spreadsheet cannot be used; nothing was imported."""


@dataclass
class SheetRow:
    """One row's values for the record of the file it names."""

    line: int
    file_name: str
    fields: dict[str, str] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    place: str | None = None


def match_key(name: str) -> str:
    """How a file name is compared: its last component, in one Unicode normal form (macOS
    writes names decomposed, spreadsheets compose them)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return unicodedata.normalize("NFC", base.strip())


def _decode(data: bytes, where: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise SpreadsheetError(
            f"{where} looks like UTF-16 or binary data; save it as 'CSV UTF-8' and try again"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            f"{where} is neither UTF-8 nor Windows-1252 (byte 0x{data[exc.start]:02x} at "
            f"position {exc.start}); save it as 'CSV UTF-8' and try again"
        ) from None


def _fold(header: str) -> str:
    return " ".join(header.replace("_", " ").replace("-", " ").lower().split())


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _columns(headers: list[str], where: str) -> list[str | None]:
    columns: list[str | None] = []
    unknown = []
    for header in headers:
        folded = _fold(header)
        target = COLUMNS.get(folded)
        if target is None and folded:
            unknown.append(header)
        if target is not None and target in columns:
            raise SpreadsheetError(f"{where}: column {header!r} repeats another column")
        columns.append(target)
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise SpreadsheetError(f"{where}: unknown column(s) {names}; the columns are: {ACCEPTED}")
    if "file" not in columns:
        raise SpreadsheetError(f"{where}: no file name column (a header such as 'File name')")
    return columns


def _split(value: str) -> list[str]:
    return [item for item in (" ".join(part.split()) for part in value.split(";")) if item]


def _row(line: int, cells: list[str], columns: list[str | None]) -> SheetRow:
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
        raise InvalidField(f"line {line}", "has more cells than the header has columns")
    values = {column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column}
    file_name = match_key(values.pop("file", ""))
    if not file_name:
        raise InvalidField(f"line {line}", "has no file name")
    row = SheetRow(line, file_name, place=values.pop("place", "") or None)
    for column, value in values.items():
        if column in LIST_COLUMNS:
            setattr(row, column, _split(value))
        elif value:
            row.fields[column] = value
    if "date" in row.fields:
        parse_date(row.fields["date"], f"line {line}: date")
    return row


def read_sheet(path: str | os.PathLike[str]) -> dict[str, SheetRow]:
    """The rows of a metadata CSV by file name; raises SpreadsheetError naming every problem
    (up to a few) before anything is imported."""
    where = repr(os.fspath(path))
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise SpreadsheetError(f"{where} is larger than {MAX_BYTES // 2**20} MB")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SpreadsheetError(f"{where} cannot be read ({exc.strerror or exc})") from None
    text = _decode(data, where)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        headers = next(reader, None)
        if not headers:
            raise SpreadsheetError(f"{where} is empty")
        columns = _columns(headers, where)
        rows: dict[str, SheetRow] = {}
        problems: list[str] = []
        accessions: dict[str, int] = {}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            try:
                row = _row(reader.line_num, cells, columns)
            except InvalidField as exc:
                problems.append(str(exc))
                continue
            if row.file_name in rows:
                problems.append(
                    f"line {row.line}: {row.file_name!r} is already described on line "
                    f"{rows[row.file_name].line}"
                )
            number = row.fields.get("accession_number")
            if number and number in accessions:
                problems.append(
                    f"line {row.line}: accession number {number!r} is already on line "
                    f"{accessions[number]}"
                )
            elif number:
                accessions[number] = row.line
            rows[row.file_name] = row
    except csv.Error as exc:
        raise SpreadsheetError(f"{where}: line {reader.line_num}: {exc}") from None
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        raise SpreadsheetError(f"{where}: {shown}" + (f"; and {more} more" if more > 0 else ""))
    return rows
