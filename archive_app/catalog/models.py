"""The catalogue schema: every record and link of the archive, as Peewee models.

Conventions:
- every record has `version` (optimistic locking), `created` and `modified` (UTC, ISO text);
- every date field `x` is EDTF text with `x_earliest` / `x_latest` ISO day bounds, filled on save;
- links (photo-person, photo-event, person-event) are records of their own, so they carry roles,
  regions and citations, as Gramps's MediaRef does;
- a citation hangs on exactly one record or link, and points at one source; a source that
  citations use cannot be deleted (RESTRICT), while deleting a record takes its citations with it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

import peewee
from peewee import (
    BigIntegerField,
    Check,
    DatabaseProxy,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
)

from archive_app.catalog.constraints import check, table_check
from archive_app.catalog.dates import bounds_or_none
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.text_rules import refusal

catalog_db = DatabaseProxy()


class TextField(peewee.TextField):
    """A text column that refuses what a catalogue cannot hold (text_rules.py), whichever way
    the value comes in: every write of every column passes here."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, str):
            problem = refusal(value)
            if problem:
                raise InvalidField(self.name, problem)
        return super().db_value(value)


def active_change() -> Any:
    """The change this thread is inside (set by catalog/changes.py, which imports this module)."""
    return None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class BaseModel(Model):
    """Shared columns and the save hook that validates dates and stamps times."""

    #: names of EDTF date fields; each has `<name>_earliest` and `<name>_latest` columns.
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: the name of the record type in the CLI and JSON (`photo`, `person`, ...).
    RECORD_TYPE: ClassVar[str] = ""

    version = IntegerField(default=1)
    created = TextField(default=utc_now)
    modified = TextField(default=utc_now)

    class Meta:
        database = catalog_db
        legacy_table_names = False

    def fill_date_bounds(self) -> None:
        """Validate each date field and compute its bounds; raises InvalidField."""
        for name in self.DATE_FIELDS:
            text = getattr(self, name)
            bounds = bounds_or_none(text, f"{self.RECORD_TYPE or self._meta.table_name}.{name}")
            setattr(self, name, bounds.text if bounds else None)
            setattr(self, f"{name}_earliest", bounds.earliest if bounds else None)
            setattr(self, f"{name}_latest", bounds.latest if bounds else None)

    def save(self, *args: Any, **kwargs: Any) -> int:
        """Save, registering the row with the change in progress (catalog/changes.py), so a
        save inside a change is journalled like every other write."""
        change = active_change()
        inserting = bool(kwargs.get("force_insert") or (args and args[0])) or self._pk is None
        if change is not None and not inserting:
            change.will_change(type(self), [self._pk])
        self.fill_date_bounds()
        self.modified = utc_now()
        result = super().save(*args, **kwargs)
        if change is not None and inserting:
            change.made(type(self), [self._pk])
        return result

    def delete_instance(self, *args: Any, **kwargs: Any) -> int:
        change = active_change()
        if change is not None:
            change.will_delete(type(self), [self._pk])
        return super().delete_instance(*args, **kwargs)


def _date_columns() -> tuple[TextField, TextField, TextField]:
    return TextField(null=True), TextField(null=True, index=True), TextField(null=True, index=True)


class CatalogMeta(Model):
    """Key/value facts about the catalogue itself: schema version, accession counter."""

    key = TextField(primary_key=True)
    value = TextField()

    class Meta:
        database = catalog_db
        table_name = "catalog_meta"


# --- places, collections, tags -------------------------------------------------------------


class Place(BaseModel):
    RECORD_TYPE = "place"

    name = TextField()
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="SET NULL")
    place_type = TextField(null=True)
    latitude = FloatField(null=True, constraints=[check("place_latitude")])
    longitude = FloatField(null=True, constraints=[check("place_longitude")])
    description = TextField(null=True)


class PlaceName(BaseModel):
    """Another name of a place, in another language or script (Москва, Moskau)."""

    place = ForeignKeyField(Place, backref="names", on_delete="CASCADE")
    name = TextField()
    language = TextField(null=True)
    script = TextField(null=True)


