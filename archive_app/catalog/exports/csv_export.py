"""The CSV export: one file per record type, for spreadsheets.

Files are UTF-8 with a byte-order mark, so Excel reads Cyrillic and accents as they are. Text that
a spreadsheet would run as a formula (a cell beginning with `=`, `+`, `-`, `@`, a tab or a
carriage return) gets a leading apostrophe, the neutralisation OWASP recommends: the cell shows
the text and runs nothing. Numbers are written as numbers and left alone.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from archive_app.catalog.exports.json_export import SECTIONS, columns, graph
from archive_app.catalog.models import Collection, Event, Person, Photograph, Place, Source, Tag
from archive_app.catalog.sources.selection import Selection
from archive_app.catalog.text_rules import printable

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

#: file name -> section of the graph; one file per record type and link type.
FILES: dict[str, str] = {
    "photos.csv": "photos",
    "people.csv": "people",
    "events.csv": "events",
    "places.csv": "places",
    "collections.csv": "collections",
    "sources.csv": "sources",
    "citations.csv": "citations",
    "tags.csv": "tags",
    "photo_people.csv": "photo_people",
    "photo_events.csv": "photo_events",
    "person_events.csv": "person_events",
}


def neutralise(value: Any) -> Any:
    """The cell value, with formula-leading text made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return neutralise(json.dumps(value, ensure_ascii=False))
    return neutralise(printable(value))


def _names(section: str, rows: list[dict[str, Any]]) -> dict[str, dict[int, str]]:
    """For each reference column, the name of the record each id points at."""
    labels: dict[str, dict[int, str]] = {}
    lookups = {
        "collection": {c.id: c.name for c in Collection.select(Collection.id, Collection.name)},
        "place": {p.id: p.name for p in Place.select(Place.id, Place.name)},
        "person": {p.id: p.name for p in Person.select(Person.id, Person.name)},
        "event": {e.id: e.title for e in Event.select(Event.id, Event.title)},
        "source": {s.id: s.title for s in Source.select(Source.id, Source.title)},
        "tag": {t.id: t.name for t in Tag.select(Tag.id, Tag.name)},
        "photo": {
            p.id: p.accession_number
            for p in Photograph.select(Photograph.id, Photograph.accession_number)
        },
    }
    if section in ("collections", "places"):
        lookups["parent"] = lookups["collection" if section == "collections" else "place"]
    present = set(columns(SECTIONS[section]))
    for column, lookup in lookups.items():
        if column in present:
            labels[column] = lookup
    return labels


def csv_text(section: str, rows: list[dict[str, Any]]) -> str:
    """One CSV file (without the byte-order mark) for the rows of a section. A reference
    column is followed by the name of what it points at (`place`, `place_name`)."""
    labels = _names(section, rows)
    header: list[str] = []
    order = columns(SECTIONS[section])
    for column in order:
        header.append(column)
        if column in labels:
            header.append(f"{column}_name")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = []
        for column in order:
            value = row.get(column)
            cells.append(_cell(value))
            if column in labels:
                cells.append(_cell(labels[column].get(value)))
        writer.writerow(cells)
    return buffer.getvalue()


def write_csv_folder(folder: Path, selection: Selection | None = None) -> list[Path]:
    """Write every file into `folder` (made if needed, in an existing parent); returns the
    files written."""
    document = graph(selection)
    folder.mkdir(exist_ok=True)
    written = []
    for name, section in FILES.items():
        path = folder / name
        path.write_text(csv_text(section, document[section]), encoding="utf-8-sig", newline="")
        written.append(path)
    return written
