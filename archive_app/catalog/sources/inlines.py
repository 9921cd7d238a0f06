"""Formatted citation text (pandoc inlines) as plain text or as HTML in citeproc-js's own
conventions (`<i>`, `<b>`, `<span style="font-variant:small-caps;">`, `&#38;`), so the HTML an
archivist pastes is the HTML Zotero would have given them.
"""

from __future__ import annotations

import re
from typing import Any

#: private-use characters the engine layer puts into locators and takes out again here.
SENTINELS: dict[str, str] = {
    "\ue000": " ",
    "\ue001": ",",
    "\ue002": ";",
    "\ue003": "&",
    "\ue004": "-",
    "\ue005": "–",
    "\ue006": "/",
    "\ue007": "{",
    "\ue008": "}",
    "\ue009": "[",
    "\ue00a": "]",
    "\ue00b": ".",
    "\ue00c": "(",
    "\ue00d": ")",
}
_RESTORE = str.maketrans(SENTINELS)

_HTML_ESCAPES = str.maketrans({"&": "&#38;", "<": "&#60;", ">": "&#62;"})

#: pandoc span classes the citeproc module uses, and citeproc-js's HTML for them.
_SPAN_STYLES = {
    "csl-no-emph": "font-style:normal;",
    "csl-no-strong": "font-weight:normal;",
    "csl-no-smallcaps": "font-variant:normal;",
    "smallcaps": "font-variant:small-caps;",
    "underline": "text-decoration:underline;",
}
_DIV_CLASSES = ("csl-block", "csl-left-margin", "csl-right-inline", "csl-indent")


def restore(text: str) -> str:
    return text.translate(_RESTORE)


#: where a block of an entry (`display="block"`, a margin) ends in plain text, until it is
#: known whether a space must part it from what follows.
_BLOCK_END = "\ue0fe"
_BLOCK_GAP = re.compile(f"[ ]*{_BLOCK_END}+[ ]*")


def to_text(inlines: list[dict[str, Any]]) -> str:
    """The characters of formatted text, formatting dropped (citeproc-js's `text` format); the
    blocks of an entry (`display="block"`, left margin and right inline) parted by a space, as
    pandoc's plain text parts them by a line, never glued together."""
    parts: list[str] = []
    _text(inlines, parts)
    return _BLOCK_GAP.sub(" ", "".join(parts)).strip()


def _is_block(node: dict[str, Any]) -> bool:
    return node["t"] == "Span" and any(c in _DIV_CLASSES for c in node["c"][0][1])


def _text(inlines: list[dict[str, Any]], parts: list[str]) -> None:
    for node in inlines:
        kind = node["t"]
        content = node.get("c")
        if kind == "Str":
            parts.append(restore(content))
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind == "LineBreak":
            parts.append("\n")
        elif kind in _WRAPPERS:
            _text(content, parts)
        elif _is_block(node):
            parts.append(_BLOCK_END)
            _text(content[1], parts)
            parts.append(_BLOCK_END)
        elif kind in ("Span", "Link"):
            _text(content[1], parts)
        elif kind == "Quoted":
            quote = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            parts.append(quote[0])
            _text(content[1], parts)
            parts.append(quote[1])
        elif kind == "Note":
            for block in content:
                _text(block.get("c", []), parts)
        elif kind == "Code":
            parts.append(content[1])


def to_html(inlines: list[dict[str, Any]]) -> str:
    """The formatted text as HTML, with every character of the catalogue's text escaped."""
    parts: list[str] = []
    _html(inlines, parts)
    return "".join(parts).strip()


_WRAPPERS = {
    "Emph": ("<i>", "</i>"),
    "Strong": ("<b>", "</b>"),
    "SmallCaps": ('<span style="font-variant:small-caps;">', "</span>"),
    "Superscript": ("<sup>", "</sup>"),
    "Subscript": ("<sub>", "</sub>"),
    "Underline": ('<span style="text-decoration:underline;">', "</span>"),
    "Strikeout": ("<s>", "</s>"),
}


def escape(text: str) -> str:
    return restore(text).translate(_HTML_ESCAPES)


def _span(content: list[Any], parts: list[str]) -> None:
    (_id, classes, _attributes), inner = content
    div = next((c for c in classes if c in _DIV_CLASSES), None)
    styles = "".join(_SPAN_STYLES[c] for c in classes if c in _SPAN_STYLES)
    if div:
        parts.append(f'<div class="{div}">')
    if styles:
        parts.append(f'<span style="{styles}">')
    _html(inner, parts)
    if styles:
        parts.append("</span>")
    if div:
        parts.append("</div>")


def _html(inlines: list[dict[str, Any]], parts: list[str]) -> None:
    for node in inlines:
        kind = node["t"]
        content = node.get("c")
        if kind == "Str":
            parts.append(escape(content))
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind == "LineBreak":
            parts.append("<br />")
        elif kind in _WRAPPERS:
            opening, closing = _WRAPPERS[kind]
            parts.append(opening)
            _html(content, parts)
            parts.append(closing)
        elif kind == "Span":
            _span(content, parts)
        elif kind == "Link":
            target = escape(content[2][0]).replace('"', "&#34;")
            parts.append(f'<a href="{target}">')
            _html(content[1], parts)
            parts.append("</a>")
        elif kind == "Quoted":
            quote = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            parts.append(quote[0])
            _html(content[1], parts)
            parts.append(quote[1])
        elif kind == "Note":
            for block in content:
                _html(block.get("c", []), parts)
        elif kind == "Code":
            parts.append(escape(content[1]))


def restore_tree(node: Any) -> Any:
    """The same tree with the locator sentinels turned back into their characters (for the
    documents pandoc writes itself: RTF, DOCX)."""
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return {"t": "Str", "c": restore(node["c"])}
        return {key: restore_tree(value) for key, value in node.items()}
    if isinstance(node, list):
        return [restore_tree(value) for value in node]
    return node
