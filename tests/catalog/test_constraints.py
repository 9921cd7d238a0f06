"""A refused write is explained from the constraint's name, so SQLite and PostgreSQL give the
archivist the same message; catalogues made before the names existed are explained alike."""

from __future__ import annotations

import sqlite3

import pytest
from peewee import IntegrityError

from archive_app.catalog import records
from archive_app.catalog.changes import change
from archive_app.catalog.constraints import CHECKS, explain
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import PhotoPerson


def _refusal(action) -> InvalidField:  # noqa: ANN001
    with pytest.raises(InvalidField) as caught:
        action()
    return caught.value


def test_each_constraint_gives_the_same_message_on_every_database(catalog):
    photo = records.create("photo", title="Parade")
    person = records.create("person", name="Vlasov")
    source = records.create("source", title="Vlasov and the ROA")
    refused = {
        "latitude": _refusal(lambda: records.create("place", name="Nowhere", latitude=91.0)),
        "longitude": _refusal(lambda: records.create("place", name="Nowhere", longitude=-181.0)),
        "accession": _refusal(
            lambda: records.create("photo", accession_number=photo.accession_number)
        ),
        "confidence": _refusal(lambda: records.cite(source, "person", person.id, confidence=7)),
        "two targets": _refusal(
            lambda: records.create("citation", source=source, person=person, photo=photo)
        ),
        "no name": _refusal(lambda: records.create("person", name=None)),
    }

    def region_over_the_edge() -> None:
        with change("Draw a region") as ch:
            try:
                ch.insert(PhotoPerson, photo=photo.id, person=person.id, region_x=0.8,
                          region_y=0.1, region_w=0.5, region_h=0.2)  # fmt: skip
            except IntegrityError as exc:
                raise explain(exc) from exc

    refused["region"] = _refusal(region_over_the_edge)
    assert {k: (e.field, e.reason) for k, e in refused.items()} == {
        "latitude": ("coordinates", "are out of range (latitude -90 to 90)"),
        "longitude": ("coordinates", "are out of range (longitude -180 to 180)"),
        "accession": ("accession_number", "is already in use"),
        "confidence": ("confidence", "must be from 0 (very low) to 4 (very high)"),
        "two targets": ("citation", "must support exactly one record or link"),
        "no name": ("name", "is required"),
        "region": ("region", "must lie within the image (0 to 1)"),
    }


def _sqlite_error(message: str) -> IntegrityError:
    """An IntegrityError as peewee wraps the driver's."""
    driver = sqlite3.IntegrityError(message)
    return IntegrityError(driver, message)


@pytest.mark.parametrize("rule", CHECKS, ids=lambda rule: rule.name)
def test_an_older_catalogues_unnamed_checks_read_the_same(rule):
    """SQLite reports an unnamed check by its expression, PostgreSQL by the name it made up."""
    named = explain(_sqlite_error(f"CHECK constraint failed: {rule.name}"))
    if rule.expression:
        by_expression = explain(_sqlite_error(f"CHECK constraint failed: {rule.expression}"))
        assert (by_expression.field, by_expression.reason) == (named.field, named.reason)
    assert named.field == rule.field and named.reason == rule.reason


def test_an_old_citation_check_and_unknown_failures_still_say_something():
    old = explain(_sqlite_error("CHECK constraint failed: (CASE WHEN photo_id IS NOT NULL ..."))
    assert old.field == "citation"
    unknown = explain(_sqlite_error("something new"))
    assert unknown.field == "record" and "something new" in unknown.reason
