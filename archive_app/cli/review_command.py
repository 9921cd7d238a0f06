"""`archive-app review KEY --note TEXT`: mark a finding of `check` as looked at, with the reason
it stands; it stays quiet until a record or citation under it changes."""

from __future__ import annotations

import argparse

from archive_app.catalog.checks import review_finding, run_checks
from archive_app.catalog.checks.rules import RULES_BY_NAME
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, catalog_from, fail, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review",
        help="mark a finding of `check` reviewed, with a note",
        description="KEY is a finding's key, as `check` and `check --json` print it.",
    )
    parser.add_argument("key", metavar="KEY")
    parser.add_argument("--note", required=True, help="why the finding stands")
    parser.add_argument("--json", action="store_true", help="the review as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args):
        rule = args.key.split(":", 1)[0]
        # only the finding's own rule runs (every rule would read the whole catalogue)
        rules = [rule] if rule in RULES_BY_NAME else []
        findings = run_checks(fixity=rule == "fixity", rules=rules, include_reviewed=True)
        finding = next((f for f in findings if f.key == args.key), None)
        if finding is None:
            return fail(
                f"no finding has the key {args.key!r}; `archive-app check` lists the keys",
                EXIT_REFUSED,
            )
        review = review_finding(finding.key, finding.fingerprint, args.note)
    if args.json:
        print_json({"key": review.key, "note": review.note, "who": review.who, "at": review.at})
    else:
        print(f"reviewed {review.key}: {review.note}")
    return EXIT_OK
