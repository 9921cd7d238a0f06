"""`archive-app import-gedcom FILE [--json]`: people, events, sources, citations and photographs
from a GEDCOM 7 or 5.5.1 file or a GEDZIP archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive_app.catalog.exchange.gedcom_import import import_gedcom
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, catalog_from, print_json


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
    if args.json:
        print_json(report.as_json())
    else:
        created = ", ".join(f"{len(ids)} {kind}" for kind, ids in report.created.items())
        matched = ", ".join(f"{len(ids)} {kind}" for kind, ids in report.matched.items())
        print(f"imported {args.file.name} ({report.format}): created {created or 'nothing'}")
        if matched:
            print(f"matched in the catalogue: {matched}")
        for refusal in report.refused:
            print(f"refused {refusal['record']}: {refusal['reason']}", file=sys.stderr)
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return EXIT_REFUSED if report.refused else EXIT_OK
