"""`archive-app export citations|catalog|bag|styles ...`: citation lists, catalogue exports and
BagIt packages, for the whole catalogue or what `--query` finds."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from archive_app.catalog.exports import json_export
from archive_app.catalog.exports.bag import make_bag
from archive_app.catalog.exports.csv_export import write_csv_folder
from archive_app.catalog.exports.dublin_core import dublin_core_xml
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.citation_lists import (
    archive_name_setting,
    bibliography,
    by_record,
    photo_citations,
)
from archive_app.catalog.sources.output import entries_output, notes_output
from archive_app.catalog.sources.selection import from_query
from archive_app.catalog.sources.styles import DEFAULT_STYLE, find_style, search_styles
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, UsageError, catalog_from

CITATION_FORMATS = ("text", "html", "rtf", "docx", "bibtex", "ris", "csl-json")
MACHINE_WRITERS = {"csl-json": csljson.dumps, "bibtex": bibtex.dumps, "ris": ris.dumps}
LISTS = ("bibliography", "by-record", "photos")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="citation lists, catalogue exports (CSV, JSON, Dublin Core) and BagIt"
    )
    kinds = parser.add_subparsers(dest="what", metavar="WHAT", parser_class=type(parser))
    kinds.required = True
    _register_citations(kinds)
    _register_styles(kinds)
    _register_catalog(kinds)
    _register_bag(kinds)


def _register_citations(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "citations",
        help="a citation list in any CSL style, or the sources as BibTeX, RIS or CSL-JSON",
        description="The bibliography of the sources cited by the catalogue (or by the records "
        "--query finds); --list by-record gives each record with its citations as notes; "
        "--list photos cites the photographs themselves as archival items.",
    )
    parser.add_argument("--query", metavar="Q", help="only the records this search finds")
    parser.add_argument(
        "--style",
        default=DEFAULT_STYLE,
        metavar="CSL_ID_OR_FILE",
        help=f"a CSL style id (default {DEFAULT_STYLE}; see 'export styles') or a .csl file",
    )
    parser.add_argument("--format", default="text", choices=CITATION_FORMATS)
    parser.add_argument("--list", default="bibliography", choices=LISTS, dest="list_kind")
    parser.add_argument(
        "--archive-name", help="the archive's name for --list photos (default: the setting)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE")
    parser.set_defaults(run=run_citations)


def _register_styles(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser("styles", help="list the CSL styles (the five top ones first)")
    parser.add_argument("words", nargs="*", help="only styles whose id or title has these words")
    parser.set_defaults(run=run_styles)


CATALOG_FORMATS = ("csv", "json", "dc-xml", "finding-aid-html", "finding-aid-pdf")


def _register_catalog(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "catalog",
        help="the catalogue as CSV files, JSON, Dublin Core XML or a finding aid",
        description="--format csv writes one file per record type into the folder -o names; "
        "json is the whole graph (records, links, regions, citations) that 'load' reads back.",
    )
    parser.add_argument("--query", metavar="Q", help="only the records this search finds")
    parser.add_argument("--format", required=True, choices=CATALOG_FORMATS)
    parser.add_argument("-o", "--output", metavar="FILE_OR_DIR", type=Path)
    parser.add_argument(
        "--archive-name", help="the archive's name (default: the catalogue's setting)"
    )
    parser.set_defaults(run=run_catalog)


def run_catalog(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.output is None:
        raise UsageError("--format csv writes one file per record type: give -o FOLDER")
    if args.format == "finding-aid-pdf" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format finding-aid-pdf writes a binary file: give -o FILE.pdf")
    with catalog_from(args) as catalog:
        selection = from_query(args.query)
        name = args.archive_name if args.archive_name is not None else archive_name_setting()
        if args.format == "csv":
            written = write_csv_folder(args.output, selection)
            print(f"wrote {len(written)} CSV files into {args.output}")
            return EXIT_OK
        if args.format == "json":
            content: str | bytes = json_export.dumps(json_export.graph(selection))
        elif args.format == "dc-xml":
            content = dublin_core_xml(selection, name)
        else:
            from archive_app.catalog.exports import finding_aid

            build = (
                finding_aid.finding_aid_html
                if args.format == "finding-aid-html"
                else finding_aid.finding_aid_pdf
            )
            content = build(selection, catalog, name)
    write_output(content, args.output)
    return EXIT_OK


def _register_bag(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "bag",
        help="a BagIt package: the image files plus JSON, CSV and Dublin Core metadata",
        description="DIR must be new or empty. Exit status 1 when an image file is missing "
        "(the bag is made without it and names it in bag-info.txt).",
    )
    parser.add_argument("dir", metavar="DIR", type=Path)
    parser.add_argument("--query", metavar="Q", help="only the records this search finds")
    parser.add_argument(
        "--archive-name", help="the archive's name (default: the catalogue's setting)"
    )
    parser.set_defaults(run=run_bag)


def run_bag(args: argparse.Namespace) -> int:
    with catalog_from(args):
        selection = from_query(args.query)
        name = args.archive_name if args.archive_name is not None else archive_name_setting()
        report = make_bag(args.dir, selection, name)
    print(f"made the bag {report.path} with {report.files} image file(s)")
    for accession in report.missing:
        print(f"missing file, not in the bag: {accession}", file=sys.stderr)
    return EXIT_REFUSED if report.missing else EXIT_OK


def write_output(content: str | bytes, output: Path | None) -> None:
    """Write to a file (complete or not at all: a temporary file renamed into place), or to
    standard output."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        if isinstance(content, str):
            sys.stdout.write(content)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        return
    folder = output.expanduser().resolve().parent
    if not folder.is_dir():
        raise UsageError(f"folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_citations(args: argparse.Namespace) -> int:
    if args.format == "docx" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format docx writes a binary file: give -o FILE.docx")
    machine = args.format in MACHINE_WRITERS
    style = None if machine else find_style(args.style)
    with catalog_from(args):
        selection = from_query(args.query)
        if machine:
            content: str | bytes = MACHINE_WRITERS[args.format](
                csljson.source_items(selection.cited_source_ids())
            )
        elif args.list_kind == "by-record":
            content = notes_output(by_record(selection, style), args.format)
        elif args.list_kind == "photos":
            name = args.archive_name if args.archive_name is not None else archive_name_setting()
            content = entries_output(photo_citations(selection, style, name), args.format)
        else:
            content = entries_output(bibliography(selection, style), args.format)
    write_output(content, args.output)
    return EXIT_OK


def run_styles(args: argparse.Namespace) -> int:
    for style_id, title in search_styles(" ".join(args.words)):
        print(f"{style_id}\t{title}")
    return EXIT_OK
