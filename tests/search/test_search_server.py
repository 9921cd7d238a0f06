"""What only a PostgreSQL catalogue's search index does: each document names its record type, so
a search of one type reads that type's documents only, and the upgrade that added the word."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.migrations import read_version
from archive_app.catalog.search.execute import search


@pytest.fixture
def backend() -> str:
    return "postgresql"


def _type_words(catalog) -> dict[int, str]:
    rows = catalog.database.execute_sql(
        "SELECT k, array_to_string(tsvector_to_array(doc), ' ') FROM search_document"
    ).fetchall()
    return {k: " ".join(w for w in words.split() if w.startswith("type_")) for k, words in rows}


def test_each_document_names_its_record_type_and_no_text_reaches_that_word(archive):
    words = _type_words(archive.catalog)
    assert words and all(word == f"type_{k & 7}" for k, word in words.items())
    # what a user types is folded to letters and digits: "type_1" is two words, not the marker
    records.create("person", name="Type 1 Diabetes")
    assert {h.label for h in search("type_1").hits} == {"Type 1 Diabetes"}
    assert {h.record_type for h in search("type:event shock").hits} == {"event"}


def test_the_upgrade_to_version_10_writes_each_document_with_its_type(archive, catalog_location):
    database = archive.catalog.database
    database.execute_sql(
        "UPDATE search_document SET doc = ts_delete(doc, ARRAY['type_0', 'type_1', 'type_2', "
        "'type_3', 'type_4', 'type_5', 'type_6', 'type_7'])"
    )
    database.execute_sql("UPDATE catalog_meta SET value = '9' WHERE key = 'schema_version'")
    assert search("event:encircled").total == 0  # the old documents: no type word to match
    archive.catalog.close()
    reopened = open_catalog(catalog_location)
    try:
        assert read_version(reopened.database) == 10
        assert all(_type_words(reopened).values())
        assert "event:encircled" in archive.found("event:encircled")
    finally:
        reopened.close()
