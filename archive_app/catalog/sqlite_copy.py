"""Consistent copies of a SQLite catalogue file, for backups, restores and upgrades.

SQLite's online backup reads the database through SQLite, write-ahead log included, so the copy
is consistent even while another connection writes; a plain file copy is not.

A kept copy (`catalog.db.before-restore-…`) appears under its final name only once it is whole
and checked: it is written under a temporary name, verified, then hard-linked to a name no other
file has (two restores in the same second get two names), so an interruption leaves either no
kept copy or a whole one, never an empty one. Temporary files an interruption left behind are
removed the next time a copy is made beside the same catalogue."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

#: what a temporary copy's name carries, so a later copy can clear ones an interruption left
TEMPORARY_MARK = ".partial-"


class CopyNotVerified(Exception):
    """The copy does not hold what the original holds (the message says what differs)."""


def stamped_sibling(path: Path, label: str) -> Path:
    """`catalog.db` -> `catalog.db.<label>-20261125T062030`, beside it (may already exist)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.name}.{label}-{stamp}")


def temporary_sibling(path: Path, label: str) -> Path:
    """A name beside `path` that no other copy uses, marked as temporary."""
    return path.with_name(f"{path.name}.{label}{TEMPORARY_MARK}{uuid.uuid4().hex[:12]}")


def clear_leftovers(path: Path) -> list[Path]:
    """Remove temporary copies (and their journals) that an interrupted copy left beside `path`."""
    removed = []
    for leftover in path.parent.glob(f"{glob_escape(path.name)}.*{TEMPORARY_MARK}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _connect(path: Path) -> sqlite3.Connection:
    """Read a database and the write-ahead log beside it. The connection may write (SQLite opens
    read-only where it cannot), so closing it folds the log into the file and removes the log
    and shared-memory files a read-only reader would leave behind; the rows stay the same."""
    return sqlite3.connect(path)


def copy_sqlite(source_path: Path, target_path: Path) -> Path:
    """Copy a SQLite database into a new single file (no write-ahead log beside it)."""
    source = _connect(source_path)
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


def table_counts(path: Path) -> dict[str, int]:
    """Rows in each table of a database: what a copy must hold as well."""
    connection = _connect(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names
        }
    finally:
        connection.close()


def verify_copy(original: Path, copy: Path) -> None:
    """Refuse a copy that is damaged or does not hold the original's rows."""
    connection = sqlite3.connect(copy)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    if result != "ok":
        raise CopyNotVerified(f"the copy {copy} is damaged: {result}")
    if table_counts(copy) != table_counts(original):
        raise CopyNotVerified(f"the copy {copy} does not hold the same rows as {original}")


def keep_verified_copy(path: Path, label: str) -> Path:
    """A whole, checked copy of `path` beside it, under a name no other file has."""
    temporary = temporary_sibling(path, label)
    try:
        copy_sqlite(path, temporary)
        verify_copy(path, temporary)
        return _link_to_unique_name(temporary, stamped_sibling(path, label))
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            temporary.with_name(temporary.name + suffix).unlink(missing_ok=True)


def _link_to_unique_name(temporary: Path, wanted: Path) -> Path:
    """Give `temporary` the name `wanted` (or `wanted-2`, `-3`, …): never over another file."""
    candidate, number = wanted, 1
    while True:
        try:
            os.link(temporary, candidate)
            return candidate
        except FileExistsError:
            number += 1
            candidate = wanted.with_name(f"{wanted.name}-{number}")
        except OSError:  # a file system without hard links: reserve the name, then move in
            try:
                os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                number += 1
                candidate = wanted.with_name(f"{wanted.name}-{number}")
                continue
            os.replace(temporary, candidate)
            return candidate
