"""Rule: a photograph whose catalogued date cannot hold the capture date its own file gives
(EXIF DateTimeOriginal, XMP photoshop:DateCreated, or IPTC Date Created, in that order: the MWG
order import reads them in)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from archive_app.catalog.checks.facts import Facts
from archive_app.catalog.checks.finding import Finding, Side, ref
from archive_app.catalog.dates import DateBounds, bounds_or_none
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.importing.metadata import exif_date, iptc_date, xmp_date
from archive_app.catalog.models import Photograph


def file_date(embedded: dict[str, Any]) -> tuple[str, str] | None:
    """(where the file says it, the date) from a photograph's embedded metadata."""
    xmp, iptc = embedded.get("xmp") or {}, embedded.get("iptc") or {}
    exif = (embedded.get("exif") or {}).get("exif") or {}
    candidates = (
        ("EXIF DateTimeOriginal", exif_date, exif.get("DateTimeOriginal")),
        ("XMP photoshop:DateCreated", xmp_date, xmp.get("photoshop:DateCreated")),
        # IPTC's key before the import named its fields as ExifTool does
        ("IPTC Date Created", iptc_date, iptc.get("DateCreated") or iptc.get("date_created")),
    )
    for where, reader, value in candidates:
        if isinstance(value, str) and (date := reader(value)):
            return f"{where} {value}", date
    return None


def _bounds(date: str) -> DateBounds | None:
    try:
        return bounds_or_none(date)
    except InvalidField:
        return None


def capture_date(_facts: Facts) -> Iterator[Finding]:
    query = (
        Photograph.select(
            Photograph.id,
            Photograph.accession_number,
            Photograph.date,
            Photograph.date_earliest,
            Photograph.date_latest,
            Photograph.embedded_metadata,
        )
        .where(Photograph.date.is_null(False) & Photograph.embedded_metadata.contains("Date"))
        .tuples()
    )
    for photo_id, accession, date, early, late, raw in query:
        try:
            embedded = json.loads(raw)
        except ValueError:
            continue
        said = file_date(embedded) if isinstance(embedded, dict) else None
        bounds = _bounds(said[1]) if said else None
        if bounds is None or not bounds.earliest or not bounds.latest:
            continue
        if (late and late < bounds.earliest) or (early and early > bounds.latest):
            yield Finding(
                "capture-date",
                "warning",
                f"{accession} is catalogued as {date}, but its file says it was taken "
                f"{said[1]} ({said[0]})",
                [ref("photo", photo_id)],
                [
                    Side(
                        f"{accession}: catalogued date {date}",
                        ref("photo", photo_id),
                        "date",
                        date,
                        early,
                        late,
                    ),
                    Side(
                        f"{accession}: the file's {said[0]}",
                        ref("photo", photo_id),
                        "embedded_metadata",
                        said[1],
                        bounds.earliest,
                        bounds.latest,
                    ),
                ],
            )
