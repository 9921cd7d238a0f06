"""A full disk (or a locked file) during an edit: the archivist reads one line saying so, the
transaction is rolled back, and nothing is half-written. The disk is filled for real by capping
the SQLite file at the pages it has (PRAGMA max_page_count), which fails exactly as a full disk
does: SQLITE_FULL, "database or disk is full"."""

from __future__ import annotations

import pytest
from peewee import OperationalError

from archive_app.catalog import records
from archive_app.catalog.errors import CatalogError, StorageError, storage_error
from archive_app.catalog.models import Person


def fill_the_disk(catalog) -> None:
    pages = catalog.database.execute_sql("PRAGMA page_count").fetchone()[0]
    catalog.database.execute_sql(f"PRAGMA max_page_count = {pages}")


@pytest.mark.sqlite_only  # fills the SQLite file (max_page_count)
def test_a_full_disk_refuses_the_edit_in_one_line_and_changes_nothing(demo_catalog):
    before = Person.select().count()
    vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    fill_the_disk(demo_catalog)
    with pytest.raises(StorageError) as caught:
        records.create("person", name="Pavel Ivanov", biography="a long life " * 20_000)
    assert str(caught.value).startswith("the disk is full; nothing was changed")
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, CatalogError) and isinstance(caught.value, OperationalError)
    with pytest.raises(StorageError):
        records.update("person", vlasov.id, vlasov.version, biography="x " * 200_000)
    assert Person.select().count() == before
    assert Person.get_by_id(vlasov.id).version == vlasov.version


@pytest.mark.parametrize(
    ("said", "reads"),
    [
        ("database is locked", "another program is writing to the catalogue"),
        ("attempt to write a readonly database", "the catalogue file is read-only"),
        ("disk I/O error", "the disk could not be read or written"),
        ("something\nnew", "the catalogue could not be read or written: something new"),
    ],
)
def test_each_storage_failure_reads_as_one_line(said, reads):
    message = str(storage_error(OperationalError(said)))
    assert message.startswith(reads) and "\n" not in message
