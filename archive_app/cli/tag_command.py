"""`archive-app tag PHOTO_ID… [--add NAME]… [--remove NAME]…`: tags added to and taken from
photographs in one transaction (a tag named for the first time is created)."""

from __future__ import annotations

import argparse

from archive_app.catalog import links
from archive_app.cli.common import EXIT_OK, UsageError, catalog_from, print_json
from archive_app.cli.record_command import parse_record_id


def register(subparsers: argparse._SubParsersAction) -> None:
    tag = subparsers.add_parser("tag", help="add tags to photographs, or take them off")
    tag.add_argument("photos", metavar="PHOTO_ID", nargs="+", help="the photographs' ids")
    tag.add_argument("--add", action="append", default=[], metavar="NAME", help="a tag to add")
    tag.add_argument(
        "--remove", action="append", default=[], metavar="NAME", help="a tag to take off"
    )
    tag.add_argument("--json", action="store_true", help="one JSON document (see README)")
    tag.set_defaults(run=run_tag)


def run_tag(args: argparse.Namespace) -> int:
    photos = list(dict.fromkeys(parse_record_id(text) for text in args.photos))
    add = [" ".join(name.split()) for name in args.add if name.strip()]
    remove = [" ".join(name.split()) for name in args.remove if name.strip()]
    if not add and not remove:
        raise UsageError("name a tag with --add NAME or --remove NAME")
    with catalog_from(args):
        added, removed = links.retag_photos(photos, add, remove)
    if args.json:
        print_json({"photos": photos, "added": added, "removed": removed})
    else:
        print(f"{added} tag(s) added, {removed} taken off, on {len(photos)} photograph(s)")
    return EXIT_OK
