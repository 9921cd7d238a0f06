"""The schema: every record and link, enforced foreign keys, purposeful deletes, locking."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from archive_app.catalog import records
from archive_app.catalog.errors import DeleteRefused, InvalidField, StaleEdit
from archive_app.catalog.models import (
    Citation,
    PersonEvent,
    PersonIdentifier,
    PersonName,
    PhotoEvent,
    PhotoPerson,
    PhotoTag,
    Tag,
)


@pytest.fixture
def source(catalog):
    return records.create("source", title="An article", csl_type="webpage", issued="2017-11-15")


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(catalog):
    pragma = catalog.database.execute_sql
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pragma("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_photographs_get_unique_accession_numbers_when_none_is_given(catalog):
    first = records.create("photo", title="one")
    second = records.create("photo", title="two")
    given = records.create("photo", title="three", accession_number="F12/3")
    assert first.accession_number != second.accession_number
    assert given.accession_number == "F12/3"
    with pytest.raises(InvalidField) as caught:
        records.create("photo", accession_number="F12/3")
    assert caught.value.field == "accession_number"


def test_an_auto_number_skips_numbers_already_taken_by_hand(catalog):
    records.create("photo", accession_number="PH-000001")
    assert records.create("photo").accession_number == "PH-000002"


def test_deleting_a_source_that_citations_use_is_refused_with_a_message(catalog, source):
    photo = records.create("photo", title="p")
    records.cite(source, "photo", photo.id, locator_label="paragraph", locator="8")
    with pytest.raises(DeleteRefused) as caught:
        records.delete("source", source.id)
    assert "cited by 1 citation" in str(caught.value)
    assert records.count("source") == 1


def test_an_unused_source_can_be_deleted(catalog, source):
    records.delete("source", source.id)
    assert records.count("source") == 0


def test_deleting_a_photo_takes_its_links_regions_and_citations_with_it(catalog, source):
    photo = records.create("photo", title="p")
    person = records.create("person", name="Vlasov")
    event = records.create("event", title="Capture", date="1942-07")
    region = PhotoPerson.create(
        photo=photo, person=person, region_x=0.5, region_y=0.1, region_w=0.4, region_h=0.8
    )
    PhotoEvent.create(photo=photo, event=event)
    PhotoTag.create(photo=photo, tag=Tag.create(name="defector"))
    records.cite(source, "photo_person", region.id, locator="1")
    records.cite(source, "photo", photo.id, locator="2")
    records.delete("photo", photo.id)
    assert PhotoPerson.select().count() == 0
    assert PhotoEvent.select().count() == 0
    assert PhotoTag.select().count() == 0
    assert Citation.select().count() == 0
    assert records.count("person") == 1 and records.count("event") == 1
    assert Tag.select().count() == 1


def test_deleting_a_person_takes_names_identifiers_and_event_roles(catalog):
    person = records.create("person", name="Vlasov")
    event = records.create("event", title="Trial", date="1946-22")
    PersonName.create(person=person, name="Власов", script="Cyrl", language="ru")
    PersonIdentifier.create(person=person, scheme="wikidata", value="Q1")
    PersonEvent.create(person=person, event=event, role="defendant")
    records.delete("person", person.id)
    assert PersonName.select().count() == 0
    assert PersonIdentifier.select().count() == 0
    assert PersonEvent.select().count() == 0


def test_a_collection_holding_photographs_or_series_cannot_be_deleted(catalog):
    fonds = records.create("collection", name="Fonds 12", level="fonds")
    series = records.create("collection", name="Series 1", level="series", parent=fonds)
    with pytest.raises(DeleteRefused):
        records.delete("collection", fonds.id)
    records.create("photo", collection=series)
    with pytest.raises(DeleteRefused) as caught:
        records.delete("collection", series.id)
    assert "1 photograph" in str(caught.value)


def test_foreign_keys_are_enforced(catalog):
    with pytest.raises(IntegrityError):
        PersonName.create(person=999, name="nobody")


def test_a_citation_supports_exactly_one_record_or_link(catalog, source):
    photo = records.create("photo")
    person = records.create("person", name="x")
    with pytest.raises(IntegrityError):
        Citation.create(source=source)
    with pytest.raises(IntegrityError):
        Citation.create(source=source, photo=photo, person=person)


def test_citations_can_hang_on_every_link(catalog, source):
    photo = records.create("photo")
    person = records.create("person", name="Vlasov")
    event = records.create("event", title="Capture")
    links = {
        "photo_person": PhotoPerson.create(photo=photo, person=person),
        "photo_event": PhotoEvent.create(photo=photo, event=event),
        "person_event": PersonEvent.create(person=person, event=event, role="prisoner"),
    }
    for kind, link in links.items():
        citation = records.cite(source, kind, link.id, locator="5")
        assert citation.target() == (kind, link.id)


@pytest.mark.parametrize("confidence", [-1, 5])
def test_confidence_outside_zero_to_four_is_refused(catalog, source, confidence):
    photo = records.create("photo")
    with pytest.raises(InvalidField) as caught:
        records.cite(source, "photo", photo.id, confidence=confidence)
    assert caught.value.field == "confidence"


def test_a_region_outside_the_image_is_refused(catalog):
    photo = records.create("photo")
    person = records.create("person", name="x")
    with pytest.raises(IntegrityError):
        PhotoPerson.create(
            photo=photo, person=person, region_x=0.8, region_y=0.1, region_w=0.5, region_h=0.5
        )
    with pytest.raises(IntegrityError):
        PhotoPerson.create(
            photo=photo, person=person, region_x=-0.1, region_y=0, region_w=0.5, region_h=0.5
        )


def test_an_edit_made_on_a_stale_version_is_refused(catalog):
    person = records.create("person", name="Vlasov")
    first = records.update("person", person.id, person.version, biography="general")
    assert first.version == person.version + 1
    with pytest.raises(StaleEdit):
        records.update("person", person.id, person.version, biography="overwrites")
    assert records.count("person") == 1
    from archive_app.catalog.serialize import get_record

    assert get_record("person", person.id).biography == "general"


def test_editing_stamps_the_modified_time_and_keeps_the_created_time(catalog):
    person = records.create("person", name="Vlasov")
    edited = records.update("person", person.id, person.version, name="A. A. Vlasov")
    assert edited.created == person.created
    assert edited.modified >= person.modified


def test_unknown_fields_are_refused_by_name(catalog):
    with pytest.raises(InvalidField) as caught:
        records.create("person", name="x", shoe_size=42)
    assert caught.value.field == "shoe_size"


def test_one_user_action_is_one_transaction(catalog):
    """A failing part of an action leaves nothing of the action behind."""
    from archive_app.catalog.models import catalog_db

    with pytest.raises(InvalidField), catalog_db.atomic():
        records.create("person", name="made first")
        records.create("person", name="then refused", birth_date="not a date")
    assert records.count("person") == 0
