"""`archive-app export citations|catalog|bag|styles ...`: citation lists, catalogue exports and
BagIt packages, for the whole catalogue or what `--query` finds."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exchange.catalog_formats import (
    BINARY_FORMATS,
    EXCHANGE_FORMATS,
    exchange_export,
)
from archive_app.catalog.exports import finding_aid, json_export
from archive_app.catalog.exports.bag import BagError, check_target, make_bag
from archive_app.catalog.exports.csv_export import write_csv_folder
from archive_app.catalog.exports.dublin_core import dublin_core_xml
from archive_app.catalog.search.query import QueryError
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.citation_lists import (
    archive_name_setting,
    bibliography,
    by_record,
    photo_citations,
)
from archive_app.catalog.sources.output import entries_output, notes_output
from archive_app.catalog.sources.selection import Selection, from_query
from archive_app.catalog.sources.styles import (
    DEFAULT_STYLE,
    check_locale,
    find_style,
    search_styles,
)
from archive_app.cli.common import EXIT_OK, EXIT_REFUSED, UsageError, catalog_from, print_json
from archive_app.cli.iiif_export import register_iiif

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
    _register_finding_aid(kinds)
    register_iiif(kinds)


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
    parser.add_argument(
        "--locale",
        metavar="LANG",
        help="the language of the style's terms and dates, e.g. de-DE (default: the style's "
        "own default-locale, else en-US)",
    )
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


CATALOG_FORMATS = (
    "csv",
    "json",
    "dc-xml",
    "finding-aid-html",
    "finding-aid-pdf",
    *EXCHANGE_FORMATS,
)


def _register_catalog(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "catalog",
        help="the catalogue as CSV, JSON, Dublin Core, finding aid, GEDCOM, EAD3 or EAC-CPF",
        description="--format csv writes one file per record type into the folder -o names; "
        "json is the whole graph (records, links, regions, citations) that 'load' reads back; "
        "gedcom is GEDCOM 5.5.1, gedcom7 GEDCOM 7, gedzip GEDCOM 7 with the image files; "
        "ead3 an EAD3 finding aid; eac-cpf a ZIP of EAC-CPF records, one per person.",
    )
    parser.add_argument("--query", metavar="Q", help="only the records this search finds")
    parser.add_argument("--format", required=True, choices=CATALOG_FORMATS)
    parser.add_argument("-o", "--output", metavar="FILE_OR_DIR", type=Path)
    parser.add_argument(
        "--archive-name", help="the archive's name (default: the catalogue's setting)"
    )
    parser.add_argument(
        "--json", action="store_true", help="with -o: a JSON report of what was written"
    )
    parser.set_defaults(run=run_catalog)


def run_catalog(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.output is None:
        raise UsageError("--format csv writes one file per record type: give -o FOLDER")
    if args.json and args.output is None:
        raise UsageError("--json reports on the file written: give -o FILE")
    check_destination(args.output, folder=args.format == "csv")
    binary = args.format == "finding-aid-pdf" or args.format in BINARY_FORMATS
    if binary and args.output is None and sys.stdout.isatty():
        raise UsageError(f"--format {args.format} writes a binary file: give -o FILE")
    with catalog_from(args) as catalog:
        selection = _selection(args.query)
        name = args.archive_name if args.archive_name is not None else archive_name_setting()
        if args.format in EXCHANGE_FORMATS:
            return _write_exchange(args, selection, name)
        if args.format == "csv":
            written = write_csv_folder(args.output, selection)
            print(f"wrote {len(written)} CSV files into {args.output}")
            return EXIT_OK
        if args.format == "json":
            content: str | bytes = json_export.dumps(json_export.graph(selection))
        elif args.format == "dc-xml":
            content = dublin_core_xml(selection, name)
        else:
            aid = finding_aid.outline(selection, catalog, name)
            content = finding_aid.render(aid, args.format.removeprefix("finding-aid-"))
    write_output(content, args.output)
    return EXIT_OK


def _write_exchange(args: argparse.Namespace, selection: Selection, name: str) -> int:
    export = exchange_export(args.format, selection, name)
    write_output(export.content, args.output)
    if args.json:
        print_json(
            {
                "format": args.format,
                "output": str(args.output),
                "counts": export.counts,
                "missing_files": export.missing_files,
            }
        )
    elif args.output is not None:
        counts = ", ".join(f"{count} {what}" for what, count in export.counts.items())
        print(f"wrote {args.output} ({counts})")
    for accession in export.missing_files:
        print(f"missing file, not in the export: {accession}", file=sys.stderr)
    return EXIT_REFUSED if export.missing_files else EXIT_OK


def _register_finding_aid(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "finding-aid",
        help="a printable finding aid (HTML or PDF) with thumbnails, grouped by collection",
        description="The photographs (all, or those --query finds) arranged by collection "
        "(fonds › series › file), each with its thumbnail, accession number, title, date, "
        "people, events and citations; the archive's name from the catalogue's settings in "
        "the heading. The format follows OUT's extension unless --format says otherwise.",
    )
    parser.add_argument(
        "output", metavar="OUT", type=Path, help="the file to write (.html or .pdf)"
    )
    parser.add_argument("--query", metavar="Q", help="only the photographs this search finds")
    parser.add_argument("--format", choices=finding_aid.FORMATS, help="html or pdf")
    parser.add_argument(
        "--style",
        default=DEFAULT_STYLE,
        metavar="CSL_ID_OR_FILE",
        help=f"the CSL style of the citations (default {DEFAULT_STYLE})",
    )
    parser.add_argument(
        "--archive-name", help="the archive's name (default: the catalogue's setting)"
    )
    parser.set_defaults(run=run_finding_aid)


def run_finding_aid(args: argparse.Namespace) -> int:
    check_destination(args.output)
    fmt = args.format or finding_aid.SUFFIXES.get(args.output.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"cannot tell the format from {args.output.name!r}: name it .html or .pdf, "
            "or give --format html|pdf"
        )
    style = find_style(args.style)
    with catalog_from(args) as catalog:
        selection = _selection(args.query)
        name = args.archive_name if args.archive_name is not None else archive_name_setting()
        aid = finding_aid.outline(selection, catalog, name, style)
    write_output(finding_aid.render(aid, fmt), args.output)
    without = sum(1 for group in aid.groups for item in group.items if item.thumbnail is None)
    images = f", {without} without a readable image" if without else ""
    print(
        f"wrote the finding aid of {aid.count} photograph(s) in {len(aid.groups)} group(s)"
        f"{images} to {args.output}"
    )
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
    try:
        check_target(args.dir.expanduser().resolve())
    except BagError as exc:
        raise UsageError(str(exc)) from None
    with catalog_from(args):
        selection = _selection(args.query)
        name = args.archive_name if args.archive_name is not None else archive_name_setting()
        report = make_bag(args.dir, selection, name)
    print(f"made the bag {report.path} with {report.files} image file(s)")
    for accession in report.missing:
        print(f"missing file, not in the bag: {accession}", file=sys.stderr)
    for accession in report.unverified:
        print(f"file does not match its SHA-256, not in the bag: {accession}", file=sys.stderr)
    return EXIT_REFUSED if report.left_out else EXIT_OK


def _selection(query: str | None) -> Selection:
    """What --query finds (everything without it); a malformed query is bad usage."""
    try:
        return from_query(query)
    except QueryError as exc:
        raise UsageError(f"--query: {exc}") from None


def check_destination(output: Path | None, folder: bool = False) -> None:
    """Refuse a destination that cannot be written before any work is done (bad usage): a
    folder where a file is asked for, a file where a folder is, a parent that does not exist."""
    if output is None:
        return
    target = output.expanduser()
    if folder and target.exists() and not target.is_dir():
        raise UsageError(f"{output} is a file: give a folder for the CSV files")
    if not folder and target.is_dir():
        raise UsageError(f"{output} is a folder: give the name of the file to write")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"folder {parent} does not exist")


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
    check_destination(output)
    target = output.expanduser()
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.resolve().parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise CatalogError(f"cannot write {output}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide it from others
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CatalogError(f"cannot write {output}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def run_citations(args: argparse.Namespace) -> int:
    if args.format == "docx" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format docx writes a binary file: give -o FILE.docx")
    check_destination(args.output)
    machine = args.format in MACHINE_WRITERS
    style = None if machine else find_style(args.style)
    lang = check_locale(args.locale)
    with catalog_from(args):
        selection = _selection(args.query)
        if machine:
            content: str | bytes = MACHINE_WRITERS[args.format](
                csljson.source_items(selection.cited_source_ids())
            )
        elif args.list_kind == "by-record":
            content = notes_output(by_record(selection, style, lang), args.format)
        elif args.list_kind == "photos":
            name = args.archive_name if args.archive_name is not None else archive_name_setting()
            made = photo_citations(selection, style, name, lang)
            content = entries_output(made, args.format)
        else:
            content = entries_output(bibliography(selection, style, lang), args.format)
    write_output(content, args.output)
    return EXIT_OK


def run_styles(args: argparse.Namespace) -> int:
    for style_id, title in search_styles(" ".join(args.words)):
        print(f"{style_id}\t{title}")
    return EXIT_OK
