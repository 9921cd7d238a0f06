"""`archive-app relink FOLDER [--dry-run] [--json]`: find the catalogue's missing files in a
folder by their SHA-256 (size first) and point their records at them, in one change."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive_app.catalog.checks.hashing import Cancelled
from archive_app.catalog.relink import RelinkReport, find_moved, relink
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, catalog_from, fail, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "relink",
        help="find missing image files in a folder by their content and relink them",
        description="Exit status 1 when some files stay missing or are ambiguous.",
    )
    parser.add_argument("folder", metavar="FOLDER")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change, change nothing"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


def _progress(done: int, total: int) -> None:
    if done == total or done % 500 == 0:
        print(f"\rhashing: {done:,} of {total:,} files", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)


def _print(report: RelinkReport, dry_run: bool) -> None:
    verb = "would relink" if dry_run else "relinked"
    for photo, new in report.relinked:
        print(f"{verb} {photo.accession}: {photo.file_path} -> {new}")
    for photo, found in report.ambiguous:
        print(
            f"ambiguous {photo.accession}: {len(found)} files have its content: {', '.join(found)}"
        )
    for photo in report.still_missing:
        print(f"still missing {photo.accession}: {photo.file_path}")
    print(
        f"{len(report.relinked)} {verb}, {len(report.ambiguous)} ambiguous, "
        f"{len(report.still_missing)} still missing ({report.files_hashed:,} of "
        f"{report.files_seen:,} files hashed)"
    )


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    progress = None if args.json else _progress
    with catalog_from(args):
        try:
            if args.dry_run:
                report, moves = find_moved(folder, progress)
                report.relinked = [(photo, str(path)) for photo, path in moves]
            else:
                report = relink(folder, progress)
        except (KeyboardInterrupt, Cancelled):
            return fail("relink cancelled; nothing was changed", EXIT_REFUSED)
    if args.json:
        print_json({"dry_run": args.dry_run, **report.as_dict()})
    else:
        _print(report, args.dry_run)
    return EXIT_REFUSED if report.ambiguous or report.still_missing else EXIT_OK
