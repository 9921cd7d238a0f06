"""Citation lists written out: plain text, HTML (citeproc-js's markup), RTF and DOCX (pandoc's
writers, given the same formatted text). Text and HTML are str; RTF and DOCX are bytes."""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

from archive_app.catalog.sources import pandoc_runner
from archive_app.catalog.sources.citation_lists import RecordNotes
from archive_app.catalog.sources.inlines import restore_tree
from archive_app.catalog.sources.pandoc_runner import text_inlines
from archive_app.catalog.sources.render import Entry
from archive_app.catalog.text_rules import printable

TEXT_FORMATS = ("text", "html")
DOCUMENT_FORMATS = ("rtf", "docx")
FORMATS = TEXT_FORMATS + DOCUMENT_FORMATS


def _document(blocks: list[dict[str, Any]], fmt: str) -> bytes:
    tree = pandoc_runner.document(restore_tree(blocks))
    return pandoc_runner.write_tree(tree, fmt)


def entries_output(entries: list[Entry], fmt: str) -> str | bytes:
    """A bibliography (or any list of formatted entries)."""
    if fmt == "text":
        return "".join(f"{entry.text}\n" for entry in entries)
    if fmt == "html":
        rows = "".join(f'  <div class="csl-entry">{entry.html}</div>\n' for entry in entries)
        return f'<div class="csl-bib-body">\n{rows}</div>\n'
    return _document([{"t": "Para", "c": entry.inlines} for entry in entries], fmt)


def _note_text(context: str | None, entry: Entry) -> str:
    return f"{context}: {entry.text}" if context else entry.text


def notes_output(groups: list[RecordNotes], fmt: str) -> str | bytes:
    """The list by record: a heading per record and its notes, numbered as one document."""
    for group in groups:  # the headings and contexts come from records, not from the styles
        group.heading = printable(group.heading)
        for note in group.notes:
            note.context = printable(note.context)
    if fmt == "text":
        lines: list[str] = []
        for group in groups:
            lines.append(group.heading)
            lines.extend(f"  {n.number}. {_note_text(n.context, n.entry)}" for n in group.notes)
            lines.append("")
        return "\n".join(lines)
    if fmt == "html":
        parts: list[str] = ['<div class="csl-notes">\n']
        for group in groups:
            parts.append(f'  <section class="record" data-type="{group.record_type}">\n')
            parts.append(f"    <h3>{html_escape(group.heading, quote=False)}</h3>\n")
            parts.append(f'    <ol start="{group.notes[0].number}">\n')
            for note in group.notes:
                context = (
                    f'<span class="context">{html_escape(note.context, quote=False)}:</span> '
                    if note.context
                    else ""
                )
                parts.append(f"      <li>{context}{note.entry.html}</li>\n")
            parts.append("    </ol>\n  </section>\n")
        parts.append("</div>\n")
        return "".join(parts)
    blocks: list[dict[str, Any]] = []
    for group in groups:
        blocks.append({"t": "Header", "c": [2, ["", [], []], text_inlines(group.heading)]})
        items = []
        for note in group.notes:
            prefix = text_inlines(f"{note.context}: ") if note.context else []
            items.append([{"t": "Plain", "c": prefix + note.entry.inlines}])
        start = group.notes[0].number
        attributes = [start, {"t": "Decimal"}, {"t": "Period"}]
        blocks.append({"t": "OrderedList", "c": [attributes, items]})
    return _document(blocks, fmt)
