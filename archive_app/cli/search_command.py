"""`archive-app search QUERY [--type TYPE] [--limit N] [--json]`: the search box, for scripts.

Prints one line per record found (type, id, name, date), best first. A malformed query is a
usage error (exit 2) whose message says at which column it is wrong; a query that finds nothing
exits 1, as grep does, so a script can tell.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from archive_app.catalog.search.execute import MAX_LIMIT, SearchResult, search
from archive_app.catalog.search.query import RECORD_TYPES, TYPE_ALIASES, QueryError
from archive_app.catalog.search.saved import get_saved, save_search
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, UsageError, catalog_from, print_json

DEFAULT_LIMIT = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help='search every record (words, "phrases", person:, date:, type:, -word, OR)',
        description="Search the catalogue with the query language of the search box: words "
        '(prefix-matched, any script), "exact phrases", person: event: place: tag: '
        "collection: source: filters, type:photo, date:1942 or date:1942..1945, -word, OR "
        "and parentheses.",
    )
    parser.add_argument("query", metavar="QUERY", nargs="?", help="the query (quote it)")
    parser.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help=f"only records of this type (repeatable): {', '.join(RECORD_TYPES)}",
    )
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help="show at most N records"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.add_argument("--save", metavar="NAME", help="also save the query under this name")
    parser.add_argument("--saved", metavar="NAME", help="run the saved search NAME instead")
    parser.set_defaults(run=run_search)


def _types(names: list[str] | None) -> list[str] | None:
    if not names:
        return None
    chosen = []
    for raw in names:
        for name in raw.split(","):
            cleaned = TYPE_ALIASES.get(name.strip().lower(), name.strip().lower())
            if cleaned not in RECORD_TYPES:
                raise UsageError(
                    f"unknown record type {name!r}; use one of: {', '.join(RECORD_TYPES)}"
                )
            chosen.append(cleaned)
    return chosen


def _check(args: argparse.Namespace) -> None:
    if not 1 <= args.limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be from 1 to {MAX_LIMIT}")
    if args.query is None and args.saved is None:
        raise UsageError("give a QUERY to search for, or --saved NAME")
    if args.query is not None and args.saved is not None:
        raise UsageError("give either a QUERY or --saved NAME, not both")


def result_document(result: SearchResult, types: list[str] | None, limit: int) -> dict[str, Any]:
    """The `search --json` document (its shape is in the README)."""
    return {
        "query": result.query,
        "types": types,
        "total": result.total,
        "total_exact": result.total_exact,
        "count": len(result.hits),
        "limit": limit,
        "results": [
            {
                "type": hit.record_type,
                "id": hit.record_id,
                "label": hit.label,
                "detail": hit.detail,
                "date": hit.date,
                "exact": hit.exact,
                "score": hit.score,
            }
            for hit in result.hits
        ],
        "facets": {
            name: [
                {"value": v.value, "label": v.label, "count": v.count, "term": v.term}
                for v in values
            ]
            for name, values in result.facets.items()
        },
        "facets_partial": result.facets_partial,
    }


def run_search(args: argparse.Namespace) -> int:
    _check(args)
    types = _types(args.type)
    with catalog_from(args):
        query = get_saved(args.saved).query if args.saved is not None else args.query
        try:
            result = search(query, types=types, limit=args.limit)
            if args.save:
                save_search(args.save, query)
        except QueryError as exc:
            raise UsageError(str(exc)) from None
    if args.json:
        print_json(result_document(result, types, args.limit))
    else:
        for hit in result.hits:
            print("\t".join([hit.record_type, str(hit.record_id), hit.label, hit.date or ""]))
        if not result.total_exact:
            print(
                f"archive-app: more than {result.total} found, the best {len(result.hits)} of "
                f"the first {result.total} shown (--limit N ranks more)",
                file=sys.stderr,
            )
        elif result.total > len(result.hits):
            print(
                f"archive-app: {result.total} found, the first {len(result.hits)} shown "
                f"(--limit N for more)",
                file=sys.stderr,
            )
    if args.save:
        print(f"archive-app: saved the search as {args.save!r}", file=sys.stderr)
    return EXIT_OK if result.total else EXIT_REFUSED
