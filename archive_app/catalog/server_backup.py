"""Backup and restore of a server catalogue with PostgreSQL's own tools.

`backup` runs pg_dump (its custom format: compressed, one consistent snapshot while everyone
keeps working); `restore` first checks the file with `pg_restore --list`, then dumps the
catalogue as it is beside the backup (`FILE.before-restore-…`) so a restore can be undone, and
runs pg_restore in one transaction (`--clean --if-exists --single-transaction`): it is all put
back or nothing is. The programs are found as postgres_programs.py says; a missing one is
named with how to get it. A password in the URL (or the system keyring) is handed to them in
$PGPASSWORD, never on their command line, where any user of the machine could read it.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from archive_app.catalog.database import shown_location
from archive_app.catalog.errors import CatalogError, CatalogOpenError
from archive_app.catalog.postgres_programs import find_program, missing_message
from archive_app.catalog.server_passwords import stored_password

TIMEOUT_S = 6 * 3600


def _program(name: str) -> str:
    found = find_program(name)
    if found is None:
        raise CatalogError(missing_message(name))
    return str(found)


def _without_password(url: str) -> tuple[str, dict[str, str]]:
    """The URL for a command line, and the environment that carries its password."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = parts.password
    elif (kept := stored_password(url)) is not None:  # from the system keyring
        env["PGPASSWORD"] = kept
    return shown_location(url), env


def _run(program: str, args: list[str], url: str, doing: str) -> None:
    target, env = _without_password(url)
    done = subprocess.run(
        [_program(program), *args, f"--dbname={target}"],
        env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        said = " ".join(done.stderr.split())[:500]
        raise CatalogError(f"{doing} failed ({program}): {said}")


def backup(url: str, target: Path) -> Path:
    """Dump the server catalogue at `url` into `target` (a new file)."""
    target = Path(target)
    if target.exists():
        raise CatalogError(f"{target} already exists; choose a new file name")
    if not target.parent.is_dir():
        raise CatalogOpenError(f"folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _run("pg_dump", ["--format=custom", f"--file={partial}"], url, "backup")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def check_backup(path: Path) -> None:
    """Refuse a file that pg_restore cannot read, or one that holds no catalogue."""
    path = Path(path)
    if not path.is_file():
        raise CatalogOpenError(f"{path} does not exist")
    done = subprocess.run(
        [_program("pg_restore"), "--list", str(path)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise CatalogOpenError(f"{path} is not a server catalogue's backup (pg_dump's format)")
    if " TABLE " not in done.stdout or " catalog_meta " not in done.stdout:
        raise CatalogOpenError(f"{path} is a database dump but not an archive_app catalogue")


def restore(url: str, backup_path: Path) -> Path:
    """Replace the server catalogue's contents with a backup; returns where the catalogue as
    it was is kept (a dump beside the backup)."""
    backup_path = Path(backup_path)
    check_backup(backup_path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = backup(url, backup_path.with_name(f"{backup_path.name}.before-restore-{stamp}"))
    _run(
        "pg_restore",
        ["--clean", "--if-exists", "--single-transaction", "--no-owner", str(backup_path)],
        url,
        "restore (the catalogue was not changed)",
    )
    return kept
