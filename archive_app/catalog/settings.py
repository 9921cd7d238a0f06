"""Settings that belong to the catalogue, not to one person's desktop: the archive's name (used
when a photograph is cited as an archival item) and the accession number prefix. They live in
the catalogue itself, so every copy of the program and the command line agree on them."""

from __future__ import annotations

from archive_app.catalog.changes import joined, set_meta
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import CatalogMeta

DEFAULTS = {"archive_name": "", "accession_prefix": "PH-"}
MAX_LENGTH = {"archive_name": 300, "accession_prefix": 20}


def get_setting(key: str) -> str:
    if key not in DEFAULTS:
        raise InvalidField(key, "is not a catalogue setting")
    row = CatalogMeta.get_or_none(CatalogMeta.key == f"setting:{key}")
    return row.value if row else DEFAULTS[key]


def set_setting(key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise InvalidField(key, "is not a catalogue setting")
    value = " ".join(value.split()) if key == "archive_name" else value.strip()
    if len(value) > MAX_LENGTH[key]:
        raise InvalidField(key, f"is longer than {MAX_LENGTH[key]} characters")
    if key == "accession_prefix" and any(ch.isspace() for ch in value):
        raise InvalidField(key, "cannot contain spaces")
    with joined(f"Set {key}"):
        set_meta(f"setting:{key}", value)
