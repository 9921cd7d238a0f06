"""`archive-app transfer --to URL_OR_PATH`: the whole catalogue into another backend."""

from __future__ import annotations

import argparse

from archive_app.catalog.transfer import transfer
from archive_app.cli.common import catalog_from, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "transfer",
        help="copy the whole catalogue into a new or empty one (SQLite <-> PostgreSQL)",
        description="Copies every table (records, links, citations, regions, journal, saved "
        "searches, settings) with its ids, rebuilds the search index there, and verifies each "
        "table's row count and checksum. A target that holds records is refused.",
    )
    parser.add_argument("--to", required=True, metavar="URL_OR_PATH", help="the new catalogue")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args) as catalog:
        report = transfer(catalog, args.to)
    if args.json:
        print_json(report.as_json())
    else:
        for table in report.tables:
            print(f"{table.table}\t{table.rows}\t{table.checksum[:16]}")
        print(
            f"transferred {report.rows:,} rows in {len(report.tables)} tables from "
            f"{report.source} to {report.target}; counts and checksums match"
        )
    return 0
