"""The finding aid as one self-contained HTML file: thumbnails inlined as data URIs, the style
sheet inline, nothing fetched from anywhere, so it can be mailed or put on a web site as it is.

Every value from the catalogue is escaped (a caption reading `<script>` prints as text), every
value is laid out with `dir="auto"` so Hebrew or Arabic reads right to left without turning its
neighbours around, and a Content-Security-Policy forbids scripts even if something slipped by.
"""

from __future__ import annotations

import base64
from html import escape

from archive_app.catalog.exports.finding_aid_outline import FindingAid, Group, Item

_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 2em auto;
  max-width: 60em; padding: 0 1em; color: #222; line-height: 1.35; }
header h1 { margin-bottom: 0.1em; } header .archive { font-size: 1.3em; margin: 0; }
header .scope { color: #555; }
nav ol { list-style: none; padding-left: 0; } nav li { margin: 0.15em 0; }
nav a { color: #1a4d80; text-decoration: none; }
section.group { margin-top: 1.8em; border-top: 1px solid #ccc; padding-top: 0.4em; }
.path { color: #666; font-size: 0.85em; margin: 0; }
.level { color: #666; font-weight: normal; }
.count { color: #666; font-size: 0.9em; }
article.item { display: flex; gap: 1.2em; margin: 1.2em 0; page-break-inside: avoid;
  break-inside: avoid; }
.thumb { flex: 0 0 160px; }
.thumb img { max-width: 160px; max-height: 160px; border: 1px solid #ccc; }
.no-image { width: 158px; height: 118px; border: 1px solid #ccc; display: flex;
  align-items: center; justify-content: center; color: #888; font-size: 0.8em; }
.item .text > :first-child { margin: 0 0 0.3em 0; font-size: 1em; }
dl { display: grid; grid-template-columns: 7em 1fr; margin: 0; column-gap: 0.8em; }
dt { color: #555; } dd { margin: 0 0 0.25em 0; white-space: pre-wrap; }
ol.notes { white-space: normal; margin: 0; padding-left: 0; list-style: none; font-size: 0.92em; }
ol.notes li { margin-bottom: 0.25em; } ol.notes .number { color: #666; }
.sources p { margin: 0.4em 0 0.4em 2em; text-indent: -2em; }
@page { margin: 18mm; }
@media print { body { margin: 0; max-width: none; } nav { display: none; } }
"""
_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _h(text: str) -> str:
    return escape(text, quote=True)


def _level(group: Group) -> int:
    """h2 for a fonds, h3 for its series, ...; a photograph one below its collection."""
    return min(group.depth + 2, 5)


def _heading(group: Group, number: int) -> list[str]:
    level = _level(group)
    parts = [f'<section class="group depth-{group.depth}" id="group-{number}">\n']
    if group.path:
        parts.append(f'<p class="path" dir="auto">{_h(" › ".join(group.path))}</p>\n')
    name = f"{group.identifier} · {group.name}" if group.identifier else group.name
    label = f' <span class="level">({_h(group.level)})</span>' if group.level else ""
    parts.append(f'<h{level} dir="auto">{_h(name)}{label}</h{level}>\n')
    if group.description:
        parts.append(f'<p dir="auto">{_h(group.description)}</p>\n')
    if group.items:
        count = len(group.items)
        parts.append(f'<p class="count">{count} photograph{"" if count == 1 else "s"}</p>\n')
    return parts


def _item(item: Item, level: int) -> list[str]:
    parts = ['<article class="item">\n<div class="thumb">']
    if item.thumbnail:
        data = base64.b64encode(item.thumbnail).decode("ascii")
        alt = f"Photograph {_h(item.accession_number)}"
        parts.append(f'<img src="data:image/jpeg;base64,{data}" alt="{alt}">')
    else:
        parts.append('<div class="no-image">no image</div>')
    parts.append(f'</div>\n<div class="text">\n<h{level} dir="auto">')
    parts.append(_h(item.accession_number) + (f" — {_h(item.title)}" if item.title else ""))
    parts.append(f"</h{level}>\n<dl>\n")
    for name, value in item.fields:
        parts.append(f'<dt>{_h(name)}</dt><dd dir="auto">{_h(value)}</dd>\n')
    if item.notes:
        parts.append('<dt>Citations</dt><dd><ol class="notes">')
        for note in item.notes:  # no newline inside: the dd keeps white space as typed
            context = f"{_h(note.context)}: " if note.context else ""
            parts.append(
                f'<li dir="auto"><span class="number">{note.number}.</span> '
                f"{context}{note.html}</li>"
            )
        parts.append("</ol></dd>\n")
    parts.append("</dl>\n</div>\n</article>\n")
    return parts


def render_html(aid: FindingAid) -> str:
    """The finding aid as an HTML document."""
    title = "Finding aid" + (f" — {aid.archive_name}" if aid.archive_name else "")
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n',
        f"<title>{_h(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<header>\n",
        "<h1>Finding aid</h1>\n",
    ]
    if aid.archive_name:
        parts.append(f'<p class="archive" dir="auto">{_h(aid.archive_name)}</p>\n')
    parts.append(
        f'<p class="scope" dir="auto">{_h(aid.scope)}. Made on {aid.made_on}; citations in '
        f"{_h(aid.style_title)}.</p>\n</header>\n"
    )
    if aid.groups:
        parts.append("<nav><h2>Arrangement</h2>\n<ol>\n")
        for number, group in enumerate(aid.groups, 1):
            indent = f' style="margin-left: {1.5 * group.depth}em"' if group.depth else ""
            count = f' <span class="count">({len(group.items)})</span>' if group.items else ""
            parts.append(
                f'<li{indent} dir="auto"><a href="#group-{number}">{_h(group.heading)}</a>'
                f"{count}</li>\n"
            )
        parts.append("</ol>\n</nav>\n")
    else:
        parts.append("<p>No photographs to describe.</p>\n")
    for number, group in enumerate(aid.groups, 1):
        parts.extend(_heading(group, number))
        for item in group.items:
            parts.extend(_item(item, _level(group) + 1))
        parts.append("</section>\n")
    if aid.sources:
        parts.append('<section class="sources">\n<h2>Sources cited</h2>\n')
        for _text, html in aid.sources:
            parts.append(f'<p dir="auto">{html}</p>\n')
        parts.append("</section>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)
