"""`archive-app gui` (the default): open the desktop program. A catalogue created by this
start is seeded with the demo, so a first run shows something real."""

from __future__ import annotations

import argparse

from archive_app.catalog.demo import seed_demo
from archive_app.cli.common import catalog_from


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop program (the default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with catalog_from(args) as catalog:
        if catalog.created:
            seed_demo(catalog)
        location = catalog.location
    from archive_app.gui.app import run_gui  # Qt loads only when the GUI is wanted

    return run_gui(location)
