"""Saved searches: a query with a name, listed in the sidebar, whose results are always current.

A saved search stores the query text, not its results: running it searches the catalogue as it
is now. A query is checked before it is saved, so a saved search never holds a query that
cannot run.
"""

from __future__ import annotations

from peewee import IntegrityError, fn

from archive_app.catalog.changes import joined
from archive_app.catalog.errors import InvalidField, RecordNotFound
from archive_app.catalog.models import BaseModel, TextField, catalog_db
from archive_app.catalog.search.query import parse

MAX_NAME_LENGTH = 200


class SavedSearch(BaseModel):
    """A named query (`Vlasov in 1942`: `person:vlasov date:1942`)."""

    RECORD_TYPE = "saved_search"

    name = TextField(unique=True)
    query = TextField()

    class Meta:
        table_name = "saved_search"


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidField("name", "a saved search needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidField("name", f"can be at most {MAX_NAME_LENGTH} characters")
    return cleaned


def save_search(name: str, query: str, replace: bool = False) -> SavedSearch:
    """Save a query under a name (one transaction). An existing name is refused unless
    `replace` is given; a malformed query raises QueryError and nothing is saved."""
    cleaned = _clean_name(name)
    parse(query)
    with joined("Save search"):
        existing = SavedSearch.get_or_none(SavedSearch.name == cleaned)
        if existing is not None:
            if not replace:
                raise InvalidField("name", f"a saved search named {cleaned!r} already exists")
            existing.query = query
            existing.version += 1
            existing.save()
            return existing
        try:
            with catalog_db.atomic():
                return SavedSearch.create(name=cleaned, query=query)
        except IntegrityError as exc:  # saved by someone else a moment ago
            raise InvalidField("name", f"a saved search named {cleaned!r} already exists") from exc


def saved_searches() -> list[SavedSearch]:
    """Every saved search, by name (for the sidebar)."""
    return list(SavedSearch.select().order_by(fn.lower(SavedSearch.name), SavedSearch.name))


def get_saved(name_or_id: str | int) -> SavedSearch:
    if isinstance(name_or_id, int):
        found = SavedSearch.get_or_none(SavedSearch.id == name_or_id)
    else:
        found = SavedSearch.get_or_none(SavedSearch.name == " ".join(name_or_id.split()))
    if found is None:
        raise RecordNotFound(f"no saved search {name_or_id!r}")
    return found


def delete_saved(name_or_id: str | int) -> None:
    with joined("Delete saved search"):
        get_saved(name_or_id).delete_instance()


def rename_saved(name_or_id: str | int, new_name: str) -> SavedSearch:
    cleaned = _clean_name(new_name)
    with joined("Rename saved search"):
        saved = get_saved(name_or_id)
        saved.name = cleaned
        saved.version += 1
        try:
            with catalog_db.atomic():
                saved.save()
        except IntegrityError as exc:
            raise InvalidField("name", f"a saved search named {cleaned!r} already exists") from exc
        return saved