class Collection(BaseModel):
    """Archival arrangement: fonds > series > file. A collection that holds photographs or
    sub-collections cannot be deleted."""

    RECORD_TYPE = "collection"

    name = TextField()
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    level = TextField(null=True)  # fonds, series, file, item ...
    identifier = TextField(null=True)
    description = TextField(null=True)


class Tag(BaseModel):
    RECORD_TYPE = "tag"

    name = TextField(unique=True)


# --- the records ---------------------------------------------------------------------------


class Photograph(BaseModel):
    RECORD_TYPE = "photo"
    DATE_FIELDS = ("date",)

    accession_number = TextField(unique=True)
    title = TextField(null=True)
    caption = TextField(null=True)
    description = TextField(null=True)
    date, date_earliest, date_latest = _date_columns()
    date_note = TextField(null=True)
    place = ForeignKeyField(Place, null=True, backref="photographs", on_delete="SET NULL")
    collection = ForeignKeyField(Collection, null=True, backref="photographs", on_delete="RESTRICT")
    creator = TextField(null=True)
    credit_line = TextField(null=True)
    rights = TextField(null=True)
    file_path = TextField(null=True)
    original_filename = TextField(null=True)
    file_size = BigIntegerField(null=True)
    format = TextField(null=True)
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    page_count = IntegerField(null=True)
    sha256 = TextField(null=True, index=True)
    embedded_metadata = TextField(null=True)  # JSON text: the raw EXIF/IPTC/XMP values
    import_warnings = TextField(null=True)  # JSON list: what the import skipped in the file


class Person(BaseModel):
    RECORD_TYPE = "person"
    DATE_FIELDS = ("birth_date", "death_date")

    name = TextField()
    sort_name = TextField(null=True, index=True)
    birth_date, birth_date_earliest, birth_date_latest = _date_columns()
    death_date, death_date_earliest, death_date_latest = _date_columns()
    biography = TextField(null=True)


class PersonName(BaseModel):
    """A variant of a person's name: another script, language or transliteration."""

    person = ForeignKeyField(Person, backref="names", on_delete="CASCADE")
    name = TextField()
    script = TextField(null=True)  # ISO 15924: Latn, Cyrl, Hans ...
    language = TextField(null=True)  # BCP 47: ru, de, zh ...
    kind = TextField(null=True)  # birth name, transliteration, alias ...


class PersonIdentifier(BaseModel):
    """An authority identifier: Wikidata Q-number, VIAF, GND, LCNAF ..."""

    person = ForeignKeyField(Person, backref="identifiers", on_delete="CASCADE")
    scheme = TextField()
    value = TextField()

    class Meta:
        indexes = ((("scheme", "value"), True),)


class Event(BaseModel):
    RECORD_TYPE = "event"
    DATE_FIELDS = ("date",)

    title = TextField()
    event_type = TextField(null=True)
    date, date_earliest, date_latest = _date_columns()
    place = ForeignKeyField(Place, null=True, backref="events", on_delete="SET NULL")
    description = TextField(null=True)


class Source(BaseModel):
    """A bibliographic record in CSL-JSON terms; fields without a column live in `extra`."""

    RECORD_TYPE = "source"
    DATE_FIELDS = ("issued", "accessed")

    csl_type = TextField(default="document")
    title = TextField(default="")  # CSL requires no title; an untitled source lists as [untitled]
    container_title = TextField(null=True)
    publisher = TextField(null=True)
    publisher_place = TextField(null=True)
    issued, issued_earliest, issued_latest = _date_columns()
    accessed, accessed_earliest, accessed_latest = _date_columns()
    url = TextField(null=True)
    doi = TextField(null=True)
    isbn = TextField(null=True)
    volume = TextField(null=True)
    issue = TextField(null=True)
    page = TextField(null=True)
    edition = TextField(null=True)
    archive = TextField(null=True)
    archive_location = TextField(null=True)
    note = TextField(null=True)
    extra = TextField(null=True)  # JSON object of further CSL variables


class SourceCreator(BaseModel):
    """An author, editor ... of a source, as a CSL name: family/given with particles, or a
    literal (corporate) name."""

    source = ForeignKeyField(Source, backref="creators", on_delete="CASCADE")
    role = TextField(default="author")
    position = IntegerField(default=0)
    family = TextField(null=True)
    given = TextField(null=True)
    non_dropping_particle = TextField(null=True)
    dropping_particle = TextField(null=True)
    suffix = TextField(null=True)
    literal = TextField(null=True)
    transliteration = TextField(null=True)


