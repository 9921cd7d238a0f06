"""`archive-app import PATH… [--recursive] [--collection NAME] [--metadata FILE.csv] [--copy]
[--archive-root DIR] [--json]`: bring photographs into the catalogue.

One line per file (imported as an accession number, duplicate of one, or refused with the
reason), then a summary; with --json one document (shape in the README). The exit status is 1
when any file was refused, so a script can tell a clean batch from one that needs a look.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive_app.catalog.importing.run import ImportOptions, Progress, import_files
from archive_app.catalog.importing.spreadsheet import read_sheet
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, UsageError, catalog_from, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import image files and folders (JPEG, PNG, TIFF, WebP, GIF, HEIC)",
        description="Import photographs: SHA-256 fixity, duplicates by content, embedded "
        "EXIF/IPTC/XMP metadata and thumbnails. Exit status 1 when a file was refused.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="image files or folders")
    parser.add_argument(
        "--recursive", "-r", action="store_true", help="also import from subfolders"
    )
    parser.add_argument("--collection", metavar="NAME", help="put the photographs in this one")
    parser.add_argument(
        "--metadata",
        metavar="FILE.csv",
        help="a spreadsheet describing the files, one row per file name (see README)",
    )
    parser.add_argument(
        "--copy",
        action="store_true",
        help="copy the files into the catalogue's managed folder instead of referring to them",
    )
    parser.add_argument(
        "--archive-root",
        metavar="DIR",
        help="keep file paths relative to this folder (remembered by the catalogue)",
    )
    parser.add_argument(
        "--workers", type=int, metavar="N", help="worker processes (default: all cores)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run_import)


def _live_count(progress: Progress) -> None:
    sys.stderr.write(
        f"\r{progress.done}/{progress.total} files: {progress.imported} imported, "
        f"{progress.duplicates} duplicate(s), {progress.refused} refused"
    )
    sys.stderr.flush()


def run_import(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    sheet = read_sheet(args.metadata) if args.metadata else {}
    options = ImportOptions(
        recursive=args.recursive,
        collection=args.collection,
        sheet=sheet,
        copy=args.copy,
        archive_root=Path(args.archive_root) if args.archive_root else None,
        workers=args.workers,
    )
    live = _live_count if not args.json and sys.stderr.isatty() else None
    with catalog_from(args) as catalog:
        report = import_files(catalog, args.paths, options, live)
    if live:
        sys.stderr.write("\n")
    if args.json:
        print_json(report.as_json())
    else:
        for item in report.files:
            print(item.line())
        for note in report.notes:
            print(f"note: {note}")
        print(report.summary())
    return EXIT_REFUSED if report.count("refused") else EXIT_OK
