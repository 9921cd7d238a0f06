"""`archive-app export iiif DIR [--base-url URL] [--query Q] [--json]`: a static IIIF site (a
Presentation 3 manifest per photograph, a collection per collection, level-0 tiles). Registered
as a kind of `export` by export_command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive_app.catalog.exchange.iiif_export import IiifError, check_base_url, export_iiif
from archive_app.catalog.search.query import QueryError
from archive_app.catalog.sources.citation_lists import archive_name_setting
from archive_app.catalog.sources.selection import from_query
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, UsageError, catalog_from, print_json

DEFAULT_BASE_URL = "http://localhost:8000"


def register_iiif(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "iiif",
        help="a static IIIF site: a manifest per photograph, a collection per collection, tiles",
        description="DIR must be new or empty. --base-url is the address DIR will be served "
        f"from (default {DEFAULT_BASE_URL}, for 'python -m http.server 8000 --directory DIR'); "
        "every IIIF id is absolute under it. Exit status 1 when an image file is missing or "
        "cannot be read (its manifest is left out and named).",
    )
    parser.add_argument("dir", metavar="DIR", type=Path)
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, metavar="URL")
    parser.add_argument("--query", metavar="Q", help="only the records this search finds")
    parser.add_argument(
        "--archive-name", help="the archive's name (default: the catalogue's setting)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run_iiif)


def run_iiif(args: argparse.Namespace) -> int:
    try:
        check_base_url(args.base_url)
    except IiifError as exc:
        raise UsageError(str(exc)) from None
    with catalog_from(args):
        try:
            selection = from_query(args.query)
        except QueryError as exc:
            raise UsageError(f"--query: {exc}") from None
        name = args.archive_name if args.archive_name is not None else archive_name_setting()
        try:
            report = export_iiif(selection, args.dir, args.base_url, name)
        except IiifError as exc:
            raise UsageError(str(exc)) from None
    if args.json:
        print_json(report.as_json())
    else:
        print(
            f"wrote {report.manifests} manifest(s), {report.collections} collection(s) and "
            f"{report.annotations} region annotation(s) into {report.folder}; "
            f"top collection {report.base_url}/collection.json"
        )
    for accession in report.missing_files:
        print(f"missing file, no manifest: {accession}", file=sys.stderr)
    for item in report.unreadable:
        print(f"unreadable image, no manifest: {item['accession_number']}: {item['reason']}",
              file=sys.stderr)  # fmt: skip
    return EXIT_REFUSED if report.missing_files or report.unreadable else EXIT_OK
