"""`archive-app add TYPE name=value…`, `edit TYPE ID name=value…` and `delete TYPE ID [--yes]`:
records created, changed and deleted from the command line, each in one transaction, through
the same catalogue functions as the GUI's editors (records.create, update, delete).

`edit` refuses a record someone else saved since the version given with `--version` (the
`version` that `show --json` prints); without it, the version read just before is used. `delete`
says what would go with the record and deletes only with `--yes`.
"""

from __future__ import annotations

import argparse

from archive_app.catalog import records, snapshot
from archive_app.catalog.errors import DeleteRefused
from archive_app.catalog.field_text import values_from_text
from archive_app.catalog.serialize import describe, get_record, label
from archive_app.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    catalog_from,
    fail,
    print_json,
)
from archive_app.cli.record_command import TYPES, parse_record_id, parse_record_type

FIELDS_HELP = (
    "fields as name=value (quote values with spaces; an empty value clears the field); "
    "references are record ids (place=3, collection=2; a citation takes source= and the record "
    "or link it supports: event=4, photo_person=7)"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    add = subparsers.add_parser("add", help="create a record from name=value fields")
    add.add_argument("type", metavar="TYPE", help=f"one of: {TYPES}")
    add.add_argument("fields", metavar="FIELD=VALUE", nargs="+", help=FIELDS_HELP)
    add.add_argument("--json", action="store_true", help="the new record, as `show --json`")
    add.set_defaults(run=run_add)

    edit = subparsers.add_parser("edit", help="change fields of a record")
    edit.add_argument("type", metavar="TYPE", help=f"one of: {TYPES}")
    edit.add_argument("id", metavar="ID", help="the record's id")
    edit.add_argument("fields", metavar="FIELD=VALUE", nargs="+", help=FIELDS_HELP)
    edit.add_argument(
        "--version",
        type=int,
        metavar="N",
        help="the version you read (show --json); refused if the record changed since",
    )
    edit.add_argument("--json", action="store_true", help="the record after, as `show --json`")
    edit.set_defaults(run=run_edit)

    delete = subparsers.add_parser(
        "delete", help="delete a record (says what goes with it; deletes with --yes)"
    )
    delete.add_argument("type", metavar="TYPE", help=f"one of: {TYPES}")
    delete.add_argument("id", metavar="ID", help="the record's id")
    delete.add_argument("--yes", action="store_true", help="delete; without it nothing changes")
    delete.add_argument("--json", action="store_true", help="one JSON document (see README)")
    delete.set_defaults(run=run_delete)


def _report(args: argparse.Namespace, verb: str, record_type: str, record_id: int) -> None:
    if args.json:
        print_json({"type": record_type, "record": describe(record_type, record_id)})
        return
    record = get_record(record_type, record_id)
    name = label(record) or ""
    print(f"{verb} {record_type} {record_id} (version {record.version}): {name}".rstrip())


def run_add(args: argparse.Namespace) -> int:
    record_type = parse_record_type(args.type)
    with catalog_from(args):
        values = values_from_text(record_type, args.fields)
        record = records.create(record_type, **values)
        _report(args, "created", record_type, record.id)
    return EXIT_OK


def run_edit(args: argparse.Namespace) -> int:
    record_type = parse_record_type(args.type)
    record_id = parse_record_id(args.id)
    with catalog_from(args):
        values = values_from_text(record_type, args.fields)
        version = args.version
        if version is None:
            version = get_record(record_type, record_id).version
        if version < 1:
            raise UsageError(f"--version {version} must be 1 or more")
        records.update(record_type, record_id, version, **values)
        _report(args, "changed", record_type, record_id)
    return EXIT_OK


def run_delete(args: argparse.Namespace) -> int:
    record_type = parse_record_type(args.type)
    record_id = parse_record_id(args.id)
    with catalog_from(args):
        record = get_record(record_type, record_id)
        refusal = records.refusal_to_delete(record)
        if refusal:
            raise DeleteRefused(refusal)
        name = label(record) or ""
        goes = snapshot.capture(record).describe()
        if args.yes:
            records.delete(record_type, record_id)
    if args.json:
        print_json(
            {
                "type": record_type,
                "id": record_id,
                "label": name,
                "deleted": bool(args.yes),
                "with_it": goes,
            }
        )
    else:
        verb = "deleted" if args.yes else "would delete"
        print(f"{verb} {record_type} {record_id}: {name}".rstrip())
        if goes:
            print("with it: " + ", ".join(f"{n} {table}" for table, n in goes.items()))
    if not args.yes:
        return fail("nothing was deleted; add --yes to delete", EXIT_REFUSED)
    return EXIT_OK
