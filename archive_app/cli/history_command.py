"""`archive-app history [TYPE ID] [--since DATE] [--limit N] [--json]`, `archive-app revert
CHANGE_ID [--json]` and `archive-app journal prune --before DATE | size`: reading the journal
that every change writes (catalog/journal.py), undoing one change as a new change, and keeping
the journal's size in hand."""

from __future__ import annotations

import argparse
import json
from typing import Any

from archive_app.catalog import journal
from archive_app.catalog.changes import ChangeSet, shown_time
from archive_app.cli.common import EXIT_OK, UsageError, catalog_from, counting_number, print_json

#: how a value is shown in the text history (longer ones are cut)
_SHOWN_LENGTH = 60


def register(subparsers: argparse._SubParsersAction) -> None:
    history = subparsers.add_parser(
        "history", help="what changed, when and by whom (the journal), newest first"
    )
    history.add_argument("type", metavar="TYPE", nargs="?", help="a record or link type")
    history.add_argument("id", metavar="ID", nargs="?", help="the record's id")
    history.add_argument("--since", metavar="DATE", help="only changes on or after DATE")
    history.add_argument("--limit", type=int, metavar="N", help="only the N newest changes")
    history.add_argument("--json", action="store_true", help="one JSON document (see README)")
    history.set_defaults(run=run_history)

    revert = subparsers.add_parser(
        "revert", help="undo one change (as a new change); refused if later changes touched it"
    )
    revert.add_argument("change", metavar="CHANGE_ID", help="the change's number (history)")
    revert.add_argument("--json", action="store_true", help="one JSON document (see README)")
    revert.set_defaults(run=run_revert)

    kept = subparsers.add_parser("journal", help="the journal's size, and pruning old changes")
    actions = kept.add_subparsers(dest="action", metavar="ACTION", required=True)
    prune = actions.add_parser("prune", help="forget changes older than DATE")
    prune.add_argument("--before", required=True, metavar="DATE", help="YYYY-MM-DD")
    prune.add_argument("--json", action="store_true", help="one JSON document (see README)")
    prune.set_defaults(run=run_prune)
    size = actions.add_parser("size", help="how many changes the journal holds")
    size.add_argument("--json", action="store_true", help="one JSON document (see README)")
    size.set_defaults(run=run_size)


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def _row_lines(row: journal.RowChange) -> list[str]:
    head = f"  {row.action} {row.record_type} {row.record_id}"
    if row.action != "changed":
        values = (row.after if row.action == "created" else row.before) or {}
        shown = [f"{k}={_shown(values[k])}" for k in row.fields if values.get(k) is not None]
        return [head + (": " + ", ".join(shown) if shown else "")]
    lines = [head]
    for name in row.fields:
        before = (row.before or {}).get(name)
        after = (row.after or {}).get(name)
        lines.append(f"    {name}: {_shown(before)} → {_shown(after)}")
    return lines


def run_history(args: argparse.Namespace) -> int:
    if args.id is not None and args.type is None:
        raise UsageError("give a record type with the id (history person 7)")
    record_id = counting_number(args.id, "record id") if args.id is not None else None
    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit {args.limit} must be 1 or more")
    record_type = args.type.lower().replace("-", "_") if args.type else None
    with catalog_from(args):
        entries = journal.history(record_type, record_id, since=args.since, limit=args.limit)
    if args.json:
        print_json({"changes": [entry.as_json() for entry in entries]})
        return EXIT_OK
    for entry in entries:
        print(f"change {entry.id}  {shown_time(entry.at)}  {entry.who}  {entry.label}")
        for row in entry.rows:
            for line in _row_lines(row):
                print(line)
    if not entries:
        print("no changes")
    return EXIT_OK


def change_set_json(change_set: ChangeSet) -> dict[str, Any]:
    def ids(by_type: dict[str, set[int]]) -> dict[str, list[int]]:
        return {t: sorted(v) for t, v in sorted(by_type.items())}

    return {
        "change": change_set.change_id,
        "label": change_set.label,
        "who": change_set.who,
        "at": change_set.at,
        "created": ids(change_set.created),
        "changed": ids(change_set.changed),
        "deleted": ids(change_set.deleted),
    }


def run_revert(args: argparse.Namespace) -> int:
    change_id = counting_number(args.change, "change")
    with catalog_from(args):
        done = journal.revert(change_id)
    if args.json:
        print_json({"reverted": change_id, **change_set_json(done)})
    else:
        print(f"reverted change {change_id}: {done.label}")
    return EXIT_OK


def run_prune(args: argparse.Namespace) -> int:
    with catalog_from(args):
        removed = journal.prune(args.before)
        left = journal.size()
    if args.json:
        print_json({"removed": removed, **left})
    else:
        print(f"forgot {removed} change(s) from before {args.before}; {left['entries']} kept")
    return EXIT_OK


def run_size(args: argparse.Namespace) -> int:
    with catalog_from(args):
        found = journal.size()
    if args.json:
        print_json(found)
    else:
        span = f", {found['oldest']} to {found['newest']}" if found["entries"] else ""
        print(f"{found['entries']} change(s), {found['rows']} row(s){span}")
    return EXIT_OK