# --- links ---------------------------------------------------------------------------------


def _region_check(axis: str) -> Check:
    return check(f"photo_person_{axis}")


class PhotoPerson(BaseModel):
    """A person depicted in a photograph, with a role and an optional rectangle (0-1 of the
    image's width and height)."""

    RECORD_TYPE = "photo_person"

    # indexed both ways round below: each index also holds the other end, so a search or a
    # facet that follows the link reads the index alone
    photo = ForeignKeyField(Photograph, backref="people_links", on_delete="CASCADE", index=False)
    person = ForeignKeyField(Person, backref="photo_links", on_delete="CASCADE", index=False)
    role = TextField(null=True)
    region_x = FloatField(null=True, constraints=[_region_check("region_x")])
    region_y = FloatField(null=True, constraints=[_region_check("region_y")])
    region_w = FloatField(null=True, constraints=[_region_check("region_w")])
    region_h = FloatField(null=True, constraints=[_region_check("region_h")])
    note = TextField(null=True)

    class Meta:
        constraints = [
            table_check(
                "photo_person_region_width", "region_x IS NULL OR region_x + region_w <= 1.000001"
            ),
            table_check(
                "photo_person_region_height", "region_y IS NULL OR region_y + region_h <= 1.000001"
            ),
        ]
        indexes = ((("photo", "person"), False), (("person", "photo"), False))


class PhotoEvent(BaseModel):
    RECORD_TYPE = "photo_event"

    photo = ForeignKeyField(Photograph, backref="event_links", on_delete="CASCADE", index=False)
    event = ForeignKeyField(Event, backref="photo_links", on_delete="CASCADE", index=False)
    note = TextField(null=True)

    class Meta:
        indexes = ((("photo", "event"), True), (("event", "photo"), False))


class PersonEvent(BaseModel):
    RECORD_TYPE = "person_event"

    person = ForeignKeyField(Person, backref="event_links", on_delete="CASCADE", index=False)
    event = ForeignKeyField(Event, backref="person_links", on_delete="CASCADE", index=False)
    role = TextField(null=True)
    note = TextField(null=True)

    class Meta:
        indexes = ((("person", "event"), False), (("event", "person"), False))


class PhotoTag(BaseModel):
    photo = ForeignKeyField(Photograph, backref="tag_links", on_delete="CASCADE", index=False)
    tag = ForeignKeyField(Tag, backref="photo_links", on_delete="CASCADE", index=False)

    class Meta:
        indexes = ((("photo", "tag"), True), (("tag", "photo"), False))


# --- citations -----------------------------------------------------------------------------

_CITATION_TARGETS = (
    "photo",
    "person",
    "event",
    "place",
    "collection",
    "photo_person",
    "photo_event",
    "person_event",
)


def _one_target_sql() -> str:
    """Portable SQL counting the target columns that are set (SQLite and PostgreSQL)."""
    return " + ".join(
        f"(CASE WHEN {name}_id IS NOT NULL THEN 1 ELSE 0 END)" for name in _CITATION_TARGETS
    )


#: the things a citation can hang on: column name -> model.
CITABLE: dict[str, type[BaseModel]] = {}


