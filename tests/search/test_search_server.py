"""What only a PostgreSQL catalogue's search index does: each document names its record type, so
a search of one type reads that type's documents only, and the upgrade that added the word."""

from __future__ import annotations

import pytest
from search_versions import make_views_of_version_10

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
    return {k: " ".join(w for w in words.split() if w.startswith("~")) for k, words in rows}


def test_each_document_names_its_record_type_and_no_text_reaches_that_word(archive):
    words = _type_words(archive.catalog)
    assert words and all(word == f"~type{k & 7}" for k, word in words.items())
    # what a user types is folded to letters and digits: "~type1" is a word, not the marker,
    # and no prefix a person types reaches the marker
    assert search("t").total == search("t", whole=True).total < len(words)
    assert search("type").total == 0
    records.create("person", name="Type 1 Diabetes")
    assert {h.label for h in search("~type1").hits} == {"Type 1 Diabetes"}
    assert {h.label for h in search("type").hits} == {"Type 1 Diabetes"}
    assert {h.record_type for h in search("type:event shock").hits} == {"event"}


@pytest.mark.parametrize("version", [9, 10])
def test_the_upgrades_write_each_document_with_its_type_word(archive, catalog_location, version):
    database = archive.catalog.database
    words = ", ".join(f"'~type{code}'" for code in range(8))
    old = "setweight('type_1 type_2'::tsvector, 'D')" if version == 10 else "''::tsvector"
    # the documents as version 9 (no type word) or 10 (`type_N`, which `t` and `type` reached)
    run = database.execute_sql
    run(f"UPDATE search_document SET doc = ts_delete(doc, ARRAY[{words}]) || {old}")
    run(f"UPDATE catalog_meta SET value = '{version}' WHERE key = 'schema_version'")
    assert search("event:encircled").total == 0  # the old documents: no type word to match
    # and as those versions made the rest of the index: no vocabulary, no date column
    run("DROP TABLE search_word")
    make_views_of_version_10(database, server=True)
    archive.catalog.close()
    reopened = open_catalog(catalog_location)
    try:
        assert read_version(reopened.database) == 11
        assert search("type").total == 0
        assert all(_type_words(reopened).values())
        assert "event:encircled" in archive.found("event:encircled")
        assert "event:encircled" in archive.found("shock date:1942")  # date words
        assert "event:encircled" in archive.found("shoc")  # the vocabulary
    finally:
        reopened.close()


def test_two_edits_adding_the_same_new_word_do_not_wait_on_each_other(archive, catalog_location):
    from archive_app.catalog.search import server_index

    one, two = records.create("photo", title="Plain"), records.create("photo", title="Plainer")
    first, second = open_catalog(catalog_location), open_catalog(catalog_location)
    try:
        for catalog in (first, second):
            catalog.database.execute_sql("SET lock_timeout = '1s'")
        retitle = "UPDATE photograph SET title = 'Zyzzyva' WHERE id = %s"
        with first.database.atomic():
            first.database.execute_sql(retitle, (one.id,))
            server_index.flush(first.database)  # its new word, not yet committed
            with second.database.atomic():
                second.database.execute_sql(retitle, (two.id,))
                server_index.flush(second.database)  # the same new word: no wait
        found = second.database.execute_sql(
            "SELECT count(*) FROM search_document WHERE doc @@ 'zyzzyva'::tsquery"
        ).fetchone()[0]
        assert found == 2
    finally:
        first.close()
        second.close()
    assert {h.label for h in search("zyzz", database=archive.catalog.database).hits} == {"Zyzzyva"}
