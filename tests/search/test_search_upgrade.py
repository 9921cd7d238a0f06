"""A catalogue written before search existed (schema version 1) is upgraded to version 2 and its
records are found afterwards; a new catalogue gets the same index."""

from __future__ import annotations

import sqlite3

from peewee import SqliteDatabase
from search_versions import make_views_of_version_10

from archive_app.catalog import migrations
from archive_app.catalog.database import open_catalog
from archive_app.catalog.models import ALL_MODELS, CatalogMeta, Person, PersonName, catalog_db
from archive_app.catalog.search.execute import search
from archive_app.catalog.search.saved import save_search, saved_searches


def _make_version_1(path) -> None:
    """What the version-1 program wrote: the tables of ALL_MODELS, schema_version 1, records,
    and no search tables or triggers."""
    database = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    with database.bind_ctx(ALL_MODELS):
        database.create_tables(ALL_MODELS)
        CatalogMeta.create(key="schema_version", value="1")
        person = Person.create(name="Andrey Vlasov")
        PersonName.create(person=person, name="Андрей Власов")
        Person.create(name="Hénri Dupont")
    database.close()


def _tables(path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master").fetchall()
    connection.close()
    return {name for (name,) in rows}


def test_a_version_1_catalogue_is_upgraded_and_its_records_are_found(catalog_path):
    _make_version_1(catalog_path)
    assert "search_index" not in _tables(catalog_path)
    with open_catalog(catalog_path) as catalog:
        assert catalog.upgraded_from == 1
        assert catalog.backup_path is not None and catalog.backup_path.exists()
        assert migrations.read_version(catalog.database) == migrations.SCHEMA_VERSION
        assert [h.label for h in search("власов").hits] == ["Andrey Vlasov"]
        assert [h.label for h in search("henri").hits] == ["Hénri Dupont"]
        # and the upgraded catalogue keeps its index in step from now on
        Person.create(name="Joseph Stalin")
        assert [h.label for h in search("stalin").hits] == ["Joseph Stalin"]
        save_search("Generals", "vlasov OR stalin")
        assert [s.name for s in saved_searches()] == ["Generals"]
    assert {"search_index", "saved_search", "search_dirty"} <= _tables(catalog_path)
    assert "search_event_date_long" in _tables(catalog_path)  # version 3
    assert "search_index" not in _tables(catalog.backup_path)


def test_a_failed_upgrade_to_version_2_leaves_version_1(catalog_path, monkeypatch):
    _make_version_1(catalog_path)

    def broken(database):  # noqa: ANN001
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr("archive_app.catalog.search.index.rebuild", broken)
    try:
        open_catalog(catalog_path)
    except RuntimeError:
        pass
    finally:
        if catalog_db.obj is not None:
            catalog_db.obj.close()
            catalog_db.initialize(None)
    tables = _tables(catalog_path)
    assert "search_index" not in tables and "saved_search" not in tables
    with sqlite3.connect(catalog_path) as connection:
        version = connection.execute(
            "SELECT value FROM catalog_meta WHERE key = 'schema_version'"
        ).fetchone()[0]
    connection.close()
    assert version == "1"


def test_a_new_catalogue_has_the_index_the_upgrade_makes(catalog):
    tables = set(catalog.database.get_tables())
    documents = "search_index" if catalog.is_sqlite else "search_document"
    assert {documents, "saved_search", "search_dirty", "search_state"} <= tables
    triggers = (
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
        if catalog.is_sqlite
        else "SELECT count(*) FROM information_schema.triggers"
    )
    assert catalog.database.execute_sql(triggers).fetchone()[0] > 0


def test_a_server_catalogue_of_version_6_gets_its_search_index(postgres_server):
    """Server catalogues had no search index before version 7."""
    from peewee import PostgresqlDatabase

    url = postgres_server.url(postgres_server.create_database())
    database = PostgresqlDatabase(url)
    with database.bind_ctx(ALL_MODELS):
        database.create_tables(ALL_MODELS)
        CatalogMeta.create(key="schema_version", value="6")
        person = Person.create(name="Andrey Vlasov")
        PersonName.create(person=person, name="Андрей Власов")
    database.close()
    with open_catalog(url) as catalog:
        assert catalog.upgraded_from == 6 and catalog.backup_path is None
        assert [h.label for h in search("власов").hits] == ["Andrey Vlasov"]
        Person.create(name="Hénri Dupont")
        assert [h.label for h in search("henri").hits] == ["Hénri Dupont"]


def test_a_version_3_catalogue_gets_its_whole_names_table_filled(catalog_path):
    with open_catalog(catalog_path):
        Person.create(name="Heinrich Himmler")
    with sqlite3.connect(catalog_path) as connection:  # as the version-3 program left it
        connection.execute("DROP TABLE search_exact_name")
        connection.execute("UPDATE catalog_meta SET value = '3' WHERE key = 'schema_version'")
    connection.close()
    with open_catalog(catalog_path) as catalog:
        assert catalog.upgraded_from == 3
        hits = search("heinrich himmler").hits
        assert (hits[0].label, hits[0].exact) == ("Heinrich Himmler", True)


def test_the_whole_names_follow_renames_and_deletes(catalog_path):
    def names() -> set[str]:
        rows = catalog_db.execute_sql("SELECT name FROM search_exact_name").fetchall()
        return {name for (name,) in rows}

    with open_catalog(catalog_path):
        person = Person.create(name="Andrey Vlasov")
        PersonName.create(person=person, name="Andrei Wlassow")
        assert names() == {"andrey vlasov", "andrei wlassow"}
        assert search("андрей власов").hits[0].exact  # folded to "andrey vlasov"
        assert search("andrei wlassow").hits[0].exact
        person.name = "A. A. Vlasov"
        person.save()
        assert names() == {"a a vlasov", "andrei wlassow"}
        person.delete_instance(recursive=True)
        assert names() == set()


def test_a_version_10_index_gains_the_words_of_dates(catalog_path):
    """Version 11 makes the index again, with a column of date words (see functions.py)."""
    from archive_app.catalog import records

    with open_catalog(catalog_path) as catalog:
        records.create("event", title="Zorro ride", date="1942-03")
        run = catalog.database.execute_sql
        run("DROP TABLE search_index")  # the index as version 10 made it
        run(
            "CREATE VIRTUAL TABLE search_index USING fts5(name, body, linked, exact UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
        )
        run("UPDATE catalog_meta SET value = '10' WHERE key = 'schema_version'")
        run("DROP TABLE search_word")
        make_views_of_version_10(catalog.database, server=False)
    with open_catalog(catalog_path) as catalog:
        assert catalog.upgraded_from == 10
        assert [h.label for h in search("zorro date:1942").hits] == ["Zorro ride"]
        assert search("zorro date:1943").hits == []
        assert [h.label for h in search("zorr").hits] == ["Zorro ride"]  # the vocabulary
        columns = catalog.database.execute_sql("SELECT * FROM search_index LIMIT 0").description
        assert "dated" in [column[0] for column in columns]
