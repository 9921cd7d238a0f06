"""The IIIF export checked against the official Presentation 3 JSON schema of the IIIF
presentation validator (github.com/IIIF/presentation-validator, `schema/iiif_3_0.json`).

    python bench/conformance_iiif.py --schema PATH/iiif_3_0.json [--catalog PATH] [--query Q]

Runs on request only, never in `make test`: that repository carries no licence, so its schema is
not copied into this one; give the file from a checkout of it. Without --catalog the demo
catalogue is seeded in a temporary folder. Every manifest and collection of the export is
validated (Draft 7, as the validator does); each error is printed with its path, and the exit
status is 1 when any was found. A defect found here becomes a small test in tests/exchange.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from jsonschema import Draft7Validator

from archive_app.catalog.database import open_catalog
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.exchange.iiif_export import export_iiif
from archive_app.catalog.sources.selection import from_query


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", type=Path, required=True)
    parser.add_argument("--catalog")
    parser.add_argument("--query")
    args = parser.parse_args()
    validator = Draft7Validator(json.loads(args.schema.read_text("utf-8")))
    with tempfile.TemporaryDirectory() as work:
        catalog = open_catalog(args.catalog or Path(work) / "demo.db")
        if not args.catalog:
            seed_demo(catalog)
        report = export_iiif(
            from_query(args.query), Path(work) / "site", "https://example.org/iiif"
        )
        catalog.close()
        documents = [p for p in Path(work, "site").rglob("*.json") if p.name != "info.json"]
        failures = 0
        for path in sorted(documents):
            errors = list(validator.iter_errors(json.loads(path.read_text("utf-8"))))
            failures += len(errors)
            status = "ok" if not errors else f"{len(errors)} error(s)"
            print(f"{path.relative_to(Path(work, 'site'))}: {status}")
            for error in errors:
                where = "/".join(str(p) for p in error.absolute_path)
                print(f"  {where}: {error.message[:200]}")
    print(f"{report.manifests} manifest(s), {report.collections} collection(s), "
          f"{len(documents)} document(s) validated, {failures} error(s)")  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
