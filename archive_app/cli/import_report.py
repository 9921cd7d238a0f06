"""How `import-gedcom` and `import-tropy` report an import: its JSON document, or what it made
and matched on stdout and each refusal and warning on stderr; exit status 1 when one was refused."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, print_json

if TYPE_CHECKING:
    from archive_app.catalog.exchange.gedcom_import import GedcomImportReport
    from archive_app.catalog.exchange.tropy_import import TropyImportReport


def print_import_report(
    report: GedcomImportReport | TropyImportReport, imported: str, as_json: bool
) -> int:
    """`imported` names what was read ("Tropy project 'Album'") on the first line."""
    if as_json:
        print_json(report.as_json())
    else:
        created = report.counted("created")
        matched = report.counted("matched")
        print(f"imported {imported} ({report.format}): created {created or 'nothing'}")
        if matched:
            print(f"matched in the catalogue: {matched}")
        for refusal in report.refused:
            print(f"refused {refusal['record']}: {refusal['reason']}", file=sys.stderr)
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return EXIT_REFUSED if report.refused else EXIT_OK
