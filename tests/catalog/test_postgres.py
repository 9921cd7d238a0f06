"""The same catalogue on a PostgreSQL server (a team's shared catalogue).

Runs when ARCHIVE_APP_TEST_POSTGRES_URL names a server database that these tests may wipe,
e.g. postgresql://archive:archive@127.0.0.1/archive_test.
"""

from __future__ import annotations

import os

import pytest

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.errors import DeleteRefused, InvalidField, StaleEdit
from archive_app.catalog.models import Event, Person
from archive_app.catalog.serialize import get_record

URL = os.environ.get("ARCHIVE_APP_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set ARCHIVE_APP_TEST_POSTGRES_URL to run")


@pytest.fixture
def server_catalog():
    catalog = open_catalog(URL)
    catalog.database.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    catalog.close()
    catalog = open_catalog(URL)
    yield catalog
    catalog.close()


def test_the_demo_seeds_and_the_rules_hold_on_postgresql(server_catalog):
    seed_demo(server_catalog)
    assert Person.select().count() == 4
    assert Event.select().count() == 16
    source = get_record("source", 1)
    with pytest.raises(DeleteRefused):
        records.delete("source", source.id)
    person = records.create("person", name="x")
    records.update("person", person.id, person.version, name="y")
    with pytest.raises(StaleEdit):
        records.update("person", person.id, person.version, name="z")
    with pytest.raises(InvalidField):
        records.create("person", name="x", birth_date="not a date")
