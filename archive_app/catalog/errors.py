"""The errors the catalogue raises for a person to read. Each carries a one-line message."""

from __future__ import annotations


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
    """Someone else saved the record since it was read (optimistic locking)."""


class CatalogVersionError(CatalogError):
    """The catalogue was written by a newer program, or cannot be upgraded."""


class CatalogOpenError(CatalogError):
    """The catalogue cannot be opened (bad path, not a catalogue, server unreachable)."""
