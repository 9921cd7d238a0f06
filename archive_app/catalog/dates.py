"""Dates as archivists write them: EDTF text plus the earliest/latest day it can mean.

Every date field of the catalogue keeps the text the archivist typed (`1942-06`, `1944?`, `194X`,
`1946-22` for summer 1946, `1942/1945`) and two ISO day bounds computed by the `edtf` library, so
that sorting and range search work on uncertain dates. The bounds are the *strict* ones: `1944?`
means the year 1944, flagged as uncertain, not 1943 to 1945.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

import edtf

from archive_app.catalog.errors import InvalidField


@dataclass(frozen=True)
class DateBounds:
    """The text of a date and the first and last day it can mean (ISO `YYYY-MM-DD`, or None
    for an open end such as `../1942`)."""

    text: str
    earliest: str | None
    latest: str | None


def _iso_day(value: object) -> str | None:
    if not isinstance(value, time.struct_time):
        # The library gives +/- infinity for open interval ends.
        if isinstance(value, float) and math.isinf(value):
            return None
        return None
    return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"


class _NotEdtf(ValueError):
    """The text is not EDTF."""


class _NoRange(ValueError):
    """The text is EDTF, but the library gives it no bounds."""


@lru_cache(maxsize=4096)
def _bounds(cleaned: str) -> tuple[str | None, str | None]:
    """The strict bounds of EDTF text, remembered: the library's parser takes milliseconds a
    date, which a search with `date:1941..1943` or an import of 10,000 scans of one day pays
    again and again."""
    try:
        parsed = edtf.parse_edtf(cleaned)
    except Exception as exc:  # the library raises several exception types for bad text
        raise _NotEdtf from exc
    try:
        return _iso_day(parsed.lower_strict()), _iso_day(parsed.upper_strict())
    except Exception as exc:
        raise _NoRange from exc


def parse_date(text: str, field: str = "date") -> DateBounds:
    """Parse EDTF text; raise InvalidField naming `field` when it is not EDTF."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidField(field, "a date cannot be blank; leave the field empty instead")
    if len(cleaned) > 100:
        raise InvalidField(field, "is too long to be a date")
    try:
        earliest, latest = _bounds(cleaned)
    except _NotEdtf as exc:
        raise InvalidField(
            field,
            f"{cleaned!r} is not an EDTF date (examples: 1942-06, 1944?, 194X, 1942/1945, "
            f"1946-22 for summer 1946)",
        ) from exc.__cause__
    except _NoRange as exc:
        raise InvalidField(field, f"{cleaned!r} has no computable range") from exc.__cause__
    if earliest is not None and latest is not None and earliest > latest:
        raise InvalidField(field, f"{cleaned!r} ends before it starts")
    return DateBounds(cleaned, earliest, latest)


def bounds_or_none(text: str | None, field: str = "date") -> DateBounds | None:
    """None for an empty date, otherwise the parsed bounds."""
    if text is None or not str(text).strip():
        return None
    return parse_date(str(text), field)
