"""Opening a catalogue: a SQLite file (the default, `./catalog.db`) or a PostgreSQL server.

SQLite is opened the way a desktop program that must never lose an edit needs it: WAL journal
(readers never block the writer), foreign keys enforced, a busy timeout so a second process
waits instead of failing, and `synchronous=FULL` so a committed edit survives a power cut.
A file written by a newer program is refused before anything is written to it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

from peewee import Database, OperationalError, PostgresqlDatabase, SqliteDatabase

from archive_app.catalog import folding, migrations
from archive_app.catalog.changes import Change, change
from archive_app.catalog.errors import (
    CatalogLocked,
    CatalogOpenError,
    StorageError,
    storage_error,
)
from archive_app.catalog.locks import lock_wait_message
from archive_app.catalog.models import catalog_db
from archive_app.catalog.search import server_index
from archive_app.catalog.server_passwords import stored_password, wants_password

DEFAULT_CATALOG = "catalog.db"
ENV_VARIABLE = "ARCHIVE_APP_CATALOG"
#: how long a write waits for another program's write to finish (README: Reliability);
#: $ARCHIVE_APP_LOCK_WAIT (seconds) changes it
BUSY_TIMEOUT_MS = 10_000
LOCK_WAIT_VARIABLE = "ARCHIVE_APP_LOCK_WAIT"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "full",
    "cache_size": -64_000,  # 64 MB page cache
    "temp_store": "memory",
}


#: the longest a statement may run on a server catalogue before it is cancelled (rolled back)
STATEMENT_TIMEOUT_MS = 300_000


def postgres_timeouts() -> str:
    """A server session waits for another session's row lock as long as SQLite waits for a
    writer, and no statement runs forever: a held row lock blocked an edit with no message."""
    # no JIT compilation: it pays for itself only on long analytical queries, and on a large
    # catalogue it adds tens of milliseconds to a search's planned cost
    return (
        f"-c lock_timeout={busy_timeout_ms()} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
        "-c jit=off"
    )


def busy_timeout_ms() -> int:
    """The lock wait: $ARCHIVE_APP_LOCK_WAIT seconds when set to a number, else 10 s."""
    try:
        return max(0, int(float(os.environ[LOCK_WAIT_VARIABLE]) * 1000))
    except (KeyError, ValueError):
        return BUSY_TIMEOUT_MS


class _SaysWhatFailed:
    """A database whose read and write failures (a full disk, a locked file, a lost server)
    arrive as StorageError, with a line the archivist can act on, wherever they happen."""

    def execute_sql(self, sql, params=None):  # noqa: ANN001, ANN201
        try:
            return super().execute_sql(sql, params)  # type: ignore[misc]
        except StorageError:
            raise
        except OperationalError as exc:
            raise self.storage_error(exc) from exc

    def commit(self):  # noqa: ANN201
        try:
            return super().commit()  # type: ignore[misc]
        except StorageError:
            raise
        except OperationalError as exc:
            raise self.storage_error(exc) from exc

    def rollback(self):  # noqa: ANN201
        try:
            return super().rollback()  # type: ignore[misc]
        except OperationalError as exc:
            # a COMMIT that failed for a full disk has already been rolled back by SQLite; the
            # second rollback must not hide the line that says the disk is full
            if "no transaction is active" in str(exc):
                return None
            raise self.storage_error(exc) from exc

    def storage_error(self, exc: OperationalError) -> StorageError:
        return storage_error(exc)


class CatalogSqliteDatabase(_SaysWhatFailed, SqliteDatabase):
    """A SQLite catalogue whose failures read as StorageError.

    Every transaction takes the write lock as it begins (BEGIN IMMEDIATE), waiting for it up to
    the busy timeout: a transaction that read first and wanted to write later was refused at
    once when another program held the lock (SQLite cannot wait there without risking a
    deadlock). Reads outside a transaction never wait for a writer (WAL)."""

    def begin(self, lock_type: str | None = None) -> None:
        try:
            super().begin(lock_type or "IMMEDIATE")
        except StorageError:
            raise
        except OperationalError as exc:
            raise self.storage_error(exc) from exc

    def storage_error(self, exc: OperationalError) -> StorageError:
        if "database is locked" not in str(exc).lower():
            return storage_error(exc)
        return CatalogLocked(lock_wait_message(Path(self.database), busy_timeout_ms()))


class CatalogPostgresqlDatabase(_SaysWhatFailed, PostgresqlDatabase):
    """A PostgreSQL catalogue whose failures read as StorageError, and whose search documents
    are rewritten in each transaction before it commits (see search/server_index.py)."""

    def _initialize_connection(self, conn):  # noqa: ANN001, ANN202
        super()._initialize_connection(conn)
        server_index.prepare_connection(conn)

    def commit(self):  # noqa: ANN201
        server_index.before_commit(self)
        return super().commit()


def resolve_location(location: str | os.PathLike[str] | None) -> str:
    """The catalogue to open: the argument, else $ARCHIVE_APP_CATALOG, else ./catalog.db."""
    if location:
        return os.fspath(location)
    return os.environ.get(ENV_VARIABLE) or DEFAULT_CATALOG


def is_server_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


@dataclass
class Catalog:
    """An open catalogue. Models are bound to it while it is open (one at a time per process)."""

    location: str
    database: Database
    path: Path | None  # the SQLite file; None for a server
    created: bool = False  # the catalogue was made by this open
    upgraded_from: int | None = None
    backup_path: Path | None = None
    #: the server lets this role read the catalogue but not change it (see read_only_role)
    read_only: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def upgrade_notice(self) -> str | None:
        """What the program says when opening upgraded the catalogue (None when it did not)."""
        if self.upgraded_from is None:
            return None
        kept = f"; the file as it was is kept as {self.backup_path}" if self.backup_path else ""
        return f"Upgraded this catalogue from schema version {self.upgraded_from}{kept}"

    @contextmanager
    def action(self, label: str = "Change") -> Iterator[Change]:
        """One user action = one change (catalog/changes.py): one transaction, one journal
        entry; all of it is written, or none of it."""
        with change(label) as ch:
            yield ch

    def close(self) -> None:
        if not self.database.is_closed():
            self.database.close()
        if catalog_db.obj is self.database:
            catalog_db.initialize(None)

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database before writing anything to it."""
    if path.is_dir():
        raise CatalogOpenError(f"{path} is a folder, not a catalogue file")
    if not path.exists():
        if not path.parent.exists():
            raise CatalogOpenError(f"folder {path.parent} does not exist")
        return
    if not os.access(path, os.R_OK):
        raise CatalogOpenError(f"{path} cannot be read (permission denied)")
    if path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise CatalogOpenError(f"{path} is not a catalogue (not a SQLite database)")


