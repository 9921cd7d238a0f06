"""Settings that belong to the catalogue, not to one person's desktop: the archive's name (used
when a photograph is cited as an archival item) and the accession number prefix. They live in
the catalogue itself, so every copy of the program and the command line agree on them.

Each setting is declared once here (its key, default, length and rule), and so is every other
fact the catalogue keeps in `catalog_meta`, so no module spells a key of its own."""

from __future__ import annotations

from dataclasses import dataclass

from archive_app.catalog.changes import joined, set_meta
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import CatalogMeta

#: the `catalog_meta` keys the catalogue keeps besides its settings
SCHEMA_VERSION_KEY = "schema_version"
NEXT_ACCESSION_KEY = "next_accession_number"
DEMO_RECORDS_KEY = "demo_records"
ARCHIVE_ROOT_KEY = "archive_root"
SETTING_PREFIX = "setting:"


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: str
    max_length: int
    spaces_allowed: bool = True


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("archive_name", "Archive name (in citations)", "", 300),
        Setting("accession_prefix", "Accession number prefix", "PH-", 20, spaces_allowed=False),
    )
}
# the shapes older callers read
DEFAULTS = {key: s.default for key, s in SETTINGS.items()}
MAX_LENGTH = {key: s.max_length for key, s in SETTINGS.items()}


def _declared(key: str) -> Setting:
    if key not in SETTINGS:
        raise InvalidField(key, "is not a catalogue setting")
    return SETTINGS[key]


def get_setting(key: str) -> str:
    setting = _declared(key)
    row = CatalogMeta.get_or_none(CatalogMeta.key == SETTING_PREFIX + key)
    return row.value if row else setting.default


def set_setting(key: str, value: str) -> None:
    setting = _declared(key)
    value = " ".join(value.split()) if setting.spaces_allowed else value.strip()
    if len(value) > setting.max_length:
        raise InvalidField(key, f"is longer than {setting.max_length} characters")
    if not setting.spaces_allowed and any(ch.isspace() for ch in value):
        raise InvalidField(key, "cannot contain spaces")
    with joined(f"Set {key}"):
        set_meta(SETTING_PREFIX + key, value)
