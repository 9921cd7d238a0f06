"""`archive-app location [NAME FOLDER]`: the catalogue's storage locations on this desktop."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive_app.catalog import locations
from archive_app.cli.common import UsageError, catalog_from, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "location",
        help="list the storage locations, or name one and map it on this desktop",
        description="With NAME and FOLDER: the catalogue names the storage location NAME and "
        "this desktop finds it at FOLDER (kept in this desktop's settings, not the catalogue). "
        "Files imported from inside FOLDER are then stored as @NAME/…, found by every desktop "
        "that maps NAME to its own mount.",
    )
    parser.add_argument("name", nargs="?", metavar="NAME")
    parser.add_argument("folder", nargs="?", metavar="FOLDER")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args):
        if args.name:
            if not args.folder:
                raise UsageError("name the folder where the location is on this desktop")
            folder = Path(args.folder)
            if not folder.is_dir():
                raise UsageError(f"{folder} is not a folder")
            locations.check_name(args.name)
            locations.declare(args.name)
            mapped = locations.map_here(args.name, folder)
            print(f"storage location {args.name!r} is {mapped} on this desktop")
            return 0
        found = locations.all_locations()
    if args.json:
        print_json(
            [
                {
                    "name": loc.name,
                    "folder": str(loc.folder) if loc.folder else None,
                    "declared": loc.declared,
                    "available": loc.available,
                }
                for loc in found
            ]
        )
    else:
        for loc in found:
            state = "available" if loc.available else "not mapped" if not loc.folder else "missing"
            print(f"{loc.name}\t{loc.folder or ''}\t{state}")
    return 0 if all(loc.available for loc in found) else 1
