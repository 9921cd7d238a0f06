"""Backup and restore of a SQLite catalogue.

A backup uses SQLite's online backup, so it is consistent even while the program is open and
writing. A restore first checks that the file is a catalogue this program can read, then reads
the backup through SQLite (so committed rows still in a `-wal` beside it come too) into a
temporary file and checks that copy; it keeps the current catalogue aside under a name no other
file has (`catalog.db.before-restore-…`, checked against the original before anything is
replaced), and only then puts the backup in its place, so a restore can itself be undone. An
interruption leaves no half-written kept copy or `.restoring` file: each is written under a
temporary name, and the next backup or restore clears those. A server catalogue is backed up by
its own tools (pg_dump)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from archive_app.catalog import migrations
from archive_app.catalog.database import Catalog, _check_sqlite_file
from archive_app.catalog.errors import CatalogError, CatalogOpenError
from archive_app.catalog.sqlite_copy import (
    CopyNotVerified,
    clear_leftovers,
    copy_sqlite,
    keep_verified_copy,
    temporary_sibling,
    verify_copy,
)


def _sqlite_only(catalog: Catalog) -> Path:
    if catalog.path is None:
        raise CatalogError(
            "a server catalogue is backed up with the server's tools (pg_dump), not here"
        )
    return catalog.path


def backup(catalog: Catalog, target: Path) -> Path:
    """Write a consistent copy of the open catalogue to `target` (a new file)."""
    source_path = _sqlite_only(catalog)
    target = Path(target)
    if target.exists():
        raise CatalogError(f"{target} already exists; choose a new file name")
    if not target.parent.is_dir():
        raise CatalogOpenError(f"folder {target.parent} does not exist")
    if target.resolve() == source_path.resolve():
        raise CatalogError("the backup cannot be the catalogue itself")
    clear_leftovers(target)
    partial = temporary_sibling(target, "backup")
    try:
        copy_sqlite(source_path, partial)
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        raise CatalogError(f"backup failed: {_one_line(exc)}") from exc
    finally:
        _remove_with_journals(partial)
    return target


def _remove_with_journals(path: Path) -> None:
    """Remove a temporary copy and the journal files SQLite may have left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def check_backup(path: Path) -> None:
    """Refuse a file that is not a catalogue, or one from a newer program, or a damaged one."""
    path = Path(path)
    if not path.is_file():
        raise CatalogOpenError(f"{path} does not exist")
    _check_sqlite_file(path)
    try:
        migrations.check_version_readonly(path)
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise CatalogOpenError(f"{path} is damaged: {_one_line(exc)}") from exc
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "catalog_meta" not in tables:
            raise CatalogOpenError(f"{path} is not an archive_app catalogue")
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        # a damaged file can hold bytes that are not text where text belongs
        raise CatalogOpenError(f"{path} is damaged: {_one_line(exc)}") from exc
    finally:
        connection.close()
    if result != "ok":
        raise CatalogOpenError(f"{path} is damaged: {_one_line(result)}")


def restore(catalog_path: Path, backup_path: Path) -> Path | None:
    """Replace the (closed) catalogue with a backup; returns where the old one was kept."""
    backup_path, catalog_path = Path(backup_path), Path(catalog_path)
    check_backup(backup_path)
    clear_leftovers(catalog_path)
    incoming = temporary_sibling(catalog_path, "restoring")
    try:
        copy_sqlite(backup_path, incoming)
        verify_copy(backup_path, incoming)
        kept = _keep_current(catalog_path)
        _settle_write_ahead_log(catalog_path)
        incoming.replace(catalog_path)
    except (sqlite3.Error, OSError, UnicodeDecodeError, CopyNotVerified) as exc:
        raise CatalogError(
            f"restore failed, the catalogue was not changed: {_one_line(exc)}"
        ) from exc
    finally:
        _remove_with_journals(incoming)
    return kept


def _keep_current(catalog_path: Path) -> Path | None:
    if not catalog_path.exists() or catalog_path.stat().st_size == 0:
        return None
    return keep_verified_copy(catalog_path, "before-restore")


def _settle_write_ahead_log(catalog_path: Path) -> None:
    """Fold the catalogue's write-ahead log into its file and remove it (and the shared-memory
    file), so the restored file never meets a log that belongs to the file it replaces."""
    if catalog_path.exists():
        connection = sqlite3.connect(catalog_path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    for suffix in ("-wal", "-shm"):
        catalog_path.with_name(catalog_path.name + suffix).unlink(missing_ok=True)
