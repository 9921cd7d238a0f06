"""What each record type puts into the search index, as one SQL view per type.

Every record becomes one document with three searched columns and one stored one:
- `name`: the names a record is known by (a photograph's accession number and title, a person's
  name and every name variant, an event's title, a place's names ...), weighted highest;
- `body`: the rest of its own text (caption, description, biography, paraphrase, keywords);
- `linked`: the names of what it is linked to (the people a photograph depicts, with their name
  variants, the events it shows, its place), so `vlasov` also finds photographs of Vlasov whose
  caption does not name him;
- `exact`: the whole names, one per line, to rank an exact name or accession-number match first;
- `dated`: the record's date text, earliest and latest day, one per line (photographs, events,
  citations, sources), which the index turns into date words (functions.date_words).

The views hold raw text; the index folds it (folding.py) on the way in. Keeping the text in views
means the triggers, the first fill and a rebuild all say the same thing.
"""

from __future__ import annotations

#: record type -> its code in the low three bits of an index key (key = id * 8 + code).
TYPE_CODES = {
    "tag": 0,
    "photo": 1,
    "person": 2,
    "event": 3,
    "place": 4,
    "source": 5,
    "citation": 6,
    "collection": 7,
}
CODE_TYPES = {code: name for name, code in TYPE_CODES.items()}

#: record type -> its table in the catalogue.
TABLES = {
    "tag": "tag",
    "photo": "photograph",
    "person": "person",
    "event": "event",
    "place": "place",
    "source": "source",
    "citation": "citation",
    "collection": "collection",
}

NL = "char(10)"


def _dated(table: str, column: str) -> str:
    """The `dated` column of a record whose date is `column` of the row aliased `table`."""
    parts = (f"{table}.{column}", f"{table}.{column}_earliest", f"{table}.{column}_latest")
    return " || char(10) || ".join(f"coalesce({part}, '')" for part in parts)


def _join(*parts: str, separator: str = "' '") -> str:
    """SQL text joining the parts, NULLs as empty strings."""
    return f" || {separator} || ".join(f"coalesce({part}, '')" for part in parts)


def _person_names(person: str) -> str:
    """A person's name and every variant, as SQL over the person row aliased `person`."""
    variants = (
        f"(SELECT group_concat(n.name, {NL}) FROM person_name n WHERE n.person_id = {person}.id)"
    )
    return _join(f"{person}.name", f"{person}.sort_name", variants, separator=NL)


def _place_names(place_id: str) -> str:
    """The names of the place `place_id` points at, with its other names."""
    own = f"(SELECT group_concat(n.name, {NL}) FROM place_name n WHERE n.place_id = pl.id)"
    return f"(SELECT {_join('pl.name', own, separator=NL)} FROM place pl WHERE pl.id = {place_id})"


_PHOTO = f"""
SELECT p.id AS id,
  {_join("p.accession_number", "p.title", separator=NL)} AS name,
  {
    _join(
        "p.caption",
        "p.description",
        "p.credit_line",
        "p.creator",
        "p.date_note",
        "p.original_filename",
        "search_keywords(p.embedded_metadata)",
        "(SELECT group_concat(t.name, ' ') FROM photo_tag pt JOIN tag t ON t.id = pt.tag_id"
        " WHERE pt.photo_id = p.id)",
    )
} AS body,
  {
    _join(
        "(SELECT group_concat(" + _person_names("pe") + ", ' ') FROM photo_person pp"
        " JOIN person pe ON pe.id = pp.person_id WHERE pp.photo_id = p.id)",
        "(SELECT group_concat(e.title, ' ') FROM photo_event x JOIN event e ON e.id = x.event_id"
        " WHERE x.photo_id = p.id)",
        _place_names("p.place_id"),
    )
} AS linked,
  {_join("p.accession_number", "p.title", separator=NL)} AS exact,
  {_dated("p", "date")} AS dated
FROM photograph p
"""

_PERSON = f"""
SELECT p.id AS id,
  {_person_names("p")} AS name,
  {
    _join(
        "p.biography",
        "(SELECT group_concat(i.value, ' ') FROM person_identifier i WHERE i.person_id = p.id)",
    )
} AS body,
  '' AS linked,
  {_person_names("p")} AS exact,
  '' AS dated
FROM person p
"""

_EVENT = f"""
SELECT e.id AS id,
  e.title AS name,
  {_join("e.event_type", "e.description")} AS body,
  {
    _join(
        "(SELECT group_concat(" + _person_names("pe") + ", ' ') FROM person_event x"
        " JOIN person pe ON pe.id = x.person_id WHERE x.event_id = e.id)",
        _place_names("e.place_id"),
    )
} AS linked,
  e.title AS exact,
  {_dated("e", "date")} AS dated
FROM event e
"""

_PLACE_OWN_NAMES = (
    "(SELECT group_concat(n.name, char(10)) FROM place_name n WHERE n.place_id = p.id)"
)
_PLACE = f"""
SELECT p.id AS id,
  {_join("p.name", _PLACE_OWN_NAMES, separator=NL)} AS name,
  {_join("p.place_type", "p.description")} AS body,
  {_place_names("p.parent_id")} AS linked,
  {_join("p.name", _PLACE_OWN_NAMES, separator=NL)} AS exact,
  '' AS dated
FROM place p
"""

_SOURCE = f"""
SELECT s.id AS id,
  s.title AS name,
  {
    _join(
        "s.container_title",
        "s.publisher",
        "s.publisher_place",
        "s.archive",
        "s.archive_location",
        "s.note",
        "s.doi",
        "s.isbn",
        "s.url",
    )
} AS body,
  (SELECT group_concat({
    _join(
        "c.given",
        "c.dropping_particle",
        "c.non_dropping_particle",
        "c.family",
        "c.suffix",
        "c.literal",
        "c.transliteration",
    )
}, ' ') FROM source_creator c WHERE c.source_id = s.id) AS linked,
  s.title AS exact,
  {_dated("s", "issued")} AS dated
FROM source s
"""

_CITATION = f"""
SELECT c.id AS id,
  '' AS name,
  {_join("c.text", "c.note", "c.locator")} AS body,
  '' AS linked,
  '' AS exact,
  {_dated("c", "date")} AS dated
FROM citation c
"""

_COLLECTION = f"""
SELECT c.id AS id,
  {_join("c.name", "c.identifier", separator=NL)} AS name,
  {_join("c.level", "c.description")} AS body,
  '' AS linked,
  {_join("c.name", "c.identifier", separator=NL)} AS exact,
  '' AS dated
FROM collection c
"""

_TAG = (
    "SELECT t.id AS id, t.name AS name, '' AS body, '' AS linked, t.name AS exact, "
    "'' AS dated FROM tag t"
)

#: record type -> the SELECT of its documents (columns id, name, body, linked, exact, dated).
DOCUMENTS = {
    "tag": _TAG,
    "photo": _PHOTO,
    "person": _PERSON,
    "event": _EVENT,
    "place": _PLACE,
    "source": _SOURCE,
    "citation": _CITATION,
    "collection": _COLLECTION,
}


def view_name(record_type: str) -> str:
    return f"search_doc_{record_type}"
