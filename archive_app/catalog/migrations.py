"""Schema versions and the upgrades between them.

The catalogue records its schema version in `catalog_meta`. Opening an older catalogue copies the
file aside (SQLite's online backup, so the copy is consistent) and then applies every upgrade step
in one transaction: either the catalogue reaches the current version or it stays as it was.
A catalogue from a newer program is refused before anything is written to it.

To change the schema: bump SCHEMA_VERSION, change the models, and add a step to UPGRADES keyed
by the version it produces, written with `playhouse.migrate` operations (or SQL) that turn the
previous version into the new one. Add a test that upgrades a catalogue of the previous version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import Database, SqliteDatabase, TextField
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from archive_app.catalog import notifications
from archive_app.catalog.errors import CatalogOpenError, CatalogVersionError
from archive_app.catalog.models import (
    ALL_MODELS,
    CatalogMeta,
    FindingReview,
    JournalEntry,
    JournalRow,
    PersonEvent,
    PhotoEvent,
    PhotoPerson,
    PhotoTag,
)
from archive_app.catalog.search import index as search_index
from archive_app.catalog.settings import SCHEMA_VERSION_KEY
from archive_app.catalog.sqlite_copy import keep_verified_copy

SCHEMA_VERSION = 11

#: version produced -> the step that produces it from the version before.
UpgradeStep = Callable[[SchemaMigrator, Database], None]
UPGRADES: dict[int, UpgradeStep] = {
    # 2: the full-text search index (kept by triggers) and saved searches, filled from the records.
    2: lambda _migrator, database: search_index.install(database),
    # 3: long and open-ended date ranges indexed apart, so that a date: filter reads a narrow
    # slice of the date index instead of most of it.
    3: lambda _migrator, database: search_index.add_partial_date_indexes(database),
    # 4: every record's whole names in a table of their own, so the exact-name test of a
    # search looks them up instead of reading each candidate's stored document.
    4: lambda _migrator, database: search_index.add_exact_names(database),
    # 5: the link tables indexed both ways round with both ends in each index, so a search or a
    # facet that follows a link reads the index alone (person:ivan type:photo 11 ms to 5 ms).
    5: lambda _migrator, database: _index_links_both_ways(database),
    # 6: reviews of the checks' findings, so a finding an archivist has looked at stays quiet
    # until a record or citation under it changes.
    6: lambda _migrator, database: database.create_tables([FindingReview]),
    # 7: the journal (catalog/changes.py): one entry per change, each row before and after.
    7: lambda _migrator, database: _create_journal(database),
    # 8: what an import skipped or found damaged in a photograph's file (unreadable metadata, a
    # damaged later frame), kept on its record instead of refusing the file.
    8: lambda migrator, database: _add_import_warnings(migrator, database),
    # 9: a PostgreSQL catalogue gets its search index (tsvector documents over the folded text,
    # GIN-indexed, kept by triggers) and announces each journal entry (LISTEN/NOTIFY); a SQLite
    # catalogue is unchanged.
    9: lambda _migrator, database: _install_server_parts(database),
    # 10: a PostgreSQL catalogue's search documents said their record type (`type_1`), so a
    # search of one type reads only that type's documents. Version 11 makes the whole index
    # again with the word spelt anew (the documents it wrote are read by views 11 remakes).
    10: lambda _migrator, _database: None,
    # 11: each search document holds words for the years of its record's dates, so that a text
    # search narrowed to a few years (`army date:1941..1943`) is one index match; on a server
    # the type word no longer begins with letters (`type_1`: a search for `t` or `type`, a
    # prefix of it, found every record). The index is made again.
    11: lambda _migrator, database: search_index.add_date_words(database),
}


def _install_server_parts(database: Database) -> None:
    search_index.install_on_server(database)
    notifications.install(database)


def _create_journal(database: Database) -> None:
    with database.bind_ctx([JournalEntry, JournalRow]):
        database.create_tables([JournalEntry, JournalRow], safe=True)


#: the single-column indexes of the link tables before version 5 (peewee's names)
_LINK_INDEXES_BEFORE_5 = (
    "photo_person_photo_id",
    "photo_person_person_id",
    "photo_event_photo_id",
    "photo_event_event_id",
    "person_event_person_id",
    "person_event_event_id",
    "photo_tag_photo_id",
    "photo_tag_tag_id",
)


def _index_links_both_ways(database: Database) -> None:
    for name in _LINK_INDEXES_BEFORE_5:
        database.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    for model in (PhotoPerson, PhotoEvent, PersonEvent, PhotoTag):
        with database.bind_ctx([model]):
            model._schema.create_indexes(safe=True)


def _add_import_warnings(migrator: SchemaMigrator, database: Database) -> None:
    if "import_warnings" not in {column.name for column in database.get_columns("photograph")}:
        migrate(migrator.add_column("photograph", "import_warnings", TextField(null=True)))


def _newer_message(found: int) -> str:
    return (
        f"this catalogue was written by a newer archive_app (schema version {found}; this program "
        f"reads up to {SCHEMA_VERSION}); open it with a newer version. The file was not changed."
    )


def check_version_readonly(path: Path) -> None:
    """Refuse a catalogue from a newer program, reading it through a read-only connection."""
    # With no write-ahead log beside the file, `immutable` reads it without creating one, so a
    # refused catalogue's folder is left exactly as it was.
    wal_present = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if wal_present else "mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
    except sqlite3.Error as exc:
        raise CatalogOpenError(f"cannot open {path}: {exc}") from exc
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return
        if "catalog_meta" not in tables:
            raise CatalogOpenError(f"{path} is a SQLite database but not an archive_app catalogue")
        row = connection.execute(
            "SELECT value FROM catalog_meta WHERE key = ?", (SCHEMA_VERSION_KEY,)
        ).fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        # a damaged file can hold bytes that are not text where text belongs
        raise CatalogOpenError(f"{path} cannot be read as a catalogue: {exc}") from exc
    finally:
        connection.close()
    found = _as_version(row[0] if row else None)
    if found > SCHEMA_VERSION:
        raise CatalogVersionError(_newer_message(found))


def _as_version(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError) as exc:
        raise CatalogOpenError(f"the catalogue's schema version {value!r} is not a number") from exc


def read_version(database: Database) -> int:
    row = CatalogMeta.get_or_none(CatalogMeta.key == SCHEMA_VERSION_KEY)
    return _as_version(row.value if row else None)


def _write_version(version: int) -> None:
    CatalogMeta.insert(key=SCHEMA_VERSION_KEY, value=str(version)).on_conflict(
        conflict_target=[CatalogMeta.key], update={CatalogMeta.value: str(version)}
    ).execute()


def _copy_aside(path: Path, version: int) -> Path:
    """A consistent copy of the catalogue before it is upgraded, beside it."""
    return keep_verified_copy(path, f"v{version}-before-upgrade")


def _migrator(database: Database) -> SchemaMigrator:
    if isinstance(database, SqliteDatabase):
        return SqliteMigrator(database)
    return PostgresqlMigrator(database)


def create_schema(database: Database) -> None:
    with database.atomic():
        database.create_tables(ALL_MODELS)
        search_index.install(database)
        notifications.install(database)
        _write_version(SCHEMA_VERSION)


def ensure_schema(database: Database, path: Path | None) -> tuple[int, Path | None] | None:
    """Create a new catalogue's tables, or upgrade an older one.

    Returns (old version, backup path) when an upgrade happened, else None.
    """
    tables = set(database.get_tables())
    if not tables:
        create_schema(database)
        return None
    if "catalog_meta" not in tables:
        raise CatalogOpenError("this database is not an archive_app catalogue")
    found = read_version(database)
    if found > SCHEMA_VERSION:
        raise CatalogVersionError(_newer_message(found))
    if found == SCHEMA_VERSION:
        return None
    missing = [v for v in range(found + 1, SCHEMA_VERSION + 1) if v not in UPGRADES]
    if missing:
        raise CatalogVersionError(
            f"no upgrade from schema version {found} (missing step to {missing[0]})"
        )
    backup = _copy_aside(path, found) if path is not None else None
    migrator = _migrator(database)
    with database.atomic():
        for version in range(found + 1, SCHEMA_VERSION + 1):
            UPGRADES[version](migrator, database)
        _write_version(SCHEMA_VERSION)
    return found, backup