class Citation(BaseModel):
    """One source, a locator (para. 8, p. 12, fol. 3r), what the source says (paraphrase or
    transcription) and a confidence from 0 (very low) to 4 (very high), as in Gramps.
    It supports exactly one record or link, named by one of the target columns."""

    RECORD_TYPE = "citation"
    DATE_FIELDS = ("date",)

    source = ForeignKeyField(Source, backref="citations", on_delete="RESTRICT")
    locator_label = TextField(null=True)  # CSL locator labels: page, paragraph, folio ...
    locator = TextField(null=True)
    text = TextField(null=True)
    text_kind = TextField(
        default="paraphrase",
        constraints=[check("citation_text_kind")],
    )
    confidence = IntegerField(default=2, constraints=[check("citation_confidence")])
    date, date_earliest, date_latest = _date_columns()
    note = TextField(null=True)

    photo = ForeignKeyField(Photograph, null=True, backref="citations", on_delete="CASCADE")
    person = ForeignKeyField(Person, null=True, backref="citations", on_delete="CASCADE")
    event = ForeignKeyField(Event, null=True, backref="citations", on_delete="CASCADE")
    place = ForeignKeyField(Place, null=True, backref="citations", on_delete="CASCADE")
    collection = ForeignKeyField(Collection, null=True, backref="citations", on_delete="CASCADE")
    photo_person = ForeignKeyField(PhotoPerson, null=True, backref="citations", on_delete="CASCADE")
    photo_event = ForeignKeyField(PhotoEvent, null=True, backref="citations", on_delete="CASCADE")
    person_event = ForeignKeyField(PersonEvent, null=True, backref="citations", on_delete="CASCADE")

    class Meta:
        constraints = [table_check("citation_one_target", f"{_one_target_sql()} = 1")]

    def target(self) -> tuple[str, int]:
        """(target type, id) of the record or link this citation supports."""
        for name in CITABLE:
            value = getattr(self, f"{name}_id")
            if value is not None:
                return name, value
        raise ValueError("citation without a target")


CITABLE.update(
    photo=Photograph,
    person=Person,
    event=Event,
    place=Place,
    collection=Collection,
    photo_person=PhotoPerson,
    photo_event=PhotoEvent,
    person_event=PersonEvent,
)

# --- reviews of the checks' findings ------------------------------------------------------


class FindingReview(BaseModel):
    """An archivist looked at a finding of the checks and said why it stands ("the source errs;
    the trial record is authoritative"). The finding stays quiet while `fingerprint` (the
    versions of the records and citations under it) is unchanged, and returns when one moves."""

    RECORD_TYPE = "finding_review"

    key = TextField(unique=True)
    fingerprint = TextField()
    note = TextField()
    who = TextField(null=True)
    at = TextField(default=utc_now)

    @staticmethod
    def journal_refs(row: dict[str, Any]) -> set[tuple[str, int]]:
        """The records a review is about, from its key (`rule:event-16,person-1`), so that it
        shows in each one's history."""
        _, _, names = str(row.get("key") or "").partition(":")
        found: set[tuple[str, int]] = set()
        for name in names.split(","):
            record_type, _, number = name.rpartition("-")
            if record_type and number.isdigit():
                found.add((record_type, int(number)))
        return found


# --- the journal ---------------------------------------------------------------------------


class JournalEntry(Model):
    """One change: a user action, an import, a load, a revert (see catalog/changes.py)."""

    at = TextField(default=utc_now, index=True)  # UTC, ISO text
    who = TextField()
    label = TextField()

    class Meta:
        database = catalog_db
        table_name = "journal_entry"


class JournalRow(Model):
    """One row a change created, changed or deleted, with its values before and after (JSON
    objects of field name -> value; a change keeps only the fields it changed, plus version).
    `refs` lists the records the row points at (`|person:7|photo:3|`), so a record's history
    finds its links and name variants too."""

    entry = ForeignKeyField(JournalEntry, backref="rows", on_delete="CASCADE")
    record_type = TextField()
    record_id = IntegerField()
    action = TextField(constraints=[check("journal_action")])
    before = TextField(null=True)
    after = TextField(null=True)
    refs = TextField(null=True)

    class Meta:
        database = catalog_db
        table_name = "journal_row"
        indexes = ((("record_type", "record_id"), False),)


#: every table of the schema, in creation order.
ALL_MODELS: list[type[Model]] = [
    CatalogMeta,
    Place,
    PlaceName,
    Collection,
    Tag,
    Photograph,
    Person,
    PersonName,
    PersonIdentifier,
    Event,
    Source,
    SourceCreator,
    PhotoPerson,
    PhotoEvent,
    PersonEvent,
    PhotoTag,
    Citation,
    FindingReview,
    JournalEntry,
    JournalRow,
]

#: the record types of the command line and JSON: name -> model.
RECORD_TYPES: dict[str, type[BaseModel]] = {
    "photo": Photograph,
    "person": Person,
    "event": Event,
    "place": Place,
    "source": Source,
    "citation": Citation,
    "collection": Collection,
    "tag": Tag,
}
