"""`archive-app check [--fixity] [--all] [--rule NAME]… [--json]`: the database, the files and
the evidence, with the citations on each side of every finding."""

from __future__ import annotations

import argparse
import sys
import threading

from archive_app.catalog.checks import Cancelled, Finding, run_checks
from archive_app.catalog.checks.export import findings_document
from archive_app.catalog.checks.rules import RULES, RULES_BY_NAME
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, catalog_from, fail, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    rules = ", ".join(f"{r.name}{'' if r.on_by_default else ' (off by default)'}" for r in RULES)
    parser = subparsers.add_parser(
        "check",
        help="check the database, the image files and the consistency of the evidence",
        description=f"Exit status 1 when anything is found. Rules: {rules}.",
    )
    parser.add_argument(
        "--fixity",
        action="store_true",
        help="hash every file again (in parallel) and compare with its recorded SHA-256",
    )
    parser.add_argument(
        "--all", action="store_true", help="list reviewed findings too, with their reviews"
    )
    parser.add_argument(
        "--rule",
        action="append",
        metavar="NAME",
        help="run only this rule of the evidence (repeatable; also turns on rules that are "
        "off by default, such as uncited-link)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.set_defaults(run=run)


class _Progress:
    """A line on stderr that says how far fixity has come; Ctrl-C cancels."""

    def __init__(self, shown: bool) -> None:
        self.shown, self.done, self.total, self.step = shown, 0, 0, 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        percent = done * 100 // max(total, 1)
        if self.shown and (percent > self.step or done == total):
            self.step = percent
            print(f"\rfixity: {done:,} of {total:,} files ({percent}%)", end="", file=sys.stderr)
            if done == total:
                print(file=sys.stderr)


def _print_finding(finding: Finding) -> None:
    print(f"{finding.severity}: {finding.check}: {finding.message}")
    print(f"    key: {finding.key}")
    for side in finding.sides:
        print(f"    • {side.claim}")
        for c in side.citations:
            where = " ".join(x for x in (c["locator_label"] or "", c["locator"] or "") if x)
            said = f": {c['text']}" if c["text"] else ""
            print(f"        {c['source']}, {where} (confidence {c['confidence']}){said}")
        if not side.citations and finding.check not in ("missing-file", "fixity", "integrity"):
            print("        (no citation)")
    if finding.review:
        state = "reviewed" if finding.review["current"] else "changed since it was reviewed"
        print(f"    {state} by {finding.review['who']} at {finding.review['at']}: "
              f"{finding.review['note']}")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    progress = _Progress(shown=args.fixity and not args.json)
    cancel = threading.Event()
    rules = args.rule if args.rule else None
    unknown = [name for name in rules or [] if name not in RULES_BY_NAME]
    if unknown:
        return fail(f"no rule named {unknown[0]!r} (rules: {', '.join(RULES_BY_NAME)})", EXIT_USAGE)
    with catalog_from(args):
        try:
            findings = run_checks(
                fixity=args.fixity,
                rules=rules,
                include_reviewed=True,
                progress=progress,
                cancel=cancel,
            )
        except KeyboardInterrupt:
            return fail(f"fixity check cancelled after {progress.done:,} of "
                        f"{progress.total:,} files; nothing was changed", EXIT_REFUSED)  # fmt: skip
        except Cancelled as exc:
            return fail(f"fixity check {exc}", EXIT_REFUSED)
    open_findings = [f for f in findings if not (f.review and f.review["current"])]
    if args.json:
        print_json(findings_document(findings, show_reviewed=args.all))
    else:
        for finding in findings if args.all else open_findings:
            _print_finding(finding)
        quiet = len(findings) - len(open_findings)
        also = f" ({quiet} reviewed, listed by --all)" if quiet and not args.all else ""
        print(("no problems found" if not open_findings else f"{len(open_findings)} finding(s)")
              + also)  # fmt: skip
    return EXIT_REFUSED if open_findings else EXIT_OK
