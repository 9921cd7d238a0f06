"""The work behind the export dialog, run in a pool thread: citation lists formatted by the
catalogue's citation layer, and catalogue exports written to disk.

Both read the catalogue, so each job uses its pool thread's own connection (Peewee opens one per
thread) and closes it when done. The functions here are plain Python, the same calls the command
line makes (`archive_app/cli/export_command.py`), so what the dialog shows is what
`archive-app export` prints; the jobs only carry their results back to the GUI thread with
signals and turn any failure into one line.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_app.catalog.database import Catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exchange.catalog_formats import EXCHANGE_FORMATS, exchange_export
from archive_app.catalog.exports import json_export
from archive_app.catalog.exports.bag import make_bag
from archive_app.catalog.exports.csv_export import write_csv_folder
from archive_app.catalog.exports.dublin_core import dublin_core_xml
from archive_app.catalog.exports.finding_aid import finding_aid_html, finding_aid_pdf
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.citation_lists import bibliography, by_record, photo_citations
from archive_app.catalog.sources.output import entries_output, notes_output
from archive_app.catalog.sources.selection import Selection, from_query, whole_catalogue
from archive_app.catalog.sources.styles import check_locale, find_style

#: scopes an export can cover.
SCOPES = ("selection", "query", "everything")
#: citation list kinds, as the command line names them.
LISTS = ("bibliography", "by-record", "photos")
#: output formats of a citation list, with the file suffix Save offers.
CITATION_FORMATS: dict[str, str] = {
    "text": ".txt",
    "html": ".html",
    "rtf": ".rtf",
    "docx": ".docx",
    "bibtex": ".bib",
    "ris": ".ris",
    "csl-json": ".json",
}
MACHINE_WRITERS = {"csl-json": csljson.dumps, "bibtex": bibtex.dumps, "ris": ris.dumps}
#: catalogue export formats; csv and bag write a folder, the others one file.
CATALOG_FORMATS: dict[str, str] = {
    "csv": "",
    "json": ".json",
    "dc-xml": ".xml",
    "bag": "",
    "finding-aid-html": ".html",
    "finding-aid-pdf": ".pdf",
    **{fmt: suffix for fmt, (_, suffix) in EXCHANGE_FORMATS.items()},
    "iiif": "",
}
FOLDER_FORMATS = ("csv", "bag", "iiif")


@dataclass(frozen=True)
class Scope:
    """What an export covers: the selected records, what a search finds, or everything."""

    kind: str
    ids: dict[str, list[int]] = field(default_factory=dict)
    query: str | None = None

    def selection(self) -> Selection:
        if self.kind == "selection":
            return Selection(ids={k: list(v) for k, v in self.ids.items()})
        if self.kind == "query":
            return from_query(self.query)
        return whole_catalogue()


@dataclass(frozen=True)
class CitationRequest:
    scope: Scope
    list_kind: str = "bibliography"
    style: str = "chicago-notes-bibliography"
    fmt: str = "text"
    archive_name: str = ""
    locale: str = ""


@dataclass
class CitationOutput:
    """A formatted list: `content` is what Save writes (str, or bytes for RTF/DOCX); `text` and
    `html` are the list as plain text and as HTML, for the preview and the clipboard."""

    content: str | bytes
    text: str
    html: str | None = None
    empty: bool = False


def format_citations(request: CitationRequest) -> CitationOutput:
    """The citation list a request asks for (reads the catalogue, runs the engine)."""
    selection = request.scope.selection()
    if request.fmt in MACHINE_WRITERS:
        items = csljson.source_items(selection.cited_source_ids())
        content = MACHINE_WRITERS[request.fmt](items)
        return CitationOutput(content, content, empty=not items)
    style = find_style(request.style)
    lang = check_locale(request.locale)
    if request.list_kind == "by-record":
        groups = by_record(selection, style, lang)
        write: Any = notes_output
        made: Any = groups
    elif request.list_kind == "photos":
        made = photo_citations(selection, style, request.archive_name, lang)
        write = entries_output
    else:
        made = bibliography(selection, style, lang)
        write = entries_output
    text, html = str(write(made, "text")), str(write(made, "html"))
    content = write(made, request.fmt) if request.fmt not in ("text", "html") else None
    chosen = {"text": text, "html": html}.get(request.fmt, content)
    return CitationOutput(chosen, text, html, empty=not made)


@dataclass(frozen=True)
class CatalogRequest:
    scope: Scope
    fmt: str
    target: Path
    archive_name: str = ""
    catalog: Catalog | None = None
    base_url: str = ""  # IIIF: the address the folder will be served from


def write_file(target: Path, content: str | bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, renamed into place."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = target.expanduser().resolve().parent
    if not folder.is_dir():
        raise CatalogError(f"folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _finding_aid(request: CatalogRequest, selection: Selection) -> str | bytes:
    build = finding_aid_pdf if request.fmt == "finding-aid-pdf" else finding_aid_html
    return build(selection, request.catalog, request.archive_name)


def _iiif(request: CatalogRequest, selection: Selection) -> str:
    from archive_app.catalog.exchange.iiif_export import export_iiif

    report = export_iiif(selection, request.target, request.base_url, request.archive_name)
    line = (
        f"Wrote {report.manifests} IIIF manifest(s) and {report.collections} collection(s) "
        f"into {report.folder}; serve it at {report.base_url}/"
    )
    left_out = report.missing_files + [u["accession_number"] for u in report.unreadable]
    if left_out:
        line += f"; missing or unreadable, left out: {', '.join(left_out)}"
    return line


def export_catalog(request: CatalogRequest) -> str:
    """Write a catalogue export where the request says; returns the line that says what was
    written."""
    selection = request.scope.selection()
    target = request.target
    if request.fmt == "csv":
        written = write_csv_folder(target, selection)
        return f"Wrote {len(written)} CSV files into {target}"
    if request.fmt == "bag":
        report = make_bag(target, selection, request.archive_name)
        line = f"Made the bag {report.path} with {report.files} image file(s)"
        if report.missing:
            line += f"; missing, not in the bag: {', '.join(report.missing)}"
        if report.unverified:
            line += f"; not matching their SHA-256, not in the bag: {', '.join(report.unverified)}"
        return line
    if request.fmt == "iiif":
        return _iiif(request, selection)
    if request.fmt in EXCHANGE_FORMATS:
        export = exchange_export(request.fmt, selection, request.archive_name)
        write_file(target, export.content)
        counts = ", ".join(f"{count} {what}" for what, count in export.counts.items())
        missing = export.missing_files
        lost = f"; missing, not in it: {', '.join(missing)}" if missing else ""
        return f"Saved {target} ({counts}){lost}"
    if request.fmt == "json":
        content: str | bytes = json_export.dumps(json_export.graph(selection))
    elif request.fmt == "dc-xml":
        content = dublin_core_xml(selection, request.archive_name)
    else:
        content = _finding_aid(request, selection)
    write_file(target, content)
    return f"Saved {target}"
