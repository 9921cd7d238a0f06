"""`archive-app import-gedcom FILE [--json]`: people, events, sources, citations and photographs
from a GEDCOM 7 or 5.5.1 file or a GEDZIP archive."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive_app.catalog.exchange.gedcom_import import import_gedcom
from archive_app.cli.common import catalog_from
from archive_app.cli.import_report import print_import_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-gedcom",
        help="read people, events, sources and photographs from GEDCOM (5.5.1 or 7) or GEDZIP",
        description="The whole file is one transaction. Records already in the catalogue (a "
        "person of the same name and life dates, a source of the same DOI or the same record, "
        "a photograph of the same SHA-256 ...) are matched, not made again. Exit status 1 "
        "when a record was refused (the rest are imported).",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="a .ged file or a .gdz archive")
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args) as catalog:
        report = import_gedcom(args.file, catalog)
    return print_import_report(report, args.file.name, args.json)
