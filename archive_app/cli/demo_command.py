"""`archive-app demo [--reset]`: seed the demo catalogue (the Vlasov article)."""

from __future__ import annotations

import argparse

from archive_app.catalog.demo import demo_is_seeded, reset_demo, seed_demo
from archive_app.cli.common import catalog_from


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="seed the demo catalogue (the Vlasov article)",
        description="Add the demo records to the catalogue. Your own records are never touched.",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="remove the demo records (and edits made to them) and seed them again",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args) as catalog:
        already = demo_is_seeded()
        counts = reset_demo(catalog) if args.reset else seed_demo(catalog)
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        if already and not args.reset:
            print(f"the demo is already in {catalog.location} ({summary}); use --reset to renew it")
        else:
            print(f"seeded the demo into {catalog.location}: {summary}")
    return 0
