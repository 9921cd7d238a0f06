"""Consistent copies of a SQLite catalogue file, for backups, restores and upgrades.

SQLite's online backup reads the database through SQLite, write-ahead log included, so the copy
is consistent even while another connection writes; a plain file copy is not."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path


def stamped_sibling(path: Path, label: str) -> Path:
    """`catalog.db` -> `catalog.db.<label>-20261125T062030`, beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.name}.{label}-{stamp}")


def copy_sqlite(source_path: Path, target_path: Path) -> Path:
    """Copy a SQLite database into a new single file (no write-ahead log beside it)."""
    source = sqlite3.connect(source_path)
    try:
        destination = sqlite3.connect(target_path)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
    finally:
        source.close()
    return target_path
