"""Backup and restore of a SQLite catalogue.

A backup uses SQLite's online backup, so it is consistent even while the program is open and
writing. A restore first checks that the file is a catalogue this program can read, then keeps
the current catalogue aside (`catalog.db.before-restore-…`) and puts the backup in its place, so
a restore can itself be undone. A server catalogue is backed up by its own tools (pg_dump)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from archive_app.catalog import migrations
from archive_app.catalog.database import Catalog, _check_sqlite_file
from archive_app.catalog.errors import CatalogError, CatalogOpenError
from archive_app.catalog.sqlite_copy import copy_sqlite, stamped_sibling


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
    partial = target.with_name(target.name + ".partial")
    try:
        copy_sqlite(source_path, partial)
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise CatalogError(f"backup failed: {exc}") from exc
    return target


def check_backup(path: Path) -> None:
    """Refuse a file that is not a catalogue, or one from a newer program, or a damaged one."""
    path = Path(path)
    if not path.is_file():
        raise CatalogOpenError(f"{path} does not exist")
    _check_sqlite_file(path)
    migrations.check_version_readonly(path)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "catalog_meta" not in tables:
            raise CatalogOpenError(f"{path} is not an archive_app catalogue")
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CatalogOpenError(f"{path} is damaged: {exc}") from exc
    finally:
        connection.close()
    if result != "ok":
        raise CatalogOpenError(f"{path} is damaged: {result}")


def restore(catalog_path: Path, backup_path: Path) -> Path | None:
    """Replace the (closed) catalogue with a backup; returns where the old one was kept."""
    check_backup(backup_path)
    catalog_path = Path(catalog_path)
    kept = None
    if catalog_path.exists():
        kept = copy_sqlite(catalog_path, stamped_sibling(catalog_path, "before-restore"))
        for suffix in ("-wal", "-shm"):
            catalog_path.with_name(catalog_path.name + suffix).unlink(missing_ok=True)
    partial = catalog_path.with_name(catalog_path.name + ".restoring")
    shutil.copyfile(backup_path, partial)
    partial.replace(catalog_path)
    return kept
