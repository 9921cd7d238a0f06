"""The errors the catalogue raises for a person to read. Each carries a one-line message."""

from __future__ import annotations

from peewee import OperationalError


class CatalogError(Exception):
    """Something the user asked for cannot be done; the message says why, in one line."""


class InvalidField(CatalogError):
    """A field value makes no sense; the message names the field."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class RecordNotFound(CatalogError):
    """No record of that type has that id."""


class DeleteRefused(CatalogError):
    """Deleting the record would break other records that depend on it."""


class StaleEdit(CatalogError):
    """Someone else saved the record since it was read (optimistic locking). When raised by a
    change, it says which record, the versions, and `changed_by`: (who, at, field names) of each
    journalled change since the version the user saw."""

    record_type: str | None = None
    record_id: int | None = None
    expected: int | None = None
    current: int | None = None  # None: the record was deleted
    changed_by: list[tuple[str, str, list[str]]] = []  # noqa: RUF012 (read-only default)


class CatalogVersionError(CatalogError):
    """The catalogue was written by a newer program, or cannot be upgraded."""


class ReadOnlyCatalog(CatalogError):
    """A change asked of a catalogue this program may only read (a read-only database role)."""


class CatalogOpenError(CatalogError):
    """The catalogue cannot be opened (bad path, not a catalogue, server unreachable)."""


class StorageError(CatalogError, OperationalError):
    """The catalogue could not be read or written (a full disk, a file another program holds, a
    server gone); the transaction was rolled back, so nothing was half-written. It is also a
    peewee OperationalError, so code that expects those still sees one."""


class CatalogLocked(StorageError):
    """Another program held the catalogue's write lock for longer than this one waits."""


#: what the database says -> what the archivist reads (first match wins)
_STORAGE_REASONS = (
    (
        "lock timeout",
        "another session is changing the same records and did not finish in time; "
        "nothing was changed (try again when it is done)",
    ),
    (
        "statement timeout",
        "the catalogue server took too long and the change was cancelled; nothing was changed",
    ),
    ("disk is full", "the disk is full; nothing was changed (free some space and try again)"),
    ("database is locked", "another program is writing to the catalogue; nothing was changed"),
    ("readonly database", "the catalogue file is read-only; nothing was changed"),
    ("disk i/o error", "the disk could not be read or written; nothing was changed"),
    ("server closed the connection", "the catalogue server closed the connection"),
    ("connection", "the catalogue server cannot be reached"),
)


def storage_error(exc: Exception) -> StorageError:
    """The StorageError that says in one line what `exc` (from the database) means."""
    text = " ".join(str(exc).split())
    for needle, reason in _STORAGE_REASONS:
        if needle in text.lower():
            return StorageError(f"{reason} ({text})")
    return StorageError(f"the catalogue could not be read or written: {text}")
