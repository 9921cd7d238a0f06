"""`archive-app load FILE.json`: a catalogue export (`export catalog --format json`) read into
this catalogue, in one transaction."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive_app.catalog.exports.load import load_file
from archive_app.cli.common import EXIT_OK, catalog_from, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "load",
        help="read a JSON catalogue export into this catalogue",
        description="Every record gets a new id here and every link follows it; tags of the "
        "same name are shared. A file that does not fit is refused whole: nothing is loaded.",
    )
    parser.add_argument("file", metavar="FILE.json", type=Path)
    parser.add_argument(
        "--files-in",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="a folder the loaded photographs' files may lie in, besides the catalogue's file "
        "store and archive root (repeatable); a file named outside them is refused",
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args):
        report = load_file(args.file, args.files_in)
    if args.json:
        print_json({"loaded": report.counts})
    else:
        summary = ", ".join(f"{n} {section}" for section, n in report.counts.items() if n)
        print(f"loaded {args.file.name}: {summary or 'nothing'}")
    return EXIT_OK
