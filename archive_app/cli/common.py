"""What every command shares: opening the catalogue, printing JSON, reporting errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from archive_app.catalog.database import Catalog, open_catalog
from archive_app.catalog.errors import CatalogError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class UsageError(CatalogError):
    """The command was called wrongly (exit status 2)."""


def counting_number(text: str, what: str) -> int:
    """`text` as a whole number of 1 or more (a record id, a change), or a UsageError naming
    `what` it was meant to be."""
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a whole number") from None
    if value < 1:
        raise UsageError(f"{what} {value} must be 1 or more")
    return value


def fail(message: str, status: int) -> int:
    one_line = " ".join(str(message).split())
    print(f"archive-app: {one_line}", file=sys.stderr)
    return status


def catalog_from(args: argparse.Namespace) -> Catalog:
    """Open the catalogue the global --catalog option (or the environment) names."""
    catalog = open_catalog(args.catalog)
    if catalog.upgrade_notice:
        print(f"archive-app: {catalog.upgrade_notice}", file=sys.stderr)
    return catalog


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
