"""Finding a person, event, place or source by part of its name, as a picker asks while the
archivist types: case and diacritics folded in every script (archive_app.catalog.folding), so
"власов" finds "Власов" and "henri" finds "Hénri"; people by their name variants too."""

from __future__ import annotations

from archive_app.catalog.folding import contains
from archive_app.catalog.models import Event, Person, PersonName, Place, Source

LIMIT = 200

_NAMED = {
    "event": (Event, Event.title),
    "place": (Place, Place.name),
    "source": (Source, Source.title),
}


def records_named(record_type: str, text: str, limit: int = LIMIT) -> list[tuple[int, str]]:
    """(id, label) of the records whose name contains the text, in name order."""
    text = text.strip()
    if record_type == "person":
        query = Person.select(Person.id, Person.name).order_by(Person.sort_name, Person.name)
        if text:
            variants = PersonName.select(PersonName.person).where(
                contains(PersonName.name, text=text)
            )
            query = query.where(contains(Person.name, text=text) | Person.id.in_(variants))
    else:
        model, column = _NAMED[record_type]
        query = model.select(model.id, column).order_by(column)
        if text:
            query = query.where(contains(column, text=text))
    return [(row[0], row[1]) for row in query.limit(limit).tuples()]
