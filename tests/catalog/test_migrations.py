"""Schema versions: an older catalogue is upgraded in one transaction after a copy is set aside;
a catalogue from a newer program is refused and left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from peewee import TextField
from playhouse.migrate import migrate

from archive_app.catalog import journal, migrations, records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.errors import CatalogOpenError, CatalogVersionError
from archive_app.catalog.models import PersonEvent, Photograph


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _set_version(path: Path, version: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE catalog_meta SET value = ? WHERE key = 'schema_version'", (str(version),)
        )
    connection.close()


def _make_catalog(path: Path) -> None:
    with open_catalog(path):
        records.create("person", name="Vlasov", birth_date="1900")


def test_a_new_catalogue_is_created_at_the_current_version(catalog_location, backend, request):
    if backend == "postgresql":  # an empty database, not a copy of the run's template
        server = request.getfixturevalue("postgres_server")
        catalog_location = server.url(server.create_database())
    with open_catalog(catalog_location) as catalog:
        assert migrations.read_version(catalog.database) == migrations.SCHEMA_VERSION
        assert catalog.created


def test_a_catalogue_from_a_newer_program_is_refused_and_left_untouched(catalog_path):
    _make_catalog(catalog_path)
    _set_version(catalog_path, migrations.SCHEMA_VERSION + 1)
    before = _digest(catalog_path)
    siblings = set(catalog_path.parent.iterdir())
    with pytest.raises(CatalogVersionError) as caught:
        open_catalog(catalog_path)
    assert "newer" in str(caught.value)
    assert _digest(catalog_path) == before
    assert set(catalog_path.parent.iterdir()) == siblings


def _upgrade_adding_person_nickname(migrator, database):
    migrate(migrator.add_column("person", "nickname", TextField(null=True)))
    database.execute_sql("UPDATE person SET nickname = 'the general'")


def test_an_older_catalogue_is_upgraded_after_a_copy_is_set_aside(catalog_path, monkeypatch):
    _make_catalog(catalog_path)
    old_digest = _digest(catalog_path)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(
        migrations.UPGRADES, migrations.SCHEMA_VERSION, _upgrade_adding_person_nickname
    )
    with open_catalog(catalog_path) as catalog:
        assert catalog.upgraded_from == migrations.SCHEMA_VERSION - 1
        assert catalog.backup_path is not None and catalog.backup_path.exists()
        assert migrations.read_version(catalog.database) == migrations.SCHEMA_VERSION
        row = catalog.database.execute_sql("SELECT name, nickname FROM person").fetchone()
        assert row == ("Vlasov", "the general")
    with sqlite3.connect(catalog.backup_path) as backup:
        assert backup.execute("SELECT name FROM person").fetchone() == ("Vlasov",)
        version = backup.execute("SELECT value FROM catalog_meta WHERE key='schema_version'")
        assert int(version.fetchone()[0]) == migrations.SCHEMA_VERSION - 1
    backup.close()
    assert old_digest  # the backup, not the original file, keeps the old state


def _failing_upgrade(migrator, database):
    migrate(migrator.add_column("person", "nickname", TextField(null=True)))
    raise RuntimeError("disk full halfway")


def test_a_failed_upgrade_leaves_the_catalogue_at_its_old_version(catalog_path, monkeypatch):
    _make_catalog(catalog_path)
    old_version = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", old_version + 1)
    monkeypatch.setitem(migrations.UPGRADES, old_version + 1, _failing_upgrade)
    with pytest.raises(RuntimeError):
        open_catalog(catalog_path)
    with sqlite3.connect(catalog_path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(person)")]
        version = connection.execute("SELECT value FROM catalog_meta").fetchone()[0]
    connection.close()
    assert "nickname" not in columns
    assert int(version) == old_version


def test_a_missing_upgrade_step_is_refused(catalog_path, monkeypatch):
    _make_catalog(catalog_path)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with pytest.raises(CatalogVersionError):
        open_catalog(catalog_path)


@pytest.mark.parametrize(
    "content", [b"hello, not a database", b"\x00" * 4096, b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_a_file_that_is_not_a_catalogue_is_refused_untouched(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(CatalogOpenError):
        open_catalog(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE stuff (x)")
    connection.close()
    before = _digest(path)
    with pytest.raises(CatalogOpenError) as caught:
        open_catalog(path)
    assert "not an archive_app catalogue" in str(caught.value)
    assert _digest(path) == before


def test_a_folder_or_a_missing_parent_is_refused(tmp_path):
    with pytest.raises(CatalogOpenError):
        open_catalog(tmp_path)
    with pytest.raises(CatalogOpenError):
        open_catalog(tmp_path / "nowhere" / "catalog.db")


def _link_indexes(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
            "('photo_person', 'photo_event', 'person_event', 'photo_tag') AND sql IS NOT NULL"
        ).fetchall()
    connection.close()
    return dict(rows)


def test_a_version_4_catalogue_gets_its_links_indexed_both_ways(tmp_path):
    new = tmp_path / "new.db"
    _make_catalog(new)
    old = tmp_path / "old.db"
    with open_catalog(old):
        person = records.create("person", name="Andrey Vlasov")
        event = records.create("event", title="Captured", date="1942-07-12")
        PersonEvent.create(person=person, event=event, role="captive")
    with sqlite3.connect(old) as connection:  # as the version-4 program left it
        for name in _link_indexes(old):
            if not name.endswith(("photo_id_event_id", "photo_id_tag_id")):  # unique ones stay
                connection.execute(f'DROP INDEX "{name}"')
        for table, column in [
            ("photo_person", "photo_id"), ("photo_person", "person_id"),
            ("photo_event", "photo_id"), ("photo_event", "event_id"),
            ("person_event", "person_id"), ("person_event", "event_id"),
            ("photo_tag", "photo_id"), ("photo_tag", "tag_id"),
        ]:  # fmt: skip
            connection.execute(f'CREATE INDEX "{table}_{column}" ON "{table}" ("{column}")')
    connection.close()
    _set_version(old, 4)

    with open_catalog(old) as catalog:
        assert catalog.upgraded_from == 4
        assert PersonEvent.select().where(PersonEvent.event == event.id).count() == 1
    assert _link_indexes(old) == _link_indexes(new)
    assert "person_event_event_id_person_id" in _link_indexes(old)
    with sqlite3.connect(old) as connection:
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT person_id FROM person_event WHERE event_id = 1"
        ).fetchall()
    connection.close()
    assert "COVERING INDEX person_event_event_id_person_id" in str(plan)


def test_a_version_5_catalogue_gets_a_table_for_reviews_of_findings(tmp_path):
    old = tmp_path / "old.db"
    _make_catalog(old)
    with sqlite3.connect(old) as connection:  # as the version-5 program left it
        connection.execute("DROP TABLE finding_review")
    connection.close()
    _set_version(old, 5)
    with open_catalog(old) as catalog:
        assert catalog.upgraded_from == 5
        from archive_app.catalog.checks.reviews import review_finding, reviews

        review_finding("after-death:person-1", "abc", "looked at")
        assert reviews()["after-death:person-1"].note == "looked at"


def test_a_version_6_catalogue_gets_a_journal_and_journals_its_next_edit(tmp_path):
    old = tmp_path / "old.db"
    with open_catalog(old):
        person = records.create("person", name="Andrey Vlasov")
    with sqlite3.connect(old) as connection:  # as the version-6 program left it
        connection.execute("DROP TABLE journal_row")
        connection.execute("DROP TABLE journal_entry")
    connection.close()
    _set_version(old, 6)

    with open_catalog(old) as catalog:
        assert catalog.upgraded_from == 6
        assert journal.history() == []  # nothing before the upgrade is invented
        records.update("person", person.id, person.version, biography="General")
        (entry,) = journal.history("person", person.id)
        assert entry.rows[0].after["biography"] == "General"
    with sqlite3.connect(old) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert {"journal_entry", "journal_row"} <= tables


def test_a_version_7_catalogue_gets_a_column_for_import_warnings(tmp_path):
    old = tmp_path / "old.db"
    _make_catalog(old)
    with open_catalog(old):
        photo = records.create("photo", accession_number="P-1", title="Before the upgrade")
    with sqlite3.connect(old) as connection:  # as the version-7 program left it
        connection.execute("ALTER TABLE photograph DROP COLUMN import_warnings")
    connection.close()
    _set_version(old, 7)
    with open_catalog(old) as catalog:
        assert catalog.upgraded_from == 7
        kept = Photograph.get_by_id(photo.id)
        assert (kept.title, kept.import_warnings) == ("Before the upgrade", None)
        kept.import_warnings = '["the XMP packet is malformed XML"]'
        kept.save()
        assert Photograph.get_by_id(photo.id).import_warnings.startswith('["the XMP')
