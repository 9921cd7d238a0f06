"""`archive-app list TYPE [--json]` and `archive-app show TYPE ID [--json]`."""

from __future__ import annotations

import argparse
from typing import Any

from archive_app.catalog.models import RECORD_TYPES
from archive_app.catalog.serialize import describe, list_records
from archive_app.cli.common import UsageError, catalog_from, counting_number, print_json

TYPES = ", ".join(RECORD_TYPES)


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("list", help="list the records of one type")
    listing.add_argument("type", metavar="TYPE", help=f"one of: {TYPES}")
    listing.add_argument("--json", action="store_true", help="one JSON document (see README)")
    listing.set_defaults(run=run_list)

    show = subparsers.add_parser("show", help="show one record with its links and citations")
    show.add_argument("type", metavar="TYPE", help=f"one of: {TYPES}")
    show.add_argument("id", metavar="ID", help="the record's id")
    show.add_argument("--json", action="store_true", help="one JSON document (see README)")
    show.set_defaults(run=run_show)


def parse_record_type(name: str) -> str:
    aliases = {"photograph": "photo", "photos": "photo", "people": "person", "persons": "person"}
    name = aliases.get(name.lower(), name.lower().rstrip("s") if name.lower() != "tags" else "tag")
    if name not in RECORD_TYPES:
        raise UsageError(f"unknown record type {name!r}; use one of: {TYPES}")
    return name


def parse_record_id(text: str) -> int:
    return counting_number(text, "record id")


def _date_text(value: Any) -> str:
    return value["edtf"] if isinstance(value, dict) and "edtf" in value else ""


def _summary(record_type: str, record: dict[str, Any]) -> str:
    """One line per record for the text listing."""
    if record_type == "photo":
        parts = [record["accession_number"], record.get("title") or "", _date_text(record["date"])]
    elif record_type == "person":
        life = "–".join(_date_text(record[k]) for k in ("birth_date", "death_date"))
        parts = [record["name"], f"({life})" if life != "–" else ""]
    elif record_type == "event":
        parts = [_date_text(record["date"]), record["title"]]
    elif record_type == "source":
        parts = [record["title"], _date_text(record["issued"])]
    elif record_type == "citation":
        locator = " ".join(p for p in (record["locator_label"], record["locator"]) if p)
        parts = [record["source"]["name"], locator]
    else:
        parts = [record.get("name") or record.get("title") or ""]
    return "\t".join([str(record["id"]), *(p for p in parts if p)])


def run_list(args: argparse.Namespace) -> int:
    record_type = parse_record_type(args.type)
    with catalog_from(args):
        found = list_records(record_type)
    if args.json:
        print_json({"type": record_type, "count": len(found), "records": found})
    else:
        for record in found:
            print(_summary(record_type, record))
    return 0


def _print_text(record: dict[str, Any], indent: str = "") -> None:
    for key, value in record.items():
        if value in (None, [], {}, ""):
            continue
        if isinstance(value, dict) and "edtf" in value:
            print(f"{indent}{key}: {value['edtf']} ({value['earliest']} … {value['latest']})")
        elif isinstance(value, dict) and set(value) <= {"id", "name", "title"}:
            print(f"{indent}{key}: {value.get('name') or value.get('title')} (id {value['id']})")
        elif isinstance(value, list):
            print(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    _print_text(item, indent + "    ")
                    print(f"{indent}    --")
                else:
                    print(f"{indent}    {item}")
        elif isinstance(value, dict):
            print(f"{indent}{key}:")
            _print_text(value, indent + "    ")
        else:
            print(f"{indent}{key}: {value}")


def run_show(args: argparse.Namespace) -> int:
    record_type = parse_record_type(args.type)
    record_id = parse_record_id(args.id)
    with catalog_from(args):
        record = describe(record_type, record_id)
    if args.json:
        print_json({"type": record_type, "record": record})
    else:
        _print_text(record)
    return 0
