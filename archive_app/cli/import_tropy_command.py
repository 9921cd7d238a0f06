"""`archive-app import-tropy PROJECT_OR_JSONLD [--relink FOLDER] [--json]`: a Tropy project (the
.tpy file or the .tropy folder) or Tropy's JSON-LD export, read without changing it."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive_app.catalog.exchange.tropy_import import import_tropy
from archive_app.cli.common import catalog_from
from archive_app.cli.import_report import print_import_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-tropy",
        help="read a Tropy project (.tpy, .tropy folder) or its JSON-LD export",
        description="Items and their photos become photographs (an item's photos kept together "
        "in a file), the project a fonds and its lists series, with tags, notes and selections "
        "(as regions of the people they name). The project is opened read-only. Photos not "
        "where the project says are looked for in --relink FOLDER by checksum or name. One "
        "transaction; exit status 1 when a photograph was refused (the rest are imported).",
    )
    parser.add_argument("project", metavar="PROJECT_OR_JSONLD", type=Path)
    parser.add_argument("--relink", metavar="FOLDER", type=Path,
                        help="a folder to find moved photos in (by Tropy's checksum)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args) as catalog:
        report = import_tropy(args.project, catalog, args.relink)
    return print_import_report(report, f"Tropy project {report.project!r}", args.json)
