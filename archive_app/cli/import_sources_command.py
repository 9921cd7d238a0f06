"""`archive-app import-sources FILE [--json]`: CSL-JSON, RIS or BibTeX into sources."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive_app.catalog.sources.import_sources import ImportReport, import_file
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, catalog_from, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-sources",
        help="read sources from a CSL-JSON, RIS or BibTeX file (e.g. a Zotero export)",
        description="Add the file's sources to the catalogue in one step. Every item that can be "
        "read comes in; each one that cannot is reported with its place in the file and why. "
        "Items certainly in the catalogue already (same DOI; same ISBN or URL with the same "
        "type and title; or the whole record equal) are reported and not added again; items "
        "that only look alike (same title, year and first family name) are added and reported "
        "as possible duplicates, to merge with 'merge-sources'. Exit status 1 when an item was "
        "refused or left out.",
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
                "refused": report.refused,
                "possible_duplicates": report.possible_duplicates,
            }
        )
    else:
        _print_report(report, args.file.name)
    return EXIT_REFUSED if report.duplicates or report.refused else EXIT_OK


def _print_report(report: ImportReport, name: str) -> None:
    print(f"imported {len(report.created)} source(s) from {name} ({report.format})")
    for refused in report.refused:
        print(f"item {refused['position']}{_titled(refused)} refused: {refused['reason']}")
    for duplicate in report.duplicates:
        print(
            f"item {duplicate['position']}{_titled(duplicate)} already in the catalogue, "
            f"not added (matches {duplicate['matches']})"
        )
    for alike in report.possible_duplicates:
        print(
            f"item {alike['position']}{_titled(alike)} added as source {alike['source']}, "
            f"possibly the same work as {alike['like']}"
        )


def _titled(entry: dict) -> str:
    return f" ({entry['title']!r})" if entry.get("title") else " (untitled)"
