"""Check of the database itself (SQLite's own integrity and foreign-key checks)."""

from __future__ import annotations

from collections.abc import Iterator

from peewee import SqliteDatabase

from archive_app.catalog.checks.finding import Finding
from archive_app.catalog.models import catalog_db


def check_integrity() -> Iterator[Finding]:
    database = catalog_db.obj
    if not isinstance(database, SqliteDatabase):
        return
    for (row,) in database.execute_sql("PRAGMA integrity_check").fetchall():
        if row != "ok":
            yield Finding("integrity", "error", f"SQLite integrity check: {row}")
    for table, rowid, parent, _fk in database.execute_sql("PRAGMA foreign_key_check").fetchall():
        yield Finding(
            "integrity", "error", f"{table} row {rowid} points at a missing {parent} record"
        )
