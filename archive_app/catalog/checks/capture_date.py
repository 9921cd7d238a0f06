"""Rule: a photograph whose catalogued date cannot hold the capture date its own file gives
(EXIF DateTimeOriginal, XMP photoshop:DateCreated, or IPTC Date Created, in that order: the MWG
order import reads them in)."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from archive_app.catalog.checks.facts import Facts
from archive_app.catalog.checks.finding import Finding, Side, ref
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


def _bounds(date: str) -> tuple[str, str] | None:
    """The first and last day of `1942`, `1942-06` or `1942-06-01` (what the readers give),
    worked out here: the EDTF parser takes milliseconds a date, minutes for 100,000 photos."""
    parts = date.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        day = dt.date(year, month, int(parts[2]))
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None
    return day.isoformat(), day.isoformat()


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
        if bounds is None:
            continue
        first, last = bounds
        if (late and late < first) or (early and early > last):
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
                        first,
                        last,
                    ),
                ],
            )
