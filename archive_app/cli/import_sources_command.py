"""`archive-app import-sources FILE [--json]`: CSL-JSON, RIS or BibTeX into sources."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive_app.catalog.sources.import_sources import import_file
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, catalog_from, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-sources",
        help="read sources from a CSL-JSON, RIS or BibTeX file (e.g. a Zotero export)",
        description="Add the file's sources to the catalogue in one step. Sources already in "
        "the catalogue (same DOI, or same title, year and first author) are reported as "
        "duplicates and not added again; exit status 1 when any was found.",
    )
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args):
        report = import_file(args.file)
    if args.json:
        print_json(
            {
                "format": report.format,
                "created": report.created,
                "duplicates": report.duplicates,
            }
        )
    else:
        print(f"imported {len(report.created)} source(s) from {args.file.name} ({report.format})")
        for duplicate in report.duplicates:
            print(f"duplicate, not added: {duplicate['title']} (matches {duplicate['matches']})")
    return EXIT_REFUSED if report.duplicates else EXIT_OK
