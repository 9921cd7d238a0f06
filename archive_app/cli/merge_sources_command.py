"""`archive-app merge-sources KEEP OTHER [--json]`: two sources that are one work made one.

The import reports look-alikes (same title, year and first family name) as possible duplicates
instead of merging them; this is how the archivist merges the ones that are the same work. Every
citation of OTHER moves to KEEP, KEEP's empty fields are filled from OTHER, and OTHER goes.
"""

from __future__ import annotations

import argparse

from archive_app.catalog.sources.merge import merge_sources
from archive_app.cli.common import EXIT_OK, catalog_from, print_json
from archive_app.cli.record_command import parse_record_id


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "merge-sources",
        help="merge two sources that are one work (every citation is kept)",
        description="Move every citation of OTHER to KEEP, fill KEEP's empty fields (and its "
        "names, when it has none) from OTHER, and delete OTHER, in one step.",
    )
    parser.add_argument("keep", metavar="KEEP", help="the source kept (its id, or source-N)")
    parser.add_argument("other", metavar="OTHER", help="the source merged into it")
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


def _source_id(text: str) -> int:
    return parse_record_id(text.removeprefix("source-"))


def run(args: argparse.Namespace) -> int:
    keep, other = _source_id(args.keep), _source_id(args.other)
    with catalog_from(args):
        result = merge_sources(keep, other)
    if args.json:
        print_json(
            {
                "kept": result.kept,
                "merged": result.merged,
                "citations_moved": result.citations,
                "fields_filled": sorted(result.filled),
            }
        )
    else:
        filled = f"; filled {', '.join(sorted(result.filled))}" if result.filled else ""
        print(
            f"merged source {result.merged} into source {result.kept}: "
            f"{len(result.citations)} citation(s) moved{filled}"
        )
    return EXIT_OK