def _open_sqlite(path: Path) -> Database:
    _check_sqlite_file(path)
    if path.exists() and path.stat().st_size > 0:
        # Reads the version through a read-only connection: a newer catalogue stays untouched.
        migrations.check_version_readonly(path)
    wait = busy_timeout_ms()
    database = CatalogSqliteDatabase(
        str(path), pragmas={**SQLITE_PRAGMAS, "busy_timeout": wait}, timeout=wait / 1000
    )
    folding.register(database)
    try:
        database.connect()
    except Exception as exc:
        raise CatalogOpenError(f"cannot open {path}: {exc}") from exc
    return database


def _open_postgres(url: str) -> Database:
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise CatalogOpenError(
            "a postgresql:// catalogue needs psycopg: pip install 'archive-app[postgres]'"
        ) from exc
    # the URL goes to libpq whole, so every parameter it knows works (sslmode, sslrootcert,
    # host=/socket/folder, connect_timeout, application_name, ...)
    conninfo = "postgresql://" + url.split("://", 1)[1]
    params = {} if "options" in parse_qs(urlsplit(url).query) else {"options": postgres_timeouts()}
    try:
        return _connected(url, conninfo, params)
    except CatalogOpenError as exc:
        # libpq's own ways (the URL, $PGPASSWORD, ~/.pgpass) came first; the system keyring
        # is asked only when the server wants a password they did not give
        kept = stored_password(url) if wants_password(str(exc)) else None
        if kept is None:
            raise
    return _connected(url, conninfo, {**params, "password": kept})


def _connected(url: str, conninfo: str, params: dict[str, str]) -> Database:
    database = CatalogPostgresqlDatabase(conninfo, prefer_psycopg3=True, **params)
    database.read_only = False
    try:
        database.connect()
    except Exception as exc:
        said = " ".join(str(exc).split())
        raise CatalogOpenError(
            f"cannot reach the catalogue server {shown_location(url)}: {said}"
        ) from exc
    return database


def open_catalog(location: str | os.PathLike[str] | None = None) -> Catalog:
    """Open (creating or upgrading as needed) the catalogue and bind the models to it."""
    where = resolve_location(location)
    if is_server_url(where):
        database = _open_postgres(where)
        path = None
    else:
        path = Path(where).expanduser()
        database = _open_sqlite(path)
    catalog_db.initialize(database)
    catalog = Catalog(
        location=where, database=database, path=path, created=not database.get_tables()
    )
    try:
        upgrade = migrations.ensure_schema(database, path)
    except BaseException:
        catalog.close()
        raise
    if upgrade is not None:
        catalog.upgraded_from, catalog.backup_path = upgrade
    catalog.read_only = database.read_only = read_only_role(database)
    return catalog


def read_only_role(database: Database) -> bool:
    """Whether the server's role may read this catalogue but not write it: a researcher's or a
    volunteer's role granted SELECT only (the README's GRANTs)."""
    if not isinstance(database, PostgresqlDatabase):
        return False
    row = database.execute_sql(
        "SELECT has_table_privilege('journal_entry', 'INSERT') "
        "AND has_table_privilege('person', 'UPDATE')"
    ).fetchone()
    return not row[0]


def shown_location(location: str) -> str:
    """A catalogue's location as the program shows or keeps it: a server URL without its
    password (passwords come from libpq's .pgpass, $PGPASSWORD or the system keyring)."""
    if not is_server_url(location):
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))


def sqlite_integrity_ok(path: Path) -> bool:
    """PRAGMA integrity_check through a separate connection (used by checks and tests)."""
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
