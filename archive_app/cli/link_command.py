"""`archive-app link KIND ID ID [--role R] [--region X,Y,W,H] [--note N]` and
`archive-app unlink KIND LINK_ID`: a photograph shows a person (where, in fractions of the
image) or an event, a person takes part in an event; and a link removed with its citations.

The new link's id is printed (and is `id` in `--json`): `add citation source=1 photo_person=ID`
then cites the source for it.
"""

from __future__ import annotations

import argparse
import math

from archive_app.catalog import links
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.serialize import region_dict
from archive_app.cli.common import EXIT_OK, UsageError, catalog_from, print_json
from archive_app.cli.record_command import parse_record_id

KINDS = {
    "photo-person": ("photo_person", "PHOTO_ID PERSON_ID"),
    "photo-event": ("photo_event", "PHOTO_ID EVENT_ID"),
    "person-event": ("person_event", "PERSON_ID EVENT_ID"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    kinds = ", ".join(f"{kind} {ids}" for kind, (_, ids) in KINDS.items())
    link = subparsers.add_parser(
        "link", help="link two records: photo-person, photo-event or person-event"
    )
    link.add_argument("kind", metavar="KIND", help=f"one of: {kinds}")
    link.add_argument("first", metavar="ID", help="the photograph (or, for person-event, person)")
    link.add_argument("second", metavar="ID", help="the person or event")
    link.add_argument("--role", help="the person's role (photo-person, person-event)")
    link.add_argument(
        "--region",
        metavar="X,Y,W,H",
        help="where the person stands, in fractions of the image: 0.1,0.2,0.3,0.6",
    )
    link.add_argument("--note", help="a note on the link (photo-event)")
    link.add_argument("--json", action="store_true", help="one JSON document (see README)")
    link.set_defaults(run=run_link)

    unlink = subparsers.add_parser("unlink", help="remove a link and the citations on it")
    unlink.add_argument("kind", metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    unlink.add_argument("id", metavar="LINK_ID", help="the link's id (as `show` lists it)")
    unlink.set_defaults(run=run_unlink)


def _kind(text: str) -> str:
    kind = text.lower().replace("_", "-")
    if kind not in KINDS:
        raise UsageError(f"unknown link kind {text!r}; use one of: {', '.join(KINDS)}")
    return kind


def parse_region(text: str) -> links.Region:
    parts = text.split(",")
    if len(parts) != 4:
        raise InvalidField("region", "write it as X,Y,W,H in fractions of the image (0 to 1)")
    try:
        x, y, w, h = (float(part) for part in parts)
    except ValueError:
        raise InvalidField("region", f"{text!r} holds something that is not a number") from None
    if not all(math.isfinite(v) for v in (x, y, w, h)):
        raise InvalidField("region", "is not a number")
    return links.Region(x, y, w, h).validate()


def _refuse(kind: str, option: str) -> None:
    raise UsageError(f"{option} does not apply to a {kind} link")


def run_link(args: argparse.Namespace) -> int:
    kind = _kind(args.kind)
    first, second = parse_record_id(args.first), parse_record_id(args.second)
    if args.region is not None and kind != "photo-person":
        _refuse(kind, "--region")
    if args.role is not None and kind == "photo-event":
        _refuse(kind, "--role")
    if args.note is not None and kind != "photo-event":
        _refuse(kind, "--note")
    region = parse_region(args.region) if args.region is not None else None
    role = " ".join(args.role.split()) or None if args.role is not None else None
    with catalog_from(args):
        if kind == "photo-person":
            if region is None:
                made = links.depict(first, second, None, role or "depicted")
            else:  # onto the pair's link without a region, as the desktop program does
                made = links.mark_person(first, second, region, role or "depicted")
        elif kind == "photo-event":
            made = links.show_event(first, second, args.note)
        else:
            made = links.take_part(first, second, role)
    document = {"kind": KINDS[kind][0], "id": made.id, "first": first, "second": second}
    if kind != "photo-event":
        document["role"] = made.role
    if kind == "photo-person":
        document["region"] = region_dict(made)
    if args.json:
        print_json(document)
    else:
        print(f"linked {kind} {made.id}: {first} and {second}")
    return EXIT_OK


def run_unlink(args: argparse.Namespace) -> int:
    kind = _kind(args.kind)
    link_id = parse_record_id(args.id)
    with catalog_from(args):
        links.unlink(KINDS[kind][0], link_id)
    print(f"removed {kind} link {link_id}")
    return EXIT_OK
