"""`archive-app import-tropy PROJECT_OR_JSONLD [--relink FOLDER] [--json]`: a Tropy project (the
.tpy file or the .tropy folder) or Tropy's JSON-LD export, read without changing it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive_app.catalog.exchange.tropy_import import import_tropy
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, catalog_from, print_json


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
    if args.json:
        print_json(report.as_json())
    else:
        created = ", ".join(f"{len(ids)} {kind}" for kind, ids in report.created.items())
        matched = ", ".join(f"{len(ids)} {kind}" for kind, ids in report.matched.items())
        print(f"imported Tropy project {report.project!r} ({report.format}): "
              f"created {created or 'nothing'}")  # fmt: skip
        if matched:
            print(f"matched in the catalogue: {matched}")
        for refusal in report.refused:
            print(f"refused {refusal['record']}: {refusal['reason']}", file=sys.stderr)
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return EXIT_REFUSED if report.refused else EXIT_OK
