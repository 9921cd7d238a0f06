"""The finding aid: a printable description of the photographs (all, or a search's), arranged
as the archive is (fonds › series › file), each with its thumbnail, accession number, title,
date, people, events and citations, under the archive's name from Preferences.

This module is the one place the command line and the window ask for it. The content is made
once (finding_aid_outline.py) and drawn as one self-contained HTML file (finding_aid_html.py)
or as a PDF with its fonts bundled (finding_aid_pdf.py), so the two never say different things.
"""

from __future__ import annotations

from archive_app.catalog.database import Catalog
from archive_app.catalog.exports.finding_aid_outline import FindingAid, outline
from archive_app.catalog.sources.selection import Selection
from archive_app.catalog.sources.styles import Style

FORMATS = ("html", "pdf")
#: file name endings and the format each means
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def render(aid: FindingAid, fmt: str) -> str | bytes:
    """The finding aid as HTML text or PDF bytes (fpdf2 loads only when a PDF is asked for)."""
    if fmt == "html":
        from archive_app.catalog.exports.finding_aid_html import render_html

        return render_html(aid)
    if fmt == "pdf":
        from archive_app.catalog.exports.finding_aid_pdf import render_pdf

        return render_pdf(aid)
    raise ValueError(f"no finding aid format {fmt!r}")


def finding_aid_html(
    selection: Selection, catalog: Catalog | None, archive_name: str, style: Style | None = None
) -> str:
    """The finding aid of the selected photographs as one self-contained HTML document."""
    from archive_app.catalog.exports.finding_aid_html import render_html

    return render_html(outline(selection, catalog, archive_name, style))


def finding_aid_pdf(
    selection: Selection, catalog: Catalog | None, archive_name: str, style: Style | None = None
) -> bytes:
    """The finding aid of the selected photographs as a PDF."""
    from archive_app.catalog.exports.finding_aid_pdf import render_pdf

    return render_pdf(outline(selection, catalog, archive_name, style))


__all__ = ["FORMATS", "SUFFIXES", "FindingAid", "finding_aid_html", "finding_aid_pdf", "outline"]
