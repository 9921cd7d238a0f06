"""`archive-app check [--fixity] [--json]`: the database, the files and the evidence."""

from __future__ import annotations

import argparse

from archive_app.catalog.checks import run_checks, summary
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, catalog_from, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check the database, the image files and the consistency of the evidence",
        description="Exit status 1 when anything is found.",
    )
    parser.add_argument(
        "--fixity",
        action="store_true",
        help="hash every file again and compare with its recorded SHA-256",
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args):
        findings = run_checks(fixity=args.fixity)
    if args.json:
        print_json(
            {
                "ok": not findings,
                "counts": summary(findings),
                "findings": [finding.as_dict() for finding in findings],
            }
        )
    else:
        for finding in findings:
            print(f"{finding.severity}: {finding.check}: {finding.message}")
        print("no problems found" if not findings else f"{len(findings)} finding(s)")
    return EXIT_REFUSED if findings else EXIT_OK
