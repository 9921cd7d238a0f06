"""`archive-app backup FILE` and `archive-app restore FILE`: a SQLite catalogue by SQLite's online
backup, a server catalogue by pg_dump and pg_restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive_app.catalog import server_backup
from archive_app.catalog.backup import backup, restore
from archive_app.catalog.database import is_server_url, resolve_location, shown_location
from archive_app.cli.common import catalog_from


def register(subparsers: argparse._SubParsersAction) -> None:
    save = subparsers.add_parser("backup", help="write a consistent copy of the catalogue")
    save.add_argument("file", metavar="FILE", help="the backup file to write (must not exist)")
    save.set_defaults(run=run_backup)
    back = subparsers.add_parser(
        "restore",
        help="replace the catalogue with a backup (the current one is kept aside)",
        description="Close every program that has the catalogue open first.",
    )
    back.add_argument("file", metavar="FILE", help="a backup written by 'archive-app backup'")
    back.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    with catalog_from(args) as catalog:
        if catalog.is_sqlite:
            written = backup(catalog, Path(args.file))
        else:
            written = server_backup.backup(catalog.location, Path(args.file))
    print(f"backed up {shown_location(catalog.location)} to {written}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    location = resolve_location(args.catalog)
    if is_server_url(location):
        kept = server_backup.restore(location, Path(args.file))
        location = shown_location(location)
    else:
        kept = restore(Path(location), Path(args.file))
    where = f"; the previous catalogue was kept as {kept}" if kept else ""
    print(f"restored {location} from {args.file}{where}")
    return 0
